//! The per-class sets every thin-structure metric starts from, as runs along lines.
//!
//! One pass over both maps builds, for every requested class, the truth set G and the prediction
//! set P (see the module docs of `thin`) as runs of consecutive pixels on each row. Runs are what
//! thin curves are made of (one to a few per row per class), so every later step works on a few
//! thousand runs instead of millions of pixels. The same pass checks every label, so an
//! out-of-range label is reported exactly as the confusion matrix reports it.

use super::ThinRequest;
use crate::{Labels, PerclassError, Side};

/// Consecutive pixels `[start, end)` on one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub start: u32,
    pub end: u32,
}

impl Run {
    pub fn len(self) -> u64 {
        u64::from(self.end - self.start)
    }
}

/// A set of pixels as runs on `lines` lines of `line_len` positions each (rows of `width` pixels,
/// or columns after `transposed`). Runs on a line are sorted, disjoint and not adjacent (a run is
/// maximal).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Runs {
    pub line_len: usize,
    pub lines: usize,
    /// `lines + 1` offsets into `runs`: line `y` holds `runs[line_start[y]..line_start[y + 1]]`.
    pub line_start: Vec<usize>,
    pub runs: Vec<Run>,
}

impl Runs {
    pub fn line(&self, y: usize) -> &[Run] {
        &self.runs[self.line_start[y]..self.line_start[y + 1]]
    }

    /// Number of pixels in the set.
    pub fn pixels(&self) -> u64 {
        self.runs.iter().map(|r| r.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// The same set seen along the other axis: line `x` of the result is column `x` of this one.
    pub fn transposed(&self) -> Runs {
        let mut columns = RunsBuilder::new(self.lines, self.line_len);
        // Per column, the run currently open in it: (start row, end row exclusive).
        let mut open: Vec<Option<(u32, u32)>> = vec![None; self.line_len];
        let mut per_column: Vec<Vec<Run>> = vec![Vec::new(); self.line_len];
        for y in 0..self.lines {
            let y32 = y as u32;
            for run in self.line(y) {
                for x in run.start..run.end {
                    let slot = &mut open[x as usize];
                    match slot {
                        Some((_, end)) if *end == y32 => *end = y32 + 1,
                        _ => {
                            if let Some((s, e)) = slot.take() {
                                per_column[x as usize].push(Run { start: s, end: e });
                            }
                            *slot = Some((y32, y32 + 1));
                        }
                    }
                }
            }
        }
        for (x, slot) in open.into_iter().enumerate() {
            if let Some((s, e)) = slot {
                per_column[x].push(Run { start: s, end: e });
            }
        }
        for column in per_column {
            for run in column {
                columns.push(run.start as usize, run.end as usize);
            }
            columns.end_line();
        }
        columns.finish()
    }
}

/// Builds a `Runs` line by line; adjacent pushes on a line merge into one run.
pub(crate) struct RunsBuilder {
    runs: Runs,
}

impl RunsBuilder {
    pub fn new(line_len: usize, lines: usize) -> RunsBuilder {
        let mut line_start = Vec::with_capacity(lines + 1);
        line_start.push(0);
        RunsBuilder {
            runs: Runs {
                line_len,
                lines,
                line_start,
                runs: Vec::new(),
            },
        }
    }

    /// Adds `[start, end)` to the current line; it must start at or after the previous run's end.
    pub fn push(&mut self, start: usize, end: usize) {
        let line_begin = *self
            .runs
            .line_start
            .last()
            .expect("line_start is never empty");
        if self.runs.runs.len() > line_begin {
            let last = self.runs.runs.last_mut().expect("the line has a run");
            if last.end as usize == start {
                last.end = end as u32;
                return;
            }
        }
        self.runs.runs.push(Run {
            start: start as u32,
            end: end as u32,
        });
    }

    pub fn end_line(&mut self) {
        self.runs.line_start.push(self.runs.runs.len());
    }

    pub fn finish(self) -> Runs {
        debug_assert_eq!(self.runs.line_start.len(), self.runs.lines + 1);
        self.runs
    }
}

/// The truth and prediction sets of one requested class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ClassMasks {
    pub class: u32,
    pub truth: Runs,
    pub pred: Runs,
}

/// The masks of every requested class, in request order (the fast path).
pub(crate) fn build(
    truth: Labels<'_>,
    pred: Labels<'_>,
    request: &ThinRequest<'_>,
) -> Result<Vec<ClassMasks>, PerclassError> {
    // TODO(fast path): skip words of background quickly; for now the reference.
    reference(truth, pred, request)
}

/// The masks, one pixel at a time (the reference). Labels are checked in row-major order, truth
/// before prediction at each pixel, as the confusion matrix's scalar reference does.
pub(crate) fn reference(
    truth: Labels<'_>,
    pred: Labels<'_>,
    request: &ThinRequest<'_>,
) -> Result<Vec<ClassMasks>, PerclassError> {
    let width = request.width;
    let height = truth.len().checked_div(width).unwrap_or(0);
    let k = request.num_classes;
    let ignore = request.ignore_index.unwrap_or(u32::MAX);
    const NONE: usize = usize::MAX;
    // slot[label] = position of the label in the request's class list, NONE when not requested.
    let mut slot = vec![NONE; k as usize];
    for (i, &c) in request.classes.iter().enumerate() {
        slot[c as usize] = i;
    }
    let n = request.classes.len();
    let mut truth_sets: Vec<RunsBuilder> =
        (0..n).map(|_| RunsBuilder::new(width, height)).collect();
    let mut pred_sets: Vec<RunsBuilder> = (0..n).map(|_| RunsBuilder::new(width, height)).collect();
    let out_of_range = |side, value, index| PerclassError::LabelRange {
        side,
        value,
        index,
        num_classes: k,
        ignore_index: request.ignore_index,
    };
    for y in 0..height {
        for x in 0..width {
            let i = y * width + x;
            let (t, p) = (label(truth, i), label(pred, i));
            if t >= k && t != ignore {
                return Err(out_of_range(Side::Truth, t, i));
            }
            if p >= k && p != ignore {
                return Err(out_of_range(Side::Prediction, p, i));
            }
            if t == ignore {
                continue;
            }
            let s = slot[t as usize];
            if s != NONE {
                truth_sets[s].push(x, x + 1);
            }
            if p != ignore {
                let s = slot[p as usize];
                if s != NONE {
                    pred_sets[s].push(x, x + 1);
                }
            }
        }
        for set in truth_sets.iter_mut().chain(pred_sets.iter_mut()) {
            set.end_line();
        }
    }
    Ok(request
        .classes
        .iter()
        .zip(truth_sets.into_iter().zip(pred_sets))
        .map(|(&class, (t, p))| ClassMasks {
            class,
            truth: t.finish(),
            pred: p.finish(),
        })
        .collect())
}

fn label(labels: Labels<'_>, i: usize) -> u32 {
    match labels {
        Labels::U8(s) => u32::from(s[i]),
        Labels::U16(s) => u32::from(s[i]),
    }
}
