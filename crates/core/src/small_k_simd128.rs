//! Counting u8 truth against u8 labels on wasm for K = 2, 3 and 4: branch-free compare-and-count
//! of every cell, sixteen pixels a step. It serves both wasm paths that count small K: label maps
//! (`wasm_simd.rs`, ahead of the block driver) and a model's decisions (`scores/blocks.rs`).
//!
//! Why not only the block driver (`crate::blocks`): it bets that a 16-pixel block is one run, and
//! pays a branch whenever it is not. On thin structures many are not: on the benchmark's thin
//! curves (K = 3, 4096², ~190 runs per row) a quarter of the blocks are mixed, and V8's code
//! mispredicts its way through them (the count alone, on maps already in wasm memory, ran at
//! ~3,800 Mpix/s against ~17,000 for reading them). A model's decisions next to thin structures
//! are the same (3×4096², ~1% wrong: ~8 ms of a ~32 ms scores call). Here every step costs the
//! same: compares of the truth and the labels with each class, and one subtract per counter (see
//! [`count`]).
//!
//! A piece is counted here only when every label on both sides is below K; any other (a label
//! out of range, the ignore index) is left to the general kernels, which locate errors and count
//! ignored pixels by the scalar reference's rules. Such a piece is read twice, which only maps
//! with ignore pixels or errors pay.

use core::arch::wasm32::*;

use crate::{Confusion, Labels};

/// Steps between flushes of the byte counters: a counter gains at most 1 per step.
const FLUSH: usize = 255;

/// The label maps' entry (`confusion::accumulate`, wasm kernel): counts u8 `truth` against u8
/// `pred` here when `k` is 2, 3 or 4, every label is below `k` and no ignore index inside
/// `[0, k)` must be left out; returns whether it did. (An ignore index at `k` or above is a label
/// out of range for [`count_small_k`], which then refuses the piece.)
pub(crate) fn count_clean_maps(
    truth: Labels<'_>,
    pred: Labels<'_>,
    k: u32,
    ignore_index: Option<u32>,
    counts: &mut Confusion,
) -> bool {
    match (truth, pred) {
        (Labels::U8(t), Labels::U8(p)) => {
            ignore_index.is_none_or(|i| i >= k) && count_small_k(t, p, k, counts)
        }
        _ => false,
    }
}

/// Counts `truth` against `pred` (equal lengths) into `counts` and returns true when `k` is 2, 3
/// or 4 and every label of both is below `k`; otherwise counts nothing and returns false.
///
/// Out of line on purpose: inlined into the wasm kernel's entry, it made V8 compile the block
/// driver beside it worse (K = 19 noise: ~710 against ~1,130 Mpix/s, maps already in memory).
#[inline(never)]
pub(crate) fn count_small_k(truth: &[u8], pred: &[u8], k: u32, counts: &mut Confusion) -> bool {
    assert_eq!(truth.len(), pred.len(), "a block's truth and labels");
    let cells = match k {
        2 => count::<2>(truth, pred),
        3 => count::<3>(truth, pred),
        4 => count::<4>(truth, pred),
        _ => None,
    };
    let Some(cells) = cells else { return false };
    for (total, cell) in counts.matrix.iter_mut().zip(cells) {
        *total += cell;
    }
    true
}

/// The block's K×K cells (row-major, `truth * K + label`), or None if a label of either side is
/// K or more.
///
/// Per step, the masks of truth == a and label == b for a, b in 1 .. K; counted: the rows
/// (truth == a), the columns (label == b) and the cells (a, b) inside (one AND each). Row 0,
/// column 0 and cell (0, 0) follow from those and the pixel count: (K - 1)² + 2(K - 1) counters,
/// as many as cells but one, with no per-pixel cell index to build.
#[inline(always)]
fn count<const K: usize>(truth: &[u8], pred: &[u8]) -> Option<[u64; 16]> {
    let n = truth.len();
    let whole = n - n % 16;
    // Totals over the whole steps: rows[a], columns[b], inside[a * K + b], for a, b >= 1.
    let (mut rows, mut columns, mut inside) = ([0u64; 4], [0u64; 4], [0u64; 16]);
    let mut top = u8x16_splat(0);
    let mut at = 0;
    while at < whole {
        let steps = FLUSH.min((whole - at) / 16);
        let zero = u8x16_splat(0);
        let (mut row_bytes, mut column_bytes, mut inside_bytes) =
            ([zero; 4], [zero; 4], [zero; 16]);
        for _ in 0..steps {
            // SAFETY: simd128 is enabled for the whole build (this module is only compiled then);
            // `at + 16 <= whole <= n`, the length of both slices.
            let (t, p) = unsafe {
                (
                    v128_load(truth.as_ptr().add(at).cast()),
                    v128_load(pred.as_ptr().add(at).cast()),
                )
            };
            top = u8x16_max(top, u8x16_max(t, p));
            // A lane of a compare is all ones (-1) where it holds: subtracting counts it.
            let is_truth: [v128; 4] = core::array::from_fn(|a| u8x16_eq(t, u8x16_splat(a as u8)));
            let is_label: [v128; 4] = core::array::from_fn(|b| u8x16_eq(p, u8x16_splat(b as u8)));
            for a in 1..K {
                row_bytes[a] = u8x16_sub(row_bytes[a], is_truth[a]);
                column_bytes[a] = u8x16_sub(column_bytes[a], is_label[a]);
                for b in 1..K {
                    let both = v128_and(is_truth[a], is_label[b]);
                    inside_bytes[a * K + b] = u8x16_sub(inside_bytes[a * K + b], both);
                }
            }
            at += 16;
        }
        for a in 1..K {
            rows[a] += byte_sum(row_bytes[a]);
            columns[a] += byte_sum(column_bytes[a]);
            for b in 1..K {
                inside[a * K + b] += byte_sum(inside_bytes[a * K + b]);
            }
        }
    }
    if horizontal_max(top) as usize >= K {
        return None;
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

/// The sum of a vector's sixteen bytes.
#[inline(always)]
fn byte_sum(v: v128) -> u64 {
    let quads = u32x4_extadd_pairwise_u16x8(u16x8_extadd_pairwise_u8x16(v));
    let pairs = i64x2_add(
        u64x2_extend_low_u32x4(quads),
        u64x2_extend_high_u32x4(quads),
    );
    u64x2_extract_lane::<0>(pairs) + u64x2_extract_lane::<1>(pairs)
}

/// The largest of a vector's sixteen bytes.
#[inline(always)]
fn horizontal_max(v: v128) -> u8 {
    let mut lanes = [0u8; 16];
    // SAFETY: simd128 is enabled for the whole build; `lanes` is 16 writable bytes.
    unsafe { v128_store(lanes.as_mut_ptr().cast(), v) };
    lanes.into_iter().max().unwrap_or(0)
}
