//! `narrowLabels`: a label map of any integer type checked and copied into a `Uint16Array` the
//! caller made, for the kernels (perclass-core's `narrow` module says what is kept and how).

// napi-derive registers the exported function only outside tests, where nothing else calls it.
#![cfg_attr(test, allow(dead_code))]

use crate::{guarded, internal, KernelFailure};
use napi::bindgen_prelude::{Either, TypedArray, TypedArrayType, Uint16ArraySlice};
use napi_derive::napi;
use perclass_core::IntegerLabel;

/// Narrows `labels` (a `Uint8Array`, `Uint16Array`, `Int32Array`, `Uint32Array` or
/// `BigInt64Array`) into `out`, of the same length, on the thread pool for large maps. Returns
/// the position of the first label that is neither a class nor `ignore_index`, or the map's
/// length when there is none. `ignore_index` is a safe integer (the facade checked it).
#[napi(js_name = "narrowLabels")]
pub fn narrow_labels(
    labels: TypedArray<'_>,
    mut out: Uint16ArraySlice<'_>,
    num_classes: u32,
    ignore_index: Option<f64>,
) -> Either<f64, KernelFailure> {
    // SAFETY: `out` is a fresh, unshared Uint16Array the facade allocated for this call
    // (src/label-narrowing.ts), and JavaScript cannot run while this synchronous call does, so
    // nothing else reads or writes it meanwhile.
    let out: &mut [u16] = unsafe { out.as_mut() };
    let ignore = ignore_index.map(|value| value as i64);
    let bytes: &[u8] = &labels.arraybuffer;
    let result = guarded(|| {
        let first_bad = match labels.typed_array_type {
            TypedArrayType::Uint8 => narrow(bytes, num_classes, ignore, out),
            TypedArrayType::Uint16 => narrow(words::<u16>(bytes)?, num_classes, ignore, out),
            TypedArrayType::Int32 => narrow(words::<i32>(bytes)?, num_classes, ignore, out),
            TypedArrayType::Uint32 => narrow(words::<u32>(bytes)?, num_classes, ignore, out),
            TypedArrayType::BigInt64 => narrow(words::<i64>(bytes)?, num_classes, ignore, out),
            other => return Err(internal(format!("narrowLabels got a {other:?} array"))),
        }?;
        Ok(first_bad as f64)
    });
    match result {
        Ok(first_bad) => Either::A(first_bad),
        Err(failure) => Either::B(failure),
    }
}

/// The narrowing pass, or the first bad position (the map's length when every label is kept).
fn narrow<T: IntegerLabel>(
    labels: &[T],
    num_classes: u32,
    ignore: Option<i64>,
    out: &mut [u16],
) -> Result<usize, KernelFailure> {
    if labels.len() != out.len() {
        return Err(internal(format!(
            "narrowLabels: out holds {} labels, the map {}",
            out.len(),
            labels.len()
        )));
    }
    Ok(
        perclass_core::narrow_labels_parallel(labels, num_classes, ignore, out)
            .err()
            .unwrap_or(labels.len()),
    )
}

/// A typed array's bytes as its elements; only ever called with plain integer types.
fn words<T: IntegerLabel>(bytes: &[u8]) -> Result<&[T], KernelFailure> {
    // SAFETY: T is one of u16, i32, u32, i64, for which every bit pattern is a valid value, and
    // `align_to` yields the middle slice only at addresses aligned for T. A JS typed array's
    // byteOffset is a multiple of its element size, so head and tail are empty; we check.
    let (head, words, tail) = unsafe { bytes.align_to::<T>() };
    if !head.is_empty() || !tail.is_empty() {
        return Err(internal(
            "narrowLabels got a misaligned typed array".to_owned(),
        ));
    }
    Ok(words)
}
