//! Multi-label heads: each scored class counted one-vs-rest on its own probability map.

use super::blocks::Piece;
use super::{OneVsRest, ScoreLayout};

/// Adds a block's one-vs-rest counts; `truth` holds the class of each pixel (u32::MAX: none,
/// left out). Returns whether a NaN was seen.
pub(crate) fn tally<T: Copy>(
    piece: Piece<'_, T>,
    truth: &[u32],
    thresholds: &[f64],
    classes: &mut [OneVsRest],
    read: impl Fn(T) -> (f64, bool),
) -> bool {
    let mut nan = false;
    let c = piece.channels;
    for (j, (counts, &t)) in classes.iter_mut().zip(thresholds).enumerate() {
        let mut cells = [0u64; 4]; // indexed by 2·positive + in truth
        let mut visit = |label: u32, value: T| {
            let (p, is_nan) = read(value);
            nan |= is_nan;
            if label != u32::MAX {
                let positive = usize::from(p >= t);
                cells[2 * positive + usize::from(label == counts.class)] += 1;
            }
        };
        match piece.layout {
            ScoreLayout::Chw => {
                for (&label, &value) in truth.iter().zip(piece.lane(j)) {
                    visit(label, value);
                }
            }
            ScoreLayout::Hwc => {
                for (&label, pixel) in truth.iter().zip(piece.lane(0).chunks_exact(c)) {
                    visit(label, pixel[j]);
                }
            }
        }
        counts.tn += cells[0];
        counts.fn_ += cells[1];
        counts.fp += cells[2];
        counts.tp += cells[3];
    }
    nan
}
