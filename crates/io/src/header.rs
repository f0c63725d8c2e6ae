//! The image header (IHDR) as the decoder needs it: the pixel limit and the formats a label mask
//! may have are decided here, before anything proportional to the image is allocated.

use crate::colour::ColourMap;
use crate::error::MaskError;

/// The default pixel limit, as sharp's `limitInputPixels`: 16383 × 16383.
pub const DEFAULT_MAX_PIXELS: u64 = 268_402_689;

/// What the decoder may spend on one image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted `width × height`; a larger header is `E_LIMIT_PIXELS`.
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pixels: DEFAULT_MAX_PIXELS,
        }
    }
}

impl Limits {
    /// Limits from the JavaScript number `maxPixels`: a positive integer (at most 2^53 − 1).
    pub fn from_f64(max_pixels: f64) -> Result<Limits, MaskError> {
        const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
        if max_pixels.fract() != 0.0 || !(1.0..=MAX_SAFE_INTEGER).contains(&max_pixels) {
            return Err(MaskError::Option(format!(
                "maxPixels must be an integer in [1, 2^53 - 1], got {max_pixels}"
            )));
        }
        Ok(Limits {
            max_pixels: max_pixels as u64,
        })
    }
}

/// PNG colour types (the numbers are the specification's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Colour {
    Grey = 0,
    Rgb = 2,
    Indexed = 3,
    GreyAlpha = 4,
    Rgba = 6,
}

impl Colour {
    pub fn channels(self) -> usize {
        match self {
            Colour::Grey | Colour::Indexed => 1,
            Colour::GreyAlpha => 2,
            Colour::Rgb => 3,
            Colour::Rgba => 4,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Colour::Grey => "grey",
            Colour::Rgb => "RGB",
            Colour::Indexed => "palette",
            Colour::GreyAlpha => "grey+alpha",
            Colour::Rgba => "RGBA",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    pub width: u32,
    pub height: u32,
    /// Bits per sample: 1, 2, 4, 8 or 16 (the png crate has checked the combination).
    pub bit_depth: u8,
    pub colour: Colour,
    pub interlaced: bool,
}

/// One Adam7 pass (or the whole image when not interlaced): the sub-image of pixels
/// `(x0 + i·dx, y0 + j·dy)`, `width × height` of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pass {
    pub x0: u32,
    pub y0: u32,
    pub dx: u32,
    pub dy: u32,
    pub width: u32,
    pub height: u32,
}

/// Adam7 passes: (x0, y0, dx, dy).
const ADAM7: [(u32, u32, u32, u32); 7] = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
];

/// How many of `0..size` are `start + k·step`.
fn count(size: u32, start: u32, step: u32) -> u32 {
    if size > start {
        (size - start).div_ceil(step)
    } else {
        0
    }
}

impl Header {
    pub fn from_info(info: &png::Info<'_>) -> Header {
        let colour = match info.color_type {
            png::ColorType::Grayscale => Colour::Grey,
            png::ColorType::Rgb => Colour::Rgb,
            png::ColorType::Indexed => Colour::Indexed,
            png::ColorType::GrayscaleAlpha => Colour::GreyAlpha,
            png::ColorType::Rgba => Colour::Rgba,
        };
        Header {
            width: info.width,
            height: info.height,
            bit_depth: info.bit_depth as u8,
            colour,
            interlaced: info.interlaced,
        }
    }

    pub fn bits_per_pixel(&self) -> usize {
        self.colour.channels() * usize::from(self.bit_depth)
    }

    /// The distance, in bytes, between a byte and the one the Sub, Average and Paeth filters
    /// predict it from (the PNG specification's "bpp", at least 1).
    pub fn filter_distance(&self) -> usize {
        self.bits_per_pixel().div_ceil(8)
    }

    /// Bytes of one row of `width` pixels, without its filter-type byte.
    pub fn row_bytes(&self, width: u32) -> usize {
        (width as usize * self.bits_per_pixel()).div_ceil(8)
    }

    /// The passes the image data holds, in order, leaving out the empty ones (a 1-pixel-wide
    /// interlaced image has no pixel in the passes that start at x = 1, 2 or 4).
    pub fn passes(&self) -> impl Iterator<Item = Pass> + '_ {
        let table: &[(u32, u32, u32, u32)] = if self.interlaced {
            &ADAM7
        } else {
            &[(0, 0, 1, 1)]
        };
        table
            .iter()
            .map(|&(x0, y0, dx, dy)| Pass {
                x0,
                y0,
                dx,
                dy,
                width: count(self.width, x0, dx),
                height: count(self.height, y0, dy),
            })
            .filter(|pass| pass.width > 0 && pass.height > 0)
    }

    /// Length of the decompressed image data: every row of every pass with its filter byte.
    pub fn raw_len(&self) -> u64 {
        self.passes()
            .map(|pass| u64::from(pass.height) * (1 + self.row_bytes(pass.width) as u64))
            .sum()
    }
}

/// What the labels will be made of; decided from the header alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LabelKind {
    /// Grey (any depth up to 8), palette indices, grey of grey+alpha 8: one byte per label.
    U8,
    /// 16-bit grey or grey+alpha: the grey value.
    U16,
    /// 8-bit RGB or RGBA through the colour map; `wide` when some label exceeds 255.
    Colour { wide: bool },
}

/// Checks the pixel limit, then that the header describes a mask this decoder reads.
pub(crate) fn check_header(
    header: &Header,
    limits: &Limits,
    colours: Option<&ColourMap>,
) -> Result<LabelKind, MaskError> {
    let pixels = u64::from(header.width) * u64::from(header.height);
    if pixels > limits.max_pixels {
        return Err(MaskError::LimitPixels {
            width: header.width,
            height: header.height,
            max_pixels: limits.max_pixels,
        });
    }
    match header.colour {
        Colour::Grey | Colour::GreyAlpha if header.bit_depth == 16 => Ok(LabelKind::U16),
        Colour::Grey | Colour::GreyAlpha | Colour::Indexed => Ok(LabelKind::U8),
        Colour::Rgb | Colour::Rgba if header.bit_depth == 16 => {
            Err(MaskError::Unsupported(format!(
                "16-bit {} PNGs are not supported as masks: save the mask as 8-bit RGB, grey or palette",
                header.colour.name()
            )))
        }
        Colour::Rgb | Colour::Rgba => match colours {
            Some(map) => Ok(LabelKind::Colour {
                wide: map.max_label() > 255,
            }),
            None => Err(MaskError::Unsupported(format!(
                "an {} mask needs a colour map from colours to labels: pass --palette <map.json> (the palette option)",
                header.colour.name()
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(width: u32, height: u32, interlaced: bool) -> Header {
        Header {
            width,
            height,
            bit_depth: 8,
            colour: Colour::Grey,
            interlaced,
        }
    }

    #[test]
    fn adam7_passes_cover_every_pixel_once() {
        for (w, h) in [(1, 1), (1, 9), (5, 3), (8, 8), (9, 17), (33, 2)] {
            let header = header(w, h, true);
            let mut seen = vec![0u8; (w * h) as usize];
            for pass in header.passes() {
                for j in 0..pass.height {
                    for i in 0..pass.width {
                        let (x, y) = (pass.x0 + i * pass.dx, pass.y0 + j * pass.dy);
                        seen[(y * w + x) as usize] += 1;
                    }
                }
            }
            assert!(seen.iter().all(|&n| n == 1), "{w}x{h}");
        }
    }

    #[test]
    fn raw_length_counts_filter_bytes_per_row_of_each_pass() {
        assert_eq!(header(5, 3, false).raw_len(), 3 * 6);
        // 2x2 interlaced: pass 1 holds (0,0), pass 6 holds (1,0), pass 7 holds row 1 (2 pixels).
        assert_eq!(header(2, 2, true).raw_len(), 2 + 2 + 3);
        let sub_byte = Header {
            bit_depth: 1,
            ..header(9, 2, false)
        };
        assert_eq!(sub_byte.raw_len(), 2 * (1 + 2));
    }
}
