//! The chunk layer of a PNG held in memory, read with png's `StreamingDecoder`: signature, chunk
//! framing, CRCs, chunk order and the IHDR/PLTE/IEND rules are png's; this file turns its events
//! into the few the mask decoder needs and adds the rules png leaves out for masks.
//!
//! The image data is NOT decompressed here (png is given no image-data sink, so it only frames
//! and CRC-checks the IDAT chunks): `inflate.rs` does it, strictly.
//!
//! The TypeScript decoder (src/io/png-chunks.ts) applies the same rules in the same order; a
//! change here needs the same change there (the parity tests in test/png-decode.test.ts check).

use crate::error::MaskError;
use crate::header::Header;
use png::chunk::{self, ChunkType};
use png::{DecodeOptions, Decoded, StreamingDecoder};

const SIGNATURE: [u8; 8] = [137, 80, 78, 71, 13, 10, 26, 10];

/// What the mask decoder learns, in file order.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// The IHDR chunk, read and CRC-checked.
    Header(Header),
    /// A PLTE chunk, read and CRC-checked.
    Palette,
    /// An IDAT chunk begins (its data follows as `ImageData`).
    IdatBegin,
    /// Bytes of IDAT data (zlib stream), in order. The chunk's CRC is checked after its data.
    ImageData(&'a [u8]),
    /// The run of consecutive IDAT chunks has ended (the next chunk is not an IDAT).
    IdatEnd,
    /// The IEND chunk: bytes after it are ignored (as libpng does).
    End,
}

pub(crate) struct Chunks<'a> {
    bytes: &'a [u8],
    position: usize,
    decoder: StreamingDecoder,
    /// The chunk being read: its type and the offset of its length field.
    current: Option<(ChunkType, usize)>,
    /// Where the data of the IDAT chunk being read ends.
    idat_end: usize,
    /// Consecutive `update` calls that consumed nothing (a guard against a decoder that stalls).
    stalls: u32,
}

impl<'a> Chunks<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        let mut options = DecodeOptions::default();
        // Text and ICC profiles are never decompressed: png treats them as unknown ancillary
        // chunks, which it skips, still checking their CRC.
        options.set_ignore_text_chunk(true);
        options.set_ignore_iccp_chunk(true);
        options.set_ignore_crc(false);
        // png's default drops an ancillary chunk with a bad CRC silently; a damaged file is
        // reported instead, whichever chunk took the damage.
        options.set_skip_ancillary_crc_failures(false);
        Chunks {
            bytes,
            position: 0,
            decoder: StreamingDecoder::new_with_options(options),
            current: None,
            idat_end: 0,
            stalls: 0,
        }
    }

    pub fn next_event(&mut self) -> Result<Event<'a>, MaskError> {
        loop {
            if self.position >= self.bytes.len() {
                return Err(self.truncated());
            }
            let start = self.position;
            let (consumed, decoded) = self
                .decoder
                .update(&self.bytes[start..], None)
                .map_err(|error| self.corrupt(error))?;
            self.position += consumed;
            if consumed == 0 {
                self.stalls += 1;
                if self.stalls > 16 {
                    return Err(MaskError::Corrupt(format!(
                        "the PNG decoder made no progress at byte {start}"
                    )));
                }
            } else {
                self.stalls = 0;
            }
            match decoded {
                Decoded::ChunkBegin(length, kind) => {
                    // The length and type fields (8 bytes) were the last bytes consumed.
                    self.current = Some((kind, self.position - 8));
                    if kind == chunk::acTL || kind == chunk::fcTL {
                        return Err(MaskError::Unsupported(
                            "animated PNGs (APNG) are not supported as masks".to_owned(),
                        ));
                    }
                    if kind == chunk::IDAT {
                        self.idat_end = self.position.saturating_add(length as usize);
                        return Ok(Event::IdatBegin);
                    }
                }
                Decoded::ChunkComplete(chunk::IHDR) => {
                    let info = self.decoder.info().ok_or_else(|| {
                        MaskError::Corrupt("the IHDR chunk could not be read".to_owned())
                    })?;
                    return Ok(Event::Header(Header::from_info(info)));
                }
                Decoded::ChunkComplete(chunk::PLTE) => return Ok(Event::Palette),
                Decoded::ChunkComplete(chunk::IEND) => return Ok(Event::End),
                Decoded::ImageData => {
                    // With no image-data sink png hands IDAT data through unread: the bytes it
                    // consumed are that data (it returns at once after a chunk's header).
                    if self.position > self.idat_end {
                        return Err(MaskError::Corrupt(format!(
                            "image data read past its IDAT chunk at byte {start}"
                        )));
                    }
                    return Ok(Event::ImageData(&self.bytes[start..self.position]));
                }
                Decoded::ImageDataFlushed => return Ok(Event::IdatEnd),
                _ => {}
            }
        }
    }

    fn chunk_name(&self) -> String {
        match self.current {
            Some((kind, at)) => format!("the {} chunk at byte {at}", type_name(kind)),
            None => "the signature".to_owned(),
        }
    }

    fn truncated(&self) -> MaskError {
        let length = self.bytes.len();
        if length < SIGNATURE.len() {
            return MaskError::Corrupt(if self.bytes == &SIGNATURE[..length] {
                format!("not a PNG file: it is only {length} bytes long")
            } else {
                "not a PNG file: it does not start with the PNG signature".to_owned()
            });
        }
        MaskError::Corrupt(format!(
            "the file is truncated: it ends at byte {length}, inside or after {}, before the IEND chunk",
            self.chunk_name()
        ))
    }

    fn corrupt(&self, error: png::DecodingError) -> MaskError {
        let text = tidy(&error.to_string());
        let signature = SIGNATURE.len().min(self.bytes.len());
        if self.bytes[..signature] != SIGNATURE[..signature] {
            return MaskError::Corrupt(format!("not a PNG file: {text}"));
        }
        // png's messages name the chunk where it matters (CRC, length, order).
        MaskError::Corrupt(format!("corrupt PNG: {text}"))
    }
}

fn type_name(kind: ChunkType) -> String {
    kind.0
        .iter()
        .map(|&b| char::from(b).escape_default().to_string())
        .collect()
}

/// png writes chunk types with their `Debug` form (`ChunkType { type: IDAT, critical: true, … }`);
/// keep the name only.
fn tidy(message: &str) -> String {
    const OPEN: &str = "ChunkType { type: ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let name_end = after.find(',').unwrap_or(after.len());
        out.push_str(&after[..name_end]);
        rest = match after.find(" }") {
            Some(close) => &after[close + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn tidies_chunk_type_debug_output() {
        assert_eq!(
            tidy("CRC error: expected 0x1 have 0x2 while decoding ChunkType { type: IDAT, critical: true, private: false, reserved: false, safecopy: false } chunk."),
            "CRC error: expected 0x1 have 0x2 while decoding IDAT chunk."
        );
        assert_eq!(tidy("plain"), "plain");
    }
}
