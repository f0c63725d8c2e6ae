//! Bad input: every failure has its code, a message that says what is wrong, and never a panic
//! or a hang.

mod common;

use common::{assemble, chunk, chunk_offsets, grey8_ihdr, zlib, Image, Rng, SIGNATURE};
use perclass_io::{decode_mask, ColourMap, Limits, MaskError};

fn decode(bytes: &[u8]) -> Result<perclass_io::Mask, MaskError> {
    decode_mask(bytes, &Limits::default(), None)
}

fn code(bytes: &[u8]) -> &'static str {
    match decode(bytes) {
        Ok(_) => "ok",
        Err(error) => error.code(),
    }
}

/// A small valid PNG with a text chunk and a palette, split IDAT: every chunk type the tests
/// damage.
fn sample() -> Vec<u8> {
    let image = Image {
        width: 7,
        height: 5,
        depth: 8,
        colour_type: 3,
        interlaced: false,
        samples: (0..35).map(|i| (i % 4) as u16).collect(),
    };
    let stream = zlib(&image.raw(&mut |row| (row % 5) as u8));
    let (a, b) = stream.split_at(stream.len() / 2);
    assemble(
        &image.ihdr(),
        &[
            chunk(b"PLTE", &common::grey_palette(4)),
            chunk(b"tEXt", b"Software\0perclass"),
            chunk(b"iCCP", b"icc\0\0garbage"),
            chunk(b"IDAT", a),
            chunk(b"IDAT", b),
        ],
    )
}

#[test]
fn the_sample_is_valid() {
    assert_eq!(code(&sample()), "ok");
}

#[test]
fn not_a_png() {
    for bytes in [
        &b""[..],
        b"GIF89a.....",
        b"\x89PNG\r\n\x1a\x0b and more",
        b"hello",
    ] {
        let error = decode(bytes).unwrap_err();
        assert_eq!(error.code(), "E_PNG_CORRUPT");
        assert!(error.to_string().starts_with("not a PNG file"), "{error}");
    }
}

#[test]
fn truncation_at_every_offset_is_corrupt() {
    let png = sample();
    for end in 0..png.len() {
        let error = decode(&png[..end]).unwrap_err();
        assert_eq!(error.code(), "E_PNG_CORRUPT", "truncated at {end}: {error}");
    }
}

#[test]
fn a_bad_crc_in_any_chunk_is_corrupt() {
    let png = sample();
    for (at, kind, length) in chunk_offsets(&png) {
        let mut bad = png.clone();
        bad[at + 8 + length] ^= 0x01; // the CRC's first byte
        let error = decode(&bad).unwrap_err();
        assert_eq!(
            error.code(),
            "E_PNG_CORRUPT",
            "{}",
            String::from_utf8_lossy(&kind)
        );
        assert!(error.to_string().contains("CRC"), "{error}");
    }
}

#[test]
fn damaged_chunk_data_is_caught_by_the_crc() {
    let png = sample();
    for (at, kind, length) in chunk_offsets(&png) {
        if length == 0 {
            continue;
        }
        let mut bad = png.clone();
        bad[at + 8] ^= 0x40;
        assert_eq!(
            code(&bad),
            "E_PNG_CORRUPT",
            "{}",
            String::from_utf8_lossy(&kind)
        );
    }
}

#[test]
fn a_header_beyond_the_limit_fails_before_allocating() {
    // 2^31-1 squared, with a few bytes of data: allocating for it would abort the test.
    let ihdr = grey8_ihdr(0x7fff_ffff, 0x7fff_ffff);
    let png = assemble(&ihdr, &[chunk(b"IDAT", &zlib(&[0, 0]))]);
    let error = decode(&png).unwrap_err();
    assert_eq!(error.code(), "E_LIMIT_PIXELS");
    // Also with the file cut right after the header.
    assert_eq!(code(&png[..33]), "E_LIMIT_PIXELS");
}

#[test]
fn a_large_allowed_header_with_tiny_data_is_corrupt_without_reserving_its_size() {
    // 60000 x 60000 is allowed by this limit; the data is 10 bytes.
    let ihdr = grey8_ihdr(60_000, 60_000);
    let png = assemble(&ihdr, &[chunk(b"IDAT", &zlib(&[0; 10]))]);
    let error = decode_mask(
        &png,
        &Limits {
            max_pixels: u64::MAX,
        },
        None,
    )
    .unwrap_err();
    assert_eq!(error.code(), "E_PNG_CORRUPT", "{error}");
}

#[test]
fn zero_width_or_height_is_corrupt() {
    for (w, h) in [(0, 5), (5, 0), (0, 0)] {
        let png = assemble(&grey8_ihdr(w, h), &[chunk(b"IDAT", &zlib(&[0]))]);
        assert_eq!(code(&png), "E_PNG_CORRUPT");
    }
}

#[test]
fn bad_header_fields_are_corrupt() {
    let base = grey8_ihdr(2, 2);
    for (at, value) in [(8, 3u8), (8, 16), (9, 1), (9, 7), (10, 1), (11, 1), (12, 2)] {
        let mut ihdr = base.clone();
        ihdr[at] = value;
        if at == 8 && value == 16 {
            ihdr[9] = 3; // 16-bit palette: an invalid combination
        }
        let png = assemble(&ihdr, &[chunk(b"IDAT", &zlib(&[0; 6]))]);
        assert_eq!(code(&png), "E_PNG_CORRUPT", "byte {at} = {value}");
    }
}

fn grey_png(stream: &[u8]) -> Vec<u8> {
    assemble(&grey8_ihdr(3, 2), &[chunk(b"IDAT", stream)])
}

const RAW: [u8; 8] = [0, 1, 2, 3, 1, 4, 5, 6];

#[test]
fn the_zlib_stream_must_be_exact() {
    let good = zlib(&RAW);
    assert_eq!(code(&grey_png(&good)), "ok");
    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
    for extra in 1..=9 {
        let mut with = good.clone();
        with.extend(std::iter::repeat_n(0xa5, extra));
        cases.push(("trailing garbage", with));
    }
    let mut zeros = good.clone();
    zeros.extend([0, 0, 0, 0]);
    cases.push(("trailing zeros", zeros));
    let mut twice = good.clone();
    twice.extend_from_slice(&good[good.len() - 4..]);
    cases.push(("the checksum twice", twice));
    cases.push(("no checksum", good[..good.len() - 4].to_vec()));
    cases.push(("half a checksum", good[..good.len() - 2].to_vec()));
    let mut bad_sum = good.clone();
    *bad_sum.last_mut().unwrap() ^= 1;
    cases.push(("bad checksum", bad_sum));
    let mut bad_header = good.clone();
    bad_header[0] = 0x79;
    cases.push(("bad zlib header", bad_header));
    cases.push((
        "more image data",
        zlib(&[RAW.as_slice(), &[0, 9, 9, 9]].concat()),
    ));
    cases.push(("less image data", zlib(&RAW[..6])));
    cases.push(("bad filter type", zlib(&[0, 1, 2, 3, 5, 4, 5, 6])));
    cases.push(("empty", vec![]));
    cases.push(("not zlib", b"definitely not a zlib stream".to_vec()));
    for (name, stream) in cases {
        let error = decode(&grey_png(&stream)).expect_err(name);
        assert_eq!(error.code(), "E_PNG_CORRUPT", "{name}: {error}");
    }
    // Trailing garbage in an IDAT chunk of its own.
    let png = assemble(
        &grey8_ihdr(3, 2),
        &[chunk(b"IDAT", &good), chunk(b"IDAT", b"\x00")],
    );
    assert_eq!(code(&png), "E_PNG_CORRUPT");
}

#[test]
fn messages_say_what_is_wrong() {
    let good = zlib(&RAW);
    let mut trailing = good.clone();
    trailing.push(7);
    let message = decode(&grey_png(&trailing)).unwrap_err().to_string();
    assert!(
        message.contains("after the end of the zlib stream"),
        "{message}"
    );
    let message = decode(&grey_png(&zlib(&RAW[..5]))).unwrap_err().to_string();
    assert!(message.contains("incomplete"), "{message}");
    let message = decode(&grey_png(&zlib(&[0, 1, 2, 3, 9, 4, 5, 6])))
        .unwrap_err()
        .to_string();
    assert_eq!(message, "unknown row filter type 9 in image row 1");
    let png = sample();
    let message = decode(&png[..png.len() - 3]).unwrap_err().to_string();
    assert!(message.contains("truncated"), "{message}");
}

#[test]
fn chunk_order_rules() {
    let stream = chunk(b"IDAT", &zlib(&RAW));
    let ihdr = grey8_ihdr(3, 2);
    let mut no_ihdr = SIGNATURE.to_vec();
    no_ihdr.extend(&stream);
    no_ihdr.extend(chunk(b"IEND", &[]));
    let mut iend_with_data = SIGNATURE.to_vec();
    iend_with_data.extend(chunk(b"IHDR", &ihdr));
    iend_with_data.extend(&stream);
    iend_with_data.extend(chunk(b"IEND", b"x"));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("no IDAT", assemble(&ihdr, &[])),
        ("IDAT before IHDR", no_ihdr),
        (
            "IDAT run restarted",
            assemble(
                &ihdr,
                &[
                    chunk(b"IDAT", &zlib(&RAW)[..4]),
                    chunk(b"tEXt", b"a\0b"),
                    chunk(b"IDAT", &zlib(&RAW)[4..]),
                ],
            ),
        ),
        (
            "unknown critical chunk",
            assemble(&ihdr, &[chunk(b"CRIT", b""), stream.clone()]),
        ),
        (
            "second IHDR",
            assemble(&ihdr, &[chunk(b"IHDR", &ihdr), stream.clone()]),
        ),
        (
            "short IHDR",
            [
                SIGNATURE.to_vec(),
                chunk(b"IHDR", &ihdr[..12]),
                stream.clone(),
            ]
            .concat(),
        ),
        ("IEND with data", iend_with_data),
        (
            "fdAT without fcTL",
            assemble(&ihdr, &[stream.clone(), chunk(b"fdAT", &[0, 0, 0, 0, 1])]),
        ),
    ];
    for (name, png) in cases {
        assert_eq!(code(&png), "E_PNG_CORRUPT", "{name}");
    }
}

#[test]
fn palette_rules() {
    let image = Image {
        width: 2,
        height: 2,
        depth: 8,
        colour_type: 3,
        interlaced: false,
        samples: vec![0, 1, 1, 0],
    };
    let idat = chunk(b"IDAT", &zlib(&image.raw(&mut |_| 0)));
    let plte = chunk(b"PLTE", &common::grey_palette(2));
    assert_eq!(
        code(&assemble(&image.ihdr(), &[plte.clone(), idat.clone()])),
        "ok"
    );
    let cases = [
        ("no PLTE", vec![idat.clone()]),
        ("PLTE after IDAT", vec![idat.clone(), plte.clone()]),
        ("two PLTE", vec![plte.clone(), plte.clone(), idat.clone()]),
        (
            "PLTE of 2 bytes",
            vec![chunk(b"PLTE", &[1, 2]), idat.clone()],
        ),
    ];
    for (name, chunks) in cases {
        assert_eq!(
            code(&assemble(&image.ihdr(), &chunks)),
            "E_PNG_CORRUPT",
            "{name}"
        );
    }
}

#[test]
fn animated_pngs_are_unsupported() {
    let stream = chunk(b"IDAT", &zlib(&RAW));
    let png = assemble(
        &grey8_ihdr(3, 2),
        &[chunk(b"acTL", &[0, 0, 0, 1, 0, 0, 0, 0]), stream],
    );
    let error = decode(&png).unwrap_err();
    assert_eq!(error.code(), "E_PNG_UNSUPPORTED");
    assert_eq!(
        error.to_string(),
        "animated PNGs (APNG) are not supported as masks"
    );
}

fn rgb(samples: Vec<u16>, width: u32, depth: u8) -> Vec<u8> {
    let image = Image {
        width,
        height: samples.len() as u32 / width / 3,
        depth,
        colour_type: 2,
        interlaced: false,
        samples,
    };
    image.png(&mut Rng::new(1), &[])
}

#[test]
fn a_colour_missing_from_the_map_names_the_colour_and_its_first_pixel() {
    let map = ColourMap::new(&[0x000000, 0xff0000], &[0, 1]).unwrap();
    #[rustfmt::skip]
    let png = rgb(vec![
        255, 0, 0,   0, 0, 0,   0, 0, 0,
        0, 0, 0,     0, 0, 0,   1, 2, 3,
        1, 2, 3,     9, 9, 9,   0, 0, 0,
    ], 3, 8);
    let error = decode_mask(&png, &Limits::default(), Some(&map)).unwrap_err();
    assert_eq!(error.code(), "E_PALETTE");
    assert_eq!(
        error.to_string(),
        "colour #010203 at pixel (2, 1) is not in the colour map"
    );
}

#[test]
fn the_first_missing_colour_is_found_in_row_major_order_in_interlaced_images_too() {
    let map = ColourMap::new(&[0x000000], &[0]).unwrap();
    // 8x8 interlaced: pixel (0, 0) is in pass 1; (1, 0) is decoded in pass 6 and (0, 1) in pass
    // 7; (5, 4) in pass 2... The first in row-major order is (1, 0).
    let mut samples = vec![0u16; 8 * 8 * 3];
    for (x, y, v) in [(5, 4, 7u16), (0, 1, 8), (1, 0, 9)] {
        samples[(y * 8 + x) * 3] = v;
    }
    let image = Image {
        width: 8,
        height: 8,
        depth: 8,
        colour_type: 2,
        interlaced: true,
        samples,
    };
    let png = image.png(&mut Rng::new(4), &[]);
    let error = decode_mask(&png, &Limits::default(), Some(&map)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "colour #090000 at pixel (1, 0) is not in the colour map"
    );
}

#[test]
fn rgb_without_a_map_and_16_bit_rgb_are_unsupported() {
    let png = rgb(vec![0, 0, 0, 1, 1, 1], 2, 8);
    let error = decode(&png).unwrap_err();
    assert_eq!(error.code(), "E_PNG_UNSUPPORTED");
    assert!(error.to_string().contains("--palette"), "{error}");
    let png16 = rgb(vec![0, 0, 0, 1000, 1, 1], 2, 16);
    let map = ColourMap::new(&[0], &[0]).unwrap();
    let error = decode_mask(&png16, &Limits::default(), Some(&map)).unwrap_err();
    assert_eq!(error.code(), "E_PNG_UNSUPPORTED");
    assert!(error.to_string().starts_with("16-bit RGB"), "{error}");
}

#[test]
fn random_damage_never_panics() {
    let mut rng = Rng::new(11);
    let png = sample();
    for _ in 0..3000 {
        let mut bad = png.clone();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(bad.len() as u64) as usize;
            bad[at] = rng.next() as u8;
        }
        // Whatever it says, it says it with a code (and without panicking).
        let _ = decode(&bad);
    }
}

#[test]
fn limits_from_javascript_numbers() {
    assert_eq!(Limits::from_f64(12.0).unwrap().max_pixels, 12);
    for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 1e300] {
        assert_eq!(
            Limits::from_f64(bad).unwrap_err().code(),
            "E_OPTION",
            "{bad}"
        );
    }
}
