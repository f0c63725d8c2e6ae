//! Mask files: `decodeMask` decodes a PNG label mask with perclass-io (the same decoder the
//! native batch path runs on its own threads), returning the labels or a failure value.

// The napi macros export these to JavaScript; a `cargo test` build has no JavaScript side, so
// nothing in it calls them.
#![cfg_attr(test, allow(dead_code))]

use crate::{guarded, output, KernelFailure};
use napi::bindgen_prelude::{
    Either, Env, Uint16Array, Uint16ArraySlice, Uint32Array, Uint8Array, Uint8ArraySlice,
};
use napi_derive::napi;
use perclass_io::{ColourMap, Limits, MaskError};

/// A decoded mask: one label per pixel, row-major; `Uint8Array` or `Uint16Array` as the format
/// (or the colour map's largest label) needs, in engine-owned memory (`output.rs` says why).
#[napi(object)]
pub struct DecodedMask<'env> {
    pub width: u32,
    pub height: u32,
    pub labels: Either<Uint8ArraySlice<'env>, Uint16ArraySlice<'env>>,
}

impl From<MaskError> for KernelFailure {
    fn from(error: MaskError) -> Self {
        KernelFailure {
            code: error.code().to_owned(),
            message: error.to_string(),
        }
    }
}

/// Decodes the PNG in `bytes` (see perclass-io for the contract). `maxPixels` bounds
/// `width × height`, checked on the header before anything is allocated. `colours` (packed
/// 0xRRGGBB) and `labels` are the colour map of RGB masks, pair by pair, both or neither.
#[napi(js_name = "decodeMask")]
pub fn decode_mask<'env>(
    env: &'env Env,
    bytes: Uint8Array,
    max_pixels: f64,
    colours: Option<Uint32Array>,
    labels: Option<Uint16Array>,
) -> napi::Result<Either<DecodedMask<'env>, KernelFailure>> {
    let result = guarded(|| {
        let limits = Limits::from_f64(max_pixels)?;
        let map = match (&colours, &labels) {
            (Some(colours), Some(labels)) => Some(ColourMap::new(colours, labels)?),
            (None, None) => None,
            _ => {
                return Err(MaskError::Option(
                    "a colour map needs both its colours and its labels".to_owned(),
                )
                .into())
            }
        };
        Ok(perclass_io::decode_mask(&bytes, &limits, map.as_ref())?)
    });
    Ok(match result {
        Ok(mask) => Either::A(DecodedMask {
            width: mask.width,
            height: mask.height,
            labels: output::labels_array(env, mask.labels)?,
        }),
        Err(failure) => Either::B(failure),
    })
}
