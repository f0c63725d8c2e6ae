//! Every format a mask may have decodes to its known labels.

mod common;

use common::{assemble, chunk, grey8_ihdr, zlib, Image, Rng};
use perclass_io::{decode_mask, ColourMap, Labels, Limits};

const COLOURS: [u32; 5] = [0x000000, 0xff0000, 0x00ff00, 0x0000ff, 0x123456];

fn colour_map(wide: bool) -> ColourMap {
    let labels: Vec<u16> = if wide {
        vec![0, 1, 2, 3, 700]
    } else {
        vec![0, 1, 2, 3, 200]
    };
    ColourMap::new(&COLOURS, &labels).unwrap()
}

fn expected_labels(image: &Image, map: Option<&ColourMap>) -> Labels {
    let n = (image.width * image.height) as usize;
    let values: Vec<u32> = (0..n)
        .map(|p| {
            let v = image.value(p);
            match map {
                Some(map) if image.colour_type == 2 || image.colour_type == 6 => {
                    u32::from(map.get(v).unwrap())
                }
                _ => v,
            }
        })
        .collect();
    let wide = match map {
        Some(map) if image.colour_type == 2 || image.colour_type == 6 => map.max_label() > 255,
        _ => image.depth == 16,
    };
    if wide {
        Labels::U16(values.iter().map(|&v| v as u16).collect())
    } else {
        Labels::U8(values.iter().map(|&v| v as u8).collect())
    }
}

/// (colour type, bit depth) of every format the decoder reads.
const FORMATS: [(u8, u8); 14] = [
    (0, 1),
    (0, 2),
    (0, 4),
    (0, 8),
    (0, 16),
    (3, 1),
    (3, 2),
    (3, 4),
    (3, 8),
    (4, 8),
    (4, 16),
    (2, 8),
    (6, 8),
    (2, 8),
];

#[test]
fn random_images_of_every_format_decode_to_their_samples() {
    let mut rng = Rng::new(7);
    for (round, &(colour_type, depth)) in
        FORMATS.iter().cycle().take(FORMATS.len() * 12).enumerate()
    {
        let interlaced = round % 2 == 1;
        let wide = round % 3 == 0;
        let width = 1 + rng.below(23) as u32;
        let height = 1 + rng.below(19) as u32;
        let image = Image::random(
            &mut rng,
            width,
            height,
            depth,
            colour_type,
            interlaced,
            &COLOURS,
        );
        let png = image.png(&mut rng, &[]);
        let map = colour_map(wide);
        let mask = decode_mask(&png, &Limits::default(), Some(&map))
            .unwrap_or_else(|e| panic!("{image:?}: {e}"));
        assert_eq!((mask.width, mask.height), (width, height));
        assert_eq!(
            mask.labels,
            expected_labels(&image, Some(&map)),
            "type {colour_type} depth {depth} interlaced {interlaced}"
        );
    }
}

#[test]
fn sub_byte_grey_is_the_raw_value_not_rescaled() {
    let image = Image {
        width: 4,
        height: 1,
        depth: 2,
        colour_type: 0,
        interlaced: false,
        samples: vec![0, 1, 2, 3],
    };
    let png = image.png(&mut Rng::new(1), &[]);
    let mask = decode_mask(&png, &Limits::default(), None).unwrap();
    assert_eq!(mask.labels, Labels::U8(vec![0, 1, 2, 3]));
}

#[test]
fn palette_pngs_give_the_index_whatever_the_colours() {
    let image = Image {
        width: 3,
        height: 1,
        depth: 8,
        colour_type: 3,
        interlaced: false,
        samples: vec![2, 0, 1],
    };
    // Colours unrelated to the indices: the label is still the index.
    let plte = chunk(b"PLTE", &[200, 0, 0, 0, 200, 0, 0, 0, 200]);
    let raw = image.raw(&mut |_| 0);
    let png = assemble(&image.ihdr(), &[plte, chunk(b"IDAT", &zlib(&raw))]);
    let mask = decode_mask(&png, &Limits::default(), Some(&colour_map(false))).unwrap();
    assert_eq!(mask.labels, Labels::U8(vec![2, 0, 1]));
}

#[test]
fn files_from_the_png_encoder_with_adaptive_filters_decode() {
    let mut rng = Rng::new(99);
    let cases = [
        (png::ColorType::Grayscale, png::BitDepth::Eight, 1),
        (png::ColorType::Grayscale, png::BitDepth::Sixteen, 2),
        (png::ColorType::Grayscale, png::BitDepth::Four, 1),
        (png::ColorType::Indexed, png::BitDepth::Eight, 1),
        (png::ColorType::Rgb, png::BitDepth::Eight, 3),
        (png::ColorType::Rgba, png::BitDepth::Eight, 4),
    ];
    for (colour, depth, bytes_per_pixel) in cases {
        let (width, height) = (61u32, 37u32);
        // A mask-like picture: horizontal bands with a wandering curve.
        let mut values = Vec::new();
        for y in 0..height {
            let curve = (y * 7 / 5 + rng.below(3) as u32) % width;
            for x in 0..width {
                values.push(if x == curve {
                    2u32
                } else if y < height / 2 {
                    0
                } else {
                    1
                });
            }
        }
        let mut data = Vec::new();
        if depth == png::BitDepth::Four {
            for row in values.chunks(width as usize) {
                for pair in row.chunks(2) {
                    data.push((pair[0] as u8) << 4 | pair.get(1).map_or(0, |&v| v as u8));
                }
            }
        } else {
            for &v in &values {
                match bytes_per_pixel {
                    1 => data.push(v as u8),
                    2 => data.extend_from_slice(&(v as u16 * 1000).to_be_bytes()),
                    _ => {
                        data.extend_from_slice(&COLOURS[v as usize].to_be_bytes()[1..]);
                        if bytes_per_pixel == 4 {
                            data.push(255);
                        }
                    }
                }
            }
        }
        let mut file = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut file, width, height);
            encoder.set_color(colour);
            encoder.set_depth(depth);
            encoder.set_filter(png::Filter::Adaptive);
            if colour == png::ColorType::Indexed {
                encoder.set_palette(common::grey_palette(256));
            }
            encoder
                .add_text_chunk("Software".into(), "perclass tests".into())
                .unwrap();
            let mut writer = encoder.write_header().unwrap();
            writer.write_image_data(&data).unwrap();
        }
        let mask = decode_mask(&file, &Limits::default(), Some(&colour_map(false))).unwrap();
        let expected: Vec<u32> = values
            .iter()
            .map(|&v| if bytes_per_pixel == 2 { v * 1000 } else { v })
            .collect();
        let got: Vec<u32> = match &mask.labels {
            Labels::U8(l) => l.iter().map(|&v| u32::from(v)).collect(),
            Labels::U16(l) => l.iter().map(|&v| u32::from(v)).collect(),
        };
        assert_eq!(got, expected, "{colour:?} {depth:?}");
    }
}

#[test]
fn idat_data_split_over_many_chunks_and_empty_chunks_decodes() {
    let mut rng = Rng::new(3);
    let image = Image::random(&mut rng, 17, 9, 8, 0, false, &COLOURS);
    let stream = zlib(&image.raw(&mut |row| (row % 5) as u8));
    for piece in [1, 2, 3, 5, 64] {
        let mut chunks: Vec<Vec<u8>> = vec![chunk(b"IDAT", &[])];
        for part in stream.chunks(piece) {
            chunks.push(chunk(b"IDAT", part));
            chunks.push(chunk(b"IDAT", &[]));
        }
        let png = assemble(&image.ihdr(), &chunks);
        let mask = decode_mask(&png, &Limits::default(), None).unwrap();
        assert_eq!(
            mask.labels,
            expected_labels(&image, None),
            "pieces of {piece}"
        );
    }
}

#[test]
fn stored_blocks_and_a_final_empty_block_decode() {
    // zlib header, one stored block holding the data (not final), then an empty final stored
    // block, then the Adler-32: valid, if unusual.
    let raw = [0u8, 5, 6, 7];
    let mut stream = vec![0x78, 0x01, 0x00, 4, 0, !4u8, 0xff];
    stream.extend_from_slice(&raw);
    stream.extend_from_slice(&[0x01, 0, 0, 0xff, 0xff]);
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    stream.extend_from_slice(&(b << 16 | a).to_be_bytes());
    let png = assemble(&grey8_ihdr(3, 1), &[chunk(b"IDAT", &stream)]);
    let mask = decode_mask(&png, &Limits::default(), None).unwrap();
    assert_eq!(mask.labels, Labels::U8(vec![5, 6, 7]));
}

#[test]
fn text_and_icc_chunks_are_ignored_even_when_their_compressed_data_is_garbage() {
    let mut rng = Rng::new(5);
    let image = Image::random(&mut rng, 6, 4, 8, 0, false, &COLOURS);
    let extra = vec![
        chunk(b"tEXt", b"Title\0a mask"),
        chunk(b"zTXt", b"Comment\0\0not zlib at all"),
        chunk(b"iTXt", b"Key\0\x01\0en\0\0\xff\xfe garbage"),
        chunk(b"iCCP", b"profile\0\0\x00\x01\x02 broken"),
        chunk(b"prVt", b"private ancillary chunk"),
    ];
    let png = image.png(&mut rng, &extra);
    let mask = decode_mask(&png, &Limits::default(), None).unwrap();
    assert_eq!(mask.labels, expected_labels(&image, None));
}

#[test]
fn bytes_after_iend_are_ignored() {
    let mut rng = Rng::new(6);
    let image = Image::random(&mut rng, 5, 5, 8, 0, false, &COLOURS);
    let mut png = image.png(&mut rng, &[]);
    png.extend_from_slice(b"trailing bytes after IEND");
    assert!(decode_mask(&png, &Limits::default(), None).is_ok());
}

#[test]
fn a_colour_map_with_a_label_above_255_gives_u16_labels() {
    let image = Image {
        width: 2,
        height: 1,
        depth: 8,
        colour_type: 2,
        interlaced: false,
        samples: vec![0x12, 0x34, 0x56, 0, 0, 0],
    };
    let png = image.png(&mut Rng::new(2), &[]);
    let mask = decode_mask(&png, &Limits::default(), Some(&colour_map(true))).unwrap();
    assert_eq!(mask.labels, Labels::U16(vec![700, 0]));
    let mask = decode_mask(&png, &Limits::default(), Some(&colour_map(false))).unwrap();
    assert_eq!(mask.labels, Labels::U8(vec![200, 0]));
}

#[test]
fn a_header_at_the_limit_is_accepted() {
    let mut rng = Rng::new(8);
    let image = Image::random(&mut rng, 4, 3, 8, 0, false, &COLOURS);
    let png = image.png(&mut rng, &[]);
    assert!(decode_mask(&png, &Limits { max_pixels: 12 }, None).is_ok());
    let error = decode_mask(&png, &Limits { max_pixels: 11 }, None).unwrap_err();
    assert_eq!(error.code(), "E_LIMIT_PIXELS");
    assert_eq!(
        error.to_string(),
        "the image is 4x3 = 12 pixels, above the limit of 11 pixels (maxPixels)"
    );
}
