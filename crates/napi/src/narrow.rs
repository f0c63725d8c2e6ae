//! `narrowLabels`: a label map of any integer type checked and copied into a `Uint8Array` or a
//! `Uint16Array` the caller made, for the kernels (perclass-core's `narrow` module says what is
//! kept and how).

// napi-derive registers the exported function only outside tests, where nothing else calls it.
#![cfg_attr(test, allow(dead_code))]

use crate::{guarded, internal, KernelFailure};
use napi::bindgen_prelude::{
    Either, TypedArray, TypedArrayType, Uint16ArraySlice, Uint8ArraySlice,
};
use napi_derive::napi;
use perclass_core::{IntegerLabel, NarrowLabel};

/// Narrows `labels` (a `Uint8Array`, `Uint16Array`, `Int32Array`, `Uint32Array` or
/// `BigInt64Array`) into `out` (8 bits only for at most 255 classes), of the same length, on
/// the thread pool for large maps. Returns
/// the position of the first label that is neither a class nor `ignore_index`, or the map's
/// length when there is none. `ignore_index` is a safe integer (the facade checked it).
#[napi(js_name = "narrowLabels")]
pub fn narrow_labels(
    labels: TypedArray<'_>,
    out: Either<Uint8ArraySlice<'_>, Uint16ArraySlice<'_>>,
    num_classes: u32,
    ignore_index: Option<f64>,
) -> Either<f64, KernelFailure> {
    let ignore = ignore_index.map(|value| value as i64);
    let result = guarded(|| {
        let first_bad = match out {
            // SAFETY (both): `out` is a fresh, unshared array the facade allocated for this call
            // (src/label-narrowing.ts), and JavaScript cannot run while this synchronous call
            // does, so nothing else reads or writes it meanwhile.
            Either::A(mut bytes) => into(&labels, num_classes, ignore, unsafe { bytes.as_mut() }),
            Either::B(mut words) => into(&labels, num_classes, ignore, unsafe { words.as_mut() }),
        }?;
        Ok(first_bad as f64)
    });
    match result {
        Ok(first_bad) => Either::A(first_bad),
        Err(failure) => Either::B(failure),
    }
}

/// [`narrow`] of the JS array, by its element type.
fn into<O: NarrowLabel>(
    labels: &TypedArray<'_>,
    num_classes: u32,
    ignore: Option<i64>,
    out: &mut [O],
) -> Result<usize, KernelFailure> {
    let bytes: &[u8] = &labels.arraybuffer;
    match labels.typed_array_type {
        TypedArrayType::Uint8 => narrow(bytes, num_classes, ignore, out),
        TypedArrayType::Uint16 => narrow(words::<u16>(bytes)?, num_classes, ignore, out),
        TypedArrayType::Int32 => narrow(words::<i32>(bytes)?, num_classes, ignore, out),
        TypedArrayType::Uint32 => narrow(words::<u32>(bytes)?, num_classes, ignore, out),
        TypedArrayType::BigInt64 => narrow(words::<i64>(bytes)?, num_classes, ignore, out),
        other => Err(internal(format!("narrowLabels got a {other:?} array"))),
    }
}

/// The narrowing pass, or the first bad position (the map's length when every label is kept).
fn narrow<T: IntegerLabel, O: NarrowLabel>(
    labels: &[T],
    num_classes: u32,
    ignore: Option<i64>,
    out: &mut [O],
) -> Result<usize, KernelFailure> {
    if num_classes > O::MAX_CLASSES {
        return Err(internal(format!(
            "narrowLabels: {num_classes} classes do not fit the output array"
        )));
    }
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
