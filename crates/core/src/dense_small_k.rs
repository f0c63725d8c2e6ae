//! Counting u8 truth against u8 labels for K = 2, 3 and 4 by branch-free compare-and-count, a
//! vector of pixels a step, written once over the [`Vector`] trait. Every step costs the same
//! whatever the runs: compares of the truth and the labels with each class, one AND per inner
//! cell and one subtract per counter (see [`count`]).
//!
//! Why beside the run-based block driver (`blocks.rs`): that driver bets that a block is one run
//! and pays a branch (and its checks) whenever it is not. On thin structures many are not: on the
//! benchmark's thin curves (K = 3, 4096², ~190 runs per row) a quarter of the 16-pixel blocks
//! and three quarters of the 64-pixel ones are mixed. Measured there (Mpix/s, one thread):
//! - wasm, maps already in its memory: ~3,800 run-based, ~5,600 here;
//! - AVX-512, 4096² maps: thin curves ~10,200 run-based, ~12,000-13,400 here with the maps cold
//!   (reading them alone: ~13,900); K = 4 blocky regions ~7,400, ~12,000.
//!
//! On maps of long runs the block driver costs less per block (two compares), but both then run
//! at the speed of reading the maps from memory, so the one counter serves every K <= 4 map.
//!
//! It serves label maps and a model's decisions alike, through the kernels' entries (`x86.rs`,
//! `neon.rs`; on wasm `confusion::accumulate`). On a model's decisions next to thin structures
//! the same branches cost about as much as the argmax (wasm, 3×4096², ~1% wrong: ~8 ms of a
//! ~32 ms call).
//!
//! A piece is counted here only when every label on both sides is below K; any other (a label
//! out of range, the ignore index) is left to the general kernels, which locate errors and count
//! ignored pixels by the scalar reference's rules. Such a piece is read twice, which only maps
//! with ignore pixels or errors pay.

use crate::{vector::Vector, Confusion};

/// Steps between flushes of the byte counters: a counter gains at most 1 per step.
const FLUSH: usize = 255;

/// Whether a count with `k` classes and this ignore index may go to [`count_small_k`]: K is 2, 3
/// or 4, and no ignore index inside `[0, K)` must be left out. (An ignore index at K or above is
/// a label out of range there, and the counter refuses a piece that holds one.)
#[inline(always)]
pub(crate) fn applies(k: u32, ignore_index: Option<u32>) -> bool {
    (2..=4).contains(&k) && ignore_index.is_none_or(|i| i >= k)
}

/// Counts `truth` against `pred` (equal lengths) into `counts` and returns true when `k` is 2, 3
/// or 4 and every label of both is below `k`; otherwise counts nothing and returns false.
///
/// Each kernel's entry calls it from a function of its own, before the block driver, so that the
/// driver's function compiles as it did without it. (Measured on x86 by alternating builds in
/// one session: no difference on K = 19 regions either way. Under V8 the same wasm module's
/// K = 19 speed varies between processes by up to 1.6x, which hides any smaller effect.)
///
/// # Safety
///
/// `V`'s instruction set must be enabled in the calling function and supported by the CPU
/// (see [`Vector`]).
#[inline(always)]
pub(crate) unsafe fn count_small_k<V: Vector>(
    truth: &[u8],
    pred: &[u8],
    k: u32,
    counts: &mut Confusion,
) -> bool {
    assert_eq!(truth.len(), pred.len(), "a piece's truth and labels");
    // SAFETY: this function's contract.
    let cells = unsafe {
        match k {
            2 => count::<V, 2>(truth, pred),
            3 => count::<V, 3>(truth, pred),
            4 => count::<V, 4>(truth, pred),
            _ => None,
        }
    };
    let Some(cells) = cells else { return false };
    for (total, cell) in counts.matrix.iter_mut().zip(cells) {
        *total += cell;
    }
    true
}

/// The piece's K×K cells (row-major, `truth * K + label`), or None if a label of either side is
/// K or more.
///
/// Per step, the masks of truth == a and label == b for a, b in 1 .. K; counted: the rows
/// (truth == a), the columns (label == b) and the cells (a, b) inside (one AND each). Row 0,
/// column 0 and cell (0, 0) follow from those and the pixel count: (K - 1)² + 2(K - 1) counters,
/// as many as cells but one, with no per-pixel cell index to build.
///
/// # Safety
///
/// As [`count_small_k`].
#[inline(always)]
unsafe fn count<V: Vector, const K: usize>(truth: &[u8], pred: &[u8]) -> Option<[u64; 16]> {
    let n = truth.len();
    let lanes = V::LANES;
    let whole = n - n % lanes;
    // Totals over the whole steps: rows[a], columns[b], inside[a * K + b], for a, b >= 1.
    let (mut rows, mut columns, mut inside) = ([0u64; 4], [0u64; 4], [0u64; 16]);
    // SAFETY: this function's contract (V's instruction set enabled and present); each read
    // states its bounds.
    unsafe {
        let mut top = V::splat(0);
        let mut at = 0;
        while at < whole {
            let steps = FLUSH.min((whole - at) / lanes);
            let zero = V::splat(0);
            let (mut row_bytes, mut column_bytes, mut inside_bytes) =
                ([zero; 4], [zero; 4], [zero; 16]);
            for _ in 0..steps {
                // SAFETY: at + LANES <= whole <= n, the length of both slices.
                let (t, p) = (
                    V::load(truth.as_ptr().add(at)),
                    V::load(pred.as_ptr().add(at)),
                );
                top = top.max(t.max(p));
                // A lane of a compare is all ones (-1) where it holds: subtracting counts it.
                let is_truth: [V; 4] = core::array::from_fn(|a| t.eq(V::splat(a as u8)));
                let is_label: [V; 4] = core::array::from_fn(|b| p.eq(V::splat(b as u8)));
                for a in 1..K {
                    row_bytes[a] = row_bytes[a].sub(is_truth[a]);
                    column_bytes[a] = column_bytes[a].sub(is_label[a]);
                    for b in 1..K {
                        let both = is_truth[a].and(is_label[b]);
                        inside_bytes[a * K + b] = inside_bytes[a * K + b].sub(both);
                    }
                }
                at += lanes;
            }
            for a in 1..K {
                rows[a] += row_bytes[a].sum();
                columns[a] += column_bytes[a].sum();
                for b in 1..K {
                    inside[a * K + b] += inside_bytes[a * K + b].sum();
                }
            }
        }
        // Every lane of `top` at most K - 1: its maximum with K - 1 is K - 1 everywhere.
        let highest = V::splat(K as u8 - 1);
        if !top.max(highest).eq(highest).all_set() {
            return None;
        }
    }
    let mut cells = inside;
    for a in 1..K {
        let row_inside: u64 = (1..K).map(|b| inside[a * K + b]).sum();
        let column_inside: u64 = (1..K).map(|b| inside[b * K + a]).sum();
        cells[a * K] = rows[a] - row_inside;
        cells[a] = columns[a] - column_inside;
    }
    for (&t, &p) in truth[whole..].iter().zip(&pred[whole..]) {
        if usize::from(t.max(p)) >= K {
            return None;
        }
        cells[usize::from(t) * K + usize::from(p)] += 1;
    }
    let others: u64 = cells[1..K * K].iter().sum();
    cells[0] = n as u64 - others;
    Some(cells)
}
