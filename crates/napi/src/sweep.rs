//! The precision–recall sweep's binding: borrows the truth and the scores (no copy), returns
//! `SweepCounts::to_flat` of the core.

// The napi macros export these to JavaScript; a `cargo test` build has no JavaScript side, so
// nothing in it calls them.
#![cfg_attr(test, allow(dead_code))]

use napi::bindgen_prelude::{
    Either, Env, Float64Array, Float64ArraySlice, TypedArray, TypedArrayType, Uint32Array,
};
use napi_derive::napi;
use perclass_core::scores::ScoreLayout;
use perclass_core::{Distance, Scores, SweepError, SweepRequest};

use crate::{guarded, internal, labels, output, KernelFailure};

impl From<SweepError> for KernelFailure {
    fn from(error: SweepError) -> Self {
        KernelFailure {
            code: error.code().to_owned(),
            message: error.to_string(),
        }
    }
}

/// Views a JS `Float32Array` or `Uint8Array` (quantised probabilities) as scores.
fn scores<'a>(array: &'a TypedArray<'_>) -> Result<Scores<'a>, KernelFailure> {
    let bytes: &'a [u8] = &array.arraybuffer;
    match array.typed_array_type {
        TypedArrayType::Uint8 => Ok(Scores::U8(bytes)),
        TypedArrayType::Float32 => {
            let (head, values, tail) = {
                // SAFETY: every bit pattern is a valid f32, and `align_to` only yields the middle
                // slice at an address aligned for f32. A JS Float32Array's byteOffset is a
                // multiple of 4, so head and tail are empty; we check.
                unsafe { bytes.align_to::<f32>() }
            };
            if !head.is_empty() || !tail.is_empty() {
                return Err(internal("scores is a misaligned Float32Array".to_owned()));
            }
            Ok(Scores::F32(values))
        }
        _ => Err(KernelFailure {
            code: "E_TYPE".to_owned(),
            message: "scores must be a Float32Array or a Uint8Array".to_owned(),
        }),
    }
}

/// The sweep's counts of one image, flat: per scored class `[truth, predicted (T)…,
/// tpPred (T)…, tpTruth (T)…]`. `distance` as `thinCounts` takes it; `layout` 0 chw, 1 hwc.
/// Classes are counted in parallel on the thread pool.
#[napi(js_name = "sweepCounts")]
#[allow(clippy::too_many_arguments)] // one flat call across the boundary, mirrored by the wasm ABI
pub fn sweep_counts<'env>(
    env: &'env Env,
    truth: TypedArray<'_>,
    probs: TypedArray<'_>,
    width: u32,
    num_classes: u32,
    ignore_index: Option<u32>,
    classes: Uint32Array,
    thresholds: Float64Array,
    tolerance: f64,
    distance: u32,
    layout: u32,
) -> napi::Result<Either<Float64ArraySlice<'env>, KernelFailure>> {
    let result = guarded(|| {
        let truth = labels(&truth, "truth")?;
        let probs = scores(&probs)?;
        let request = SweepRequest {
            width: width as usize,
            num_classes,
            ignore_index,
            classes: &classes,
            thresholds: &thresholds,
            tolerance,
            distance: Distance::from_code(distance)?,
            layout: ScoreLayout::from_code(layout)?,
        };
        Ok(perclass_core::sweep_counts(truth, probs, &request)?.to_flat())
    });
    output::float64_result(env, result)
}
