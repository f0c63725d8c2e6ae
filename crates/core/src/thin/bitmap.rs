//! A set's pixels rasterised into a byte grid over its bounding box, for the kernels that look at
//! pixel neighbourhoods (the skeleton's thinning).
//!
//! The grid covers the set's bounding box plus a one-pixel frame of background on every side, so
//! a neighbourhood lookup never needs a bounds check; outside the bounding box the set has no
//! pixel, so a neighbour there is background exactly as a neighbour outside the image is. The
//! byte buffer is kept per thread and all-zero between uses: a use clears only the cells the set
//! covers, so a thin curve across a large image costs its own pixels, not its bounding box.

use std::cell::Cell;

use super::Runs;

/// Buffers larger than this (bytes) are dropped after use instead of being kept for the next
/// call, so one huge image does not pin its memory for the life of the thread.
const KEEP_AT_MOST: usize = 64 << 20;

thread_local! {
    static BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// The grid of one set: cell `(y - y0 + 1) * stride + (x - x0 + 1)` is image pixel `(x, y)`.
pub(crate) struct BoxGrid<'a> {
    pub cells: &'a mut [u8],
    pub stride: usize,
    x0: usize,
    y0: usize,
}

impl BoxGrid<'_> {
    /// The cell of image pixel `(x, y)`, which must lie in the bounding box.
    #[inline(always)]
    pub fn index(&self, x: usize, y: usize) -> usize {
        (y - self.y0 + 1) * self.stride + (x - self.x0 + 1)
    }
}

/// The bounding box of a non-empty set: `(x0, y0, x1, y1)`, inclusive.
fn bounding_box(set: &Runs) -> Option<(usize, usize, usize, usize)> {
    let first = (0..set.lines).find(|&y| !set.line(y).is_empty())?;
    let last = (0..set.lines).rev().find(|&y| !set.line(y).is_empty())?;
    let (mut x0, mut x1) = (usize::MAX, 0);
    for run in &set.runs {
        x0 = x0.min(run.start as usize);
        x1 = x1.max(run.end as usize - 1);
    }
    Some((x0, first, x1, last))
}

/// Rasterises `set` with `value` in every pixel it covers and calls `f` with the grid; the grid
/// is cleared again afterwards, over the set's pixels, so `f` may change only those cells.
/// Returns `None` for an empty set.
pub(crate) fn with_grid<R>(
    set: &Runs,
    value: u8,
    f: impl FnOnce(&mut BoxGrid<'_>) -> R,
) -> Option<R> {
    let (x0, y0, x1, y1) = bounding_box(set)?;
    let stride = x1 - x0 + 3;
    let len = stride * (y1 - y0 + 3);
    // Taken out of the thread-local, so a re-entrant call (rayon may run another task on this
    // thread while one waits) gets a fresh buffer, and a panic inside `f` drops the buffer
    // instead of leaving a dirty one behind.
    let mut buffer = BUFFER.take();
    if buffer.len() < len {
        buffer.resize(len, 0);
    }
    let mut grid = BoxGrid {
        cells: &mut buffer[..len],
        stride,
        x0,
        y0,
    };
    for_each_run(set, |y, start, end| {
        let at = grid.index(start, y);
        grid.cells[at..at + (end - start)].fill(value);
    });
    let result = f(&mut grid);
    for_each_run(set, |y, start, end| {
        let at = grid.index(start, y);
        grid.cells[at..at + (end - start)].fill(0);
    });
    debug_assert!(buffer.iter().all(|&c| c == 0), "the grid was left dirty");
    if buffer.len() <= KEEP_AT_MOST {
        BUFFER.set(buffer);
    }
    Some(result)
}

/// Calls `f(y, start, end)` for every run of the set.
pub(crate) fn for_each_run(set: &Runs, mut f: impl FnMut(usize, usize, usize)) {
    for y in 0..set.lines {
        for run in set.line(y) {
            f(y, run.start as usize, run.end as usize);
        }
    }
}
