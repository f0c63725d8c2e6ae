//! perclass-io: mask files for the native batch path. [`decode_mask`] turns the bytes of a PNG
//! label mask into one label per pixel, with the same contract, and the same error codes for
//! the same bytes, as the TypeScript decoder (`src/io/png-decode.ts`).
//!
//! # The decoding contract
//!
//! Labels, one per pixel, row-major:
//! - 8-bit grey: the value (`u8`); 16-bit grey: the value (`u16`); 1/2/4-bit grey: the raw value,
//!   NOT rescaled to 0–255 (`u8`).
//! - Palette (indexed) PNGs: the palette index, whatever the colours (PASCAL VOC style), `u8`.
//!   An index beyond the PLTE's entries is still its index.
//! - Grey + alpha: the grey value (alpha ignored), `u8` or `u16` by depth.
//! - 8-bit RGB / RGBA: the colour's label in a [`ColourMap`] (alpha ignored); `u8` when every
//!   label of the map fits a byte, else `u16`. A colour the map lacks is `E_PALETTE`, naming
//!   the colour and the first pixel (row-major) that has it. Without a map: `E_PNG_UNSUPPORTED`
//!   (a `--palette` is needed). 16-bit RGB(A): `E_PNG_UNSUPPORTED`. A map is ignored for grey
//!   and palette PNGs.
//! - Interlaced (Adam7) PNGs are decoded.
//!
//! Checks, in file order (the first problem met decides the code):
//! 1. Signature, then chunk by chunk: length and type, data, CRC. EVERY chunk's CRC is checked,
//!    ancillary ones included (a damaged file is reported whichever chunk took the damage).
//!    Text (tEXt, zTXt, iTXt) and ICC (iCCP) chunks are otherwise skipped: never decompressed.
//! 2. IHDR must come first; a bad field or a zero width/height is `E_PNG_CORRUPT`. Then
//!    `width × height > max_pixels` is `E_LIMIT_PIXELS`, then an unsupported format (above) is
//!    `E_PNG_UNSUPPORTED`, both before anything proportional to the image is allocated.
//! 3. Animated PNGs (an acTL or fcTL chunk) are `E_PNG_UNSUPPORTED` where that chunk begins.
//! 4. The chunk rules of png 0.18's `StreamingDecoder` (unknown critical chunk, IDAT runs that
//!    restart, a second IHDR or PLTE, IHDR/PLTE/IEND/fcTL lengths, fdAT without fcTL), plus: a
//!    palette PNG needs its PLTE before the first IDAT; the file needs an IDAT and an IEND.
//!    Bytes after IEND are ignored.
//! 5. The IDAT data is ONE zlib stream with a correct Adler-32, ending exactly where the IDAT
//!    data ends (bytes after it are `E_PNG_CORRUPT`), inflating to exactly the length the header
//!    implies; every row's filter type is 0–4.
//! 6. `E_PALETTE` last, for a file that is otherwise whole.
//!
//! Every failure of the bytes is `E_PNG_CORRUPT` with a message saying what is wrong (truncated
//! at any offset, bad CRC, corrupt zlib, missing IDAT, bad chunk order, trailing zlib bytes...).
//!
//! Messages never name the file: the caller adds it (`decode(bytes, { file })` in TypeScript
//! prefixes `file: `; Rust callers wrap the error with the path they read).

// Decoding untrusted bytes needs no unsafe code, and none may creep in: every bound is checked.
#![forbid(unsafe_code)]

mod chunks;
mod colour;
mod error;
mod header;
mod inflate;
mod rows;

pub use colour::ColourMap;
pub use error::{colour_name, MaskError};
pub use header::{Limits, DEFAULT_MAX_PIXELS};

use chunks::{Chunks, Event};
use header::{check_header, Colour};
use inflate::Inflater;

/// One label per pixel, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Labels {
    U8(Vec<u8>),
    U16(Vec<u16>),
}

impl Labels {
    pub fn len(&self) -> usize {
        match self {
            Labels::U8(labels) => labels.len(),
            Labels::U16(labels) => labels.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A decoded mask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mask {
    pub width: u32,
    pub height: u32,
    pub labels: Labels,
}

/// Decodes a PNG label mask held in memory (see the crate documentation for the contract).
/// `colours` is needed for RGB(A) masks only.
pub fn decode_mask(
    bytes: &[u8],
    limits: &Limits,
    colours: Option<&ColourMap>,
) -> Result<Mask, MaskError> {
    let mut chunks = Chunks::new(bytes);
    // png accepts no chunk before IHDR, so the first event is the header.
    let header = match chunks.next_event()? {
        Event::Header(header) => header,
        other => {
            return Err(MaskError::Corrupt(format!(
                "the IHDR chunk must come first, found {other:?}"
            )))
        }
    };
    let kind = check_header(&header, limits, colours)?;
    let expected = usize::try_from(header.raw_len()).map_err(|_| {
        MaskError::Unsupported("the image is too large for this platform's memory".to_owned())
    })?;

    let mut palette = false;
    let mut inflater: Option<Inflater> = None;
    let mut raw: Option<Vec<u8>> = None;
    loop {
        match chunks.next_event()? {
            Event::Palette => palette = true,
            Event::IdatBegin => {
                if inflater.is_none() && raw.is_none() {
                    if header.colour == Colour::Indexed && !palette {
                        return Err(MaskError::Corrupt(
                            "a palette PNG needs a PLTE chunk before its first IDAT chunk"
                                .to_owned(),
                        ));
                    }
                    inflater = Some(Inflater::new(expected, bytes.len()));
                }
            }
            Event::ImageData(data) => match inflater.as_mut() {
                Some(inflater) => inflater.feed(data)?,
                None => return Err(MaskError::Corrupt("image data outside IDAT".to_owned())),
            },
            Event::IdatEnd => {
                if let Some(done) = inflater.take() {
                    raw = Some(done.finish()?);
                }
            }
            Event::End => break,
            Event::Header(_) => {
                return Err(MaskError::Corrupt("a second IHDR chunk".to_owned()));
            }
        }
    }
    let raw = raw.ok_or_else(|| {
        MaskError::Corrupt("the PNG has no IDAT chunk: it holds no image data".to_owned())
    })?;
    let labels = rows::labels(&header, kind, raw, colours)?;
    Ok(Mask {
        width: header.width,
        height: header.height,
        labels,
    })
}
