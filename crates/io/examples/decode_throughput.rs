//! Decode throughput of perclass-io on a 4096x4096 8-bit grey thin-curve mask, against plain
//! inflation of the same zlib stream (fdeflate, the floor of any PNG decode) and png's own
//! reader, single-threaded. `cargo run --release --example decode_throughput -p perclass-io`
use perclass_io::{decode_mask, Limits};
use std::time::Instant;

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn time(label: &str, pixels: usize, mut run: impl FnMut()) {
    let runs: Vec<f64> = (0..15)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64()
        })
        .collect();
    let ms = median(runs) * 1e3;
    println!(
        "{label:<34}{ms:>9.2} ms{:>9.0} Mpix/s",
        pixels as f64 / 1e3 / ms
    );
}

fn main() {
    let (width, height) = (4096usize, 4096usize);
    // Background 0 with two wandering curves per 128-pixel track, labels 1 and 2.
    let mut raw = Vec::with_capacity((width + 1) * height);
    let mut state = 1u32;
    let mut offsets = [40usize, 80usize];
    for _ in 0..height {
        raw.push(0); // filter type 0, as src/io/png-encode.ts writes
        let start = raw.len();
        raw.resize(start + width, 0);
        for (k, offset) in offsets.iter_mut().enumerate() {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            *offset = (*offset + (state >> 16) as usize % 3)
                .saturating_sub(1)
                .min(126);
            for track in (0..width).step_by(128) {
                raw[start + track + *offset] = k as u8 + 1;
            }
        }
    }
    let stream = fdeflate::compress_to_vec(&raw);
    let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10];
    let mut push_chunk = |kind: &[u8; 4], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32fast::hash(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(width as u32).to_be_bytes());
    ihdr.extend_from_slice(&(height as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    push_chunk(b"IHDR", &ihdr);
    for part in stream.chunks(65536) {
        push_chunk(b"IDAT", part);
    }
    push_chunk(b"IEND", &[]);
    println!("{width}x{height} grey8 mask, {} KiB PNG", png.len() / 1024);
    let pixels = width * height;
    bench(&png, &stream, raw.len(), pixels);
    // PNGs named on the command line (e.g. written by src/io/png-encode.ts) are timed too.
    for path in std::env::args().skip(1) {
        let file = std::fs::read(&path).expect("a readable PNG");
        let mask = decode_mask(&file, &Limits::default(), None).expect("a mask");
        println!(
            "{path}: {}x{}, {} KiB",
            mask.width,
            mask.height,
            file.len() / 1024
        );
        time("perclass-io decode_mask", mask.labels.len(), || {
            decode_mask(&file, &Limits::default(), None).unwrap();
        });
        time("png crate Reader (next_frame)", mask.labels.len(), || {
            let decoder = png::Decoder::new(std::io::Cursor::new(&file));
            let mut reader = decoder.read_info().unwrap();
            let mut out = vec![0u8; reader.output_buffer_size().unwrap()];
            reader.next_frame(&mut out).unwrap();
        });
    }
}

fn bench(png: &[u8], stream: &[u8], raw_len: usize, pixels: usize) {
    time("fdeflate inflate only", pixels, || {
        let mut out = vec![0u8; raw_len];
        let mut d = fdeflate::Decompressor::new();
        let (_, n) = d.read(stream, &mut out, 0, true).unwrap();
        assert_eq!(n, raw_len);
    });
    time("png crate Reader (next_frame)", pixels, || {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut out = vec![0u8; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut out).unwrap();
    });
    time("perclass-io decode_mask", pixels, || {
        let mask = decode_mask(png, &Limits::default(), None).unwrap();
        assert_eq!(mask.labels.len(), pixels);
    });
}
