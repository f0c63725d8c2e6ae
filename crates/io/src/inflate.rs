//! The zlib stream of the IDAT chunks, decompressed strictly: it must be one complete stream
//! (header, deflate blocks, a matching Adler-32) that ends exactly where the IDAT data ends and
//! inflates to exactly the length the header implies. png's own reader accepts bytes after the
//! stream's end, more image data than the header declares, and a stream whose end is missing;
//! none of those is a valid PNG, and the TypeScript decoder (pako) must give the same answer, so
//! the stream is driven here with fdeflate (the inflater png uses).

use crate::error::MaskError;
use fdeflate::Decompressor;

/// Deflate cannot expand input by more than about 1032:1; the first allocation is capped by it,
/// so a tiny file with a large (but allowed) header cannot make the decoder reserve its size.
const MAX_EXPANSION: usize = 1040;
const MIN_RESERVE: usize = 64 * 1024;

/// Held back from the decompressor until the stream's end is known: fdeflate reads ahead into
/// its bit buffer and counts those bytes as consumed, so bytes just past the Adler-32 could pass
/// unseen. The checksum is the stream's last 4 bytes: with the last 4 bytes of the IDAT data
/// held back, a stream that completes early is caught (held bytes remain), and the held bytes,
/// fed one at a time, show exactly where a stream that ends in them ends.
const HELD: usize = 4;

pub(crate) struct Inflater {
    decompressor: Decompressor,
    out: Vec<u8>,
    filled: usize,
    expected: usize,
    held: [u8; HELD],
    held_len: usize,
}

impl Inflater {
    /// `expected`: the image data's length from the header; `input_len`: the file's length.
    pub fn new(expected: usize, input_len: usize) -> Inflater {
        let cap = input_len
            .saturating_mul(MAX_EXPANSION)
            .saturating_add(MIN_RESERVE);
        Inflater::with_reserve(expected, cap)
    }

    /// `reserve`: the first allocation's size, at most `expected + 1` (grown when needed).
    fn with_reserve(expected: usize, reserve: usize) -> Inflater {
        Inflater {
            decompressor: Decompressor::new(),
            out: vec![0; expected.saturating_add(1).min(reserve)],
            filled: 0,
            expected,
            held: [0; HELD],
            held_len: 0,
        }
    }

    /// Feeds the next bytes of IDAT data.
    pub fn feed(&mut self, data: &[u8]) -> Result<(), MaskError> {
        if self.held_len + data.len() <= HELD {
            self.held[self.held_len..self.held_len + data.len()].copy_from_slice(data);
            self.held_len += data.len();
            return Ok(());
        }
        let (old, old_len) = (self.held, self.held_len);
        self.held_len = 0;
        if data.len() >= HELD {
            self.run(&old[..old_len])?;
            let (body, tail) = data.split_at(data.len() - HELD);
            self.run(body)?;
            self.held.copy_from_slice(tail);
        } else {
            // Fewer new bytes than are held: release the oldest held ones.
            let release = old_len + data.len() - HELD;
            self.run(&old[..release])?;
            self.held[..old_len - release].copy_from_slice(&old[release..old_len]);
            self.held[old_len - release..].copy_from_slice(data);
        }
        self.held_len = HELD;
        if self.decompressor.is_done() {
            return Err(trailing());
        }
        Ok(())
    }

    /// The IDAT data has ended: the stream must be complete and of the expected length.
    /// Returns the decompressed image data (filtered rows).
    pub fn finish(mut self) -> Result<Vec<u8>, MaskError> {
        let held = self.held;
        for byte in &held[..self.held_len] {
            if self.decompressor.is_done() {
                return Err(trailing());
            }
            self.run(std::slice::from_ref(byte))?;
        }
        if !self.decompressor.is_done() {
            return Err(MaskError::Corrupt(if self.filled < self.expected {
                format!(
                    "the image data is incomplete: the IDAT zlib stream ends after {} of the {} bytes the header implies",
                    self.filled, self.expected
                )
            } else {
                "the IDAT zlib stream is not terminated (its last block or its Adler-32 checksum is missing)".to_owned()
            }));
        }
        if self.filled != self.expected {
            return Err(MaskError::Corrupt(format!(
                "the image data is incomplete: the IDAT zlib stream holds {} of the {} bytes the header implies",
                self.filled, self.expected
            )));
        }
        self.out.truncate(self.expected);
        Ok(self.out)
    }

    fn run(&mut self, mut input: &[u8]) -> Result<(), MaskError> {
        while !input.is_empty() {
            if self.decompressor.is_done() {
                return Err(trailing());
            }
            if self.filled == self.out.len() {
                self.grow()?;
            }
            let (consumed, produced) = self
                .decompressor
                .read(input, &mut self.out, self.filled, false)
                .map_err(|error| {
                    MaskError::Corrupt(format!("the IDAT zlib stream is corrupt: {error:?}"))
                })?;
            self.filled += produced;
            if self.filled > self.expected {
                return Err(too_long(self.expected));
            }
            input = &input[consumed..];
            if consumed == 0 && produced == 0 && self.filled < self.out.len() {
                // fdeflate returns with input left only when the output is full or the stream
                // is done; anything else would loop forever.
                return Err(MaskError::Corrupt(
                    "the IDAT zlib stream stalled (the decompressor made no progress)".to_owned(),
                ));
            }
        }
        Ok(())
    }

    fn grow(&mut self) -> Result<(), MaskError> {
        let limit = self.expected + 1;
        if self.out.len() >= limit {
            return Err(too_long(self.expected));
        }
        let new_len = self.out.len().saturating_mul(2).max(MIN_RESERVE).min(limit);
        self.out.resize(new_len, 0);
        Ok(())
    }
}

fn trailing() -> MaskError {
    MaskError::Corrupt("the IDAT chunks hold bytes after the end of the zlib stream".to_owned())
}

fn too_long(expected: usize) -> MaskError {
    MaskError::Corrupt(format!(
        "the IDAT zlib stream holds more than the {expected} bytes of image data the header implies"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| (i * 7 % 251) as u8 ^ (i / 300) as u8)
            .collect()
    }

    /// Feeds `stream` cut at `cuts` (sorted offsets) and finishes.
    fn inflate(
        stream: &[u8],
        expected: usize,
        cuts: &[usize],
        reserve: usize,
    ) -> Result<Vec<u8>, MaskError> {
        let mut inflater = Inflater::with_reserve(expected, reserve);
        let mut from = 0;
        for &cut in cuts.iter().chain(std::iter::once(&stream.len())) {
            inflater.feed(&stream[from..cut])?;
            from = cut;
        }
        inflater.finish()
    }

    #[test]
    fn the_stream_is_read_exactly_however_it_is_split() {
        let raw = data(5000);
        let stream = fdeflate::compress_to_vec(&raw);
        let n = stream.len();
        for cut in 0..=n {
            assert_eq!(
                inflate(&stream, raw.len(), &[cut], usize::MAX).unwrap(),
                raw,
                "cut {cut}"
            );
        }
        let every_byte: Vec<usize> = (1..n).collect();
        assert_eq!(
            inflate(&stream, raw.len(), &every_byte, usize::MAX).unwrap(),
            raw
        );
        for extra in 1..=9 {
            let mut with = stream.clone();
            with.extend(std::iter::repeat_n(0u8, extra));
            for cut in [0, n - 5, n - 4, n - 3, n - 1, n, with.len()] {
                let error = inflate(&with, raw.len(), &[cut], usize::MAX).unwrap_err();
                assert!(
                    error.to_string().contains("after the end"),
                    "{extra} extra, cut {cut}: {error}"
                );
            }
            assert!(inflate(
                &with,
                raw.len(),
                &(1..with.len()).collect::<Vec<_>>(),
                usize::MAX
            )
            .is_err());
        }
        for short in 1..=5 {
            let error = inflate(&stream[..n - short], raw.len(), &[], usize::MAX).unwrap_err();
            assert_eq!(error.code(), "E_PNG_CORRUPT", "{short} bytes short");
        }
    }

    #[test]
    fn output_grows_from_a_small_first_buffer_up_to_the_expected_length() {
        let raw = data(300_000);
        let stream = fdeflate::compress_to_vec(&raw);
        assert_eq!(inflate(&stream, raw.len(), &[], 10).unwrap(), raw);
        // One byte more than the header implies, found while growing.
        let error = inflate(&stream, raw.len() - 1, &[], 10).unwrap_err();
        assert!(error.to_string().contains("more than"), "{error}");
        let error = inflate(&stream, raw.len() + 1, &[], 10).unwrap_err();
        assert!(error.to_string().contains("incomplete"), "{error}");
    }
}
