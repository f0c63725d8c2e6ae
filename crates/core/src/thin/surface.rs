//! Surface distance histograms for HD95 / ASSD (see `SurfaceCounts`).
//!
//! The surface of a set is its pixels with a 4-neighbour outside the set or outside the image.
//! For every surface pixel of one set, the rule's value (`metric.rs`: the squared distance for
//! Euclidean) to the nearest surface pixel of the other set goes into a histogram (MONAI's
//! convention: surfaces against surfaces).

use super::edt::nearest_histogram;
use super::join::join;
use super::masks::RunsBuilder;
use super::metric::Metric;
use super::nearest_values::{brute_force, nearest_values};
use super::tolerance::nearest_integer;
use super::{Distance, Run, Runs, SurfaceCounts};

/// The fast path: surfaces found run by run; values by the exact sparse transform of `edt.rs`
/// for the default metric (Euclidean on unit pixels), the integer Chebyshev search on unit
/// pixels, and `nearest_values` under any other metric.
pub(crate) fn count(truth: &Runs, pred: &Runs, metric: &Metric) -> SurfaceCounts {
    let (pred_surface, truth_surface) = (surface(pred), surface(truth));
    let directed = |from: &Runs, to: &Runs| nearest_pairs(from, to, metric);
    let (pred_to_truth, truth_to_pred) = if pred_surface.is_empty() || truth_surface.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        join(
            || directed(&pred_surface, &truth_surface),
            || directed(&truth_surface, &pred_surface),
        )
    };
    SurfaceCounts {
        pred_surface: pred_surface.pixels(),
        truth_surface: truth_surface.pixels(),
        pred_to_truth,
        truth_to_pred,
    }
}

/// For each pixel of `from`, the rule's value to the nearest pixel of `to` (not empty), as
/// `(value, pixels)` pairs ascending: the integer kernels on unit pixels, `nearest_values`
/// otherwise. Shared with the corner-grid surfaces (`corners/`).
pub(crate) fn nearest_pairs(from: &Runs, to: &Runs, metric: &Metric) -> Vec<(f64, u64)> {
    let integer = match metric.integer_distance() {
        Some(Distance::Euclidean) => nearest_histogram(from, to),
        Some(distance) => nearest_integer(from, to, distance),
        None => return nearest_values(from, to, metric),
    };
    // Integer values below 2^53 (any image): exact as f64, the rule's values.
    integer.into_iter().map(|(v, n)| (v as f64, n)).collect()
}

/// The surface of a set, as runs. A pixel of a run is inside (not on the surface) when it is not
/// the run's first or last pixel (whose left or right neighbour is out of the set or the image)
/// and both the line above and the line below hold it (which needs both lines to exist).
pub(crate) fn surface(set: &Runs) -> Runs {
    let mut out = RunsBuilder::new(set.line_len, set.lines);
    let mut covered: Vec<Run> = Vec::new();
    for y in 0..set.lines {
        let line = set.line(y);
        covered.clear();
        if y > 0 && y + 1 < set.lines {
            intersect(set.line(y - 1), set.line(y + 1), &mut covered);
        }
        // Covered pieces are sorted; `k` moves forward over them as the runs do.
        let mut k = 0;
        for run in line {
            let (inner_start, inner_end) = (run.start + 1, run.end.saturating_sub(1));
            let mut cursor = run.start;
            while k < covered.len() && covered[k].end <= inner_start {
                k += 1;
            }
            let mut j = k;
            while j < covered.len() && covered[j].start < inner_end {
                let start = covered[j].start.max(inner_start);
                let end = covered[j].end.min(inner_end);
                if start < end {
                    push(&mut out, cursor, start);
                    cursor = end;
                }
                j += 1;
            }
            push(&mut out, cursor, run.end);
        }
        out.end_line();
    }
    out.finish()
}

fn push(out: &mut RunsBuilder, start: u32, end: u32) {
    if start < end {
        out.push(start as usize, end as usize);
    }
}

/// The positions both run lists hold, as sorted disjoint runs.
fn intersect(a: &[Run], b: &[Run], out: &mut Vec<Run>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let start = a[i].start.max(b[j].start);
        let end = a[i].end.min(b[j].end);
        if start < end {
            out.push(Run { start, end });
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// The reference: both sets as dense images, surfaces by looking at the 4 neighbours of every
/// pixel, and every surface pixel measured against every surface pixel of the other set.
pub(crate) fn reference(truth: &Runs, pred: &Runs, metric: &Metric) -> SurfaceCounts {
    let (pred_surface, truth_surface) = (surface_pixels(pred), surface_pixels(truth));
    let directed = |from: &[(i64, i64)], to: &[(i64, i64)]| -> Vec<(f64, u64)> {
        if from.is_empty() || to.is_empty() {
            return Vec::new();
        }
        brute_force(from, to, metric)
    };
    SurfaceCounts {
        pred_surface: pred_surface.len() as u64,
        truth_surface: truth_surface.len() as u64,
        pred_to_truth: directed(&pred_surface, &truth_surface),
        truth_to_pred: directed(&truth_surface, &pred_surface),
    }
}

/// The surface pixels `(x, y)` of a set, one pixel at a time from the definition.
fn surface_pixels(set: &Runs) -> Vec<(i64, i64)> {
    let (width, height) = (set.line_len as i64, set.lines as i64);
    let mut image = vec![false; set.line_len * set.lines];
    for y in 0..set.lines {
        for run in set.line(y) {
            for x in run.start..run.end {
                image[y * set.line_len + x as usize] = true;
            }
        }
    }
    let inside = |x: i64, y: i64| {
        x >= 0 && y >= 0 && x < width && y < height && image[(y * width + x) as usize]
    };
    let mut pixels = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let on_surface = inside(x, y)
                && [(0, -1), (0, 1), (-1, 0), (1, 0)]
                    .iter()
                    .any(|&(dx, dy)| !inside(x + dx, y + dy));
            if on_surface {
                pixels.push((x, y));
            }
        }
    }
    pixels
}
