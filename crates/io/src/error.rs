use std::fmt;

/// Why a mask file could not be turned into labels. `code()` is the stable code the JavaScript
/// side throws; the TypeScript decoder (src/io/png-decode.ts) gives the same code for the same
/// bytes. Messages never name the file: the caller adds the name (see `decode_mask`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MaskError {
    /// Not a PNG, or a PNG whose bytes are damaged or break the format's rules. The message says
    /// what is wrong and, where it helps, at which byte.
    Corrupt(String),
    /// A well-formed PNG that is not a label mask this decoder reads (16-bit colour, colour
    /// without a colour map, animation). Decided from the header or from the chunk type alone.
    Unsupported(String),
    /// `width × height` is above the limit. Found in the header, before anything proportional to
    /// the image is allocated.
    LimitPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    /// An RGB(A) pixel whose colour the colour map does not name: the first such pixel in
    /// row-major order. Reported only for a file that decodes completely.
    Palette { colour: u32, x: u32, y: u32 },
    /// A bad argument: a colour map whose arrays do not pair up, or a bad pixel limit.
    Option(String),
}

impl MaskError {
    pub fn code(&self) -> &'static str {
        match self {
            MaskError::Corrupt(_) => "E_PNG_CORRUPT",
            MaskError::Unsupported(_) => "E_PNG_UNSUPPORTED",
            MaskError::LimitPixels { .. } => "E_LIMIT_PIXELS",
            MaskError::Palette { .. } => "E_PALETTE",
            MaskError::Option(_) => "E_OPTION",
        }
    }
}

/// `#rrggbb`, the way colour maps name colours.
pub fn colour_name(colour: u32) -> String {
    format!("#{:06x}", colour & 0xff_ffff)
}

// The LimitPixels, Palette and Unsupported texts are also built, identically, by the TypeScript
// decoder (src/io/png-layout.ts and src/io/png-rows.ts); Corrupt texts may differ between the two.
impl fmt::Display for MaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MaskError::Corrupt(message)
            | MaskError::Unsupported(message)
            | MaskError::Option(message) => f.write_str(message),
            MaskError::LimitPixels {
                width,
                height,
                max_pixels,
            } => write!(
                f,
                "the image is {width}x{height} = {} pixels, above the limit of {max_pixels} pixels (maxPixels)",
                u64::from(*width) * u64::from(*height)
            ),
            MaskError::Palette { colour, x, y } => write!(
                f,
                "colour {} at pixel ({x}, {y}) is not in the colour map",
                colour_name(*colour)
            ),
        }
    }
}

impl std::error::Error for MaskError {}
