//! The argmax of f32 scores into byte labels, written with simd128 intrinsics for the wasm
//! build, where the compiler's vectorization of `argmax.rs` is slow (the planar loop's per-lane
//! u32 indices are narrowed to bytes lane by lane; the pixel-major loop is not vectorized).
//! Pixel-major (HWC) maps of 2 to 4 channels are first taken apart into planar vectors.
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
    let nan = unsafe {
        match lanes.len() {
            2 => steps::<2>(lanes, whole, out),
            3 => steps::<3>(lanes, whole, out),
            4 => steps::<4>(lanes, whole, out),
            _ => steps_any(lanes, whole, out),
        }
    };
    // The tail (fewer than 16 pixels): the reference's argmax.
    nan | super::argmax::argmax_planar(|c| &lanes[c][whole..n], lanes.len(), &mut out[whole..])
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
    // SAFETY: this function's contract.
    unsafe { steps_over(&ptrs, whole, out) }
}

/// [`steps`] for any number of channels.
///
/// # Safety
///
/// As [`steps`], with `lanes.len() <= 256`.
unsafe fn steps_any(lanes: &[&[f32]], whole: usize, out: &mut [u8]) -> bool {
    let ptrs: Vec<*const f32> = lanes.iter().map(|lane| lane.as_ptr()).collect();
    // SAFETY: this function's contract.
    unsafe { steps_over(&ptrs, whole, out) }
}

/// The step loop of [`steps`] and [`steps_any`], over one pointer per channel (an array when
/// the count is known at compile time, which the inlined channel loop then unrolls).
///
/// # Safety
///
/// As [`steps`]: each pointer is readable for `whole` values.
#[inline(always)]
unsafe fn steps_over(ptrs: &[*const f32], whole: usize, out: &mut [u8]) -> bool {
    let mut nan = u8x16_splat(0);
    let mut at = 0;
    while at < whole {
        // SAFETY: the function's contract: `at + 16 <= whole` values behind every pointer and
        // bytes of `out`.
        unsafe {
            let mut step = Step::new(load4(ptrs[0].add(at)));
            for (c, &ptr) in ptrs.iter().enumerate().skip(1) {
                step.channel(load4(ptr.add(at)), c as u8);
            }
            nan = v128_or(nan, step.nan());
            v128_store(out.as_mut_ptr().add(at).cast(), step.label);
        }
        at += STEP;
    }
    v128_any_true(nan)
}

/// The argmax of `out.len()` pixels stored pixel-major (HWC), for 2, 3 or 4 channels (None,
/// nothing written, for any other count): sixteen pixels a step, their values taken apart into
/// one set of vectors per channel with shuffles, then decided as the planar steps decide.
/// Otherwise as [`argmax_planar_f32_u8`]: the winning channel of each pixel into `out`, and
/// whether any value was NaN.
pub(crate) fn argmax_interleaved_f32_u8(
    values: &[f32],
    channels: usize,
    out: &mut [u8],
) -> Option<bool> {
    let n = out.len();
    assert!(
        values.len() >= n * channels,
        "argmax values shorter than the block"
    );
    let whole = n - n % STEP;
    // SAFETY: simd128 is enabled for the whole build; `values` holds `whole * C` values and
    // `out` `whole` bytes, as the steps need.
    let nan = unsafe {
        match channels {
            2 => interleaved_steps::<2>(values, whole, out),
            3 => interleaved_steps::<3>(values, whole, out),
            4 => interleaved_steps::<4>(values, whole, out),
            _ => return None,
        }
    };
    // The tail (fewer than 16 pixels): the reference's argmax.
    let tail = &values[whole * channels..n * channels];
    Some(nan | super::argmax::argmax_interleaved(tail, channels, &mut out[whole..]))
}

/// The whole steps of a pixel-major map of `C` channels (2, 3 or 4).
///
/// # Safety
///
/// simd128 enabled; `values` at least `whole * C` long, `whole <= out.len()` and a multiple of
/// [`STEP`].
#[inline(always)]
unsafe fn interleaved_steps<const C: usize>(values: &[f32], whole: usize, out: &mut [u8]) -> bool {
    let mut nan = u8x16_splat(0);
    let mut at = 0;
    while at < whole {
        // SAFETY: the function's contract: 16 pixels of C values from pixel `at`, and 16 bytes
        // of `out`.
        unsafe {
            let lanes = deinterleave::<C>(values.as_ptr().add(at * C));
            let mut step = Step::new(lanes[0]);
            for (c, &v) in lanes.iter().enumerate().skip(1) {
                step.channel(v, c as u8);
            }
            nan = v128_or(nan, step.nan());
            v128_store(out.as_mut_ptr().add(at).cast(), step.label);
        }
        at += STEP;
    }
    v128_any_true(nan)
}

/// Sixteen pixels of `C` interleaved values at `ptr`, as four vectors per channel (vector `k`
/// of channel `c`: channel `c` of pixels `4k .. 4k + 4`). Shuffles of 32-bit lanes, by four
/// pixels (`C` vectors in, `C` out): C = 2 picks the even and the odd lanes, C = 4 is a 4×4
/// transpose, C = 3 gathers each channel's lanes from the three vectors.
///
/// # Safety
///
/// simd128 enabled; `ptr` readable for `16 * C` f32; `C` is 2, 3 or 4.
#[inline(always)]
unsafe fn deinterleave<const C: usize>(ptr: *const f32) -> [[v128; 4]; C] {
    let mut lanes = [[u8x16_splat(0); 4]; C];
    for k in 0..4 {
        // SAFETY: the function's contract: vectors `k * C .. k * C + C` lie within `16 * C`.
        let v: [v128; C] =
            core::array::from_fn(|j| unsafe { v128_load(ptr.add(4 * (k * C + j)).cast()) });
        match C {
            2 => {
                lanes[0][k] = i32x4_shuffle::<0, 2, 4, 6>(v[0], v[1]);
                lanes[1][k] = i32x4_shuffle::<1, 3, 5, 7>(v[0], v[1]);
            }
            3 => {
                // a = p0c0 p0c1 p0c2 p1c0, b = p1c1 p1c2 p2c0 p2c1, c = p2c2 p3c0 p3c1 p3c2.
                // Five shuffles, each taking two lanes of one vector then two of another (one
                // `shufps` in the engines; a general two-vector shuffle is two byte shuffles
                // and an OR): ab = a1 a2 b0 b1 and bc = b2 b3 c1 c2 first.
                let [a, b, c] = [v[0], v[1], v[2]];
                let ab = i32x4_shuffle::<1, 2, 4, 5>(a, b);
                let bc = i32x4_shuffle::<2, 3, 5, 6>(b, c);
                lanes[0][k] = i32x4_shuffle::<0, 3, 4, 6>(a, bc); // a0 a3 b2 c1
                lanes[1][k] = i32x4_shuffle::<0, 2, 5, 7>(ab, bc); // a1 b0 b3 c2
                lanes[2][k] = i32x4_shuffle::<1, 3, 4, 7>(ab, c); // a2 b1 c0 c3
            }
            _ => {
                let low01 = i32x4_shuffle::<0, 4, 1, 5>(v[0], v[1]);
                let high01 = i32x4_shuffle::<2, 6, 3, 7>(v[0], v[1]);
                let low23 = i32x4_shuffle::<0, 4, 1, 5>(v[2], v[3]);
                let high23 = i32x4_shuffle::<2, 6, 3, 7>(v[2], v[3]);
                lanes[0][k] = i64x2_shuffle::<0, 2>(low01, low23);
                lanes[1][k] = i64x2_shuffle::<1, 3>(low01, low23);
                lanes[2][k] = i64x2_shuffle::<0, 2>(high01, high23);
                lanes[3][k] = i64x2_shuffle::<1, 3>(high01, high23);
            }
        }
    }
    lanes
}

/// One step's running decision over sixteen pixels: the maximum so far, the channel sums (for
/// NaN) and the labels.
struct Step {
    best: [v128; 4],
    sum: [v128; 4],
    label: v128,
}

impl Step {
    /// Channel 0's values: the maximum so far, label 0.
    #[inline(always)]
    fn new(first: [v128; 4]) -> Step {
        Step {
            best: first,
            sum: first,
            label: u8x16_splat(0),
        }
    }

    /// Channel `c`'s values, after every lower channel.
    #[inline(always)]
    fn channel(&mut self, v: [v128; 4], c: u8) {
        let mut greater = [u8x16_splat(0); 4];
        for k in 0..4 {
            greater[k] = f32x4_gt(v[k], self.best[k]);
            self.best[k] = f32x4_pmax(self.best[k], v[k]);
            self.sum[k] = f32x4_add(self.sum[k], v[k]);
        }
        // The 32-bit masks to bytes with two rounds of the 16-to-8-bit narrow: a 0 / -1 lane of
        // 32 bits is two 16-bit lanes of that value, which narrow to two bytes of it, the same
        // again as one 16-bit lane. (The 32-to-16-bit narrow compiles, on masks, to clamps and
        // a byte shuffle, both several instructions in the engines.)
        let low = i8x16_narrow_i16x8(greater[0], greater[1]);
        let high = i8x16_narrow_i16x8(greater[2], greater[3]);
        let greater = i8x16_narrow_i16x8(low, high);
        self.label = u8x16_max(self.label, v128_and(greater, u8x16_splat(c)));
    }

    /// The lanes whose channel sum is NaN (`x != x`), as one mask.
    #[inline(always)]
    fn nan(&self) -> v128 {
        let [a, b, c, d] = self.sum.map(|x| f32x4_ne(x, x));
        v128_or(v128_or(a, b), v128_or(c, d))
    }
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
