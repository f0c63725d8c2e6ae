//! IEEE 754 half precision, decoded to f32 (exactly: every f16 is an f32). JavaScript's
//! `Float16Array` reaches Rust as its raw 16-bit patterns (a `Uint16Array` over the same memory),
//! since neither napi nor the wasm ABI has a half type.

/// The f32 of the half-precision bit pattern `bits` (NaN stays NaN, ±0 and ±∞ keep their sign).
pub(crate) fn f16_to_f32(bits: u16) -> f32 {
    let sign = u32::from(bits & 0x8000) << 16;
    let exponent = u32::from((bits >> 10) & 0x1f);
    let mantissa = u32::from(bits & 0x3ff);
    match exponent {
        0 => {
            // Zero or subnormal: mantissa × 2^-24, exact in f32.
            let magnitude = mantissa as f32 * f32::from_bits(0x3380_0000); // 2^-24
            f32::from_bits(sign | magnitude.to_bits())
        }
        0x1f => f32::from_bits(sign | 0x7f80_0000 | (mantissa << 13)),
        _ => f32::from_bits(sign | ((exponent + 112) << 23) | (mantissa << 13)),
    }
}

/// Whether the half-precision bit pattern is a NaN (all-ones exponent, non-zero mantissa).
pub(crate) fn f16_is_nan(bits: u16) -> bool {
    bits & 0x7fff > 0x7c00
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_landmarks() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x3800), 0.5);
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x03ff), 1023.0 * 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x0400), 2f32.powi(-14));
        assert_eq!(f16_to_f32(0x7c00), f32::INFINITY);
        assert_eq!(f16_to_f32(0xfc00), f32::NEG_INFINITY);
        assert_eq!(f16_to_f32(0x8000).to_bits(), (-0.0f32).to_bits());
        assert!(f16_to_f32(0x7e00).is_nan() && f16_is_nan(0x7e00) && f16_is_nan(0xfc01));
        assert!(!f16_is_nan(0x7c00) && !f16_is_nan(0xfc00));
    }

    #[test]
    fn every_pattern_orders_like_its_value() {
        // Monotone over the positive patterns: the decoder cannot swap two neighbours.
        for bits in 0..0x7c00u16 {
            assert!(f16_to_f32(bits) < f16_to_f32(bits + 1), "{bits:#x}");
        }
    }
}
