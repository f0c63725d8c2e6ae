//! The flat form of thin-structure counts that the bindings hand to JavaScript (float64, exact
//! below 2^53). Per class, in request order, the blocks of the requested metrics:
//!
//! - tolerant: per tau, the fields of [`TolerantCounts::named`]
//! - trace: the fields of [`TraceCounts::named`], then `covered` per tau
//! - skeleton: the fields of [`SkeletonCounts::named`]
//! - surface: the fields of [`SurfaceCounts::named`] (the last two are histogram lengths)
//! - corners: the fields of [`CornerSurfaceCounts::named`] (the last two are histogram lengths)
//!
//! then, for each class with a surface block, its two histograms as `(value, count)` pairs (the
//! distance rule's float64 value, as computed): `predToTruthBins` pairs, then `truthToPredBins` pairs;
//! then, for each class with a corners block, its two histograms as
//! `(value, vertical, horizontal, halfDiagonals)` 4-tuples ([`CornerBin::to_flat`]):
//! `predToTruthBins` of them, then `truthToPredBins`.
//!
//! Each block's order is written once, in its `named` function, with the names the TypeScript
//! counts use: `to_flat` writes the values in that order and `src/generated/abi.ts` (written by
//! crates/core/tests/abi_ts.rs from [`flat_fields`]) gives `src/thin/layout.ts` the names.

use super::{
    CornerBin, CornerSurfaceCounts, SkeletonCounts, SurfaceCounts, ThinCounts, TolerantCounts,
    TraceCounts,
};

impl TolerantCounts {
    /// The block's values in flat order, under their TypeScript names.
    pub fn named(&self) -> [(&'static str, u64); 4] {
        [
            ("predicted", self.predicted),
            ("truth", self.truth),
            ("tpPred", self.tp_pred),
            ("tpTruth", self.tp_truth),
        ]
    }
}

impl TraceCounts {
    /// The block's fixed values in flat order, under their TypeScript names (`covered`, one per
    /// tau, follows them).
    pub fn named(&self) -> [(&'static str, u64); 7] {
        [
            ("truthRuns", self.truth_runs),
            ("predRuns", self.pred_runs),
            ("matched", self.matched),
            ("sumAbsOffset2", self.sum_abs_offset2),
            ("sumSqOffset4", self.sum_sq_offset4),
            ("extra", self.extra),
            ("maxGap", self.max_gap),
        ]
    }
}

impl SkeletonCounts {
    /// The block's values in flat order, under their TypeScript names.
    pub fn named(&self) -> [(&'static str, u64); 4] {
        [
            ("predSkeleton", self.pred_skeleton),
            ("predSkeletonInTruth", self.pred_skeleton_in_truth),
            ("truthSkeleton", self.truth_skeleton),
            ("truthSkeletonInPred", self.truth_skeleton_in_pred),
        ]
    }
}

impl SurfaceCounts {
    /// The block's values in flat order: the two surface sizes under their TypeScript names, then
    /// the lengths of the two histograms that follow every class's blocks.
    pub fn named(&self) -> [(&'static str, u64); 4] {
        [
            ("predSurface", self.pred_surface),
            ("truthSurface", self.truth_surface),
            ("predToTruthBins", self.pred_to_truth.len() as u64),
            ("truthToPredBins", self.truth_to_pred.len() as u64),
        ]
    }
}

impl CornerSurfaceCounts {
    /// The block's values in flat order: the two border sizes under their TypeScript names, then
    /// the lengths of the two histograms that follow every class's blocks.
    pub fn named(&self) -> [(&'static str, u64); 4] {
        [
            ("predCorners", self.pred_corners),
            ("truthCorners", self.truth_corners),
            ("predToTruthBins", self.pred_to_truth.len() as u64),
            ("truthToPredBins", self.truth_to_pred.len() as u64),
        ]
    }
}

/// The names of each block's fields, in flat order (what the TypeScript decoder reads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlatFields {
    pub tolerant: [&'static str; 4],
    pub trace: [&'static str; 7],
    pub skeleton: [&'static str; 4],
    pub surface: [&'static str; 4],
    pub corners: [&'static str; 4],
}

/// The field names of every block, taken from the `named` functions `to_flat` writes with.
pub fn flat_fields() -> FlatFields {
    FlatFields {
        tolerant: TolerantCounts::default().named().map(|(name, _)| name),
        trace: TraceCounts::default().named().map(|(name, _)| name),
        skeleton: SkeletonCounts::default().named().map(|(name, _)| name),
        surface: SurfaceCounts::default().named().map(|(name, _)| name),
        corners: CornerSurfaceCounts::default().named().map(|(name, _)| name),
    }
}

fn values<const N: usize>(named: [(&'static str, u64); N]) -> impl Iterator<Item = f64> {
    named.into_iter().map(|(_, n)| n as f64)
}

impl ThinCounts {
    /// The flat form described in this module's documentation.
    pub fn to_flat(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for class in &self.classes {
            for t in &class.tolerant {
                out.extend(values(t.named()));
            }
            if let Some(t) = &class.trace {
                out.extend(values(t.named()));
                out.extend(t.covered.iter().map(|&n| n as f64));
            }
            if let Some(s) = &class.skeleton {
                out.extend(values(s.named()));
            }
            if let Some(s) = &class.surface {
                out.extend(values(s.named()));
            }
            if let Some(c) = &class.corners {
                out.extend(values(c.named()));
            }
        }
        for class in &self.classes {
            if let Some(s) = &class.surface {
                for &(value, n) in s.pred_to_truth.iter().chain(&s.truth_to_pred) {
                    out.push(value);
                    out.push(n as f64);
                }
            }
        }
        for class in &self.classes {
            if let Some(c) = &class.corners {
                let bins = c.pred_to_truth.iter().chain(&c.truth_to_pred);
                out.extend(bins.flat_map(CornerBin::to_flat));
            }
        }
        out
    }
}
