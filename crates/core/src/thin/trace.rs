//! Curve-trace error (see `TraceCounts`): on each depth line, each truth run against the nearest
//! predicted run centre, each predicted run against the nearest truth run centre.
//!
//! Centres are kept doubled (`a + b` for the run `[a, b]`, i.e. `start + end - 1`), so offsets
//! are integers; "within tau" for a doubled offset `d` is `((d as f64) / 2.0) * side <= tau`,
//! `side` being the pixel size along the line (src/thin/types.ts). Sums stay in pixels.
//!
//! The fast path is one merge walk per line over the two lists of centres (both ascending, as the
//! runs of a line are): when a centre comes up, the nearest centre of the other side is either the
//! last one passed or the next one waiting. The reference compares every pair on the line.

use super::{Run, Runs, TraceCounts};

/// Doubled centre of a run.
fn centre2(run: &Run) -> u64 {
    u64::from(run.start) + u64::from(run.end) - 1
}

fn within(offset2: u64, side: f64, tau: f64) -> bool {
    ((offset2 as f64) / 2.0) * side <= tau
}

/// The largest tau; with no tau at all nothing is within it (the TypeScript facade never sends
/// an empty list).
fn tau_max(taus: &[f64]) -> f64 {
    taus.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// The counts of one line, added by `Tally`.
struct Tally<'a> {
    counts: TraceCounts,
    taus: &'a [f64],
    tau_max: f64,
    side: f64,
    gap: u64,
}

impl<'a> Tally<'a> {
    fn new(taus: &'a [f64], side: f64) -> Tally<'a> {
        Tally {
            counts: TraceCounts {
                covered: vec![0; taus.len()],
                ..TraceCounts::default()
            },
            taus,
            tau_max: tau_max(taus),
            side,
            gap: 0,
        }
    }

    /// A truth run whose line holds a predicted run, `offset2` from the nearest predicted centre.
    /// Returns whether it is matched within the largest tau.
    fn matched(&mut self, offset2: u64) -> bool {
        let c = &mut self.counts;
        c.matched += 1;
        c.sum_abs_offset2 += offset2;
        c.sum_sq_offset4 += offset2 * offset2;
        for (covered, &tau) in c.covered.iter_mut().zip(self.taus) {
            *covered += u64::from(within(offset2, self.side, tau));
        }
        within(offset2, self.side, self.tau_max)
    }

    /// A predicted run; `offset2` from the nearest truth centre on its line, if any.
    fn predicted(&mut self, offset2: Option<u64>) {
        if !offset2.is_some_and(|d| within(d, self.side, self.tau_max)) {
            self.counts.extra += 1;
        }
    }

    /// Ends a line with `truth_runs` truth runs, `close` telling whether one of them is matched
    /// within the largest tau.
    fn end_line(&mut self, truth_runs: usize, pred_runs: usize, close: bool) {
        let c = &mut self.counts;
        c.truth_runs += truth_runs as u64;
        c.pred_runs += pred_runs as u64;
        self.gap = if truth_runs > 0 && !close {
            self.gap + 1
        } else {
            0
        };
        c.max_gap = c.max_gap.max(self.gap);
    }
}

/// The counts of lines of pixels `side` wide along the line.
pub(crate) fn count(truth: &Runs, pred: &Runs, taus: &[f64], side: f64) -> TraceCounts {
    let mut tally = Tally::new(taus, side);
    for y in 0..truth.lines {
        let (t, p) = (truth.line(y), pred.line(y));
        let mut close = false;
        let (mut i, mut j) = (0, 0);
        while i < t.len() || j < p.len() {
            let truth_next = j == p.len() || (i < t.len() && centre2(&t[i]) <= centre2(&p[j]));
            if truth_next {
                let c = centre2(&t[i]);
                if let Some(d) = nearest(c, p.get(j.wrapping_sub(1)), p.get(j)) {
                    close |= tally.matched(d);
                }
                i += 1;
            } else {
                let c = centre2(&p[j]);
                tally.predicted(nearest(c, t.get(i.wrapping_sub(1)), t.get(i)));
                j += 1;
            }
        }
        tally.end_line(t.len(), p.len(), close);
    }
    tally.counts
}

/// Doubled distance from the centre `c` to the nearer of the runs just before and just after it.
fn nearest(c: u64, before: Option<&Run>, after: Option<&Run>) -> Option<u64> {
    let before = before.map(|r| c.abs_diff(centre2(r)));
    let after = after.map(|r| c.abs_diff(centre2(r)));
    match (before, after) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The counts from the definition, written out on their own: every truth run against every
/// predicted run on its line.
pub(crate) fn reference(truth: &Runs, pred: &Runs, taus: &[f64], side: f64) -> TraceCounts {
    let tau_max = tau_max(taus);
    let mut c = TraceCounts {
        covered: vec![0; taus.len()],
        ..TraceCounts::default()
    };
    let mut gap_lines = Vec::with_capacity(truth.lines);
    for y in 0..truth.lines {
        let (t, p) = (truth.line(y), pred.line(y));
        c.truth_runs += t.len() as u64;
        c.pred_runs += p.len() as u64;
        let mut matched_within_max = false;
        for truth_run in t {
            let Some(off2) = p
                .iter()
                .map(|pred_run| centre2(truth_run).abs_diff(centre2(pred_run)))
                .min()
            else {
                continue;
            };
            c.matched += 1;
            c.sum_abs_offset2 += off2;
            c.sum_sq_offset4 += off2 * off2;
            for (k, &tau) in taus.iter().enumerate() {
                if ((off2 as f64) / 2.0) * side <= tau {
                    c.covered[k] += 1;
                }
            }
            if ((off2 as f64) / 2.0) * side <= tau_max {
                matched_within_max = true;
            }
        }
        for pred_run in p {
            let near_truth = t.iter().any(|truth_run| {
                ((centre2(truth_run).abs_diff(centre2(pred_run)) as f64) / 2.0) * side <= tau_max
            });
            if !near_truth {
                c.extra += 1;
            }
        }
        gap_lines.push(!t.is_empty() && !matched_within_max);
    }
    c.max_gap = gap_lines
        .split(|&gap| !gap)
        .map(|stretch| stretch.len() as u64)
        .max()
        .unwrap_or(0);
    c
}
