//! Tolerant counts (see `TolerantCounts`): for each tau, the predicted pixels within tau of a
//! truth pixel and the truth pixels within tau of a predicted pixel.
//!
//! The fast path works on runs. A pixel on line `y` is within tau of a run `[s, e)` on line
//! `y + dy` exactly when its position lies in that run dilated by `Reach::widths[|dy|]`, so the
//! pixels of a line's runs that some other-side pixel reaches are those covered by the union of
//! the dilated other-side runs on the lines within reach. Cost per tau: at most the runs on the
//! lines within reach of each line, independent of run lengths, and usually far less (lines are
//! visited nearest first, until the line is fully covered). Lines close enough that any run on
//! them spans the whole line are answered by one lookup, so a tau larger than the image costs
//! what a small one does.

use super::line_cover::LineCover;
use super::reach::{within, Reach};
use super::{Distance, Runs, TolerantCounts};

pub(crate) fn count(
    truth: &Runs,
    pred: &Runs,
    taus: &[f64],
    distance: Distance,
) -> Vec<TolerantCounts> {
    let (predicted, truth_pixels) = (pred.pixels(), truth.pixels());
    let (truth_lines, pred_lines) = (occupied_lines(truth), occupied_lines(pred));
    let mut line = LineCover::default();
    taus.iter()
        .map(|&tau| {
            let reach = Reach::new(tau, distance, truth.line_len, truth.lines);
            TolerantCounts {
                predicted,
                truth: truth_pixels,
                tp_pred: reached(pred, truth, &truth_lines, &reach, &mut line),
                tp_truth: reached(truth, pred, &pred_lines, &reach, &mut line),
            }
        })
        .collect()
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
/// that is usually the line itself or its neighbour; on a dense map, the line itself.
fn reached(a: &Runs, b: &Runs, b_lines: &[usize], reach: &Reach, line: &mut LineCover) -> u64 {
    if a.is_empty() || b_lines.is_empty() {
        return 0;
    }
    let r = reach.lines();
    // Lines are visited in order, so the first occupied line of b at or after y - whole only
    // moves forward.
    let mut first_whole = 0;
    let mut total = 0;
    for y in 0..a.lines {
        let runs = a.line(y);
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
    distance: Distance,
) -> Vec<TolerantCounts> {
    let (g, p) = (Grid::of(truth), Grid::of(pred));
    let (predicted, truth_pixels) = (p.count(), g.count());
    taus.iter()
        .map(|&tau| TolerantCounts {
            predicted,
            truth: truth_pixels,
            tp_pred: p.count_near(&g, tau, distance),
            tp_truth: g.count_near(&p, tau, distance),
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
    fn count_near(&self, other: &Grid, tau: f64, distance: Distance) -> u64 {
        // No pixel farther than ceil(tau) along either axis is within tau; past the image's
        // size the window is the whole image.
        let radius = tau.ceil().min(self.width.max(self.height) as f64) as usize;
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
                            && within(x.abs_diff(ox) as u64, y.abs_diff(oy) as u64, tau, distance)
                    })
                });
                n += u64::from(near);
            }
        }
        n
    }
}
