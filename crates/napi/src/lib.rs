//! The native N-API binding of perclass-core: borrows the caller's typed arrays (no copy), runs
//! the core on them and hands back counts. All logic lives in the core; this file only converts.
//!
//! Failures cross the boundary as values (`KernelFailure { code, message }`), never as thrown
//! napi errors, so that the TypeScript loader throws the one `PerclassError` with the core's exact
//! code and message. A Rust panic is caught here and becomes `E_INTERNAL`: it must never abort
//! the Node process.

use napi::bindgen_prelude::{
    Either, Env, Float64Array, Float64ArraySlice, TypedArray, TypedArrayType, Uint32Array,
};
use napi_derive::napi;
use perclass_core::{DepthAxis, Distance, Kernel, Labels, Metrics, PerclassError, ThinRequest};
use std::panic::{catch_unwind, AssertUnwindSafe};

mod batch;
mod masks;
mod memory_read;
mod narrow;
mod output;
mod scores;
mod sweep;
mod tasks;

/// A failure reported to JavaScript: a stable perclass error code and its message.
#[napi(object)]
pub struct KernelFailure {
    pub code: String,
    pub message: String,
}

impl From<PerclassError> for KernelFailure {
    fn from(error: PerclassError) -> Self {
        KernelFailure {
            code: error.code().to_owned(),
            message: error.to_string(),
        }
    }
}

fn internal(message: String) -> KernelFailure {
    KernelFailure {
        code: "E_INTERNAL".to_owned(),
        message,
    }
}

/// Runs `f`, turning a panic into an `E_INTERNAL` failure.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, KernelFailure>) -> Result<T, KernelFailure> {
    // AssertUnwindSafe: `f` only reads the caller's arrays and builds fresh values, so nothing it
    // can observe is left half-updated by a panic.
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Err(internal(format!(
            "internal error in the native backend: {what}"
        )))
    })
}

/// Views a JS `Uint8Array` or `Uint16Array` as labels, without copying.
fn labels<'a>(array: &'a TypedArray<'_>, name: &str) -> Result<Labels<'a>, KernelFailure> {
    let bytes: &'a [u8] = &array.arraybuffer;
    match array.typed_array_type {
        TypedArrayType::Uint8 => Ok(Labels::U8(bytes)),
        TypedArrayType::Uint16 => {
            let (head, words, tail) = {
                // SAFETY: every bit pattern is a valid u16, and `align_to` only yields the middle
                // slice at an address aligned for u16. A JS Uint16Array is always 2-byte aligned
                // (its byteOffset must be a multiple of 2), so head and tail are empty; we check.
                unsafe { bytes.align_to::<u16>() }
            };
            if !head.is_empty() || !tail.is_empty() {
                return Err(internal(format!("{name} is a misaligned Uint16Array")));
            }
            Ok(Labels::U16(words))
        }
        _ => Err(KernelFailure {
            code: "E_TYPE".to_owned(),
            message: format!("{name} must be a Uint8Array or a Uint16Array"),
        }),
    }
}

/// Confusion counts of `truth` against `pred`, flattened as
/// `[matrix (K*K, rows truth)…, voidPredicted (K)…, ignored]` in float64 (exact below 2^53).
/// Large inputs are split across a thread pool; the result is identical to a single pass.
#[napi(js_name = "confusionMatrix")]
pub fn confusion_matrix<'env>(
    env: &'env Env,
    truth: TypedArray<'_>,
    pred: TypedArray<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
) -> napi::Result<Either<Float64ArraySlice<'env>, KernelFailure>> {
    let result = guarded(|| {
        let truth = labels(&truth, "truth")?;
        let pred = labels(&pred, "pred")?;
        let counts =
            perclass_core::confusion_matrix_parallel(truth, pred, num_classes, ignore_index)?;
        Ok(counts.to_flat())
    });
    output::float64_result(env, result)
}

/// Thin-structure counts (tolerant counts, trace error, skeleton overlap, surface distances) of
/// `truth` against `pred`, flattened as `ThinCounts::to_flat` documents. `metrics` is a bit set
/// (1 tolerant, 2 trace, 4 skeleton, 8 surface); `distance` 0 Euclidean, 1 Chebyshev, 2 taxicab;
/// `depth_axis` 0 rows, 1 columns; `spacing_y`, `spacing_x` the pixel size (rows, columns), which
/// the core checks. Classes are counted in parallel on the thread pool.
#[napi(js_name = "thinCounts")]
#[allow(clippy::too_many_arguments)] // one flat call across the boundary, mirrored by the wasm ABI
pub fn thin_counts<'env>(
    env: &'env Env,
    truth: TypedArray<'_>,
    pred: TypedArray<'_>,
    width: u32,
    num_classes: u32,
    ignore_index: Option<u32>,
    classes: Uint32Array,
    tolerance: Float64Array,
    metrics: u32,
    distance: u32,
    depth_axis: u32,
    spacing_y: f64,
    spacing_x: f64,
) -> napi::Result<Either<Float64ArraySlice<'env>, KernelFailure>> {
    let result = guarded(|| {
        let truth = labels(&truth, "truth")?;
        let pred = labels(&pred, "pred")?;
        let request = ThinRequest {
            width: width as usize,
            num_classes,
            ignore_index,
            classes: &classes,
            tolerance: &tolerance,
            distance: Distance::from_code(distance)?,
            spacing: [spacing_y, spacing_x],
            depth_axis: DepthAxis::from_code(depth_axis)?,
            metrics: Metrics::from_bits(metrics)?,
        };
        Ok(perclass_core::thin_counts(truth, pred, &request)?.to_flat())
    });
    output::float64_result(env, result)
}

/// The name of the kernel the core selected on this CPU (`avx512`, `avx2`, `sse2`, `neon`,
/// `scalar`), within the cap `PERCLASS_MAX_ISA` sets. Throws when that variable names no level of
/// this architecture: the TypeScript loader calls this first, so a mistyped cap stops the native
/// backend from loading, with this message, instead of running a path nobody asked for.
#[napi(js_name = "kernelName")]
pub fn kernel_name() -> napi::Result<&'static str> {
    match Kernel::environment_error() {
        Some(error) => Err(napi::Error::new(
            napi::Status::InvalidArg,
            error.to_string(),
        )),
        None => Ok(Kernel::detect().name()),
    }
}

/// The crate's version (the workspace version, which package.json's `version` must equal): the
/// loader refuses an addon of another version, naming both, instead of half-loading it.
#[napi]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Test hook: panics inside the binding, to prove a panic becomes `E_INTERNAL` and leaves the
/// process and the addon usable. Not part of the public API.
#[napi(js_name = "panicForTest")]
pub fn panic_for_test() -> Either<(), KernelFailure> {
    match guarded(|| -> Result<(), KernelFailure> { panic!("deliberate panic (test hook)") }) {
        Ok(()) => Either::A(()),
        Err(failure) => Either::B(failure),
    }
}
