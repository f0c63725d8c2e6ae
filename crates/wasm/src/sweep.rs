//! The precision–recall sweep's ABI: the whole image at once (the τ-neighbourhoods need every
//! line), in buffers that live as long as the instance.
//!
//! JS puts the truth into `truth_buffer(bytes)` (the confusion calls' buffer), the scores into
//! `sweep_scores_buffer(bytes)` (f32, or bytes for quantised scores), the class list into
//! `sweep_classes_buffer(n)` and the thresholds into `sweep_thresholds_buffer(n)`, calls
//! `sweep_run(…)`, and on `STATUS_OK` reads `SweepCounts::to_flat` of the core at
//! `sweep_result_ptr()`, `sweep_result_len()` f64 values. Any allocation may grow the memory:
//! JS takes its views after the last one.

use std::cell::RefCell;

use perclass_core::scores::ScoreLayout;
use perclass_core::{Distance, Scores, SweepError, SweepRequest};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::{labels, record, resize, Width, STATE, STATUS_OK};

#[derive(Default)]
struct SweepState {
    /// Scores in f32 units, so that a Float32Array is aligned; quantised scores use its bytes.
    scores: Vec<f32>,
    classes: Vec<u32>,
    thresholds: Vec<f64>,
    output: Vec<f64>,
}

thread_local! {
    // wasm32-unknown-unknown has a single thread: a plain static with a borrow flag.
    static SWEEP: RefCell<SweepState> = RefCell::new(SweepState::default());
}

/// Address of room for `bytes` bytes of scores (0: out of memory).
#[wasm_bindgen]
pub fn sweep_scores_buffer(bytes: usize) -> usize {
    SWEEP.with_borrow_mut(|s| resize(&mut s.scores, bytes.div_ceil(4)))
}

/// Address of room for `n` class indices (u32).
#[wasm_bindgen]
pub fn sweep_classes_buffer(n: usize) -> usize {
    SWEEP.with_borrow_mut(|s| resize(&mut s.classes, n))
}

/// Address of room for `n` thresholds (f64).
#[wasm_bindgen]
pub fn sweep_thresholds_buffer(n: usize) -> usize {
    SWEEP.with_borrow_mut(|s| resize(&mut s.thresholds, n))
}

/// Sweeps the image in the buffers: `truth_wide` 0 for 8-bit labels, 1 for 16-bit;
/// `quantised` 0 for f32 scores, 1 for bytes; `distance` and `layout` by their codes.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // the flat ABI: numbers only
pub fn sweep_run(
    truth_len: usize,
    truth_wide: u32,
    scores_len: usize,
    quantised: u32,
    width: usize,
    num_classes: u32,
    has_ignore: u32,
    ignore_index: u32,
    tolerance: f64,
    distance: u32,
    layout: u32,
) -> u32 {
    SWEEP.with_borrow_mut(|sweep| {
        STATE.with_borrow_mut(|state| {
            let result = (|| -> Result<Vec<f64>, SweepError> {
                let request = SweepRequest {
                    width,
                    num_classes,
                    ignore_index: (has_ignore != 0).then_some(ignore_index),
                    classes: &sweep.classes,
                    thresholds: &sweep.thresholds,
                    tolerance,
                    distance: Distance::from_code(distance)?,
                    layout: ScoreLayout::from_code(layout)?,
                };
                let width_of = if truth_wide == 0 {
                    Width::U8
                } else {
                    Width::U16
                };
                let truth = labels(&state.truth, width_of, truth_len);
                let scores = if quantised == 0 {
                    Scores::F32(&sweep.scores[..scores_len])
                } else {
                    Scores::U8(&f32_bytes(&sweep.scores)[..scores_len])
                };
                Ok(perclass_core::sweep_counts(truth, scores, &request)?.to_flat())
            })();
            match result {
                Ok(flat) => {
                    sweep.output = flat;
                    STATUS_OK
                }
                Err(error) => record(state, error.code(), &error),
            }
        })
    })
}

fn f32_bytes(values: &[f32]) -> &[u8] {
    // SAFETY: the pointer and length describe exactly the initialised memory of `values`; u8 has
    // alignment 1 and every bit pattern is a valid u8; the result borrows `values` immutably.
    unsafe {
        std::slice::from_raw_parts(values.as_ptr().cast::<u8>(), std::mem::size_of_val(values))
    }
}

/// Address of the last sweep's result (`sweep_result_len()` f64 values).
#[wasm_bindgen]
pub fn sweep_result_ptr() -> usize {
    SWEEP.with_borrow(|s| s.output.as_ptr() as usize)
}

#[wasm_bindgen]
pub fn sweep_result_len() -> usize {
    SWEEP.with_borrow(|s| s.output.len())
}
