//! A set's pixels rasterised into a bit grid over its bounding box, for the kernels that look at
//! pixel neighbourhoods (the skeleton's thinning).
//!
//! The grid covers the set's bounding box plus a one-pixel frame of background on every side, so
//! a neighbourhood lookup never needs a bounds check; outside the bounding box the set has no
//! pixel, so a neighbour there is background exactly as a neighbour outside the image is. One bit
//! per pixel: a thin curve across a large picture then touches few cache lines, and a whole
//! 4096 × 4096 grid (2 MiB) stays in the cache. The buffers are kept per thread and all-zero
//! between uses: a use clears only the bytes the set covers, so a thin curve across a large image
//! costs its own pixels, not its bounding box.

use std::cell::Cell;

use super::Runs;

/// Buffers larger than this (bytes) are dropped after use instead of being kept for the next
/// call, so one huge image does not pin its memory for the life of the thread.
const KEEP_AT_MOST: usize = 32 << 20;

thread_local! {
    static BUFFERS: Cell<(Vec<u8>, Vec<u8>)> = const { Cell::new((Vec::new(), Vec::new())) };
}

/// The bit grids of one set (see `Layout` for where each pixel is). `fg` holds the set; `queued`
/// is all 0, for the thinning's bookkeeping. Both have 8 spare bytes at the end, for 8-byte reads.
pub(crate) struct BitGrid<'a> {
    pub fg: &'a mut [u8],
    pub queued: &'a mut [u8],
    pub layout: Layout,
}

/// Where image pixel `(x, y)` of the bounding box is: bit `(y - y0 + 1) * stride + (x - x0 + 1)`,
/// bit `q` being bit `q % 8` of byte `q / 8`.
#[derive(Clone, Copy)]
pub(crate) struct Layout {
    /// Bits per row: a whole number of bytes.
    pub stride: usize,
    x0: usize,
    y0: usize,
}

impl Layout {
    /// The bit of image pixel `(x, y)`, which must lie in the bounding box.
    #[inline(always)]
    pub fn index(self, x: usize, y: usize) -> usize {
        (y - self.y0 + 1) * self.stride + (x - self.x0 + 1)
    }
}

impl BitGrid<'_> {
    #[inline(always)]
    pub fn is_set(&self, x: usize, y: usize) -> bool {
        let p = self.layout.index(x, y);
        self.fg[p >> 3] >> (p & 7) & 1 == 1
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

/// Rasterises `set` into `fg` and calls `f` with the grid; the grid is cleared again afterwards
/// over the set's pixels, so `f` may set only those bits of `fg`, and must leave `queued` as it
/// found it. Returns `None` for an empty set.
pub(crate) fn with_grid<R>(set: &Runs, f: impl FnOnce(&mut BitGrid<'_>) -> R) -> Option<R> {
    let (x0, y0, x1, y1) = bounding_box(set)?;
    let stride = (x1 - x0 + 3).div_ceil(8) * 8;
    let len = stride / 8 * (y1 - y0 + 3) + 8;
    // Taken out of the thread-local, so a re-entrant call (rayon may run another task on this
    // thread while one waits) gets fresh buffers, and a panic inside `f` drops them instead of
    // leaving dirty ones behind.
    let (mut fg, mut queued) = BUFFERS.take();
    for buffer in [&mut fg, &mut queued] {
        if buffer.len() < len {
            buffer.resize(len, 0);
        }
    }
    let layout = Layout { stride, x0, y0 };
    let mut grid = BitGrid {
        fg: &mut fg[..len],
        queued: &mut queued[..len],
        layout,
    };
    for_each_run(set, |y, start, end| {
        let at = layout.index(start, y);
        set_bits(grid.fg, at, at + (end - start));
    });
    let result = f(&mut grid);
    for_each_run(set, |y, start, end| {
        let at = layout.index(start, y);
        // Whole bytes: any other bit in them is 0 or belongs to the set too.
        grid.fg[at >> 3..=(at + (end - start) - 1) >> 3].fill(0);
    });
    debug_assert!(
        fg.iter().chain(&queued).all(|&b| b == 0),
        "a grid was left dirty"
    );
    if fg.len() <= KEEP_AT_MOST {
        BUFFERS.set((fg, queued));
    }
    Some(result)
}

/// Sets bits `start..end`.
fn set_bits(bits: &mut [u8], start: usize, end: usize) {
    let (first, last) = (start >> 3, (end - 1) >> 3);
    let head = 0xffu8 << (start & 7);
    let tail = 0xffu8 >> (7 - ((end - 1) & 7));
    if first == last {
        bits[first] |= head & tail;
    } else {
        bits[first] |= head;
        bits[first + 1..last].fill(0xff);
        bits[last] |= tail;
    }
}

/// Calls `f(y, start, end)` for every run of the set.
pub(crate) fn for_each_run(set: &Runs, mut f: impl FnMut(usize, usize, usize)) {
    for y in 0..set.lines {
        for run in set.line(y) {
            f(y, run.start as usize, run.end as usize);
        }
    }
}
