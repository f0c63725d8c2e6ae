//! The scalar reference: one pixel at a time, written to be obviously right. Every SIMD kernel is
//! tested bit-for-bit against it, and SIMD kernels hand it the blocks they do not handle
//! themselves (ignore pixels, out-of-range labels), so errors are always located by this code.

use crate::{Confusion, Labels, PerclassError, Side};

pub(crate) fn accumulate(
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    match (truth, pred) {
        (Labels::U8(t), Labels::U8(p)) => run(t, p, num_classes, ignore_index, offset, counts),
        (Labels::U8(t), Labels::U16(p)) => run(t, p, num_classes, ignore_index, offset, counts),
        (Labels::U16(t), Labels::U8(p)) => run(t, p, num_classes, ignore_index, offset, counts),
        (Labels::U16(t), Labels::U16(p)) => run(t, p, num_classes, ignore_index, offset, counts),
    }
}

/// The reference loop for one pair of label widths; the block drivers call it directly on the
/// blocks they hand over, with the block's position as `offset`.
pub(crate) fn run<T: Copy + Into<u32>, P: Copy + Into<u32>>(
    truth: &[T],
    pred: &[P],
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    let k = num_classes;
    // u32::MAX never equals a u8/u16 label, so "no ignore index" needs no branch below.
    let ignore = ignore_index.unwrap_or(u32::MAX);
    let out_of_range = |side, value, i: usize| PerclassError::LabelRange {
        side,
        value,
        index: offset + i,
        num_classes,
        ignore_index,
    };
    for (i, (&t, &p)) in truth.iter().zip(pred).enumerate() {
        let (t, p): (u32, u32) = (t.into(), p.into());
        if t >= k && t != ignore {
            return Err(out_of_range(Side::Truth, t, i));
        }
        // A prediction is checked even where the truth is ignored: an out-of-range prediction
        // is a broken model output wherever it lands.
        if p >= k && p != ignore {
            return Err(out_of_range(Side::Prediction, p, i));
        }
        if t == ignore {
            counts.ignored += 1;
        } else if p == ignore {
            counts.void_predicted[t as usize] += 1;
        } else {
            counts.matrix[(t * k + p) as usize] += 1;
        }
    }
    Ok(())
}
