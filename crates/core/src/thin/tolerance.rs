//! Tolerant counts (see `TolerantCounts`). To be written.

use super::{Distance, Runs, TolerantCounts};

pub(crate) fn count(
    truth: &Runs,
    pred: &Runs,
    taus: &[f64],
    distance: Distance,
) -> Vec<TolerantCounts> {
    unimplemented!("tolerance::count")
}

pub(crate) fn reference(
    truth: &Runs,
    pred: &Runs,
    taus: &[f64],
    distance: Distance,
) -> Vec<TolerantCounts> {
    unimplemented!("tolerance::reference")
}
