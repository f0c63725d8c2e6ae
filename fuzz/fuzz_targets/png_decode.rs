//! The PNG decoder (perclass-io) on any bytes: no panic, the pixel limit respected, every
//! decoded mask whole; and on the saved corpus, the TypeScript decoder's verdict exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perclass_fuzz::verdicts::{table, verdict};
use perclass_io::{decode_mask, Limits, MaskError};

fuzz_target!(|bytes: &[u8]| {
    let table = table();
    let result = decode_mask(bytes, &table.limits, Some(&table.colours));
    if let Some(expected) = table.expected(bytes) {
        assert_eq!(
            verdict(&result),
            expected,
            "the TypeScript decoder's verdict"
        );
    }
    let max = table.limits.max_pixels;
    match &result {
        Ok(mask) => {
            let pixels = u64::from(mask.width) * u64::from(mask.height);
            assert!(
                pixels >= 1 && pixels <= max,
                "{pixels} pixels decoded, limit {max}"
            );
            assert_eq!(mask.labels.len() as u64, pixels, "one label per pixel");
            // The limit is checked on the header, before anything else can fail: one pixel
            // less must refuse this very file with E_LIMIT_PIXELS.
            let below = Limits::from_f64((pixels - 1) as f64);
            if let Ok(below) = below {
                match decode_mask(bytes, &below, Some(&table.colours)) {
                    Err(MaskError::LimitPixels { .. }) => {}
                    other => panic!(
                        "limit {} pixels on a {pixels}-pixel file: {other:?}",
                        pixels - 1
                    ),
                }
            }
        }
        Err(MaskError::LimitPixels {
            width,
            height,
            max_pixels,
        }) => {
            assert_eq!(*max_pixels, max);
            assert!(u64::from(*width) * u64::from(*height) > max);
        }
        Err(error) => assert!(!error.to_string().is_empty(), "an error says what is wrong"),
    }
});
