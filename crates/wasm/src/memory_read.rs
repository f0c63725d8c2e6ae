//! The memory-read baseline of the confusion benchmark (bench/confusion.ts), not part of the
//! public API. JS streams both maps through the confusion count's chunk buffers (`truth_buffer`,
//! `pred_buffer`), one `TypedArray.set` each per chunk as `confusion_<t>_<p>` gets them, and calls
//! `memory_read_chunk` instead: so the baseline includes the same copy across the ABI.

use wasm_bindgen::prelude::wasm_bindgen;

use crate::{labels, Width, STATE};

/// The sum of every byte of the first `len` labels in each buffer (`truth_wide`, `pred_wide`:
/// 0 u8, 1 u16), read with simd128. A float64: exact far beyond what a 4 GiB memory holds.
#[wasm_bindgen]
pub fn memory_read_chunk(truth_wide: u32, pred_wide: u32, len: usize) -> f64 {
    let width = |wide: u32| if wide == 0 { Width::U8 } else { Width::U16 };
    STATE.with_borrow(|state| {
        let truth = labels(&state.truth, width(truth_wide), len);
        let pred = labels(&state.pred, width(pred_wide), len);
        perclass_core::memory_read_sum(truth, pred) as f64
    })
}
