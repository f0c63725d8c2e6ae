//! Skeleton overlap for clDice (see `SkeletonCounts`). To be written.

use super::{Runs, SkeletonCounts};

pub(crate) fn count(truth: &Runs, pred: &Runs) -> SkeletonCounts {
    unimplemented!("skeleton::count")
}

pub(crate) fn reference(truth: &Runs, pred: &Runs) -> SkeletonCounts {
    unimplemented!("skeleton::reference")
}
