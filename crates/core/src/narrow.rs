//! Narrowing: a label map of any integer width (what onnxruntime, tfjs or torch hand out: i32,
//! u32, i64 argmax labels) checked and copied into an 8- or 16-bit map the kernels read, in one
//! pass. The caller picks 8 bits where the classes fit (the u8 kernels are the fastest, and half
//! the memory is written), else 16 (`MAX_CLASSES` is far below 2^16).
//!
//! A label is kept when it is a class (`0 <= v < num_classes`) or the ignore index. Classes keep
//! their value; the ignore index becomes [`NarrowLabel::ignore_label`]: itself when it fits the
//! narrow type, else the type's largest value ([`NARROWED_IGNORE`] for 16 bits), which is no
//! class. Anything else stops the pass at its position. The facade builds the `E_LABEL_RANGE`
//! message from the caller's own array (the first bad position over both maps), so the message
//! names the original value (-3, 4294967295, 2^40) exactly as the caller holds it; the position
//! is all this module needs to report.
//!
//! The 8- and 16-bit maps go through the same pass when they need checking against an ignore
//! index no 16-bit map can hold (the facade's rule: src/label-narrowing.ts).

use crate::MAX_CLASSES;

/// The label an ignore index outside `0..=65535` (torch's -100, or 70000 in an `Int32Array`)
/// takes in a narrowed map. No class can have it: classes are below [`MAX_CLASSES`].
pub const NARROWED_IGNORE: u16 = u16::MAX;

const _: () = assert!((NARROWED_IGNORE as u32) >= MAX_CLASSES);

/// The same for a narrowed 8-bit map (at most 255 classes, 0..=254).
pub const NARROWED_IGNORE_U8: u8 = u8::MAX;

/// The type of a narrowed map: u8 or u16.
pub trait NarrowLabel: Copy + Send + Sync {
    /// The most classes a map of this type takes: all below the type's largest value, which is
    /// left for an ignore index the type cannot hold.
    const MAX_CLASSES: u32;
    /// A class's label from its low 16 bits.
    fn from_low16(low: u16) -> Self;
    /// The label an ignore index has in a narrowed map of this type.
    fn ignore_label(ignore_index: i64) -> Self;
}

impl NarrowLabel for u8 {
    const MAX_CLASSES: u32 = NARROWED_IGNORE_U8 as u32;
    #[inline(always)]
    fn from_low16(low: u16) -> u8 {
        low as u8
    }
    fn ignore_label(ignore_index: i64) -> u8 {
        u8::try_from(ignore_index).unwrap_or(NARROWED_IGNORE_U8)
    }
}

impl NarrowLabel for u16 {
    const MAX_CLASSES: u32 = MAX_CLASSES;
    #[inline(always)]
    fn from_low16(low: u16) -> u16 {
        low
    }
    fn ignore_label(ignore_index: i64) -> u16 {
        u16::try_from(ignore_index).unwrap_or(NARROWED_IGNORE)
    }
}

/// Labels per block: the pass checks a block's verdict once, so the inner loop has no branch
/// (it vectorises); a bad block is scanned again for its first bad position.
const BLOCK: usize = 4096;

/// An integer label type a map may hold. Comparisons stay in the type's own width, so that the
/// pass vectorises as well for i32 as for u8.
pub trait IntegerLabel: Copy + Send + Sync + PartialEq {
    /// The ignore index as this type, when the type can hold it (else no label equals it).
    fn from_ignore(ignore_index: i64) -> Option<Self>;
    /// Whether the label is a class: `0 <= self < num_classes`.
    fn is_class(self, num_classes: u32) -> bool;
    /// The low 16 bits: the label itself for a class.
    fn low16(self) -> u16;
}

macro_rules! integer_label {
    ($t:ty, $class:expr) => {
        impl IntegerLabel for $t {
            fn from_ignore(ignore_index: i64) -> Option<Self> {
                <$t>::try_from(ignore_index).ok()
            }
            #[inline(always)]
            fn is_class(self, num_classes: u32) -> bool {
                let class: fn($t, u32) -> bool = $class;
                class(self, num_classes)
            }
            #[inline(always)]
            fn low16(self) -> u16 {
                self as u16
            }
        }
    };
}

// Signed types compare as unsigned: a negative label wraps above every class.
integer_label!(u8, |v, k| u32::from(v) < k);
integer_label!(u16, |v, k| u32::from(v) < k);
integer_label!(i32, |v, k| (v as u32) < k);
integer_label!(u32, |v, k| v < k);
integer_label!(i64, |v, k| (v as u64) < u64::from(k));

/// Copies `labels` into `out` (the same length) as described in the module docs. `Err(i)`: the
/// label at `i` is neither a class nor the ignore index, and no earlier one is; `out` is then
/// only partly written. Panics when `num_classes` is beyond the output type's
/// [`NarrowLabel::MAX_CLASSES`] (a caller's bug: the labels would not fit).
pub fn narrow_labels<T: IntegerLabel, O: NarrowLabel>(
    labels: &[T],
    num_classes: u32,
    ignore_index: Option<i64>,
    out: &mut [O],
) -> Result<(), usize> {
    assert_eq!(
        labels.len(),
        out.len(),
        "narrow_labels: out has another length"
    );
    assert!(
        num_classes <= O::MAX_CLASSES,
        "narrow_labels: {num_classes} classes do not fit the output type"
    );
    // An ignore index the type cannot hold never matches: the map is checked as if there were none.
    let ignore = ignore_index.and_then(T::from_ignore);
    // Never written when there is no ignore index.
    let ignore_out = O::ignore_label(ignore_index.unwrap_or(-1));
    let (has_ignore, ignore) = match ignore {
        Some(value) => (true, value),
        // Never compared (`has_ignore` is false); any value of the type will do.
        None => (false, T::from_ignore(0).expect("every label type holds 0")),
    };
    for (block, (src, dst)) in labels.chunks(BLOCK).zip(out.chunks_mut(BLOCK)).enumerate() {
        let mut bad = false;
        for (o, &v) in dst.iter_mut().zip(src) {
            let ignored = has_ignore & (v == ignore);
            bad |= !(ignored | v.is_class(num_classes));
            *o = if ignored {
                ignore_out
            } else {
                O::from_low16(v.low16())
            };
        }
        if bad {
            let keeps = |v: T| (has_ignore && v == ignore) || v.is_class(num_classes);
            let at = src.iter().position(|&v| !keeps(v));
            return Err(block * BLOCK + at.expect("a bad block holds a bad label"));
        }
    }
    Ok(())
}

/// [`narrow_labels`] on the rayon pool for maps of [`crate::PARALLEL_MIN_PIXELS`] or more:
/// chunks narrowed in parallel, and the lowest bad position wins, so the result is the one pass's.
#[cfg(feature = "parallel")]
pub fn narrow_labels_parallel<T: IntegerLabel, O: NarrowLabel>(
    labels: &[T],
    num_classes: u32,
    ignore_index: Option<i64>,
    out: &mut [O],
) -> Result<(), usize> {
    use rayon::prelude::*;
    assert_eq!(
        labels.len(),
        out.len(),
        "narrow_labels: out has another length"
    );
    if labels.len() < crate::PARALLEL_MIN_PIXELS {
        return narrow_labels(labels, num_classes, ignore_index, out);
    }
    let chunk = (labels.len() / (4 * rayon::current_num_threads())).next_multiple_of(BLOCK);
    let first_bad = labels
        .par_chunks(chunk)
        .zip(out.par_chunks_mut(chunk))
        .enumerate()
        .filter_map(|(i, (src, dst))| {
            narrow_labels(src, num_classes, ignore_index, dst)
                .err()
                .map(|at| i * chunk + at)
        })
        .min();
    first_bad.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Narrowed to 16 bits; checked to give the same in 8 bits where the ignore index allows.
    fn narrowed<T: IntegerLabel>(
        labels: &[T],
        k: u32,
        ignore: Option<i64>,
    ) -> Result<Vec<u16>, usize> {
        let mut out = vec![0xabcd_u16; labels.len()];
        let wide = narrow_labels(labels, k, ignore, &mut out).map(|()| out);
        let mut bytes = vec![0xab_u8; labels.len()];
        let byte = narrow_labels(labels, k, ignore, &mut bytes).map(|()| bytes);
        if ignore.is_none_or(|i| !(256..=65535).contains(&i)) {
            let as_u8 = |v: u16| {
                if v == NARROWED_IGNORE {
                    u8::MAX
                } else {
                    v as u8
                }
            };
            let expected = wide.clone().map(|w| w.into_iter().map(as_u8).collect());
            assert_eq!(byte, expected);
        }
        wide
    }

    #[test]
    #[should_panic(expected = "do not fit the output type")]
    fn too_many_classes_for_8_bits_is_a_bug() {
        let _ = narrow_labels(&[0i32], 256, None, &mut [0u8]);
    }

    #[test]
    fn classes_keep_their_value_and_the_ignore_index_its_own_when_it_fits() {
        assert_eq!(
            narrowed(&[0i32, 2, 1, 255], 3, Some(255)),
            Ok(vec![0, 2, 1, 255])
        );
        assert_eq!(
            narrowed(&[0u32, 70_000], 3, Some(70_000)),
            Ok(vec![0, 65535])
        );
        assert_eq!(narrowed(&[-100i64, 1], 3, Some(-100)), Ok(vec![65535, 1]));
        assert_eq!(narrowed::<i32>(&[], 3, None), Ok(vec![]));
    }

    #[test]
    fn the_first_label_that_is_neither_class_nor_ignore_is_reported() {
        assert_eq!(narrowed(&[0i32, -3, 7], 3, None), Err(1));
        assert_eq!(narrowed(&[0u32, 1, u32::MAX], 3, None), Err(2));
        assert_eq!(narrowed(&[1i64 << 40, 0], 3, None), Err(0));
        // i32 -100 is not u32 4294967196, and 65536 is not 0 once narrowed.
        assert_eq!(narrowed(&[0u32, 4_294_967_196], 3, Some(-100)), Err(1));
        assert_eq!(narrowed(&[0i32, 65_536], 3, None), Err(1));
        // An ignore index the type cannot hold never matches (u8 and -100).
        assert_eq!(narrowed(&[0u8, 156], 3, Some(-100)), Err(1));
        // Across blocks: the position is in the whole map.
        let mut long = vec![1i32; 3 * BLOCK];
        long[2 * BLOCK + 5] = 3;
        long[2 * BLOCK + 9] = -1;
        assert_eq!(narrowed(&long, 3, None), Err(2 * BLOCK + 5));
    }

    #[test]
    fn an_ignore_index_inside_the_classes_is_still_the_ignore_index() {
        assert_eq!(narrowed(&[1i32, 2], 3, Some(1)), Ok(vec![1, 2]));
    }

    #[cfg(feature = "parallel")]
    #[test]
    fn the_parallel_pass_gives_the_one_pass_result() {
        let n = crate::PARALLEL_MIN_PIXELS * 3 + 17;
        let labels: Vec<i64> = (0..n as i64).map(|i| i % 5).collect();
        let mut one = vec![0u16; n];
        let mut many = vec![0u16; n];
        assert_eq!(narrow_labels(&labels, 4, Some(4), &mut one), Ok(()));
        assert_eq!(
            narrow_labels_parallel(&labels, 4, Some(4), &mut many),
            Ok(())
        );
        assert_eq!(one, many);
        let mut bad = labels.clone();
        bad[n - 3] = -1;
        bad[n / 2 + 1] = 9;
        assert_eq!(
            narrow_labels_parallel(&bad, 5, None, &mut many),
            Err(n / 2 + 1)
        );
    }
}
