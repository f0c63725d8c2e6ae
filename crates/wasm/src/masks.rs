//! PNG masks decoded inside the module by perclass-io (the strict decoder the native addon runs:
//! same labels, same error codes), and counted where they were decoded, so that a caller who only
//! needs counts (the worker pool of `evaluateFiles`) never copies labels out to JavaScript.
//!
//! Two slots, 0 and 1 (truth and prediction), each holding a file's bytes and its decoded mask:
//!
//! 1. `png_buffer(slot, bytes)` returns where to put the PNG's bytes (0: out of memory).
//! 2. For RGB(A) masks, the colour map: `colour_map_colours(n)` (u32, packed 0xRRGGBB) and
//!    `colour_map_labels(n)` (u16) return where its two arrays go; `colour_map_build(n)` checks
//!    them (perclass-io's `E_OPTION`s) and keeps the map for the decodes that ask for it.
//! 3. `decode_png(slot, len, max_pixels, use_colour_map)` decodes the slot's first `len` bytes;
//!    on `STATUS_ERROR` the slot is empty and the error (perclass-io's code and message) is at
//!    `error_code_ptr` / `error_message_ptr`. The mask: `mask_width(slot)`, `mask_height(slot)`,
//!    `mask_wide(slot)` (0: u8 labels, 1: u16) and `mask_labels_ptr(slot)` (`width × height`
//!    labels; valid until the slot's next decode or any call that allocates).
//! 4. `mask_counts(...)` counts slot 0 (truth) against slot 1 (prediction): the confusion counts
//!    (read them with `confusion_finish`, as after a streamed count) and, when asked, the
//!    thin-structure counts (class and τ lists from `thin_classes_buffer` /
//!    `thin_tolerance_buffer`; the result at `thin_result_ptr`). Errors come in the order the
//!    streamed `confusion_begin` / `thin_begin` / chunk calls give them.

use std::cell::RefCell;

use perclass_core::{Confusion, PerclassError, ThinRequest};
use perclass_io::{ColourMap, Limits, Mask, MaskError};
use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(test)]
use crate::STATUS_ERROR;
use crate::{chunk_labels, record, record_error, resize, thin_chunk_rows, STATE, STATUS_OK};

/// One file's bytes and, once decoded, its labels.
#[derive(Default)]
struct Slot {
    png: Vec<u8>,
    mask: Option<Mask>,
}

#[derive(Default)]
struct Masks {
    slots: [Slot; 2],
    colours: Vec<u32>,
    labels: Vec<u16>,
    colour_map: Option<ColourMap>,
}

thread_local! {
    // Apart from STATE, which the error and result accessors borrow.
    static MASKS: RefCell<Masks> = RefCell::new(Masks::default());
}

/// The slot `slot` names. Panics (a trap) on another number: a loader bug, not bad input.
fn slot_mut(masks: &mut Masks, slot: u32) -> &mut Slot {
    masks
        .slots
        .get_mut(slot as usize)
        .expect("a mask slot is 0 or 1 (a loader bug)")
}

fn decoded(masks: &Masks, slot: u32) -> &Mask {
    masks.slots[slot as usize]
        .mask
        .as_ref()
        .expect("a mask accessor called on an empty slot (a loader bug)")
}

fn record_mask_error(error: &MaskError) -> u32 {
    STATE.with_borrow_mut(|state| record(state, error.code(), error))
}

/// Address of room for `bytes` bytes of PNG in `slot` (0: out of memory).
#[wasm_bindgen]
pub fn png_buffer(slot: u32, bytes: usize) -> usize {
    MASKS.with_borrow_mut(|masks| {
        let png = &mut slot_mut(masks, slot).png;
        if png.len() < bytes {
            if png.try_reserve_exact(bytes - png.len()).is_err() {
                return 0;
            }
            png.resize(bytes, 0);
        }
        png.as_mut_ptr() as usize
    })
}

/// Address of room for the colour map's `n` colours (u32, 0xRRGGBB) (0: out of memory).
#[wasm_bindgen]
pub fn colour_map_colours(n: usize) -> usize {
    MASKS.with_borrow_mut(|masks| resize(&mut masks.colours, n))
}

/// Address of room for the colour map's `n` labels (u16) (0: out of memory).
#[wasm_bindgen]
pub fn colour_map_labels(n: usize) -> usize {
    MASKS.with_borrow_mut(|masks| resize(&mut masks.labels, n))
}

/// Builds the colour map from the first `n` colours and labels put in their buffers.
#[wasm_bindgen]
pub fn colour_map_build(n: usize) -> u32 {
    let built = MASKS.with_borrow_mut(|masks| {
        let map = ColourMap::new(&masks.colours[..n], &masks.labels[..n]);
        map.map(|map| masks.colour_map = Some(map))
    });
    match built {
        Ok(()) => STATUS_OK,
        Err(error) => record_mask_error(&error),
    }
}

/// Decodes the first `len` bytes of `slot`'s PNG buffer into its mask. `max_pixels`: the largest
/// accepted `width × height` (a positive integer); `use_colour_map`: 1 to map RGB(A) colours with
/// the map `colour_map_build` kept.
#[wasm_bindgen]
pub fn decode_png(slot: u32, len: usize, max_pixels: f64, use_colour_map: u32) -> u32 {
    let result = MASKS.with_borrow_mut(|masks| {
        let Masks {
            slots, colour_map, ..
        } = masks;
        let slot = slots
            .get_mut(slot as usize)
            .expect("a mask slot is 0 or 1 (a loader bug)");
        // Dropped first: the old labels need not live beside the new ones.
        slot.mask = None;
        let limits = Limits::from_f64(max_pixels)?;
        let map = if use_colour_map != 0 {
            Some(
                colour_map
                    .as_ref()
                    .expect("use_colour_map before colour_map_build (a loader bug)"),
            )
        } else {
            None
        };
        slot.mask = Some(perclass_io::decode_mask(&slot.png[..len], &limits, map)?);
        Ok(())
    });
    match result {
        Ok(()) => STATUS_OK,
        Err(error) => record_mask_error(&error),
    }
}

#[wasm_bindgen]
pub fn mask_width(slot: u32) -> u32 {
    MASKS.with_borrow(|masks| decoded(masks, slot).width)
}

#[wasm_bindgen]
pub fn mask_height(slot: u32) -> u32 {
    MASKS.with_borrow(|masks| decoded(masks, slot).height)
}

/// 0 when the slot's labels are u8, 1 when they are u16.
#[wasm_bindgen]
pub fn mask_wide(slot: u32) -> u32 {
    MASKS.with_borrow(|masks| match decoded(masks, slot).labels {
        perclass_io::Labels::U8(_) => 0,
        perclass_io::Labels::U16(_) => 1,
    })
}

/// Address of the slot's labels (`width × height` of them, u8 or u16 as `mask_wide` says).
#[wasm_bindgen]
pub fn mask_labels_ptr(slot: u32) -> usize {
    MASKS.with_borrow(|masks| match &decoded(masks, slot).labels {
        perclass_io::Labels::U8(labels) => labels.as_ptr() as usize,
        perclass_io::Labels::U16(labels) => labels.as_ptr() as usize,
    })
}

fn core_labels(labels: &perclass_io::Labels) -> perclass_core::Labels<'_> {
    match labels {
        perclass_io::Labels::U8(labels) => perclass_core::Labels::U8(labels),
        perclass_io::Labels::U16(labels) => perclass_core::Labels::U16(labels),
    }
}

fn piece<'a>(
    labels: &perclass_core::Labels<'a>,
    range: std::ops::Range<usize>,
) -> perclass_core::Labels<'a> {
    match *labels {
        perclass_core::Labels::U8(all) => perclass_core::Labels::U8(&all[range]),
        perclass_core::Labels::U16(all) => perclass_core::Labels::U16(&all[range]),
    }
}

/// Counts the truth mask (slot 0) against the prediction mask (slot 1): the confusion counts
/// (then `confusion_finish`), and with `thin` = 1 the thin-structure counts of the classes and τ
/// in their buffers (then `thin_result_ptr` / `thin_result_len`). `metrics`, `distance`,
/// `depth_axis` and the spacing are `thin_begin`'s; the width is the truth mask's.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // the flat ABI: numbers only
pub fn mask_counts(
    num_classes: u32,
    has_ignore: u32,
    ignore_index: u32,
    thin: u32,
    metrics: u32,
    distance: u32,
    depth_axis: u32,
    spacing_y: f64,
    spacing_x: f64,
) -> u32 {
    let ignore = (has_ignore != 0).then_some(ignore_index);
    MASKS.with_borrow(|masks| {
        let [truth, pred] = [0, 1].map(|slot| decoded(masks, slot));
        let width = truth.width as usize;
        STATE.with_borrow_mut(|state| {
            let choices = (thin != 0)
                .then(|| crate::thin_choices(distance, depth_axis, metrics))
                .transpose();
            let request = match choices {
                Ok(choices) => choices.map(|(distance, depth_axis, metrics)| ThinRequest {
                    width,
                    num_classes,
                    ignore_index: ignore,
                    classes: &state.classes,
                    tolerance: &state.tolerance,
                    distance,
                    spacing: [spacing_y, spacing_x],
                    depth_axis,
                    metrics,
                }),
                Err(error) => return record_error(state, &error),
            };
            let counted = count(
                core_labels(&truth.labels),
                core_labels(&pred.labels),
                num_classes,
                ignore,
                request.as_ref(),
            );
            match counted {
                Ok((counts, thin_output)) => {
                    state.counts = counts;
                    if let Some(flat) = thin_output {
                        state.thin_output = flat;
                    }
                    STATUS_OK
                }
                Err(error) => record_error(state, &error),
            }
        })
    })
}

/// The confusion counts and, with `request`, the flat thin-structure counts of two whole maps,
/// in pieces of whole rows so that both counts read a piece while it is in the cache. Checks and
/// errors in the streamed calls' order: the confusion's arguments, the thin request's, then the
/// first bad label.
fn count(
    truth: perclass_core::Labels<'_>,
    pred: perclass_core::Labels<'_>,
    num_classes: u32,
    ignore: Option<u32>,
    request: Option<&ThinRequest<'_>>,
) -> Result<(Confusion, Option<Vec<f64>>), PerclassError> {
    let (len, other) = (truth.len(), pred.len());
    let mut counts = Confusion::for_maps(len, other, num_classes)?;
    let mut stream = match request {
        Some(request) => Some(perclass_core::ThinStream::new(len, other, request)?),
        None => None,
    };
    let step = match request {
        Some(request) => thin_chunk_rows(request.width, num_classes) * request.width,
        None => chunk_labels(num_classes),
    };
    let mut start = 0;
    while start < len {
        let end = len.min(start + step);
        let (t, p) = (piece(&truth, start..end), piece(&pred, start..end));
        counts.add_chunk(t, p, ignore, start)?;
        if let Some(stream) = stream.as_mut() {
            stream.add_rows(t, p)?;
        }
        start = end;
    }
    Ok((counts, stream.map(|stream| stream.finish().to_flat())))
}

#[cfg(test)]
mod tests {
    // Exercised from JavaScript (test/png-decode-wasm.test.ts: parity with the native and ts
    // decoders on random and damaged files); here, the slot and counting plumbing.
    use super::*;

    fn put_png(slot: u32, bytes: &[u8]) {
        let address = png_buffer(slot, bytes.len());
        // SAFETY: png_buffer just made room for `bytes.len()` initialised bytes at `address`; no
        // reference into that buffer is alive and the regions cannot overlap.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), address as *mut u8, bytes.len()) };
    }

    /// An 8-bit grey PNG of `rows` (filter 0, one stored deflate block).
    fn grey_png(width: u32, rows: &[&[u8]]) -> Vec<u8> {
        let mut raw = Vec::new();
        for row in rows {
            raw.push(0);
            raw.extend_from_slice(row);
        }
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in &raw {
            a = (a + u32::from(byte)) % 65521;
            b = (b + a) % 65521;
        }
        let len = raw.len() as u16;
        let mut zlib = vec![0x78, 0x01, 1];
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(&raw);
        zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
        let mut header = Vec::new();
        header.extend_from_slice(&width.to_be_bytes());
        header.extend_from_slice(&(rows.len() as u32).to_be_bytes());
        header.extend_from_slice(&[8, 0, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        for (kind, data) in [(b"IHDR", header), (b"IDAT", zlib), (b"IEND", Vec::new())] {
            png.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let start = png.len();
            png.extend_from_slice(kind);
            png.extend_from_slice(&data);
            let crc = crc32fast::hash(&png[start..]);
            png.extend_from_slice(&crc.to_be_bytes());
        }
        png
    }

    #[test]
    fn decodes_both_slots_and_counts_them_in_place() {
        let truth = grey_png(3, &[&[0, 0, 1], &[2, 1, 0]]);
        let pred = grey_png(3, &[&[0, 1, 1], &[2, 0, 0]]);
        for (slot, png) in [(0, &truth), (1, &pred)] {
            put_png(slot, png);
            assert_eq!(decode_png(slot, png.len(), 100.0, 0), STATUS_OK);
            assert_eq!(
                (mask_width(slot), mask_height(slot), mask_wide(slot)),
                (3, 2, 0)
            );
        }
        // SAFETY: slot 1 holds a decoded 3x2 u8 mask, and nothing changes it while this reads.
        let labels = unsafe { std::slice::from_raw_parts(mask_labels_ptr(1) as *const u8, 6) };
        assert_eq!(labels, [0, 1, 1, 2, 0, 0]);
        assert_eq!(mask_counts(3, 0, 0, 0, 0, 0, 0, 1.0, 1.0), STATUS_OK);
        let flat = STATE.with_borrow(|s| s.counts.to_flat());
        // truth 0 -> pred [2, 1, 0]; truth 1 -> [1, 1, 0]; truth 2 -> [0, 0, 1]
        assert_eq!(&flat[..9], [2., 1., 0., 1., 1., 0., 0., 0., 1.]);
        // A label the class count excludes is the core's error, at its position in the map.
        assert_eq!(mask_counts(2, 0, 0, 0, 0, 0, 0, 1.0, 1.0), STATUS_ERROR);
        let error = STATE.with_borrow(|s| (s.error_code, s.error_message.clone()));
        assert_eq!(error.0, "E_LABEL_RANGE");
        assert!(error.1.contains("index 3"), "{}", error.1);
    }

    #[test]
    fn a_damaged_file_leaves_its_error_and_an_empty_slot() {
        put_png(0, b"not a png at all");
        assert_eq!(decode_png(0, 16, 1e6, 0), STATUS_ERROR);
        let code = STATE.with_borrow(|s| s.error_code);
        assert_eq!(code, "E_PNG_CORRUPT");
        assert!(MASKS.with_borrow(|m| m.slots[0].mask.is_none()));
    }

    #[test]
    fn a_bad_pixel_limit_is_an_option_error() {
        put_png(1, b"x");
        assert_eq!(decode_png(1, 1, 0.5, 0), STATUS_ERROR);
        assert_eq!(STATE.with_borrow(|s| s.error_code), "E_OPTION");
    }
}
