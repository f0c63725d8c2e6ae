//! Thresholds for probability maps (sigmoid heads): one map per scored class; a pixel is class
//! `c` when `p_c >= t_c`; when several pass, the one with the highest probability (ties: the
//! lower class, the first in the list); when none does, the background class. Probabilities are
//! compared in f64 (`u8` scores as `value / 255`), as the TypeScript backend compares them.

use super::{Label, Score};

/// The decision of `arg.len()` pixels whose map `j` (of `classes[j]`) is `channel(j)`.
/// Returns whether any value was NaN.
#[inline(always)]
pub(crate) fn threshold_planar<'a, T: Score + 'a, L: Label>(
    channel: impl Fn(usize) -> &'a [T],
    classes: &[u32],
    thresholds: &[f64],
    background: u32,
    arg: &mut [L],
) -> bool {
    let mut best = vec![f64::NEG_INFINITY; arg.len()];
    arg.fill(L::from_class(background));
    let mut nan = false;
    for (j, (&class, &t)) in classes.iter().zip(thresholds).enumerate() {
        for ((best, arg), &v) in best.iter_mut().zip(arg.iter_mut()).zip(channel(j)) {
            let p = v.probability();
            nan |= v.is_nan();
            // Strictly above the best so far: an earlier class keeps a tie.
            let wins = p >= t && p > *best;
            *best = if wins { p } else { *best };
            *arg = if wins { L::from_class(class) } else { *arg };
        }
    }
    nan
}

/// [`threshold_planar`] for pixel-major maps (`classes.len()` values per pixel).
#[inline(always)]
pub(crate) fn threshold_interleaved<T: Score, L: Label>(
    values: &[T],
    classes: &[u32],
    thresholds: &[f64],
    background: u32,
    arg: &mut [L],
) -> bool {
    let mut nan = false;
    for (pixel, out) in values.chunks_exact(classes.len()).zip(arg.iter_mut()) {
        let mut best = f64::NEG_INFINITY;
        let mut label = background;
        for ((&v, &class), &t) in pixel.iter().zip(classes).zip(thresholds) {
            let p = v.probability();
            nan |= v.is_nan();
            if p >= t && p > best {
                best = p;
                label = class;
            }
        }
        *out = L::from_class(label);
    }
    nan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_above_is_background_several_above_is_the_highest() {
        // Classes 1 and 2, thresholds 0.5 and 0.3; pixels: none, only 1, only 2, both (2 higher),
        // both equal (1 wins), exactly at the thresholds.
        let p1 = [0.1f32, 0.6, 0.2, 0.6, 0.7, 0.5];
        let p2 = [0.2f32, 0.1, 0.4, 0.9, 0.7, 0.3];
        let chw: Vec<f32> = p1.iter().chain(&p2).copied().collect();
        let hwc: Vec<f32> = p1.iter().zip(&p2).flat_map(|(a, b)| [*a, *b]).collect();
        let expected = [0, 1, 2, 2, 1, 1];
        let mut arg = [9u32; 6];
        threshold_planar(
            |j| &chw[j * 6..j * 6 + 6],
            &[1, 2],
            &[0.5, 0.3],
            0,
            &mut arg,
        );
        assert_eq!(arg, expected);
        let mut arg = [9u32; 6];
        threshold_interleaved(&hwc, &[1, 2], &[0.5, 0.3], 0, &mut arg);
        assert_eq!(arg, expected);
    }

    #[test]
    fn bytes_are_probabilities_over_255() {
        let bytes: [u8; 3] = [127, 128, 255];
        let mut arg = [9u8; 3];
        threshold_planar(|_| &bytes[..], &[3], &[128.0 / 255.0], 7, &mut arg);
        assert_eq!(arg, [7, 3, 3]);
    }
}
