//! Argmax of a block of pixels: the first channel holding the maximum (a later channel replaces
//! the running best only when strictly greater, so ties go to the lower class index, as numpy's
//! and torch's argmax). NaN is only noticed here (the stream finds its first index); +∞ and −∞
//! are ordinary values.
//!
//! The planar loop (CHW: a lane of pixels per channel, compared with the running maximum) has no
//! branch per pixel, so the compiler vectorizes it for the ISA the caller is compiled for
//! (`blocks.rs` compiles it once more with AVX2 on CPUs that have it).

use super::Score;

/// The argmax of `arg.len()` pixels whose channel `c` is `channel(c)` (each `arg.len()` long):
/// the winning channel of each pixel into `arg`. Returns whether any value was NaN.
#[inline(always)]
pub(crate) fn argmax_planar<'a, T: Score + 'a>(
    channel: impl Fn(usize) -> &'a [T],
    channels: usize,
    arg: &mut [u32],
) -> bool {
    let first = channel(0);
    let mut best = first.to_vec();
    arg.fill(0);
    let mut nan = first.iter().fold(false, |seen, &v| seen | v.is_nan());
    for c in 1..channels {
        let lane = channel(c);
        let index = c as u32;
        for ((best, arg), &v) in best.iter_mut().zip(arg.iter_mut()).zip(lane) {
            let greater = v > *best;
            nan |= v.is_nan();
            *best = if greater { v } else { *best };
            *arg = if greater { index } else { *arg };
        }
    }
    nan
}

/// The argmax of `arg.len()` pixels stored pixel-major (HWC: `channels` values per pixel).
#[inline(always)]
pub(crate) fn argmax_interleaved<T: Score>(values: &[T], channels: usize, arg: &mut [u32]) -> bool {
    let mut nan = false;
    for (pixel, out) in values.chunks_exact(channels).zip(arg.iter_mut()) {
        let mut best = pixel[0];
        let mut index = 0;
        nan |= best.is_nan();
        for (c, &v) in pixel.iter().enumerate().skip(1) {
            nan |= v.is_nan();
            if v > best {
                best = v;
                index = c;
            }
        }
        *out = index as u32;
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
        let mut arg = [9; 2];
        assert!(!argmax_planar(|c| &chw[c * 2..c * 2 + 2], 2, &mut arg));
        assert_eq!(arg, [0, 1]);
    }
}
