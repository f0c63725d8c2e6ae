//! Results handed to JavaScript in memory the JS engine owns.
//!
//! Why not `Float64Array::new(vec)`: that wraps the Rust allocation as an *external* buffer,
//! whose finalizer Node runs only when the event loop turns. A plain synchronous loop never lets
//! it turn, so every result of the loop stays allocated until it ends (200 `Evaluator.add` calls
//! at K=1024 reached 1.68 GB). A buffer made by `napi_create_arraybuffer` belongs to V8, which
//! frees it in an ordinary garbage collection, loop or no loop; the price is one copy of the
//! result, which is small beside the scan that produced it.

use crate::KernelFailure;
use napi::bindgen_prelude::{
    Either, Env, Float64ArraySlice, Result, Uint16ArraySlice, Uint8ArraySlice,
};

/// A flat float64 result (or the failure) as a `Float64Array` in engine-owned memory.
pub(crate) fn float64_result(
    env: &Env,
    result: std::result::Result<Vec<f64>, KernelFailure>,
) -> Result<Either<Float64ArraySlice<'_>, KernelFailure>> {
    Ok(match result {
        Ok(flat) => Either::A(Float64ArraySlice::copy_from(env, flat)?),
        Err(failure) => Either::B(failure),
    })
}

/// Decoded labels as a `Uint8Array` or `Uint16Array` in engine-owned memory.
pub(crate) fn labels_array(
    env: &Env,
    labels: perclass_io::Labels,
) -> Result<Either<Uint8ArraySlice<'_>, Uint16ArraySlice<'_>>> {
    Ok(match labels {
        perclass_io::Labels::U8(labels) => Either::A(Uint8ArraySlice::copy_from(env, labels)?),
        perclass_io::Labels::U16(labels) => Either::B(Uint16ArraySlice::copy_from(env, labels)?),
    })
}
