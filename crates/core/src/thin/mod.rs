//! Thin-structure metrics: counts that judge one-pixel-wide curves fairly.
//!
//! On a one-pixel curve a prediction shifted by one pixel has IoU 0, although a reader would call
//! it right. These kernels count what a tolerant reading needs, per requested class (one class
//! against the rest), on a row-major image of `width` columns:
//!
//! - tolerant counts (`tolerance.rs`): |P|, |G|, TP_P = #{p in P : d(p, G) <= tau},
//!   TP_G = #{g in G : d(g, P) <= tau} for each tau, under the distance rule (`metric.rs`:
//!   Euclidean, Chebyshev or taxicab on pixels of any size);
//! - curve-trace error (`trace.rs`): runs of the class on each depth line, each truth run matched
//!   to the nearest predicted run centre on the same line;
//! - skeleton overlap for clDice (`skeleton.rs`): Zhang–Suen skeletons, as scikit-image's 2-D
//!   `skeletonize`, intersected with the other side's mask;
//! - surface distances for HD / ASSD / NSD (`surface.rs`): histograms of the rule's values
//!   between the two surfaces (MONAI's convention);
//! - surface distances on the pixel-corner grid (`corners/`): DeepMind surface-distance's border
//!   points, counted by contour piece.
//!
//! The sets, for class `c` (the same for every metric):
//! - G = truth pixels labelled `c` (a truth pixel labelled `ignore_index` belongs to no set);
//! - P = prediction pixels labelled `c` whose truth is not `ignore_index` (an ignored pixel is
//!   left out entirely, as in the confusion matrix, so at tau = 0 the tolerant counts give exactly
//!   the confusion matrix's TP, FP and FN).
//!
//! Everything here is a count (integers), or a histogram of the rule's float64 values, computed
//! in the same order by every backend, so results are additive over images and identical from
//! every backend: scores are computed once, in
//! TypeScript. Each metric has a `reference` implementation written to be obviously right (per
//! pixel, from the definition) and the fast one `thin_counts` uses; tests hold the fast paths to
//! the references bit for bit.

mod bitmap;
mod class_table;
mod corners;
mod edt;
mod flat;
mod histogram;
mod join;
mod line_cover;
mod masks;
pub(crate) mod metric;
mod nearest_values;
pub(crate) mod reach;
mod row_scan;
mod skeleton;
mod stream;
mod surface;
mod tolerance;
mod trace;
mod zhang_suen;

use crate::confusion::check_arguments;
use crate::{Labels, PerclassError};
pub use corners::{CornerBin, CornerSurfaceCounts};
pub use flat::{flat_fields, FlatFields};
pub(crate) use masks::{ClassMasks, Run, Runs};
use metric::Metric;
pub use metric::SPACING_BOUNDS;
pub use stream::ThinStream;

/// How distance is measured for tolerant counts and surface distances: the rule of
/// src/thin/types.ts, written once in `metric.rs` (a value per pixel pair from the pixel size,
/// and "within tau"). On unit pixels Euclidean tau = 1 reaches the 4 neighbours, tau = sqrt(2)
/// (whose f64 square is just above 2) the 8 neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distance {
    Euclidean,
    Chebyshev,
    Taxicab,
}

impl Distance {
    /// Every distance with its binding code and its name in the TypeScript API. This table is
    /// the one definition: `src/generated/abi.ts` is written from it (crates/core/tests/abi_ts.rs).
    pub const CODES: [(Distance, u32, &'static str); 3] = [
        (Distance::Euclidean, 0, "euclidean"),
        (Distance::Chebyshev, 1, "chebyshev"),
        (Distance::Taxicab, 2, "taxicab"),
    ];

    /// The distance a binding's code names; an undefined code is a bug (`E_INTERNAL`).
    pub fn from_code(code: u32) -> Result<Distance, PerclassError> {
        lookup(&Self::CODES, code, "distance code")
    }

    pub fn code(self) -> u32 {
        code_of(&Self::CODES, self)
    }
}

/// Which way depth runs in the image, for the curve-trace error: `Rows` (the default) means depth
/// runs down the image, so each row is one depth line and positions along it are columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepthAxis {
    Rows,
    Columns,
}

impl DepthAxis {
    /// Every depth axis with its binding code and its TypeScript name (the one definition, as
    /// [`Distance::CODES`]).
    pub const CODES: [(DepthAxis, u32, &'static str); 2] = [
        (DepthAxis::Rows, 0, "rows"),
        (DepthAxis::Columns, 1, "columns"),
    ];

    /// The depth axis a binding's code names; an undefined code is a bug (`E_INTERNAL`).
    pub fn from_code(code: u32) -> Result<DepthAxis, PerclassError> {
        lookup(&Self::CODES, code, "depth-axis code")
    }

    pub fn code(self) -> u32 {
        code_of(&Self::CODES, self)
    }
}

fn lookup<T: Copy>(
    table: &[(T, u32, &'static str)],
    code: u32,
    what: &'static str,
) -> Result<T, PerclassError> {
    table
        .iter()
        .find(|&&(_, c, _)| c == code)
        .map(|&(value, _, _)| value)
        .ok_or(PerclassError::UnknownCode { what, value: code })
}

fn code_of<T: Copy + PartialEq>(table: &[(T, u32, &'static str)], value: T) -> u32 {
    table
        .iter()
        .find(|&&(v, _, _)| v == value)
        .map(|&(_, code, _)| code)
        .expect("every variant is in its code table")
}

/// Which metrics a call computes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    pub tolerant: bool,
    pub trace: bool,
    pub skeleton: bool,
    pub surface: bool,
    /// Surface distances on the pixel-corner grid (`CornerSurfaceCounts`).
    pub corners: bool,
}

impl Metrics {
    /// Each metric's bit in the set the bindings pass, named as the TypeScript request names it
    /// (the one definition: `src/generated/abi.ts` is written from it).
    pub const BITS: [(&'static str, u32); 5] = [
        ("tolerant", 1),
        ("trace", 2),
        ("skeleton", 4),
        ("surface", 8),
        ("corners", 16),
    ];

    /// The metrics a binding's bit set names; a bit outside [`Metrics::BITS`] is a bug
    /// (`E_INTERNAL`).
    pub fn from_bits(bits: u32) -> Result<Metrics, PerclassError> {
        let defined = Self::BITS.iter().fold(0, |all, &(_, bit)| all | bit);
        if bits & !defined != 0 {
            return Err(PerclassError::UnknownCode {
                what: "metric bits",
                value: bits,
            });
        }
        let [tolerant, trace, skeleton, surface, corners] =
            Self::BITS.map(|(_, bit)| bits & bit != 0);
        Ok(Metrics {
            tolerant,
            trace,
            skeleton,
            surface,
            corners,
        })
    }

    /// The bit set [`Metrics::from_bits`] reads back.
    pub fn bits(self) -> u32 {
        let on = [
            self.tolerant,
            self.trace,
            self.skeleton,
            self.surface,
            self.corners,
        ];
        Self::BITS
            .iter()
            .zip(on)
            .fold(0, |all, (&(_, bit), on)| if on { all | bit } else { all })
    }
}

/// What to count. `tolerance` serves both the tolerant counts and the trace coverage.
#[derive(Clone, Copy, Debug)]
pub struct ThinRequest<'a> {
    pub width: usize,
    pub num_classes: u32,
    pub ignore_index: Option<u32>,
    /// The classes to score, each one against the rest, in the order the output lists them.
    pub classes: &'a [u32],
    pub tolerance: &'a [f64],
    pub distance: Distance,
    /// Pixel size `[rows (y), columns (x)]`, two numbers within `SPACING_BOUNDS` (`[1.0, 1.0]` is the
    /// default): tolerant tau, trace offsets and surface distances are in its units.
    pub spacing: [f64; 2],
    pub depth_axis: DepthAxis,
    pub metrics: Metrics,
}

/// Tolerant counts of one class at one tau.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TolerantCounts {
    /// |P|
    pub predicted: u64,
    /// |G|
    pub truth: u64,
    /// Predicted pixels within tau of a truth pixel.
    pub tp_pred: u64,
    /// Truth pixels within tau of a predicted pixel.
    pub tp_truth: u64,
}

/// Curve-trace counts of one class. Run centres are half-integers, so offsets are kept doubled
/// (`2 * |centre_truth - centre_pred|`), which makes every sum an exact integer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TraceCounts {
    /// Runs of the class in the truth, over all depth lines.
    pub truth_runs: u64,
    /// Runs of the class in the prediction.
    pub pred_runs: u64,
    /// Truth runs whose line holds at least one predicted run (the rest are "missing").
    pub matched: u64,
    /// Sum over matched truth runs of the doubled offset to the nearest predicted run centre.
    pub sum_abs_offset2: u64,
    /// Sum over matched truth runs of the squared doubled offset.
    pub sum_sq_offset4: u64,
    /// Predicted runs with no truth run on their line within the largest tau.
    pub extra: u64,
    /// Longest stretch of consecutive depth lines that hold a truth run and where no truth run is
    /// matched within the largest tau. Merges by maximum, not by sum.
    pub max_gap: u64,
    /// Per tau: matched truth runs whose offset is at most tau.
    pub covered: Vec<u64>,
}

/// Skeleton counts of one class, for clDice: Tprec = |S(P) ∩ G| / |S(P)|,
/// Tsens = |S(G) ∩ P| / |S(G)|.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SkeletonCounts {
    pub pred_skeleton: u64,
    pub pred_skeleton_in_truth: u64,
    pub truth_skeleton: u64,
    pub truth_skeleton_in_pred: u64,
}

/// Surface distances of one class. The surface of a set is its pixels with a 4-neighbour outside
/// the set (outside the image counts as outside). Histograms are `(value, pixels)`, the value
/// being the distance rule's (`metric.rs`: the squared distance for Euclidean, the distance for
/// the others, in spacing units), ascending by value, without zero counts; both are empty unless
/// both surfaces are non-empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurfaceCounts {
    pub pred_surface: u64,
    pub truth_surface: u64,
    /// For each predicted surface pixel, the value to the nearest truth surface pixel.
    pub pred_to_truth: Vec<(f64, u64)>,
    /// For each truth surface pixel, the value to the nearest predicted surface pixel.
    pub truth_to_pred: Vec<(f64, u64)>,
}

/// The counts of one requested class; a metric that was not requested is empty / `None`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassThin {
    pub class: u32,
    /// One entry per tau, in the request's order.
    pub tolerant: Vec<TolerantCounts>,
    pub trace: Option<TraceCounts>,
    pub skeleton: Option<SkeletonCounts>,
    pub surface: Option<SurfaceCounts>,
    pub corners: Option<CornerSurfaceCounts>,
}

/// The counts of every requested class, in the request's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThinCounts {
    pub classes: Vec<ClassThin>,
}

/// Which implementation computes the counts: `Reference` (per pixel, from the definitions; for
/// tests) or `Fast` (what `thin_counts` uses). Both give the same counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThinPath {
    Reference,
    Fast,
}

/// Thin-structure counts of `truth` against `pred`, with the fast kernels (on the rayon pool,
/// one task per class, with the `parallel` feature).
pub fn thin_counts(
    truth: Labels<'_>,
    pred: Labels<'_>,
    request: &ThinRequest<'_>,
) -> Result<ThinCounts, PerclassError> {
    thin_counts_with(ThinPath::Fast, truth, pred, request)
}

/// Thin-structure counts with a chosen implementation.
///
/// Errors, in this order: `E_NUM_CLASSES`, `E_SHAPE` (lengths differ), `E_OPTION` (width 0, a
/// class out of range or repeated, no tau for tolerant or trace counts, a tau negative or not
/// finite, a spacing not positive and finite), `E_SHAPE` (length not a
/// multiple of width), then `E_LABEL_RANGE` exactly as the confusion matrix reports it (the first
/// position in row-major order, truth before prediction).
pub fn thin_counts_with(
    path: ThinPath,
    truth: Labels<'_>,
    pred: Labels<'_>,
    request: &ThinRequest<'_>,
) -> Result<ThinCounts, PerclassError> {
    check_arguments(&truth, &pred, request.num_classes)?;
    check_request(truth.len(), request)?;
    let masks = match path {
        ThinPath::Reference => masks::reference(truth, pred, request)?,
        ThinPath::Fast => masks::build(truth, pred, request)?,
    };
    Ok(counts_from_masks(path, &masks, request))
}

/// Every requested metric of every class, from the class masks.
fn counts_from_masks(
    path: ThinPath,
    masks: &[ClassMasks],
    request: &ThinRequest<'_>,
) -> ThinCounts {
    let classes = for_each_class(masks, |class_masks| count_class(path, class_masks, request));
    ThinCounts { classes }
}

#[cfg(feature = "parallel")]
fn for_each_class<F>(masks: &[ClassMasks], f: F) -> Vec<ClassThin>
where
    F: Fn(&ClassMasks) -> ClassThin + Sync + Send,
{
    use rayon::prelude::*;
    masks.par_iter().map(f).collect()
}

#[cfg(not(feature = "parallel"))]
fn for_each_class<F>(masks: &[ClassMasks], f: F) -> Vec<ClassThin>
where
    F: Fn(&ClassMasks) -> ClassThin,
{
    masks.iter().map(f).collect()
}

fn count_class(path: ThinPath, masks: &ClassMasks, request: &ThinRequest<'_>) -> ClassThin {
    let metrics = request.metrics;
    let taus = request.tolerance;
    let fast = path == ThinPath::Fast;
    let metric =
        Metric::new(request.distance, request.spacing).expect("check_request accepted the spacing");
    ClassThin {
        class: masks.class,
        tolerant: if !metrics.tolerant {
            Vec::new()
        } else if fast {
            tolerance::count(&masks.truth, &masks.pred, taus, &metric)
        } else {
            tolerance::reference(&masks.truth, &masks.pred, taus, &metric)
        },
        trace: metrics.trace.then(|| {
            // Trace error walks depth lines: rows as they are, columns through a transpose.
            let transposed;
            let (truth, pred) = match request.depth_axis {
                DepthAxis::Rows => (&masks.truth, &masks.pred),
                DepthAxis::Columns => {
                    transposed = (masks.truth.transposed(), masks.pred.transposed());
                    (&transposed.0, &transposed.1)
                }
            };
            let side = metric.across(request.depth_axis);
            if fast {
                trace::count(truth, pred, taus, side)
            } else {
                trace::reference(truth, pred, taus, side)
            }
        }),
        skeleton: metrics.skeleton.then(|| {
            if fast {
                skeleton::count(&masks.truth, &masks.pred)
            } else {
                skeleton::reference(&masks.truth, &masks.pred)
            }
        }),
        surface: metrics.surface.then(|| {
            if fast {
                surface::count(&masks.truth, &masks.pred, &metric)
            } else {
                surface::reference(&masks.truth, &masks.pred, &metric)
            }
        }),
        corners: metrics.corners.then(|| {
            if fast {
                corners::count(&masks.truth, &masks.pred, &metric)
            } else {
                corners::reference(&masks.truth, &masks.pred, &metric)
            }
        }),
    }
}

fn option_error(message: String) -> PerclassError {
    PerclassError::Option { message }
}

/// The request checks, in the order the TypeScript facade makes them (same codes and messages).
fn check_request(len: usize, request: &ThinRequest<'_>) -> Result<(), PerclassError> {
    if request.width == 0 {
        return Err(option_error(
            "width must be a positive integer, got 0".to_owned(),
        ));
    }
    let k = request.num_classes;
    let mut seen = vec![false; k as usize];
    for &c in request.classes {
        if c >= k || std::mem::replace(&mut seen[c as usize], true) {
            let list: Vec<String> = request.classes.iter().map(u32::to_string).collect();
            return Err(option_error(format!(
                "classes must be distinct class indices in [0, {k}), got [{}]",
                list.join(", ")
            )));
        }
    }
    if request.tolerance.is_empty() && (request.metrics.tolerant || request.metrics.trace) {
        return Err(option_error(
            "tolerance must be a non-empty list for tolerant counts and the trace error".to_owned(),
        ));
    }
    for &tau in request.tolerance {
        if !tau.is_finite() || tau < 0.0 {
            return Err(option_error(format!(
                "tolerance values must be finite numbers >= 0, got {}",
                js_number(tau)
            )));
        }
    }
    metric::check_spacing(request.spacing)?;
    if !len.is_multiple_of(request.width) {
        return Err(PerclassError::Width {
            len,
            width: request.width,
        });
    }
    Ok(())
}

/// Formats a number as JavaScript's `String(x)` does for the values an error message can hold
/// (NaN, ±Infinity, integers, and other finite values), so messages match the TypeScript side.
pub(crate) fn js_number(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_owned()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if x == x.trunc() && x.abs() < 1e21 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}
