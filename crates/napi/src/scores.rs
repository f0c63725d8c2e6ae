//! Scores straight from a model (`confusionFromScores`, `Evaluator.addScores`): the caller's
//! score array is borrowed, decided and counted in one pass by the core (`perclass_core::scores`),
//! on the rayon pool for large maps. No label map is made, here or in JavaScript.
//!
//! The element type comes from the array: `Float32Array` is f32, `Uint8Array` quantised bytes,
//! and `Uint16Array` the raw bits of a `Float16Array` (the facade passes a Float16Array as a
//! Uint16Array over the same memory: napi has no half type).

// The napi macros export these to JavaScript; a `cargo test` build has no JavaScript side, so
// nothing in it calls them.
#![cfg_attr(test, allow(dead_code))]

use napi::bindgen_prelude::{
    Either, Env, Float64Array, Float64ArraySlice, TypedArray, TypedArrayType, Uint32Array,
};
use napi_derive::napi;
use perclass_core::scores::{scores_count_parallel, ScoreLayout, ScoreRule, ScoreValues};

use crate::{guarded, internal, labels, output, KernelFailure};

/// Views the score array as the core reads it, without copying.
fn score_values<'a>(array: &'a TypedArray<'_>) -> Result<ScoreValues<'a>, KernelFailure> {
    let bytes: &'a [u8] = &array.arraybuffer;
    match array.typed_array_type {
        TypedArrayType::Uint8 => Ok(ScoreValues::U8(bytes)),
        TypedArrayType::Uint16 => Ok(ScoreValues::F16(aligned(bytes)?)),
        TypedArrayType::Float32 => Ok(ScoreValues::F32(aligned(bytes)?)),
        _ => Err(KernelFailure {
            code: "E_TYPE".to_owned(),
            message: "scores must be a Float32Array, a Float16Array or a Uint8Array".to_owned(),
        }),
    }
}

/// Bytes of a JS typed array as its elements. A JS typed array's byteOffset is always a multiple
/// of its element size, so the slice is aligned; checked all the same.
fn aligned<T: Plain>(bytes: &[u8]) -> Result<&[T], KernelFailure> {
    // SAFETY: `T` is u16 or f32 (`Plain`), for which every bit pattern is a valid value, and
    // `align_to` only yields the middle slice at an address aligned for `T`; head and tail are
    // checked to be empty, so no byte is dropped.
    let (head, values, tail) = unsafe { bytes.align_to::<T>() };
    if !head.is_empty() || !tail.is_empty() {
        return Err(internal("scores is a misaligned typed array".to_owned()));
    }
    Ok(values)
}

/// Element types whose every bit pattern is a value (what `aligned` may reinterpret bytes as).
trait Plain {}
impl Plain for u16 {}
impl Plain for f32 {}

/// Counts `truth` against the decisions of `scores`. `layout` and `rule` are the codes of
/// `ScoreLayout::CODES` and `ScoreRule::CODES`; `classes`, `thresholds` and `background` are the
/// rule's (empty for the argmax). The result is `Confusion::to_flat`, or `[class, tp, fp, fn, tn]`
/// per scored class for the multi-label rule.
#[napi(js_name = "scoresCounts")]
#[allow(clippy::too_many_arguments)] // one flat call across the boundary, mirrored by the wasm ABI
pub fn scores_counts<'env>(
    env: &'env Env,
    truth: TypedArray<'_>,
    scores: TypedArray<'_>,
    layout: u32,
    num_classes: u32,
    ignore_index: Option<u32>,
    rule: u32,
    classes: Uint32Array,
    thresholds: Float64Array,
    background: u32,
) -> napi::Result<Either<Float64ArraySlice<'env>, KernelFailure>> {
    let result = guarded(|| {
        let truth = labels(&truth, "truth")?;
        let values = score_values(&scores)?;
        let layout = ScoreLayout::from_code(layout)?;
        let rule = ScoreRule::from_code(rule, &classes, &thresholds, background)?;
        let counts =
            scores_count_parallel(truth, values, layout, &rule, num_classes, ignore_index)?;
        Ok(counts.to_flat())
    });
    output::float64_result(env, result)
}
