//! perclass-wasm: the WebAssembly binding of `perclass-core`.
//!
//! The ABI is deliberately plain numbers (addresses, lengths, status codes), so the module needs
//! no JavaScript imports and `src/backends/wasm.ts` can instantiate it itself, as often as it
//! likes (a trap poisons an instance; the loader throws it away and makes a fresh one).
//!
//! A call streams the maps through two small buffers in wasm memory, chunk by chunk:
//!
//! 1. `confusion_begin(truth_len, pred_len, num_classes, has_ignore, ignore_index)` checks the
//!    arguments and zeroes the counts.
//! 2. `chunk_labels(num_classes)` says how many labels go in a chunk; `truth_buffer(bytes)` /
//!    `pred_buffer(bytes)` return where to put them. The buffers live as long as the instance
//!    and only grow. Growing (or any allocation) may grow the memory, which detaches
//!    `memory.buffer`: JS re-takes its views whenever the buffer object changes.
//! 3. Per chunk, JS copies both slices (one `TypedArray.set` each) and calls
//!    `confusion_<truth>_<pred>(len, offset)`, which adds the chunk's counts; `offset` is the
//!    chunk's position, so that a label error names the position in the whole map.
//! 4. `confusion_finish()` returns the address of the counts as f64: `K*K` matrix entries, `K`
//!    void-predicted counts, then the ignored count.
//!
//! Why chunks rather than one copy of each whole map: a 4096x4096 pair is 32 MiB, so copying it
//! all and then counting reads it from DRAM twice and writes it once; a chunk is still in the
//! cache when the kernel reads it. Measured on 4096x4096 u8, K=3: ~2,000 Mpix/s whole, ~2,350
//! chunked (copy included). It also keeps the instance's memory small whatever the map size.
//!
//! Thin-structure counts (`thin_*`) stream the maps through the same two buffers, in whole rows
//! (the core's `ThinStream`: its mask scan reads one row at a time): JS puts the class list into
//! `thin_classes_buffer(n)` (u32) and the τ list into `thin_tolerance_buffer(n)` (f64), calls
//! `thin_begin(truth_len, pred_len, width, num_classes, has_ignore, ignore_index, metrics,
//! distance, depth_axis, spacing_y, spacing_x)`, then per piece of `thin_chunk_rows(width, num_classes)` rows copies
//! both pieces and calls `thin_rows(truth_wide, pred_wide, len)`, and ends with `thin_finish()`:
//! the result, `ThinCounts::to_flat` of the core, is at `thin_result_ptr()`, `thin_result_len()`
//! f64 values. A confusion count can run over the same pieces at the same time
//! (`confusion_begin` / `confusion_<t>_<p>` / `confusion_finish`), so an image is copied into
//! wasm memory once for both.
//!
//! PNG masks are decoded inside the module by perclass-io, the native addon's decoder (same labels,
//! same error codes), and can be counted where they were decoded: see `masks.rs`.
//!
//! Every `STATUS_ERROR` leaves the core's error code and message (UTF-8) at `error_code_ptr/len`
//! and `error_message_ptr/len`, unchanged.
//!
//! Counts go out as f64 because that is what JS holds them in (`ConfusionCounts`); they are exact,
//! since a map that fits in a 4 GiB wasm memory has fewer than 2^53 pixels.
//!
//! Panics abort (the target's panic strategy), which is a trap (`WebAssembly.RuntimeError`) in JS.
//! The trap itself only says "unreachable", so a panic hook (installed by `__wbindgen_start`, which
//! the loader calls after instantiating) keeps the panic's text at `panic_message_ptr/len` for the
//! loader to read from the dead instance before it replaces it.

mod label_buffers;
mod masks;
mod memory_read;
mod narrow;
mod scores;
mod sweep;

use std::cell::RefCell;
use std::fmt::Write as _;

use perclass_core::{
    Confusion, DepthAxis, Distance, Kernel, Labels, Metrics, PerclassError, ThinRequest, ThinStream,
};
use wasm_bindgen::prelude::wasm_bindgen;

/// `confusion_begin` / `confusion_*` succeeded.
pub const STATUS_OK: u32 = 0;
/// They failed: the error is at `error_code_ptr()` / `error_message_ptr()`.
pub const STATUS_ERROR: u32 = 1;

/// Labels per chunk: 128 Ki labels make 256 KiB (u8) to 512 KiB (u16) for the two buffers,
/// which stay in a 1 MiB L2 cache. 64 Ki to 512 Ki measured within 8% of each other.
const CHUNK_LABELS: usize = 128 * 1024;

/// Everything a call leaves behind for the next one to reuse, so the steady state allocates
/// nothing (chunks are added into `counts` in place).
struct State {
    /// Label storage, in u16 units so that a 16-bit map is aligned; an 8-bit map uses its bytes.
    truth: Vec<u16>,
    pred: Vec<u16>,
    /// The counts of the call in progress, and its arguments.
    counts: Confusion,
    ignore_index: Option<u32>,
    output: Vec<f64>,
    /// The class list and the τ list of a thin-structure call.
    classes: Vec<u32>,
    tolerance: Vec<f64>,
    /// The thin-structure count in progress, and the last one's result.
    thin: Option<ThinStream>,
    thin_output: Vec<f64>,
    error_code: &'static str,
    error_message: String,
}

thread_local! {
    // wasm32-unknown-unknown has a single thread: this is a plain static with a borrow flag.
    static STATE: RefCell<State> = const {
        RefCell::new(State {
            truth: Vec::new(),
            pred: Vec::new(),
            counts: Confusion {
                num_classes: 0,
                matrix: Vec::new(),
                void_predicted: Vec::new(),
                ignored: 0,
            },
            ignore_index: None,
            output: Vec::new(),
            classes: Vec::new(),
            tolerance: Vec::new(),
            thin: None,
            thin_output: Vec::new(),
            error_code: "",
            error_message: String::new(),
        })
    };
}

thread_local! {
    // Apart from STATE: a panic may happen while STATE is borrowed.
    static PANIC_MESSAGE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs once per instance, from `__wbindgen_start`.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        PANIC_MESSAGE.with(|cell| {
            // try_borrow: a panic while the hook itself runs must not panic again.
            if let Ok(mut message) = cell.try_borrow_mut() {
                message.clear();
                let _ = write!(message, "{info}");
            }
        })
    }));
}

/// Address of the last panic's message (UTF-8, `panic_message_len()` bytes; empty if none).
#[wasm_bindgen]
pub fn panic_message_ptr() -> usize {
    PANIC_MESSAGE.with_borrow(|message| message.as_ptr() as usize)
}

#[wasm_bindgen]
pub fn panic_message_len() -> usize {
    PANIC_MESSAGE.with_borrow(|message| message.len())
}

/// Grows `buffer` to hold at least `bytes` bytes and returns its address, or 0 when the memory
/// cannot grow that far (JS reports that instead of letting the allocator trap).
fn reserve(buffer: &mut Vec<u16>, bytes: usize) -> usize {
    let units = bytes.div_ceil(2);
    if buffer.len() < units {
        if buffer.try_reserve_exact(units - buffer.len()).is_err() {
            return 0;
        }
        buffer.resize(units, 0);
    }
    buffer.as_mut_ptr() as usize
}

/// Address of a buffer of at least `bytes` bytes for the truth map (0: out of memory).
#[wasm_bindgen]
pub fn truth_buffer(bytes: usize) -> usize {
    STATE.with_borrow_mut(|state| reserve(&mut state.truth, bytes))
}

/// Address of a buffer of at least `bytes` bytes for the prediction map (0: out of memory).
#[wasm_bindgen]
pub fn pred_buffer(bytes: usize) -> usize {
    STATE.with_borrow_mut(|state| reserve(&mut state.pred, bytes))
}

fn as_bytes(words: &[u16]) -> &[u8] {
    // SAFETY: the pointer and length describe exactly the initialised memory of `words`; u8 has
    // alignment 1 and every bit pattern is a valid u8; the result borrows `words` immutably for
    // its whole lifetime, so nothing can write through `words` meanwhile.
    unsafe { std::slice::from_raw_parts(words.as_ptr().cast::<u8>(), std::mem::size_of_val(words)) }
}

#[derive(Clone, Copy)]
enum Width {
    U8,
    U16,
}

/// The first `len` labels of `buffer`. Panics (a trap) if JS asks for more than it reserved,
/// which would be a bug in the loader, not in the caller's input.
fn labels(buffer: &[u16], width: Width, len: usize) -> Labels<'_> {
    match width {
        Width::U8 => Labels::U8(&as_bytes(buffer)[..len]),
        Width::U16 => Labels::U16(&buffer[..len]),
    }
}

/// Labels per chunk for `num_classes`. The chunks grow with K² because the core once allocated a
/// K×K result per chunk; it now adds each chunk in place (`Confusion::add_chunk`), so the growth
/// only matters for the per-chunk call overhead at very large K. Kept until measured otherwise.
#[wasm_bindgen]
pub fn chunk_labels(num_classes: u32) -> usize {
    let k = num_classes as usize;
    // Saturating: JS asks only after confusion_begin accepted num_classes, but a wrap is cheap to rule out.
    CHUNK_LABELS.max(k.saturating_mul(k).saturating_mul(4))
}

/// Starts a call: checks the arguments of the whole maps and zeroes the counts.
#[wasm_bindgen]
pub fn confusion_begin(
    truth_len: usize,
    pred_len: usize,
    num_classes: u32,
    has_ignore: u32,
    ignore_index: u32,
) -> u32 {
    STATE.with_borrow_mut(|state| {
        let ignore = (has_ignore != 0).then_some(ignore_index);
        match Confusion::for_maps(truth_len, pred_len, num_classes) {
            Ok(zeroed) => {
                state.counts = zeroed;
                state.ignore_index = ignore;
                STATUS_OK
            }
            Err(error) => record_error(state, &error),
        }
    })
}

/// Adds the counts of the chunk in the buffers: `len` labels of each map, at `offset` in them.
fn accumulate(truth_width: Width, pred_width: Width, len: usize, offset: usize) -> u32 {
    STATE.with_borrow_mut(|state| {
        let truth = labels(&state.truth, truth_width, len);
        let pred = labels(&state.pred, pred_width, len);
        let ignore = state.ignore_index;
        match state.counts.add_chunk(truth, pred, ignore, offset) {
            Ok(()) => STATUS_OK,
            Err(error) => record_error(state, &error),
        }
    })
}

/// Leaves `error` for JS from outside a `STATE` borrow (the score calls keep their own state).
pub(crate) fn fail(error: &PerclassError) -> u32 {
    STATE.with_borrow_mut(|state| record_error(state, error))
}

/// Runs `body` on the first `len` labels of the truth buffer (`wide`: 0 u8, 1 u16).
pub(crate) fn truth_labels(wide: u32, len: usize, body: impl FnOnce(Labels<'_>)) {
    STATE.with_borrow(|state| {
        let width = if wide == 0 { Width::U8 } else { Width::U16 };
        body(labels(&state.truth, width, len))
    })
}

fn record_error(state: &mut State, error: &PerclassError) -> u32 {
    record(state, error.code(), error)
}

/// Leaves an error's code and message for JS (`error_code_ptr` / `error_message_ptr`).
fn record(state: &mut State, code: &'static str, message: &dyn std::fmt::Display) -> u32 {
    state.error_code = code;
    state.error_message.clear();
    // The Display text is the cross-backend message contract: passed through unchanged.
    write!(state.error_message, "{message}").expect("writing to a String cannot fail");
    STATUS_ERROR
}

/// Adds a chunk of an 8-bit truth map against an 8-bit prediction map; see the crate docs.
#[wasm_bindgen]
pub fn confusion_u8_u8(len: usize, offset: usize) -> u32 {
    accumulate(Width::U8, Width::U8, len, offset)
}

/// Adds a chunk of an 8-bit truth map against a 16-bit prediction map; see the crate docs.
#[wasm_bindgen]
pub fn confusion_u8_u16(len: usize, offset: usize) -> u32 {
    accumulate(Width::U8, Width::U16, len, offset)
}

/// Adds a chunk of a 16-bit truth map against an 8-bit prediction map; see the crate docs.
#[wasm_bindgen]
pub fn confusion_u16_u8(len: usize, offset: usize) -> u32 {
    accumulate(Width::U16, Width::U8, len, offset)
}

/// Adds a chunk of a 16-bit truth map against a 16-bit prediction map; see the crate docs.
#[wasm_bindgen]
pub fn confusion_u16_u16(len: usize, offset: usize) -> u32 {
    accumulate(Width::U16, Width::U16, len, offset)
}

/// Ends a call: the address of its counts as f64, `K*K + K + 1` of them.
#[wasm_bindgen]
pub fn confusion_finish() -> usize {
    STATE.with_borrow_mut(|state| {
        let State { counts, output, .. } = state;
        counts.write_flat(output);
        output.as_ptr() as usize
    })
}

/// Address of room for `n` class indices (u32) for the next thin-structure call (0: out of memory).
#[wasm_bindgen]
pub fn thin_classes_buffer(n: usize) -> usize {
    STATE.with_borrow_mut(|state| resize(&mut state.classes, n))
}

/// Address of room for `n` τ values (f64) for the next thin-structure call (0: out of memory).
#[wasm_bindgen]
pub fn thin_tolerance_buffer(n: usize) -> usize {
    STATE.with_borrow_mut(|state| resize(&mut state.tolerance, n))
}

/// Sets `buffer` to exactly `n` zeroed values and returns its address, or 0 when the memory
/// cannot grow that far.
pub(crate) fn resize<T: Copy + Default>(buffer: &mut Vec<T>, n: usize) -> usize {
    buffer.clear();
    if buffer.try_reserve_exact(n).is_err() {
        return 0;
    }
    buffer.resize(n, T::default());
    buffer.as_mut_ptr() as usize
}

/// Rows per piece of a thin-structure call: about `chunk_labels` labels, whole rows.
#[wasm_bindgen]
pub fn thin_chunk_rows(width: usize, num_classes: u32) -> usize {
    (chunk_labels(num_classes) / width.max(1)).max(1)
}

/// Starts a thin-structure call over maps of these lengths (the class and τ lists are in their
/// buffers): every check of the core's `thin_counts`, in its order.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // the flat ABI: numbers only
pub fn thin_begin(
    truth_len: usize,
    pred_len: usize,
    width: usize,
    num_classes: u32,
    has_ignore: u32,
    ignore_index: u32,
    metrics: u32,
    distance: u32,
    depth_axis: u32,
    spacing_y: f64,
    spacing_x: f64,
) -> u32 {
    STATE.with_borrow_mut(|state| {
        let (distance, depth_axis, metrics) = match thin_choices(distance, depth_axis, metrics) {
            Ok(choices) => choices,
            Err(error) => return record_error(state, &error),
        };
        let request = ThinRequest {
            width,
            num_classes,
            ignore_index: (has_ignore != 0).then_some(ignore_index),
            classes: &state.classes,
            tolerance: &state.tolerance,
            distance,
            spacing: [spacing_y, spacing_x],
            depth_axis,
            metrics,
        };
        match ThinStream::new(truth_len, pred_len, &request) {
            Ok(stream) => {
                state.thin = Some(stream);
                STATUS_OK
            }
            Err(error) => record_error(state, &error),
        }
    })
}

/// The distance, depth axis and metrics of a thin-structure call from their codes. An undefined
/// code is a loader bug: `E_INTERNAL`, before any other check.
pub(crate) fn thin_choices(
    distance: u32,
    depth_axis: u32,
    metrics: u32,
) -> Result<(Distance, DepthAxis, Metrics), PerclassError> {
    Ok((
        Distance::from_code(distance)?,
        DepthAxis::from_code(depth_axis)?,
        Metrics::from_bits(metrics)?,
    ))
}

/// Scans the next `len` labels (whole rows) of each map from the buffers.
/// `truth_wide` / `pred_wide`: 0 for 8-bit labels, 1 for 16-bit.
#[wasm_bindgen]
pub fn thin_rows(truth_wide: u32, pred_wide: u32, len: usize) -> u32 {
    let width_of = |wide: u32| if wide == 0 { Width::U8 } else { Width::U16 };
    STATE.with_borrow_mut(|state| {
        let State {
            truth, pred, thin, ..
        } = state;
        let stream = thin
            .as_mut()
            .expect("thin_rows before thin_begin (a loader bug)");
        let t = labels(truth, width_of(truth_wide), len);
        let p = labels(pred, width_of(pred_wide), len);
        match stream.add_rows(t, p) {
            Ok(()) => STATUS_OK,
            Err(error) => {
                state.thin = None;
                record_error(state, &error)
            }
        }
    })
}

/// Ends a thin-structure call: its counts are at `thin_result_ptr()`.
#[wasm_bindgen]
pub fn thin_finish() {
    STATE.with_borrow_mut(|state| {
        let stream = state
            .thin
            .take()
            .expect("thin_finish before thin_begin (a loader bug)");
        state.thin_output = stream.finish().to_flat();
    })
}

/// Address of the last thin-structure call's result (`thin_result_len()` f64 values).
#[wasm_bindgen]
pub fn thin_result_ptr() -> usize {
    STATE.with_borrow(|state| state.thin_output.as_ptr() as usize)
}

#[wasm_bindgen]
pub fn thin_result_len() -> usize {
    STATE.with_borrow(|state| state.thin_output.len())
}

/// Address of the last error's code (UTF-8, `error_code_len()` bytes).
#[wasm_bindgen]
pub fn error_code_ptr() -> usize {
    STATE.with_borrow(|state| state.error_code.as_ptr() as usize)
}

#[wasm_bindgen]
pub fn error_code_len() -> usize {
    STATE.with_borrow(|state| state.error_code.len())
}

/// Address of the last error's message (UTF-8, `error_message_len()` bytes).
#[wasm_bindgen]
pub fn error_message_ptr() -> usize {
    STATE.with_borrow(|state| state.error_message.as_ptr() as usize)
}

#[wasm_bindgen]
pub fn error_message_len() -> usize {
    STATE.with_borrow(|state| state.error_message.len())
}

/// Address of the kernel's name (UTF-8, `kernel_name_len()` bytes), e.g. `simd128`.
#[wasm_bindgen]
pub fn kernel_name_ptr() -> usize {
    Kernel::detect().name().as_ptr() as usize
}

#[wasm_bindgen]
pub fn kernel_name_len() -> usize {
    Kernel::detect().name().len()
}

/// Address of the crate's version (UTF-8, `version_len()` bytes): the loader refuses a module of
/// another version than its own, naming both.
#[wasm_bindgen]
pub fn version_ptr() -> usize {
    env!("CARGO_PKG_VERSION").as_ptr() as usize
}

#[wasm_bindgen]
pub fn version_len() -> usize {
    env!("CARGO_PKG_VERSION").len()
}

/// Test hook for trap recovery: panics (a trap under panic=abort) while the state is borrowed,
/// so an instance that were reused after it would fail its next call ("already borrowed").
#[doc(hidden)]
#[wasm_bindgen]
pub fn __panic_for_test() {
    STATE.with_borrow_mut(|state| {
        state.error_message.clear();
        panic!("perclass-wasm: deliberate panic from __panic_for_test");
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error() -> (String, String) {
        STATE.with_borrow(|s| (s.error_code.to_owned(), s.error_message.clone()))
    }

    fn finish(num_classes: usize) -> Vec<f64> {
        let address = confusion_finish() as *const f64;
        let len = num_classes * num_classes + num_classes + 1;
        // SAFETY: confusion_finish just wrote `len` f64 at `address` (into `output`), and nothing
        // touches `output` until the next call.
        unsafe { std::slice::from_raw_parts(address, len) }.to_vec()
    }

    /// Writes labels the way the JS loader does: through the address the buffer call returns.
    fn put_u8(buffer: fn(usize) -> usize, labels: &[u8]) {
        let address = buffer(labels.len());
        // SAFETY: `buffer` just reserved at least `labels.len()` initialised bytes at `address`,
        // no reference into that buffer is alive, and the two regions cannot overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(labels.as_ptr(), address as *mut u8, labels.len());
        }
    }

    const TRUTH: [u8; 5] = [0, 0, 1, 2, 255];
    const PRED: [u8; 5] = [0, 1, 1, 255, 2];
    // rows truth: 0 -> [1,1,0], 1 -> [0,1,0], 2 -> [0,0,0]; void [0,0,1]; ignored 1
    const EXPECTED: [f64; 13] = [1., 1., 0., 0., 1., 0., 0., 0., 0., 0., 0., 1., 1.];

    #[test]
    fn counts_a_map_in_one_chunk() {
        assert_eq!(confusion_begin(5, 5, 3, 1, 255), STATUS_OK);
        put_u8(truth_buffer, &TRUTH);
        put_u8(pred_buffer, &PRED);
        assert_eq!(confusion_u8_u8(5, 0), STATUS_OK);
        assert_eq!(finish(3), EXPECTED);
    }

    #[test]
    fn chunks_add_up_and_buffers_are_reused() {
        assert_eq!(confusion_begin(5, 5, 3, 1, 255), STATUS_OK);
        let first = truth_buffer(3);
        for (offset, range) in [(0, 0..3), (3, 3..5)] {
            put_u8(truth_buffer, &TRUTH[range.clone()]);
            put_u8(pred_buffer, &PRED[range.clone()]);
            assert_eq!(confusion_u8_u8(range.len(), offset), STATUS_OK);
        }
        assert_eq!(truth_buffer(2), first, "a smaller chunk reuses the buffer");
        assert_eq!(finish(3), EXPECTED);
        // A new call starts from zero.
        assert_eq!(confusion_begin(0, 0, 3, 0, 0), STATUS_OK);
        assert_eq!(finish(3), [0.0; 13]);
    }

    #[test]
    fn a_label_error_names_the_position_in_the_whole_map() {
        assert_eq!(confusion_begin(6, 6, 3, 0, 0), STATUS_OK);
        put_u8(truth_buffer, &[0, 0, 0]);
        put_u8(pred_buffer, &[0, 0, 0]);
        assert_eq!(confusion_u8_u8(3, 0), STATUS_OK);
        put_u8(truth_buffer, &[0, 7, 0]);
        put_u8(pred_buffer, &[0, 0, 0]);
        assert_eq!(confusion_u8_u8(3, 3), STATUS_ERROR);
        assert_eq!(
            error(),
            (
                "E_LABEL_RANGE".to_owned(),
                "truth label 7 at index 4 is outside [0, 3)".to_owned()
            )
        );
    }

    #[test]
    fn argument_errors_come_from_the_core_in_its_order() {
        assert_eq!(confusion_begin(4, 3, 0, 0, 0), STATUS_ERROR);
        assert_eq!(error().0, "E_NUM_CLASSES");
        assert_eq!(confusion_begin(4, 3, 2, 0, 0), STATUS_ERROR);
        assert_eq!(
            error(),
            (
                "E_SHAPE".to_owned(),
                "truth and prediction differ in length: 4 vs 3 pixels".to_owned()
            )
        );
    }

    #[test]
    fn chunks_grow_with_many_classes() {
        assert_eq!(chunk_labels(3), CHUNK_LABELS);
        assert_eq!(chunk_labels(1024), 4 * 1024 * 1024);
    }
}
