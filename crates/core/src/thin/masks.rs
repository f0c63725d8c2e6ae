//! The per-class sets every thin-structure metric starts from, as runs along lines.
//!
//! One pass over both maps builds, for every requested class, the truth set G and the prediction
//! set P (see the module docs of `thin`) as runs of consecutive pixels on each row. Runs are what
//! thin curves are made of (one to a few per row per class), so every later step works on a few
//! thousand runs instead of millions of pixels. The same pass checks every label, so an
//! out-of-range label is reported exactly as the confusion matrix reports it.
//!
//! `reference` does this one pixel at a time; `build` (the fast path, `row_scan.rs`) skips
//! stretches of uninteresting labels a vector at a time and is tested against it, masks and
//! errors, bit for bit.

use std::ops::Range;

use super::class_table::ClassTable;
use super::{row_scan, ThinRequest};
use crate::{Kernel, Labels, PerclassError, Side};

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
    ///
    /// One sweep down the lines: a column run opens where a line covers a column the line above
    /// does not, and closes where it stops covering it, so the work is proportional to the runs
    /// and their changes from line to line, not to the pixels (a tall blob costs its outline).
    /// Closed column runs come out ordered by their end; a counting sort by column puts them in
    /// place, each column's runs already in order.
    pub fn transposed(&self) -> Runs {
        let columns = self.line_len;
        // Row where the column run now open in column x started (meaningful while one is open).
        let mut open_since = vec![0u32; columns];
        // Closed column runs as (column, start row, end row), ordered by end row.
        let mut closed: Vec<(u32, u32, u32)> = Vec::new();
        let mut above: &[Run] = &[];
        for y in 0..=self.lines {
            let here = if y < self.lines { self.line(y) } else { &[] };
            let y32 = y as u32;
            for_each_difference(above, here, |start, end| {
                for x in start..end {
                    closed.push((x, open_since[x as usize], y32));
                }
            });
            for_each_difference(here, above, |start, end| {
                open_since[start as usize..end as usize].fill(y32);
            });
            above = here;
        }
        let mut line_start = vec![0usize; columns + 1];
        for &(x, _, _) in &closed {
            line_start[x as usize + 1] += 1;
        }
        for x in 0..columns {
            line_start[x + 1] += line_start[x];
        }
        let mut next = line_start[..columns].to_vec();
        let mut runs = vec![Run { start: 0, end: 0 }; closed.len()];
        for &(x, start, end) in &closed {
            let slot = &mut next[x as usize];
            runs[*slot] = Run { start, end };
            *slot += 1;
        }
        Runs {
            line_len: self.lines,
            lines: columns,
            line_start,
            runs,
        }
    }

    /// Appends `other`'s lines after these (same line length).
    pub fn append(&mut self, other: &Runs) {
        debug_assert_eq!(self.line_len, other.line_len);
        let base = self.runs.len();
        self.runs.extend_from_slice(&other.runs);
        self.line_start
            .extend(other.line_start[1..].iter().map(|&s| s + base));
        self.lines += other.lines;
    }
}

/// Calls `f(start, end)` for each maximal piece of `a` not covered by `b` (both sorted and
/// disjoint, as the runs of one line are).
fn for_each_difference(a: &[Run], b: &[Run], mut f: impl FnMut(u32, u32)) {
    let mut first = 0;
    for run in a {
        while first < b.len() && b[first].end <= run.start {
            first += 1;
        }
        let mut from = run.start;
        for cut in &b[first..] {
            if cut.start >= run.end {
                break;
            }
            if cut.start > from {
                f(from, cut.start);
            }
            from = from.max(cut.end);
        }
        if from < run.end {
            f(from, run.end);
        }
    }
}

/// Builds a `Runs` line by line; adjacent pushes on a line merge into one run.
pub(crate) struct RunsBuilder {
    runs: Runs,
    /// Index in `runs` of the current line's first run.
    line_begin: usize,
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
            line_begin: 0,
        }
    }

    /// Adds `[start, end)` to the current line; it must start at or after the previous run's end.
    #[inline]
    pub fn push(&mut self, start: usize, end: usize) {
        let runs = &mut self.runs.runs;
        if runs.len() > self.line_begin {
            let last = runs.last_mut().expect("the line has a run");
            if last.end as usize == start {
                last.end = end as u32;
                return;
            }
        }
        runs.push(Run {
            start: start as u32,
            end: end as u32,
        });
    }

    pub fn end_line(&mut self) {
        self.line_begin = self.runs.runs.len();
        self.runs.line_start.push(self.line_begin);
    }

    pub fn finish(self) -> Runs {
        debug_assert_eq!(self.runs.line_start.len(), self.runs.lines + 1);
        self.runs
    }
}

/// The truth and prediction sets of every requested class (in request order) being built over
/// a band of rows.
pub(crate) struct SetsBuilder {
    pub truth: Vec<RunsBuilder>,
    pub pred: Vec<RunsBuilder>,
}

impl SetsBuilder {
    pub fn new(classes: usize, width: usize, rows: usize) -> SetsBuilder {
        let sets = || {
            (0..classes)
                .map(|_| RunsBuilder::new(width, rows))
                .collect()
        };
        SetsBuilder {
            truth: sets(),
            pred: sets(),
        }
    }

    pub fn end_line(&mut self) {
        for set in self.truth.iter_mut().chain(self.pred.iter_mut()) {
            set.end_line();
        }
    }

    pub fn finish(self, classes: &[u32]) -> Vec<ClassMasks> {
        classes
            .iter()
            .zip(self.truth.into_iter().zip(self.pred))
            .map(|(&class, (t, p))| ClassMasks {
                class,
                truth: t.finish(),
                pred: p.finish(),
            })
            .collect()
    }
}

/// The truth and prediction sets of one requested class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ClassMasks {
    pub class: u32,
    pub truth: Runs,
    pub pred: Runs,
}

/// The masks of every requested class, in request order (the fast path), with the kernel
/// [`Kernel::detect`] picks.
pub(crate) fn build(
    truth: Labels<'_>,
    pred: Labels<'_>,
    request: &ThinRequest<'_>,
) -> Result<Vec<ClassMasks>, PerclassError> {
    build_with(Kernel::detect(), truth, pred, request)
}

/// The fast path with a chosen kernel (one this CPU cannot run falls back to plain Rust): the
/// same masks and the same error as [`reference`].
///
/// With the `parallel` feature a large map is cut into bands of rows scanned on the rayon pool;
/// each band reports its own first bad label, so the first error of the lowest band with one is
/// the map's first.
pub(crate) fn build_with(
    kernel: Kernel,
    truth: Labels<'_>,
    pred: Labels<'_>,
    request: &ThinRequest<'_>,
) -> Result<Vec<ClassMasks>, PerclassError> {
    let width = request.width;
    let height = truth.len().checked_div(width).unwrap_or(0);
    let table = ClassTable::new(request);
    let scan = |rows: Range<usize>| {
        let mut sets = SetsBuilder::new(table.slots, width, rows.len());
        row_scan::scan_rows(kernel, truth, pred, width, rows, &table, &mut sets)?;
        Ok(sets.finish(request.classes))
    };
    let Some(bands) = bands(width, height) else {
        return scan(0..height);
    };
    let mut parts = on_bands(bands, scan).into_iter();
    let mut masks = parts
        .next()
        .expect("a map of two rows or more has a band")?;
    for part in parts {
        for (whole, band) in masks.iter_mut().zip(part?) {
            whole.truth.append(&band.truth);
            whole.pred.append(&band.pred);
        }
    }
    Ok(masks)
}

/// Bands of rows, or `None` for a map too small to be worth splitting.
#[cfg(feature = "parallel")]
fn bands(width: usize, height: usize) -> Option<Vec<Range<usize>>> {
    // A few bands per thread even out the load when the machine is shared.
    const BANDS_PER_THREAD: usize = 4;
    let threads = rayon::current_num_threads();
    if width * height < crate::PARALLEL_MIN_PIXELS || threads < 2 || height < 2 {
        return None;
    }
    let rows = height.div_ceil(threads * BANDS_PER_THREAD);
    Some(
        (0..height)
            .step_by(rows)
            .map(|start| start..height.min(start + rows))
            .collect(),
    )
}

#[cfg(not(feature = "parallel"))]
fn bands(_width: usize, _height: usize) -> Option<Vec<Range<usize>>> {
    None
}

/// `scan` of every band, in band order.
#[cfg(feature = "parallel")]
fn on_bands<T: Send>(
    bands: Vec<Range<usize>>,
    scan: impl Fn(Range<usize>) -> T + Sync + Send,
) -> Vec<T> {
    use rayon::prelude::*;
    bands.into_par_iter().map(scan).collect()
}

#[cfg(not(feature = "parallel"))]
fn on_bands<T>(bands: Vec<Range<usize>>, scan: impl Fn(Range<usize>) -> T) -> Vec<T> {
    bands.into_iter().map(scan).collect()
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

#[cfg(test)]
#[path = "masks_tests.rs"]
mod tests;
