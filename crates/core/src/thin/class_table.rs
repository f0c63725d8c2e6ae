//! What the fast mask scan does with each label value: add the pixel to a requested class's set,
//! skip it, leave its pixel out (the ignore index), or report it (out of range).
//!
//! One table lookup per label replaces the reference's chain of comparisons, and the same table
//! answers for u8 and u16 labels.

use super::ThinRequest;
use crate::{PerclassError, Side};

/// A valid label that is not a requested class.
pub(crate) const NONE: u16 = 0xFFFD;
/// The ignore index (also when it is a requested class: its sets are empty by definition).
pub(crate) const IGNORE: u16 = 0xFFFE;
/// A label outside `[0, K)` that is not the ignore index.
pub(crate) const BAD: u16 = 0xFFFF;

/// Per label value, its code: the requested class's position in the request (`< NONE`; at most
/// `MAX_CLASSES` classes, far below `NONE`), or `NONE`, `IGNORE`, `BAD`.
// The byte-vector fields are only read where a vector scan is compiled (`row_scan.rs`).
#[cfg_attr(
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    )),
    allow(dead_code)
)]
pub(crate) struct ClassTable {
    /// Codes of labels `0..codes.len()`; every larger label is `BAD` (the table covers `[0, K)`
    /// and the ignore index when it is a possible u16 label).
    codes: Vec<u16>,
    /// Requested classes a u8 label can hold (and that are not the ignore index), with their
    /// position in the request: the classes the byte-vector scan compares against.
    pub u8_classes: Vec<(u8, usize)>,
    /// The ignore index when a u8 label can hold it.
    pub ignore_u8: Option<u8>,
    pub num_classes: u32,
    pub ignore_index: Option<u32>,
    /// Number of requested classes (the sets the scan fills).
    pub slots: usize,
}

impl ClassTable {
    pub fn new(request: &ThinRequest<'_>) -> ClassTable {
        let k = request.num_classes;
        let ignore = request.ignore_index;
        let wide_ignore = ignore.filter(|&i| i <= u32::from(u16::MAX));
        let len = wide_ignore.map_or(k, |i| k.max(i + 1)) as usize;
        let mut codes = vec![BAD; len];
        codes[..k as usize].fill(NONE);
        for (slot, &c) in request.classes.iter().enumerate() {
            codes[c as usize] = slot as u16;
        }
        if let Some(i) = wide_ignore {
            codes[i as usize] = IGNORE;
        }
        let u8_classes = request
            .classes
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c <= 255 && Some(c) != ignore)
            .map(|(slot, &c)| (c as u8, slot))
            .collect();
        ClassTable {
            codes,
            u8_classes,
            ignore_u8: ignore.filter(|&i| i <= 255).map(|i| i as u8),
            num_classes: k,
            ignore_index: ignore,
            slots: request.classes.len(),
        }
    }

    #[inline(always)]
    pub fn code(&self, label: u32) -> u16 {
        self.codes.get(label as usize).copied().unwrap_or(BAD)
    }

    /// The confusion matrix's error for a `BAD` label at flat position `index`.
    #[cold]
    pub fn error(&self, side: Side, value: u32, index: usize) -> PerclassError {
        PerclassError::LabelRange {
            side,
            value,
            index,
            num_classes: self.num_classes,
            ignore_index: self.ignore_index,
        }
    }
}
