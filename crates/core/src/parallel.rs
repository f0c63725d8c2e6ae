//! The multi-threaded path (feature `parallel`): large maps are cut into chunks counted on the
//! rayon pool and merged. Counts are additive, so the merge is exact; errors carry absolute
//! indices (each chunk is counted with its offset), and the lowest one wins, so the result,
//! error included, is the scalar reference's.

use rayon::prelude::*;

use crate::confusion::{accumulate, check_arguments};
use crate::{confusion_matrix_with, Confusion, Kernel, Labels, PerclassError};

/// Below this many pixels a map is counted on the calling thread: splitting would cost more
/// (pool hand-off, one matrix per chunk) than it saves.
pub const PARALLEL_MIN_PIXELS: usize = 1 << 20;

/// Chunk lengths are multiples of this: whole vectors, and whole cache lines on every target.
const CHUNK_ALIGN: usize = 64;

/// Above this many matrix cells, a chunk's own matrix is expensive to allocate and merge, so
/// there is only one chunk per thread; below it, a few per thread even out the load when the
/// machine is shared.
const SMALL_MATRIX_CELLS: usize = 1 << 16;

/// How long the chunks of an `n`-pixel map counted into matrices of `cells` cells are, or `None`
/// when the map is counted on the calling thread (below [`PARALLEL_MIN_PIXELS`], or a pool of
/// one thread).
pub(crate) fn chunk_len(n: usize, cells: usize) -> Option<usize> {
    let threads = rayon::current_num_threads();
    if n < PARALLEL_MIN_PIXELS || threads < 2 {
        return None;
    }
    let per_thread = if cells <= SMALL_MATRIX_CELLS { 4 } else { 1 };
    Some(
        n.div_ceil(threads * per_thread)
            .next_multiple_of(CHUNK_ALIGN),
    )
}

/// Like [`crate::confusion_matrix`], on the rayon pool for maps of [`PARALLEL_MIN_PIXELS`] or
/// more, with the kernel [`Kernel::detect`] picks.
pub fn confusion_matrix_parallel(
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
) -> Result<Confusion, PerclassError> {
    confusion_matrix_parallel_with(Kernel::detect(), truth, pred, num_classes, ignore_index)
}

/// Like [`confusion_matrix_with`], on the rayon pool for maps of [`PARALLEL_MIN_PIXELS`] or
/// more. Gives exactly the single-threaded result, errors included.
pub fn confusion_matrix_parallel_with(
    kernel: Kernel,
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
) -> Result<Confusion, PerclassError> {
    check_arguments(&truth, &pred, num_classes)?;
    let n = truth.len();
    let k = num_classes as usize;
    let Some(chunk_len) = chunk_len(n, k * k) else {
        return confusion_matrix_with(kernel, truth, pred, num_classes, ignore_index);
    };
    let chunk_count = n.div_ceil(chunk_len);

    (0..chunk_count)
        .into_par_iter()
        .map(|c| {
            let start = c * chunk_len;
            let end = n.min(start + chunk_len);
            let mut counts = Confusion::new(k);
            let (t, p) = (truth.slice(start, end), pred.slice(start, end));
            accumulate(kernel, t, p, num_classes, ignore_index, start, &mut counts)?;
            Ok(counts)
        })
        // rayon's reduce combines neighbours in order (left operand first), so the first error
        // seen is the one of the lowest chunk, which holds the lowest index.
        .reduce_with(|left, right| {
            let mut left = left?;
            left.merge(&right?);
            Ok(left)
        })
        .unwrap_or_else(|| Ok(Confusion::new(k)))
}
