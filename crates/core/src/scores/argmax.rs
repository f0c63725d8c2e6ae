//! Argmax of a block of pixels: the first channel holding the maximum (a later channel replaces
//! the running best only when strictly greater, so ties go to the lower class index, as numpy's
//! and torch's argmax). NaN is only noticed here (the stream finds its first index); +∞ and −∞
//! are ordinary values.
//!
//! The planar loop (CHW: a lane of pixels per channel, compared with the running maximum) has no
//! branch per pixel, so the compiler vectorizes it for the ISA the caller is compiled for
//! (`blocks.rs` compiles it once more with AVX2 on CPUs that have it).

use super::{Label, Score};

/// Pixels a planar step holds in registers: two AVX2 vectors of f32 on x86_64 (measured 11 ms
/// against 12.5 with one, 3×4096² CHW); two 128-bit vectors elsewhere (simd128 ran 36 ms with
/// two, 62 with four).
#[cfg(target_arch = "x86_64")]
const LANES: usize = 16;
#[cfg(not(target_arch = "x86_64"))]
const LANES: usize = 8;

/// The argmax of `arg.len()` pixels whose channel `c` is `channel(c)` (each `arg.len()` long):
/// the winning channel of each pixel into `arg`. Returns whether any value was NaN.
///
/// Eight pixels at a time, every channel read once: the running maximum, its channel and the NaN
/// flags stay in registers (fixed-size arrays the compiler turns into vectors), and only the
/// winners are written.
#[inline(always)]
pub(crate) fn argmax_planar<'a, T: Score + 'a, L: Label>(
    channel: impl Fn(usize) -> &'a [T],
    channels: usize,
    arg: &mut [L],
) -> bool {
    let n = arg.len();
    let lanes: Vec<&[T]> = (0..channels).map(&channel).collect();
    let mut nan = [false; LANES];
    let whole = n - n % LANES;
    for (step, out) in arg[..whole].chunks_exact_mut(LANES).enumerate() {
        let at = step * LANES;
        let mut best: [T; LANES] = lanes[0][at..at + LANES].try_into().expect("a lane");
        let mut index = [0u32; LANES];
        for k in 0..LANES {
            nan[k] |= best[k].is_nan();
        }
        for (c, lane) in lanes.iter().enumerate().skip(1) {
            let values: &[T; LANES] = lane[at..at + LANES].try_into().expect("a lane");
            for k in 0..LANES {
                let greater = values[k] > best[k];
                nan[k] |= values[k].is_nan();
                best[k] = if greater { values[k] } else { best[k] };
                index[k] = if greater { c as u32 } else { index[k] };
            }
        }
        for (out, &index) in out.iter_mut().zip(&index) {
            *out = L::from_class(index);
        }
    }
    let mut tail_nan = false;
    for (i, out) in arg.iter_mut().enumerate().skip(whole) {
        let (mut best, mut index) = (lanes[0][i], 0);
        tail_nan |= best.is_nan();
        for (c, lane) in lanes.iter().enumerate().skip(1) {
            tail_nan |= lane[i].is_nan();
            if lane[i] > best {
                (best, index) = (lane[i], c as u32);
            }
        }
        *out = L::from_class(index);
    }
    tail_nan || nan.iter().any(|&x| x)
}

/// The argmax of `arg.len()` pixels stored pixel-major (HWC: `channels` values per pixel).
/// Branch-free per pixel; the common small channel counts get a loop the compiler unrolls.
#[inline(always)]
pub(crate) fn argmax_interleaved<T: Score, L: Label>(
    values: &[T],
    channels: usize,
    arg: &mut [L],
) -> bool {
    match channels {
        2 => interleaved_fixed::<T, L, 2>(values, arg),
        3 => interleaved_fixed::<T, L, 3>(values, arg),
        4 => interleaved_fixed::<T, L, 4>(values, arg),
        _ => interleaved_any(values, channels, arg),
    }
}

#[inline(always)]
fn interleaved_fixed<T: Score, L: Label, const C: usize>(values: &[T], arg: &mut [L]) -> bool {
    let mut nan = false;
    for (pixel, out) in values.chunks_exact(C).zip(arg.iter_mut()) {
        let pixel: &[T; C] = pixel.try_into().expect("a pixel");
        let (mut best, mut index) = (pixel[0], 0u32);
        nan |= best.is_nan();
        for (c, &v) in pixel.iter().enumerate().skip(1) {
            let greater = v > best;
            nan |= v.is_nan();
            best = if greater { v } else { best };
            index = if greater { c as u32 } else { index };
        }
        *out = L::from_class(index);
    }
    nan
}

#[inline(always)]
fn interleaved_any<T: Score, L: Label>(values: &[T], channels: usize, arg: &mut [L]) -> bool {
    let mut nan = false;
    for (pixel, out) in values.chunks_exact(channels).zip(arg.iter_mut()) {
        let (mut best, mut index) = (pixel[0], 0u32);
        nan |= best.is_nan();
        for (c, &v) in pixel.iter().enumerate().skip(1) {
            let greater = v > best;
            nan |= v.is_nan();
            best = if greater { v } else { best };
            index = if greater { c as u32 } else { index };
        }
        *out = L::from_class(index);
    }
    nan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planar(values: &[f32], channels: usize) -> (Vec<u32>, bool) {
        let n = values.len() / channels;
        let mut arg = vec![9; n];
        let nan = argmax_planar(|c| &values[c * n..(c + 1) * n], channels, &mut arg);
        (arg, nan)
    }

    fn interleaved(values: &[f32], channels: usize) -> (Vec<u32>, bool) {
        let mut arg = vec![9; values.len() / channels];
        let nan = argmax_interleaved(values, channels, &mut arg);
        (arg, nan)
    }

    #[test]
    fn ties_go_to_the_lower_channel() {
        // Pixels: all equal, a tie between 1 and 2 above 0, -inf everywhere but 2, +inf in 0 and 1.
        let inf = f32::INFINITY;
        let chw = [1., 0., -inf, inf, 1., 5., -inf, inf, 1., 5., 3., 2.];
        assert_eq!(planar(&chw, 3), (vec![0, 1, 2, 0], false));
        let hwc = [1., 1., 1., 0., 5., 5., -inf, -inf, 3., inf, inf, 2.];
        assert_eq!(interleaved(&hwc, 3), (vec![0, 1, 2, 0], false));
    }

    #[test]
    fn nan_is_noticed_in_any_channel() {
        let mut chw = [0.0f32; 6];
        for at in 0..6 {
            chw.fill(0.0);
            chw[at] = f32::NAN;
            assert!(planar(&chw, 3).1, "{at}");
            assert!(interleaved(&chw, 3).1, "{at}");
        }
    }

    #[test]
    fn one_channel_is_class_zero() {
        assert_eq!(planar(&[3., -1., 7.], 1), (vec![0, 0, 0], false));
        assert_eq!(interleaved(&[3., -1., 7.], 1), (vec![0, 0, 0], false));
    }

    #[test]
    fn bytes_argmax_on_their_raw_values() {
        let chw: [u8; 4] = [200, 7, 200, 8];
        let mut arg = [9u32; 2];
        assert!(!argmax_planar(|c| &chw[c * 2..c * 2 + 2], 2, &mut arg));
        assert_eq!(arg, [0, 1]);
    }
}
