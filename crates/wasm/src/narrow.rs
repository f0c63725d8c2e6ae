//! Narrowing (perclass-core's `narrow` module): a label map of any integer type checked and
//! copied into 16 bits for the kernels, streamed through two buffers of this module's own, chunk
//! by chunk, like the counts (`src/backends/wasm.ts`, `narrowLabels`):
//!
//! 1. `narrow_buffers(n)` makes room for `n` labels of up to 8 bytes (aligned for any of them)
//!    and `n` narrowed ones, and returns the input's address (0: out of memory);
//!    `narrow_output_ptr()` is the output's.
//! 2. Per chunk of at most `n` labels, JS copies the chunk in (one `TypedArray.set`), calls
//!    `narrow_<type>(len, num_classes, has_ignore, ignore_index, out_wide)` and copies the
//!    narrowed labels out: u8 for `out_wide` 0, else u16. The call returns the position in the
//!    chunk of the first label that is neither a class nor the ignore index, or `len` when there
//!    is none.
//!
//! The ignore index arrives as f64: it is any safe integer (torch's -100 included), which an f64
//! holds exactly, while an i64 would cross the boundary as a JS BigInt.

use std::cell::RefCell;

use perclass_core::IntegerLabel;
use wasm_bindgen::prelude::wasm_bindgen;

struct Buffers {
    /// Input labels, in u64 units so that every label type is aligned.
    input: Vec<u64>,
    output: Vec<u16>,
}

thread_local! {
    // wasm32-unknown-unknown has a single thread: a plain static with a borrow flag.
    static BUFFERS: RefCell<Buffers> = const {
        RefCell::new(Buffers { input: Vec::new(), output: Vec::new() })
    };
}

/// Grows `buffer` to at least `n` values; false when the memory cannot grow that far.
fn grow<T: Copy + Default>(buffer: &mut Vec<T>, n: usize) -> bool {
    if buffer.len() < n {
        if buffer.try_reserve_exact(n - buffer.len()).is_err() {
            return false;
        }
        buffer.resize(n, T::default());
    }
    true
}

/// Room for `n` labels in and out; the input's address, or 0 when out of memory.
#[wasm_bindgen]
pub fn narrow_buffers(n: usize) -> usize {
    BUFFERS.with_borrow_mut(|b| {
        if grow(&mut b.input, n) && grow(&mut b.output, n) {
            b.input.as_mut_ptr() as usize
        } else {
            0
        }
    })
}

/// The address of the narrowed labels of the last chunk.
#[wasm_bindgen]
pub fn narrow_output_ptr() -> usize {
    BUFFERS.with_borrow_mut(|b| b.output.as_mut_ptr() as usize)
}

/// Narrows the first `len` labels of type T in the input buffer into the output buffer, as u8
/// or u16. Panics (a trap) if JS passes more than it reserved, or 8 bits for 256 classes or
/// more: loader bugs, not bad input.
fn narrow<T: IntegerLabel>(
    len: usize,
    num_classes: u32,
    has_ignore: u32,
    ignore: f64,
    out_wide: u32,
) -> usize {
    BUFFERS.with_borrow_mut(|b| {
        let bytes = std::mem::size_of_val(b.input.as_slice());
        assert!(
            len * std::mem::size_of::<T>() <= bytes,
            "narrow: chunk beyond the buffer"
        );
        // SAFETY: the input buffer holds `bytes` initialised bytes, at an address aligned for
        // u64 and so for T (at most 8 bytes wide); T is a plain integer type, valid for every bit
        // pattern; `len` values of T fit in those bytes (asserted); and the slice borrows `b`
        // for its whole use, so nothing writes the buffer meanwhile.
        let labels = unsafe { std::slice::from_raw_parts(b.input.as_ptr().cast::<T>(), len) };
        let ignore = (has_ignore != 0).then_some(ignore as i64);
        let out = &mut b.output[..len];
        let result = if out_wide != 0 {
            perclass_core::narrow_labels(labels, num_classes, ignore, out)
        } else {
            perclass_core::narrow_labels(labels, num_classes, ignore, as_bytes_mut(out))
        };
        result.err().unwrap_or(len)
    })
}

/// The first half of `words`' bytes (as many bytes as `words` has values): the u8 output.
fn as_bytes_mut(words: &mut [u16]) -> &mut [u8] {
    // SAFETY: the pointer and length lie within the initialised memory of `words` (half its
    // bytes); u8 has alignment 1 and every bit pattern is a valid u8; the result borrows `words`
    // mutably for its whole lifetime, so nothing else can reach that memory meanwhile.
    unsafe { std::slice::from_raw_parts_mut(words.as_mut_ptr().cast::<u8>(), words.len()) }
}

/// One export per label type (wasm-bindgen exports no generic function), each `narrow::<T>`.
macro_rules! narrow_exports {
    ($($name:ident: $label:ty),* $(,)?) => {$(
        #[wasm_bindgen]
        pub fn $name(
            len: usize,
            num_classes: u32,
            has_ignore: u32,
            ignore: f64,
            out_wide: u32,
        ) -> usize {
            narrow::<$label>(len, num_classes, has_ignore, ignore, out_wide)
        }
    )*};
}

narrow_exports!(
    narrow_u8: u8,
    narrow_u16: u16,
    narrow_i32: i32,
    narrow_u32: u32,
    narrow_i64: i64,
);

#[cfg(test)]
mod tests {
    use super::*;

    fn put<T: Copy>(labels: &[T]) {
        let address = narrow_buffers(labels.len());
        // SAFETY: narrow_buffers just reserved room for `labels.len()` values of 8 bytes at
        // `address`, aligned for u64, and no reference into the buffer is alive.
        unsafe {
            std::ptr::copy_nonoverlapping(labels.as_ptr(), address as *mut T, labels.len());
        }
    }

    fn output(len: usize) -> Vec<u16> {
        BUFFERS.with_borrow(|b| b.output[..len].to_vec())
    }

    #[test]
    fn narrows_through_the_buffers() {
        put(&[0i64, -100, 2]);
        assert_eq!(narrow_i64(3, 3, 1, -100.0, 1), 3);
        assert_eq!(output(3), [0, 65535, 2]);
        put(&[0i32, 1, -3]);
        assert_eq!(narrow_i32(3, 3, 0, 0.0, 1), 2);
        put(&[1u32, 7]);
        assert_eq!(narrow_u32(2, 3, 1, 7.0, 1), 2);
        assert_eq!(output(2), [1, 7]);
        // 8 bits: the bytes of the output buffer, -100 as 255.
        put(&[2i64, -100, 1, 0]);
        assert_eq!(narrow_i64(4, 3, 1, -100.0, 0), 4);
        assert_eq!(output(2), [u16::from_le_bytes([2, 255]), 1]);
    }
}
