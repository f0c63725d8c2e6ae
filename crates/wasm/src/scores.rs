//! Scores straight from a model, streamed: the loader copies each piece of the score map into
//! `scores_buffer` (CHW: each channel's values for the piece, one channel after another; HWC:
//! the piece's values as they are) and the truth's piece into `truth_buffer`, then
//! `scores_chunk` decides and counts it (the core's `ScoreStream`), while it is in the cache.
//!
//! 1. `scores_classes_buffer(n)` / `scores_thresholds_buffer(n)`: the rule's class list (u32)
//!    and thresholds (f64), for the threshold and multi-label rules;
//! 2. `scores_begin(pixels, values, kind, layout, num_classes, has_ignore, ignore_index, rule,
//!    background)` checks everything (`kind`: 0 f32, 1 f16 bits, 2 u8);
//! 3. per piece of at most `scores_chunk_pixels(channels)` pixels: the copies, then
//!    `scores_chunk(truth_wide, len, start)`;
//! 4. `scores_finish()`: the error of the whole map, or the flat counts at `scores_result_ptr()`,
//!    `scores_result_len()` f64 values.

use std::cell::RefCell;

use perclass_core::scores::{ScoreChunk, ScoreLayout, ScoreRule, ScoreStream, ScoreValues};
use perclass_core::Labels;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::{fail, truth_labels, STATUS_OK};

/// Score bytes per piece: 768 KiB (with the truth's piece and the decisions, within a 1 MiB
/// L2). Copy and count of 3×4096² f32, alternating runs on the shared Zen 4 machine: 768 KiB
/// pieces ran 0.5–0.9 ms (2–4%) faster than 512 KiB in CHW and HWC, 256 KiB and 1 MiB slower
/// (fewer, longer copies stream better; past the L2 the kernels read the piece from L3).
const PIECE_BYTES: usize = 768 * 1024;

struct ScoreState {
    /// The piece's scores, in u32 units so that f32 and u16 values are aligned.
    values: Vec<u32>,
    classes: Vec<u32>,
    thresholds: Vec<f64>,
    kind: u32,
    stream: Option<ScoreStream>,
    output: Vec<f64>,
}

thread_local! {
    static SCORES: RefCell<ScoreState> = const {
        RefCell::new(ScoreState {
            values: Vec::new(),
            classes: Vec::new(),
            thresholds: Vec::new(),
            kind: 0,
            stream: None,
            output: Vec::new(),
        })
    };
}

/// Address of room for `n` scored classes (u32) of the next call (0: out of memory).
#[wasm_bindgen]
pub fn scores_classes_buffer(n: usize) -> usize {
    SCORES.with_borrow_mut(|state| crate::resize(&mut state.classes, n))
}

/// Address of room for `n` thresholds (f64) of the next call (0: out of memory).
#[wasm_bindgen]
pub fn scores_thresholds_buffer(n: usize) -> usize {
    SCORES.with_borrow_mut(|state| crate::resize(&mut state.thresholds, n))
}

/// Address of a buffer of at least `bytes` bytes for a piece's scores (0: out of memory).
#[wasm_bindgen]
pub fn scores_buffer(bytes: usize) -> usize {
    SCORES.with_borrow_mut(|state| {
        let units = bytes.div_ceil(4);
        if state.values.len() < units {
            if state
                .values
                .try_reserve_exact(units - state.values.len())
                .is_err()
            {
                return 0;
            }
            state.values.resize(units, 0);
        }
        state.values.as_mut_ptr() as usize
    })
}

/// Pixels per piece for maps of `channels` channels (of at most 4 bytes each).
#[wasm_bindgen]
pub fn scores_chunk_pixels(channels: usize) -> usize {
    (PIECE_BYTES / 4 / channels.max(1)).max(1024)
}

/// Starts a call: every check of the arguments (the core's), with the rule's lists in their
/// buffers.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // the flat ABI: numbers only
pub fn scores_begin(
    pixels: usize,
    values: usize,
    kind: u32,
    layout: u32,
    num_classes: u32,
    has_ignore: u32,
    ignore_index: u32,
    rule: u32,
    background: u32,
) -> u32 {
    let begun = SCORES.with_borrow_mut(|state| {
        state.stream = None;
        state.kind = kind;
        let layout = ScoreLayout::from_code(layout)?;
        let rule = ScoreRule::from_code(rule, &state.classes, &state.thresholds, background)?;
        let ignore = (has_ignore != 0).then_some(ignore_index);
        state.stream = Some(ScoreStream::new(
            pixels,
            values,
            layout,
            rule,
            num_classes,
            ignore,
        )?);
        Ok(())
    });
    match begun {
        Ok(()) => STATUS_OK,
        Err(error) => fail(&error),
    }
}

/// Decides and counts the piece in the buffers: `len` pixels from pixel `start` of the map.
/// `truth_wide`: 0 for 8-bit truth labels, 1 for 16-bit. Errors wait for `scores_finish`.
#[wasm_bindgen]
pub fn scores_chunk(truth_wide: u32, len: usize, start: usize) {
    SCORES.with_borrow_mut(|state| {
        let ScoreState {
            values,
            kind,
            stream,
            ..
        } = state;
        let stream = stream
            .as_mut()
            .expect("scores_chunk before scores_begin (a loader bug)");
        let scores = match kind {
            0 => ScoreValues::F32(reinterpret(values)),
            1 => ScoreValues::F16(reinterpret(values)),
            _ => ScoreValues::U8(reinterpret(values)),
        };
        truth_labels(truth_wide, len, |truth: Labels<'_>| {
            stream.add(truth, ScoreChunk::packed(scores, len), start);
        });
    })
}

/// Ends a call: `STATUS_OK` with the counts at `scores_result_ptr()`, or the map's error.
#[wasm_bindgen]
pub fn scores_finish() -> u32 {
    let finished = SCORES.with_borrow_mut(|state| {
        let stream = state
            .stream
            .take()
            .expect("scores_finish before scores_begin (a loader bug)");
        let counts = stream.finish()?;
        state.output = counts.to_flat();
        Ok(())
    });
    match finished {
        Ok(()) => STATUS_OK,
        Err(error) => fail(&error),
    }
}

/// Address of the last call's counts (`scores_result_len()` f64 values).
#[wasm_bindgen]
pub fn scores_result_ptr() -> usize {
    SCORES.with_borrow(|state| state.output.as_ptr() as usize)
}

#[wasm_bindgen]
pub fn scores_result_len() -> usize {
    SCORES.with_borrow(|state| state.output.len())
}

/// Element types whose every bit pattern is a value, with alignment at most u32's.
trait Plain {}
impl Plain for u8 {}
impl Plain for u16 {}
impl Plain for f32 {}

/// The u32 storage of a piece viewed as `T` elements (all of them).
fn reinterpret<T: Plain>(words: &[u32]) -> &[T] {
    let len = std::mem::size_of_val(words) / std::mem::size_of::<T>();
    // SAFETY: `T` is u8, u16 or f32 (`Plain`): every bit pattern is a valid value, its alignment
    // divides u32's, and `len` elements cover exactly the initialised bytes of `words`; the
    // result borrows `words` immutably for its whole life.
    unsafe { std::slice::from_raw_parts(words.as_ptr().cast::<T>(), len) }
}
