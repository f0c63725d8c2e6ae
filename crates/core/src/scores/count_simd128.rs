//! Counting a decided block against its truth on wasm, for K = 2, 3 and 4 (byte truth and
//! labels): branch-free compare-and-count of every cell, sixteen pixels a step.
//!
//! Why not the confusion kernels' block driver (`crate::blocks`): it is built for label maps,
//! whose blocks are mostly one run; a model's decisions next to thin structures have a wrong
//! pixel or an edge in many 16-pixel blocks, and there its per-block branches cost more than the
//! argmax itself (3×4096², ~1% wrong: ~8 ms of a ~32 ms call). Here every step costs the same:
//! the cell `truth·K + label` (one table lookup and one add), then one compare and one subtract
//! per cell but the first, whose count is what the others leave.
//!
//! Only blocks whose truth labels are all below K are counted here; any other (a label out of
//! range, the ignore index) is left to the general kernels, which locate errors and count ignored
//! pixels by the scalar reference's rules.

use core::arch::wasm32::*;

use crate::Confusion;

/// Steps between flushes of the byte counters: a counter gains at most 1 per step.
const FLUSH: usize = 255;

/// Counts `truth` against `pred` (equal lengths, every label of `pred` below `k`) into `counts`
/// and returns true when `k` is 2, 3 or 4 and every truth label is below `k`; otherwise counts
/// nothing and returns false.
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

/// The block's K×K cells (row-major, `truth * K + label`), or None if a truth label is K or
/// more.
#[inline(always)]
fn count<const K: usize>(truth: &[u8], pred: &[u8]) -> Option<[u64; 16]> {
    let n = truth.len();
    let whole = n - n % 16;
    let mut cells = [0u64; 16];
    // Lane t of `times_k` is t·K: the truth's row offset, looked up per lane (labels >= 16 read
    // 0, and such a block is refused below anyway).
    let times_k = u8x16(
        0,
        K as u8,
        2 * K as u8,
        3 * K as u8,
        4 * K as u8,
        5 * K as u8,
        6 * K as u8,
        7 * K as u8,
        8 * K as u8,
        9 * K as u8,
        10 * K as u8,
        11 * K as u8,
        12 * K as u8,
        13 * K as u8,
        14 * K as u8,
        15 * K as u8,
    );
    let mut top = u8x16_splat(0);
    let mut at = 0;
    while at < whole {
        let steps = FLUSH.min((whole - at) / 16);
        // Byte counters of cells 1 .. K·K (cell 0 is derived at the end).
        let mut bytes = [u8x16_splat(0); 16];
        for _ in 0..steps {
            // SAFETY: simd128 is enabled for the whole build (this module is only compiled then);
            // `at + 16 <= whole <= n`, the length of both slices.
            let (t, p) = unsafe {
                (
                    v128_load(truth.as_ptr().add(at).cast()),
                    v128_load(pred.as_ptr().add(at).cast()),
                )
            };
            top = u8x16_max(top, t);
            let cell = u8x16_add(u8x16_swizzle(times_k, t), p);
            for (c, counter) in bytes.iter_mut().enumerate().take(K * K).skip(1) {
                // A lane of the compare is all ones (-1) where the cell matches.
                *counter = u8x16_sub(*counter, u8x16_eq(cell, u8x16_splat(c as u8)));
            }
            at += 16;
        }
        for (cell, counter) in cells.iter_mut().zip(bytes).take(K * K).skip(1) {
            *cell += byte_sum(counter);
        }
    }
    if horizontal_max(top) as usize >= K {
        return None;
    }
    for (&t, &p) in truth[whole..].iter().zip(&pred[whole..]) {
        if usize::from(t) >= K {
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
