//! Tolerant counts (see `TolerantCounts`): for each tau, the predicted pixels within tau of a
//! truth pixel and the truth pixels within tau of a predicted pixel.
//!
//! Small tau (up to `NEAR`) works on runs. A pixel on line `y` is within tau of a run `[s, e)` on
//! line `y + dy` exactly when its position lies in that run dilated by `Reach::widths[|dy|]`, so
//! the pixels of a line's runs that some other-side pixel reaches are those covered by the union
//! of the dilated other-side runs on the lines within reach. Lines are visited nearest first until
//! the line is fully covered, so a thin curve costs a line or two per line; a line holding a pixel
//! that nothing reaches (a stray false positive) visits every line within reach, which is why
//! this path is kept to small tau: at most `2 * NEAR + 1` lines per line.
//!
//! Larger tau would make that cost grow with tau (a 4096² map with 20,000 stray pixels took
//! seconds at tau = 1000). Instead, once per direction: the run path at `NEAR` finds the pixels
//! within `NEAR` (within any larger tau too) and leaves the rest as runs; `nearest.rs` (the
//! integer kernel, Euclidean and Chebyshev on unit pixels) or `nearest_values.rs` (any other
//! metric) gives the exact rule value from each of those to the other side (its surface: the
//! nearest pixel of a set always lies on it, as the value never grows stepping towards the
//! query), as a histogram; each tau then adds the histogram's pixels within it, with the same
//! float test as `Metric::within`. `NEAR` counts pixels of the smaller side: what bounds the run
//! path's cost is how many lines and columns a tau reaches. One search serves every tau beyond `NEAR` in the request, and
//! stops at the largest of them (a farther distance decides nothing), so its cost grows with that
//! tau only until it reaches the search's own bound, set by the image, whatever tau is.

mod nearest;

use super::join::join;
use super::line_cover::LineCover;
use super::masks::RunsBuilder;
use super::metric::Metric;
use super::nearest_values::nearest_values_up_to;
use super::reach::Reach;
use super::surface::surface;
use super::{Distance, Runs, TolerantCounts};

/// Taus up to this many pixels (of the smaller side) are counted on runs alone; larger ones
/// through the nearest distances.
const NEAR: f64 = 3.0;

pub(crate) fn count(
    truth: &Runs,
    pred: &Runs,
    taus: &[f64],
    metric: &Metric,
) -> Vec<TolerantCounts> {
    let (predicted, truth_pixels) = (pred.pixels(), truth.pixels());
    let (tp_pred, tp_truth) = join(
        || reached_at_each(pred, truth, taus, metric),
        || reached_at_each(truth, pred, taus, metric),
    );
    tp_pred
        .into_iter()
        .zip(tp_truth)
        .map(|(tp_pred, tp_truth)| TolerantCounts {
            predicted,
            truth: truth_pixels,
            tp_pred,
            tp_truth,
        })
        .collect()
}

/// Per tau, the pixels of `a` within tau of a pixel of `b`.
fn reached_at_each(a: &Runs, b: &Runs, taus: &[f64], metric: &Metric) -> Vec<u64> {
    if a.is_empty() || b.is_empty() {
        return vec![0; taus.len()];
    }
    let b_lines = occupied_lines(b);
    let mut line = LineCover::default();
    // Distances beyond the largest tau decide nothing: their searches stop there.
    let largest = taus.iter().copied().fold(0.0, f64::max);
    let mut far: Option<Far> = None;
    // The run path's cost grows with the lines and columns a tau reaches: the cut-over is in
    // pixels of the smaller side.
    let near = NEAR * metric.min_side();
    taus.iter()
        .map(|&tau| {
            if tau <= near {
                let reach = Reach::new(tau, metric, a.line_len, a.lines);
                reached(a, b, &b_lines, &reach, &mut line, None)
            } else {
                far.get_or_insert_with(|| Far::new(a, b, &b_lines, metric, largest, &mut line))
                    .reached(tau, metric)
            }
        })
        .collect()
}

/// Whether a pixel whose nearest other-side pixel is at the integer `value` (the squared
/// distance for Euclidean, max(|dx|, |dy|) for Chebyshev, on unit pixels) is within `tau`: the
/// rule's test on the nearest pair.
fn within_nearest(value: u64, tau: f64, metric: &Metric) -> bool {
    metric.within(value as f64, tau)
}

/// The largest integer distance (squared for Euclidean) within `tau` by `within_nearest`, or
/// `u64::MAX` when that does not fit. Only for the integer kernels (Euclidean and Chebyshev on
/// unit pixels).
fn largest_within(tau: f64, metric: &Metric) -> u64 {
    let bound = match metric.distance() {
        Distance::Euclidean => tau * tau,
        Distance::Chebyshev | Distance::Taxicab => tau,
    };
    // Above 2^62 every u64 distance is treated as within: no cap.
    if bound >= (1u64 << 62) as f64 {
        return u64::MAX;
    }
    // The float test is monotone in the distance: step from the float's floor to the exact edge.
    let mut value = bound.floor() as u64;
    while within_nearest(value + 1, tau, metric) {
        value += 1;
    }
    while value > 0 && !within_nearest(value, tau, metric) {
        value -= 1;
    }
    value
}

/// What every tau beyond `NEAR` needs, computed once: the pixels of `a` within `NEAR` of `b`, and
/// the rule's values of the others to `b`.
struct Far {
    near: u64,
    /// (value, pixels), ascending.
    rest: Vec<(f64, u64)>,
}

impl Far {
    /// `largest`: the largest tau that will be asked for.
    fn new(
        a: &Runs,
        b: &Runs,
        b_lines: &[usize],
        metric: &Metric,
        largest: f64,
        line: &mut LineCover,
    ) -> Far {
        let reach = Reach::new(NEAR * metric.min_side(), metric, a.line_len, a.lines);
        let mut rest = RunsBuilder::new(a.line_len, a.lines);
        let near = reached(a, b, b_lines, &reach, line, Some(&mut rest));
        let rest = rest.finish();
        let rest = if rest.is_empty() {
            Vec::new()
        } else if let Some(distance) = metric.integer_distance() {
            // The integer kernel is exact on unit pixels and its values are the rule's.
            let cap = largest_within(largest, metric);
            nearest::nearest_histogram(&rest, &surface(b), distance, cap)
                .into_iter()
                .map(|(value, n)| (value as f64, n))
                .collect()
        } else {
            // No value beyond the largest tau's bound decides anything.
            let limit = match metric.distance() {
                Distance::Euclidean => largest * largest,
                Distance::Chebyshev | Distance::Taxicab => largest,
            };
            nearest_values_up_to(&rest, &surface(b), metric, limit)
        };
        Far { near, rest }
    }

    /// Pixels of `a` within `tau` (beyond `NEAR` pixels) of `b`.
    fn reached(&self, tau: f64, metric: &Metric) -> u64 {
        // The test is monotone in the value: the pixels within tau are a prefix.
        let far: u64 = self
            .rest
            .iter()
            .take_while(|&&(value, _)| metric.within(value, tau))
            .map(|&(_, n)| n)
            .sum();
        self.near + far
    }
}

/// Every query pixel's integer distance to the nearest site (squared for Euclidean; Euclidean or
/// Chebyshev on unit pixels), uncapped: the surface distances' integer Chebyshev path.
pub(crate) fn nearest_integer(queries: &Runs, sites: &Runs, distance: Distance) -> Vec<(u64, u64)> {
    nearest::nearest_histogram(queries, sites, distance, u64::MAX)
}

/// The lines that hold at least one run, ascending.
fn occupied_lines(set: &Runs) -> Vec<usize> {
    (0..set.lines)
        .filter(|&y| !set.line(y).is_empty())
        .collect()
}

/// Pixels of `a` within reach of a pixel of `b`; `b_lines` are `b`'s occupied lines.
///
/// Per line of `a`: the lines of `b` within reach are visited nearest first (the widest reach
/// first), and the visit stops as soon as every pixel of the line is covered. On a thin curve
/// that is usually the line itself or its neighbour; on a dense map, the line itself. With
/// `rest`, the pixels not reached are added to it, line by line (every line of `a`).
fn reached(
    a: &Runs,
    b: &Runs,
    b_lines: &[usize],
    reach: &Reach,
    line: &mut LineCover,
    mut rest: Option<&mut RunsBuilder>,
) -> u64 {
    debug_assert!(!a.is_empty() && !b_lines.is_empty());
    let r = reach.lines();
    // Lines are visited in order, so the first occupied line of b at or after y - whole only
    // moves forward.
    let mut first_whole = 0;
    let mut total = 0;
    for y in 0..a.lines {
        let runs = a.line(y);
        if let Some(rest) = rest.as_deref_mut() {
            // Ends the previous line; the last one is ended after the loop.
            if y > 0 {
                rest.end_line();
            }
        }
        if runs.is_empty() {
            continue;
        }
        if let Some(whole) = reach.whole_line {
            let from = y.saturating_sub(whole);
            while first_whole < b_lines.len() && b_lines[first_whole] < from {
                first_whole += 1;
            }
            if b_lines.get(first_whole).is_some_and(|&l| l <= y + whole) {
                total += runs.iter().map(|run| run.len()).sum::<u64>();
                continue;
            }
        }
        line.reset(runs);
        let (span_start, span_end) = line.span();
        'lines: for d in 0..=r {
            let w = reach.widths[d];
            for other in [y.checked_sub(d), (d > 0).then_some(y + d)] {
                let Some(other) = other.filter(|&o| o < b.lines) else {
                    continue;
                };
                let b_runs = b.line(other);
                // Runs ending (after dilation) before the span cannot reach it.
                let skip = b_runs.partition_point(|run| {
                    u64::from(run.end) + u64::from(w) <= u64::from(span_start)
                });
                for run in &b_runs[skip..] {
                    let start = run.start.saturating_sub(w);
                    if start >= span_end {
                        break;
                    }
                    line.cover(start, run.end.saturating_add(w));
                }
                if line.is_full() {
                    break 'lines;
                }
            }
        }
        total += line.covered();
        if let Some(rest) = rest.as_deref_mut() {
            line.for_each_uncovered(runs, |start, end| rest.push(start as usize, end as usize));
        }
    }
    if let Some(rest) = rest {
        if a.lines > 0 {
            rest.end_line();
        }
    }
    total
}

/// The counts from the definition, one pixel at a time: for every pixel of one set, scan the
/// window of radius ceil(tau) around it (clipped to the image) for a pixel of the other set
/// within tau. Slow; for tests on small images.
pub(crate) fn reference(
    truth: &Runs,
    pred: &Runs,
    taus: &[f64],
    metric: &Metric,
) -> Vec<TolerantCounts> {
    let (g, p) = (Grid::of(truth), Grid::of(pred));
    let (predicted, truth_pixels) = (p.count(), g.count());
    taus.iter()
        .map(|&tau| TolerantCounts {
            predicted,
            truth: truth_pixels,
            tp_pred: p.count_near(&g, tau, metric),
            tp_truth: g.count_near(&p, tau, metric),
        })
        .collect()
}

/// A set as one flag per pixel, row-major.
struct Grid {
    width: usize,
    height: usize,
    pixels: Vec<bool>,
}

impl Grid {
    fn of(set: &Runs) -> Grid {
        let (width, height) = (set.line_len, set.lines);
        let mut pixels = vec![false; width * height];
        for y in 0..height {
            for run in set.line(y) {
                for x in run.start..run.end {
                    pixels[y * width + x as usize] = true;
                }
            }
        }
        Grid {
            width,
            height,
            pixels,
        }
    }

    fn count(&self) -> u64 {
        self.pixels.iter().filter(|&&p| p).count() as u64
    }

    /// Pixels of this set with a pixel of `other` within tau.
    fn count_near(&self, other: &Grid, tau: f64, metric: &Metric) -> u64 {
        // No pixel farther than tau / side along either axis is within tau (one more for the
        // division's rounding); past the image's size the window is the whole image.
        let radius = ((tau / metric.min_side()).ceil() + 1.0)
            .min(self.width.max(self.height) as f64) as usize;
        let mut n = 0;
        for y in 0..self.height {
            for x in 0..self.width {
                if !self.pixels[y * self.width + x] {
                    continue;
                }
                // The window's rows nearest first (y, y - 1, y + 1, ...): the same pixels in
                // an order that finds a nearby one early.
                let rows = (0..=radius)
                    .flat_map(|d| [y.checked_sub(d), (d > 0).then_some(y + d)])
                    .flatten()
                    .filter(|&oy| oy < self.height);
                let columns = x.saturating_sub(radius)..(x + radius + 1).min(self.width);
                let near = rows.into_iter().any(|oy| {
                    columns.clone().any(|ox| {
                        other.pixels[oy * self.width + ox]
                            && metric.pair_within(y.abs_diff(oy) as u64, x.abs_diff(ox) as u64, tau)
                    })
                });
                n += u64::from(near);
            }
        }
        n
    }
}
