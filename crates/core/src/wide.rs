//! The block driver for label maps that are not both u8 (u16 truth or u16 prediction), shared by
//! every SIMD kernel. It has the same structure as `blocks.rs` (runs of uniform blocks counted
//! with one addition; clean mixed blocks counted here; the rest handed to the scalar reference)
//! but is written in plain Rust: the block-wide folds below are simple enough for the compiler
//! to vectorize with whatever instruction set the calling kernel enables, which is why every
//! function here is `#[inline(always)]` (but on wasm, see `count`). Noisy stretches (runs shorter
//! than the cut-over of `histogram::histogram_wins`) go to the histogram a superblock at a time.

use crate::{
    cell::Cell,
    histogram::{histogram_wins, Histogram, SUPERBLOCK},
    scalar, Confusion, Labels, PerclassError,
};

/// Pixels per block: wide enough to amortize the per-block branches, short enough that a
/// mixed block (the edge of a region) sends few pixels down the slower paths.
const BLOCK: usize = 32;

/// Counts like `scalar::accumulate`, errors included.
#[inline(always)]
pub(crate) fn accumulate(
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    match (truth, pred) {
        (Labels::U8(t), Labels::U8(p)) => count(t, p, num_classes, ignore_index, offset, counts),
        (Labels::U8(t), Labels::U16(p)) => count(t, p, num_classes, ignore_index, offset, counts),
        (Labels::U16(t), Labels::U8(p)) => count(t, p, num_classes, ignore_index, offset, counts),
        (Labels::U16(t), Labels::U16(p)) => count(t, p, num_classes, ignore_index, offset, counts),
    }
}

// On wasm each instantiation is a function of its own: inlined into the kernel's one function
// beside the u8 driver, it made that driver (u8 maps) 20-50% slower under V8. simd128 is enabled
// build-wide there, so nothing is lost; elsewhere inlining is what compiles this with the
// caller's instruction set.
#[cfg_attr(target_arch = "wasm32", inline(never))]
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn count<T: Copy + Into<u32>, P: Copy + Into<u32>>(
    truth: &[T],
    pred: &[P],
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    assert_eq!(truth.len(), pred.len());
    let k = num_classes;
    let ignore = ignore_index.unwrap_or(u32::MAX);
    // An ignore index at or above K is already caught by the range test.
    let check_ignore = ignore < k;
    let full = truth.len() - truth.len() % BLOCK;

    // u32::MAX is no u8/u16 label: the first block always starts a new run.
    let (mut run_t, mut run_p) = (u32::MAX, u32::MAX);
    let mut run_cell = Cell::Invalid;
    let mut run_blocks: u64 = 0;
    let mut histogram: Histogram = Histogram::new(k);
    // Set when the last mixed block had many runs: then the next superblock goes to the
    // histogram straight away, if all of it is clean (see `histogram_wins`).
    let mut noisy = false;
    let mut i = 0;
    while i < full {
        if noisy && i + SUPERBLOCK <= full {
            let end = i + SUPERBLOCK;
            let (t, p) = (&truth[i..end], &pred[i..end]);
            if is_clean(t, p, k, check_ignore, ignore) {
                // SAFETY: every label of the superblock was just checked to be below K.
                let starts = unsafe { histogram.add_superblock(t, p, k, &mut counts.matrix) };
                noisy = histogram_wins(starts, SUPERBLOCK);
                i = end;
                continue;
            }
            noisy = false;
        }
        let end = i + BLOCK;
        let (t, p) = (&truth[i..end], &pred[i..end]);
        if (differs(t, run_t) | differs(p, run_p)) == 0 {
            run_blocks += 1;
            i = end;
            continue;
        }
        run_cell.add(run_blocks * BLOCK as u64, counts);
        run_blocks = 0;
        let start = offset + i;
        (run_t, run_p) = (t[0].into(), p[0].into());
        run_cell = Cell::of(run_t, run_p, k, ignore);
        if run_cell == Cell::Invalid {
            // Everything before this block was valid, so its first pixel is the first error.
            return scalar::run(t, p, k, ignore_index, start, counts);
        }
        i = end;
        if (differs(t, run_t) | differs(p, run_p)) == 0 {
            run_blocks = 1;
            continue;
        }
        // A mixed block.
        if !is_clean(t, p, k, check_ignore, ignore) {
            scalar::run(t, p, k, ignore_index, start, counts)?;
            continue;
        }
        // Pixels that differ from the one before (the block's first counts as one).
        let starts = 1
            + (1..BLOCK).fold(0, |n, j| {
                let same = (t[j].into() == t[j - 1].into()) & (p[j].into() == p[j - 1].into());
                n + u32::from(!same)
            });
        noisy = histogram_wins(starts, BLOCK);
        // SAFETY: the block is clean: every label is below K.
        unsafe { histogram.add(t, p, k, &mut counts.matrix) };
    }
    run_cell.add(run_blocks * BLOCK as u64, counts);
    histogram.flush(&mut counts.matrix);
    let (t, p) = (&truth[full..], &pred[full..]);
    scalar::run(t, p, k, ignore_index, offset + full, counts)
}

/// Whether every label is below K and (when `check_ignore`) none is the ignore index. A fold
/// without early exit, so that it vectorizes.
#[inline(always)]
fn is_clean<T: Copy + Into<u32>, P: Copy + Into<u32>>(
    truth: &[T],
    pred: &[P],
    k: u32,
    check_ignore: bool,
    ignore: u32,
) -> bool {
    let dirty = truth.iter().zip(pred).fold(false, |dirty, (&t, &p)| {
        let (t, p): (u32, u32) = (t.into(), p.into());
        let ignored = check_ignore & ((t == ignore) | (p == ignore));
        dirty | (t >= k) | (p >= k) | ignored
    });
    !dirty
}

/// Non-zero unless every label of the block equals `value`. A fold without early exit, so that
/// it vectorizes.
#[inline(always)]
fn differs<L: Copy + Into<u32>>(block: &[L], value: u32) -> u32 {
    block.iter().fold(0, |acc, &l| acc | (l.into() ^ value))
}
