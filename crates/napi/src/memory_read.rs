//! The memory-read baseline of the confusion benchmark (bench/confusion.ts), not part of the
//! public API: both maps read in place, as `confusionMatrix` reads them, on the same threads.

// The napi macro exports this to JavaScript; a `cargo test` build has no JavaScript side, so
// nothing in it calls it.
#![cfg_attr(test, allow(dead_code))]

use napi::bindgen_prelude::{Either, TypedArray};
use napi_derive::napi;

use crate::{guarded, labels, KernelFailure};

/// The sum of every byte of `truth` and `pred` (`perclass_core::memory_read_sum_parallel`): the
/// fastest the addon can read the two maps. A float64 is exact here below 2^53 / 255 bytes.
#[napi(js_name = "memoryReadSum")]
pub fn memory_read_sum(truth: TypedArray<'_>, pred: TypedArray<'_>) -> Either<f64, KernelFailure> {
    let result = guarded(|| {
        let (truth, pred) = (labels(&truth, "truth")?, labels(&pred, "pred")?);
        Ok(perclass_core::memory_read_sum_parallel(truth, pred) as f64)
    });
    match result {
        Ok(sum) => Either::A(sum),
        Err(failure) => Either::B(failure),
    }
}
