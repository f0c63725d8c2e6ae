//! Label buffers that JS fills in place (`WasmLabels` in `src/wasm-labels.ts`): a decoder or a
//! file read writes the labels straight into wasm memory, and the count reads them where they are,
//! so a call copies nothing across the ABI. The streamed calls (`truth_buffer` / `pred_buffer`)
//! copy every label once; for a thin-curve map that copy was a third of the call (4096², K = 3:
//! ~1.9 ms of ~5 ms).
//!
//! 1. `label_buffer_alloc(bytes)` returns the address of a zeroed buffer of at least `bytes` bytes
//!    (0: out of memory), aligned for 16-bit labels; it lives until `label_buffer_free(address)`.
//! 2. `confusion_in_place(truth_at, truth_wide, pred_at, pred_wide, len)`, between
//!    `confusion_begin` and `confusion_finish`, counts `len` labels of each map at those addresses
//!    (`*_wide`: 0 u8, 1 u16) in one call, offset 0. It returns `STATUS_NOT_IN_PLACE`, having
//!    counted nothing, unless both ranges lie inside live label buffers: JS then streams the maps
//!    as it does any other array. So the only memory a count reads in place is memory this module
//!    handed out for labels and has not taken back.
//! 3. `memory_read_in_place(...)`: the benchmark's memory-read baseline over the same ranges.

use std::cell::RefCell;
use std::collections::BTreeMap;

use perclass_core::Labels;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::{as_bytes, record_error, STATE, STATUS_OK};

/// `confusion_in_place` counted nothing: a range is not inside a live label buffer.
pub const STATUS_NOT_IN_PLACE: u32 = 2;

thread_local! {
    // Apart from STATE, which a count borrows at the same time. Keyed by address, so that the
    // buffer holding an address is the last one starting at or before it.
    static BUFFERS: RefCell<BTreeMap<usize, Box<[u16]>>> = const { RefCell::new(BTreeMap::new()) };
}

/// A new zeroed label buffer of at least `bytes` bytes (one byte at least, so that every buffer
/// has an address of its own); its address, or 0 when the memory cannot grow that far.
#[wasm_bindgen]
pub fn label_buffer_alloc(bytes: usize) -> usize {
    let units = bytes.max(1).div_ceil(2);
    let mut storage = Vec::new();
    if storage.try_reserve_exact(units).is_err() {
        return 0;
    }
    storage.resize(units, 0u16);
    let buffer = storage.into_boxed_slice();
    let address = buffer.as_ptr() as usize;
    BUFFERS.with_borrow_mut(|buffers| buffers.insert(address, buffer));
    address
}

/// Takes back the label buffer at `address`: 1, or 0 when no live buffer starts there.
#[wasm_bindgen]
pub fn label_buffer_free(address: usize) -> u32 {
    BUFFERS.with_borrow_mut(|buffers| u32::from(buffers.remove(&address).is_some()))
}

/// Runs `body` on the `len` labels at `truth_at` and `pred_at` when both ranges lie inside live
/// label buffers (and a 16-bit range starts on a 16-bit boundary); `None` otherwise.
fn in_place<R>(
    (truth_at, truth_wide): (usize, u32),
    (pred_at, pred_wide): (usize, u32),
    len: usize,
    body: impl FnOnce(Labels<'_>, Labels<'_>) -> R,
) -> Option<R> {
    BUFFERS.with_borrow(|buffers| {
        let truth = labels_at(buffers, truth_at, truth_wide, len)?;
        let pred = labels_at(buffers, pred_at, pred_wide, len)?;
        Some(body(truth, pred))
    })
}

/// The `len` labels at `address` (`wide`: 0 u8, 1 u16), if they lie inside one live buffer.
fn labels_at(
    buffers: &BTreeMap<usize, Box<[u16]>>,
    address: usize,
    wide: u32,
    len: usize,
) -> Option<Labels<'_>> {
    let (&start, buffer) = buffers.range(..=address).next_back()?;
    let from = address - start;
    if wide == 0 {
        let bytes = as_bytes(buffer);
        bytes.get(from..from.checked_add(len)?).map(Labels::U8)
    } else {
        if !from.is_multiple_of(2) {
            return None;
        }
        let first = from / 2;
        buffer.get(first..first.checked_add(len)?).map(Labels::U16)
    }
}

/// Counts `len` labels of each map where they are; see the module docs.
#[wasm_bindgen]
pub fn confusion_in_place(
    truth_at: usize,
    truth_wide: u32,
    pred_at: usize,
    pred_wide: u32,
    len: usize,
) -> u32 {
    let counted = in_place((truth_at, truth_wide), (pred_at, pred_wide), len, |t, p| {
        STATE.with_borrow_mut(|state| {
            let ignore = state.ignore_index;
            match state.counts.add_chunk(t, p, ignore, 0) {
                Ok(()) => STATUS_OK,
                Err(error) => record_error(state, &error),
            }
        })
    });
    counted.unwrap_or(STATUS_NOT_IN_PLACE)
}

/// The sum of every byte of both ranges (the memory-read baseline), or -1 when they are not both
/// inside live label buffers.
#[wasm_bindgen]
pub fn memory_read_in_place(
    truth_at: usize,
    truth_wide: u32,
    pred_at: usize,
    pred_wide: u32,
    len: usize,
) -> f64 {
    in_place((truth_at, truth_wide), (pred_at, pred_wide), len, |t, p| {
        perclass_core::memory_read_sum(t, p) as f64
    })
    .unwrap_or(-1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{confusion_begin, confusion_finish, STATUS_ERROR};

    fn counts(num_classes: usize) -> Vec<f64> {
        let at = confusion_finish() as *const f64;
        let n = num_classes * num_classes + num_classes + 1;
        // SAFETY: confusion_finish returns the address of K*K + K + 1 f64 values that live
        // until the next call that touches the state; none runs while this slice is read.
        unsafe { std::slice::from_raw_parts(at, n) }.to_vec()
    }

    fn put(address: usize, labels: &[u8]) {
        BUFFERS.with_borrow_mut(|buffers| {
            let buffer = buffers.get_mut(&address).expect("a live buffer");
            // SAFETY: u16 storage viewed as bytes: same memory, alignment 1, any bit pattern.
            let bytes = unsafe {
                std::slice::from_raw_parts_mut(buffer.as_mut_ptr().cast::<u8>(), buffer.len() * 2)
            };
            bytes[..labels.len()].copy_from_slice(labels);
        })
    }

    /// The loader (src/backends/wasm.ts) keeps its own copy of the status codes it tells apart.
    #[test]
    fn statuses_match_the_loader() {
        let loader = include_str!("../../../src/backends/wasm.ts");
        for (name, value) in [
            ("STATUS_OK", STATUS_OK),
            ("STATUS_NOT_IN_PLACE", STATUS_NOT_IN_PLACE),
        ] {
            let line = format!("const {name} = {value};");
            assert!(
                loader.contains(&line),
                "src/backends/wasm.ts lacks `{line}`"
            );
        }
    }

    #[test]
    fn counts_live_buffers_in_place_and_refuses_anything_else() {
        let truth = label_buffer_alloc(7); // 8 bytes: whole 16-bit units
        let pred = label_buffer_alloc(7);
        put(truth, &[0, 1, 1, 2, 2, 0, 0]);
        put(pred, &[0, 1, 2, 2, 0, 0, 9]);
        assert_eq!(confusion_begin(6, 6, 3, 0, 0), STATUS_OK);
        assert_eq!(confusion_in_place(truth, 0, pred, 0, 6), STATUS_OK);
        let mut want = vec![0.0; 13];
        for (t, p) in [(0, 0), (1, 1), (1, 2), (2, 2), (2, 0), (0, 0)] {
            want[t * 3 + p] += 1.0;
        }
        assert_eq!(counts(3), want);

        // Past a buffer's end, an odd 16-bit start, an address no buffer holds: nothing counted.
        assert_eq!(confusion_begin(7, 7, 3, 0, 0), STATUS_OK);
        assert_eq!(
            confusion_in_place(truth, 0, pred, 0, 9),
            STATUS_NOT_IN_PLACE
        );
        assert_eq!(
            confusion_in_place(truth + 1, 1, pred, 1, 2),
            STATUS_NOT_IN_PLACE
        );
        assert_eq!(confusion_in_place(1, 0, pred, 0, 1), STATUS_NOT_IN_PLACE);
        assert_eq!(memory_read_in_place(truth, 0, pred, 0, 6), 6.0 + 5.0);
        assert_eq!(memory_read_in_place(truth, 0, pred, 0, 60), -1.0);

        // A label error from the core (the prediction 9 at position 6).
        assert_eq!(confusion_begin(7, 7, 3, 0, 0), STATUS_OK);
        assert_eq!(confusion_in_place(truth, 0, pred, 0, 7), STATUS_ERROR);
        let message = STATE.with_borrow(|state| state.error_message.clone());
        assert!(message.contains("9") && message.contains("6"), "{message}");

        // Freed buffers are no longer read.
        assert_eq!(label_buffer_free(truth), 1);
        assert_eq!(label_buffer_free(truth), 0);
        assert_eq!(
            confusion_in_place(truth, 0, pred, 0, 1),
            STATUS_NOT_IN_PLACE
        );
        assert_eq!(label_buffer_free(pred), 1);
    }
}
