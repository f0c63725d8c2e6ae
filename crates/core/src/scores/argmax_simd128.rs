//! The planar (CHW) argmax of f32 scores into byte labels, written with simd128 intrinsics for
//! the wasm build, where the compiler's vectorization of `argmax::argmax_planar` is slow (its
//! per-lane u32 indices are narrowed to bytes lane by lane).
//!
//! Sixteen pixels per step, as four f32x4 vectors per channel, with the same decision as the
//! scalar reference: a later channel replaces the running best only when strictly greater
//! (`f32x4_gt`), so ties keep the lower class and a NaN never wins (nor is replaced, when it is
//! channel 0's). Per channel:
//! - the running maximum is `f32x4_pmax(best, v)`, which is defined as `best < v ? v : best`,
//!   exactly the reference's choice (±0 and NaN included), and is one `maxps` in the engines;
//! - the four `v > best` masks are narrowed to one mask of sixteen bytes (a lane of all ones
//!   stays all ones under the saturating narrows), and the label becomes
//!   `max(label, mask & c)`: channels come in increasing order, so "c if greater, else the
//!   label so far" is that maximum, and it costs two byte operations instead of four 32-bit
//!   selects;
//! - NaN: the pixel's values are summed over its channels and `sum != sum` is OR-ed into one
//!   flag (C - 1 additions and two operations per four pixels, instead of two per value). A
//!   NaN always makes the sum NaN; the sum can also be NaN without one (+∞ and -∞ in one pixel,
//!   or an overflow of huge scores), which only costs the stream its scalar scan of the block
//!   for the first NaN, which then finds none: the flag may be a false alarm, never a miss.

use core::arch::wasm32::*;

/// Pixels per step: four f32x4 vectors, narrowed into one u8x16 of labels.
const STEP: usize = 16;

/// The argmax of `out.len()` pixels whose channel `c` is `lanes[c]` (each at least `out.len()`
/// long, at most 256 channels so that every label fits a byte): the winning channel of each
/// pixel into `out`. Returns whether any value was NaN.
pub(crate) fn argmax_planar_f32_u8(lanes: &[&[f32]], out: &mut [u8]) -> bool {
    let n = out.len();
    assert!(
        !lanes.is_empty() && lanes.len() <= 256 && lanes.iter().all(|lane| lane.len() >= n),
        "argmax lanes shorter than the block"
    );
    let whole = n - n % STEP;
    // SAFETY: simd128 is enabled for the whole build (this module is only compiled then), and
    // every lane holds at least `whole` values, so the steps' loads (16 values from `at <
    // whole`, a multiple of 16) and stores (16 bytes into `out`) stay in bounds.
    let mut nan = unsafe {
        match lanes.len() {
            2 => steps::<2>(lanes, whole, out),
            3 => steps::<3>(lanes, whole, out),
            4 => steps::<4>(lanes, whole, out),
            _ => steps_any(lanes, whole, out),
        }
    };
    // The tail (fewer than 16 pixels): the reference's loop.
    for (i, out) in out.iter_mut().enumerate().skip(whole) {
        let (mut best, mut index) = (lanes[0][i], 0u8);
        nan |= best.is_nan();
        for (c, lane) in lanes.iter().enumerate().skip(1) {
            nan |= lane[i].is_nan();
            if lane[i] > best {
                (best, index) = (lane[i], c as u8);
            }
        }
        *out = index;
    }
    nan
}

/// The whole steps of a map of `C` channels (the count known at compile time, so the channel
/// loop unrolls).
///
/// # Safety
///
/// simd128 enabled; `C == lanes.len()`, every lane at least `whole` long, `whole <= out.len()`
/// and a multiple of [`STEP`].
#[inline(always)]
unsafe fn steps<const C: usize>(lanes: &[&[f32]], whole: usize, out: &mut [u8]) -> bool {
    let ptrs: [*const f32; C] = core::array::from_fn(|c| lanes[c].as_ptr());
    let mut nan = u8x16_splat(0);
    let mut at = 0;
    while at < whole {
        // SAFETY: the function's contract: `at + 16 <= whole` values in every lane and bytes of
        // `out`.
        unsafe {
            let mut best = load4(ptrs[0].add(at));
            let mut sum = best;
            let mut label = u8x16_splat(0);
            for (c, &ptr) in ptrs.iter().enumerate().skip(1) {
                label = channel(ptr.add(at), c as u8, &mut best, &mut sum, label);
            }
            nan = v128_or(nan, any_nan(sum));
            v128_store(out.as_mut_ptr().add(at).cast(), label);
        }
        at += STEP;
    }
    v128_any_true(nan)
}

/// [`steps`] for any number of channels.
///
/// # Safety
///
/// As [`steps`], with `lanes.len() <= 256`.
unsafe fn steps_any(lanes: &[&[f32]], whole: usize, out: &mut [u8]) -> bool {
    let mut nan = u8x16_splat(0);
    let mut at = 0;
    while at < whole {
        // SAFETY: the function's contract: `at + 16 <= whole` values in every lane and bytes of
        // `out`.
        unsafe {
            let mut best = load4(lanes[0].as_ptr().add(at));
            let mut sum = best;
            let mut label = u8x16_splat(0);
            for (c, lane) in lanes.iter().enumerate().skip(1) {
                label = channel(lane.as_ptr().add(at), c as u8, &mut best, &mut sum, label);
            }
            nan = v128_or(nan, any_nan(sum));
            v128_store(out.as_mut_ptr().add(at).cast(), label);
        }
        at += STEP;
    }
    v128_any_true(nan)
}

/// Channel `c`'s sixteen values at `ptr` against the running maximum `best`: the new maximum,
/// the new labels (returned) and the channels' sums.
///
/// # Safety
///
/// simd128 enabled; `ptr` readable for 16 f32.
#[inline(always)]
unsafe fn channel(
    ptr: *const f32,
    c: u8,
    best: &mut [v128; 4],
    sum: &mut [v128; 4],
    label: v128,
) -> v128 {
    // SAFETY: the function's contract.
    let v = unsafe { load4(ptr) };
    let mut greater = [u8x16_splat(0); 4];
    for k in 0..4 {
        greater[k] = f32x4_gt(v[k], best[k]);
        best[k] = f32x4_pmax(best[k], v[k]);
        sum[k] = f32x4_add(sum[k], v[k]);
    }
    let low = i16x8_narrow_i32x4(greater[0], greater[1]);
    let high = i16x8_narrow_i32x4(greater[2], greater[3]);
    let greater = i8x16_narrow_i16x8(low, high);
    u8x16_max(label, v128_and(greater, u8x16_splat(c)))
}

/// The lanes of the four sums that are NaN (`x != x`), as one mask.
#[inline(always)]
fn any_nan(sum: [v128; 4]) -> v128 {
    let [a, b, c, d] = sum.map(|x| f32x4_ne(x, x));
    v128_or(v128_or(a, b), v128_or(c, d))
}

/// Sixteen f32 at `ptr` as four vectors.
///
/// # Safety
///
/// simd128 enabled; `ptr` readable for 16 f32 (wasm loads need no alignment).
#[inline(always)]
unsafe fn load4(ptr: *const f32) -> [v128; 4] {
    // SAFETY: the function's contract.
    unsafe { core::array::from_fn(|k| v128_load(ptr.add(4 * k).cast())) }
}
