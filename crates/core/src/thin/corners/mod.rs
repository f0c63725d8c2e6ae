//! Surface distances on the pixel-corner grid, as DeepMind's surface-distance measures them in
//! 2-D (`compute_surface_distances`): the border points of each set on the corner grid (see
//! `border.rs`), each weighted by the contour piece its 2×2 neighbourhood stands for, and each
//! border point's distance value (the distance rule) to the nearest border point of the other set.
//!
//! Lengths are not summed here: a histogram entry counts points per piece (vertical edges,
//! horizontal edges, half-diagonals), so the counts stay exact integers whatever the spacing, and
//! the scores weigh them once (`src/thin/scores.ts`).

mod border;

use super::join::join;
use super::metric::Metric;
use super::surface::nearest_pairs;
use super::Runs;
pub(crate) use border::{border, Border, Piece};

/// Corner points at one distance value, counted by contour piece: an entry's length is
/// `vertical * sy + horizontal * sx + half_diagonals * 0.5 * hypot(sy, sx)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CornerBin {
    /// The distance rule's value (the squared distance for Euclidean).
    pub value: f64,
    pub vertical: u64,
    pub horizontal: u64,
    /// Half-diagonals: a point with two of them counts 2.
    pub half_diagonals: u64,
}

impl CornerBin {
    /// The entry's values in flat order: value, vertical, horizontal, half-diagonals.
    pub fn to_flat(&self) -> [f64; 4] {
        [
            self.value,
            self.vertical as f64,
            self.horizontal as f64,
            self.half_diagonals as f64,
        ]
    }
}

/// Surface distances of one class on the corner grid. Histograms are ascending by value with no
/// all-zero entry; both are empty unless both borders are non-empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CornerSurfaceCounts {
    /// Border points of P.
    pub pred_corners: u64,
    /// Border points of G.
    pub truth_corners: u64,
    /// Each border point of P: its value to the nearest border point of G.
    pub pred_to_truth: Vec<CornerBin>,
    /// Each border point of G: its value to the nearest border point of P.
    pub truth_to_pred: Vec<CornerBin>,
}

/// The fast path: borders run by run (`border.rs`), and for each piece of one border the values
/// to the nearest point of the other border by the exact nearest searches the pixel surfaces use
/// (`surface::nearest_pairs`: integer kernels on unit pixels, `nearest_values` otherwise; the
/// corner grid is just another image to them).
pub(crate) fn count(truth: &Runs, pred: &Runs, metric: &Metric) -> CornerSurfaceCounts {
    let (pred_border, truth_border) = (border(pred), border(truth));
    let mut out = CornerSurfaceCounts {
        pred_corners: pred_border.points(),
        truth_corners: truth_border.points(),
        ..CornerSurfaceCounts::default()
    };
    if out.pred_corners > 0 && out.truth_corners > 0 {
        let directed = |from: &Border, to: &Border| -> Vec<CornerBin> {
            let mut entries: Vec<(f64, Piece, u64)> = Vec::new();
            for piece in Piece::ALL {
                let queries = &from.pieces[piece.index()];
                if !queries.is_empty() {
                    let pairs = nearest_pairs(queries, &to.all, metric);
                    entries.extend(pairs.into_iter().map(|(value, n)| (value, piece, n)));
                }
            }
            bins(entries)
        };
        (out.pred_to_truth, out.truth_to_pred) = join(
            || directed(&pred_border, &truth_border),
            || directed(&truth_border, &pred_border),
        );
    }
    out
}

/// Adds `points` border points of `piece` to an entry.
fn add(bin: &mut CornerBin, piece: Piece, points: u64) {
    match piece {
        Piece::Vertical => bin.vertical += points,
        Piece::Horizontal => bin.horizontal += points,
        Piece::HalfDiagonal => bin.half_diagonals += points,
        Piece::TwoHalfDiagonals => bin.half_diagonals += 2 * points,
    }
}

/// The histogram of `(value, piece, points)` entries: one entry per distinct value, ascending.
/// Values are finite and non-negative, so `total_cmp` orders them as `<` does and equal values
/// (the same float64) are merged.
fn bins(mut entries: Vec<(f64, Piece, u64)>) -> Vec<CornerBin> {
    entries.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<CornerBin> = Vec::new();
    for (value, piece, points) in entries {
        if points == 0 {
            continue;
        }
        if out.last().is_none_or(|last| last.value != value) {
            out.push(CornerBin {
                value,
                vertical: 0,
                horizontal: 0,
                half_diagonals: 0,
            });
        }
        add(out.last_mut().expect("just pushed"), piece, points);
    }
    out
}

/// The reference: every corner point's code from its four pixels (`border::reference_codes`),
/// and every border point measured against every border point of the other set by the rule.
pub(crate) fn reference(truth: &Runs, pred: &Runs, metric: &Metric) -> CornerSurfaceCounts {
    let line_len = truth.line_len + 1;
    let points = |set: &Runs| -> Vec<(u64, u64, Piece)> {
        border::reference_codes(set)
            .into_iter()
            .enumerate()
            .filter_map(|(i, code)| {
                let piece = Piece::of_code(code)?;
                Some(((i / line_len) as u64, (i % line_len) as u64, piece))
            })
            .collect()
    };
    let (pred_points, truth_points) = (points(pred), points(truth));
    let directed = |from: &[(u64, u64, Piece)], to: &[(u64, u64, Piece)]| -> Vec<CornerBin> {
        if from.is_empty() || to.is_empty() {
            return Vec::new();
        }
        let entries = from
            .iter()
            .map(|&(y, x, piece)| {
                let nearest = to
                    .iter()
                    .map(|&(ty, tx, _)| metric.value(y.abs_diff(ty), x.abs_diff(tx)))
                    .min_by(f64::total_cmp)
                    .expect("`to` is not empty");
                (nearest, piece, 1)
            })
            .collect();
        bins(entries)
    };
    CornerSurfaceCounts {
        pred_corners: pred_points.len() as u64,
        truth_corners: truth_points.len() as u64,
        pred_to_truth: directed(&pred_points, &truth_points),
        truth_to_pred: directed(&truth_points, &pred_points),
    }
}
