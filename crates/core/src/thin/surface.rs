//! Surface distance histograms for HD95 / ASSD (see `SurfaceCounts`). To be written.

use super::{Runs, SurfaceCounts};

pub(crate) fn count(truth: &Runs, pred: &Runs) -> SurfaceCounts {
    unimplemented!("surface::count")
}

pub(crate) fn reference(truth: &Runs, pred: &Runs) -> SurfaceCounts {
    unimplemented!("surface::reference")
}
