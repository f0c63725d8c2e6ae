//! Curve-trace error (see `TraceCounts`). To be written.

use super::{Runs, TraceCounts};

pub(crate) fn count(truth: &Runs, pred: &Runs, taus: &[f64]) -> TraceCounts {
    unimplemented!("trace::count")
}

pub(crate) fn reference(truth: &Runs, pred: &Runs, taus: &[f64]) -> TraceCounts {
    unimplemented!("trace::reference")
}
