//! A small PNG writer for the tests: any colour type, bit depth, interlacing and row filter, and
//! hand-made chunk lists, so that every case (valid or broken) is built from known samples.
//! Written from the specification, independently of the decoder.
#![allow(dead_code)]

pub const SIGNATURE: [u8; 8] = [137, 80, 78, 71, 13, 10, 26, 10];

/// A reproducible random stream (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + data.len());
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
    out
}

pub fn zlib(data: &[u8]) -> Vec<u8> {
    fdeflate::compress_to_vec(data)
}

/// Samples of an image: `channels` per pixel, row-major, each below `1 << depth`.
#[derive(Clone, Debug)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub depth: u8,
    pub colour_type: u8,
    pub interlaced: bool,
    pub samples: Vec<u16>,
}

const ADAM7: [(u32, u32, u32, u32); 7] = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
];

impl Image {
    pub fn channels(&self) -> usize {
        match self.colour_type {
            0 | 3 => 1,
            4 => 2,
            2 => 3,
            6 => 4,
            other => panic!("colour type {other}"),
        }
    }

    /// Random samples (for an RGB image: colours drawn from `palette`).
    pub fn random(
        rng: &mut Rng,
        width: u32,
        height: u32,
        depth: u8,
        colour_type: u8,
        interlaced: bool,
        colours: &[u32],
    ) -> Image {
        let mut image = Image {
            width,
            height,
            depth,
            colour_type,
            interlaced,
            samples: Vec::new(),
        };
        let channels = image.channels();
        for _ in 0..width * height {
            if colour_type == 2 || colour_type == 6 {
                let c = colours[rng.below(colours.len() as u64) as usize];
                image
                    .samples
                    .extend([(c >> 16) as u16, (c >> 8 & 255) as u16, (c & 255) as u16]);
                if colour_type == 6 {
                    image.samples.push(rng.below(256) as u16);
                }
            } else {
                // Runs, as in masks, and some noise.
                for _ in 0..channels {
                    image.samples.push(rng.below(1 << depth) as u16);
                }
            }
        }
        image
    }

    pub fn ihdr(&self) -> Vec<u8> {
        let mut data = Vec::with_capacity(13);
        data.extend_from_slice(&self.width.to_be_bytes());
        data.extend_from_slice(&self.height.to_be_bytes());
        data.extend_from_slice(&[self.depth, self.colour_type, 0, 0, self.interlaced as u8]);
        data
    }

    /// The label the decoder must give pixel `p` (grey, index or grey of grey+alpha), or the
    /// packed colour for RGB(A).
    pub fn value(&self, p: usize) -> u32 {
        let c = self.channels();
        if self.colour_type == 2 || self.colour_type == 6 {
            u32::from(self.samples[p * c]) << 16
                | u32::from(self.samples[p * c + 1]) << 8
                | u32::from(self.samples[p * c + 2])
        } else {
            u32::from(self.samples[p * c])
        }
    }

    fn packed_row(&self, y: u32, x0: u32, dx: u32, n: u32) -> Vec<u8> {
        let c = self.channels();
        let bits = c * self.depth as usize;
        let mut row = vec![0u8; (n as usize * bits).div_ceil(8)];
        let mut bit = 0usize;
        for i in 0..n {
            let p = (y * self.width + x0 + i * dx) as usize;
            for s in &self.samples[p * c..p * c + c] {
                match self.depth {
                    16 => {
                        row[bit / 8] = (s >> 8) as u8;
                        row[bit / 8 + 1] = *s as u8;
                    }
                    8 => row[bit / 8] = *s as u8,
                    d => row[bit / 8] |= (*s as u8) << (8 - d as usize - bit % 8),
                }
                bit += self.depth as usize;
            }
        }
        row
    }

    /// The image data before compression: each row of each pass, filtered with the type
    /// `filter(row number)` picks (0–4).
    pub fn raw(&self, filter: &mut dyn FnMut(usize) -> u8) -> Vec<u8> {
        let passes: Vec<(u32, u32, u32, u32)> = if self.interlaced {
            ADAM7.to_vec()
        } else {
            vec![(0, 0, 1, 1)]
        };
        let distance = (self.channels() * self.depth as usize).div_ceil(8);
        let mut out = Vec::new();
        let mut row_number = 0;
        for (x0, y0, dx, dy) in passes {
            if x0 >= self.width || y0 >= self.height {
                continue;
            }
            let n = (self.width - x0).div_ceil(dx);
            let mut prev: Option<Vec<u8>> = None;
            let mut y = y0;
            while y < self.height {
                let row = self.packed_row(y, x0, dx, n);
                let kind = filter(row_number);
                row_number += 1;
                out.push(kind);
                let up = prev.clone().unwrap_or_else(|| vec![0; row.len()]);
                for i in 0..row.len() {
                    let a = if i >= distance { row[i - distance] } else { 0 };
                    let b = up[i];
                    let c = if i >= distance { up[i - distance] } else { 0 };
                    let predicted = match kind {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => ((a as u16 + b as u16) / 2) as u8,
                        4 => {
                            let p = a as i16 + b as i16 - c as i16;
                            let (pa, pb, pc) = (
                                (p - a as i16).abs(),
                                (p - b as i16).abs(),
                                (p - c as i16).abs(),
                            );
                            if pa <= pb && pa <= pc {
                                a
                            } else if pb <= pc {
                                b
                            } else {
                                c
                            }
                        }
                        _ => 0,
                    };
                    out.push(row[i].wrapping_sub(predicted));
                }
                prev = Some(row);
                y += dy;
            }
        }
        out
    }

    /// A complete PNG: IHDR, a grey PLTE for palette images, the given extra chunks, one IDAT
    /// with random filters, IEND.
    pub fn png(&self, rng: &mut Rng, extra: &[Vec<u8>]) -> Vec<u8> {
        let raw = self.raw(&mut |_| rng.below(5) as u8);
        let mut middle: Vec<Vec<u8>> = Vec::new();
        if self.colour_type == 3 {
            middle.push(chunk(b"PLTE", &grey_palette(1 << self.depth)));
        }
        middle.extend(extra.iter().cloned());
        middle.push(chunk(b"IDAT", &zlib(&raw)));
        assemble(&self.ihdr(), &middle)
    }
}

pub fn grey_palette(entries: usize) -> Vec<u8> {
    (0..entries).flat_map(|i| [i as u8; 3]).collect()
}

/// Signature, IHDR, the given chunks, IEND.
pub fn assemble(ihdr: &[u8], chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = SIGNATURE.to_vec();
    out.extend(chunk(b"IHDR", ihdr));
    for c in chunks {
        out.extend_from_slice(c);
    }
    out.extend(chunk(b"IEND", &[]));
    out
}

/// A grey 8-bit header.
pub fn grey8_ihdr(width: u32, height: u32) -> Vec<u8> {
    Image {
        width,
        height,
        depth: 8,
        colour_type: 0,
        interlaced: false,
        samples: vec![],
    }
    .ihdr()
}

/// Offsets of the chunks of a PNG: (offset of the length field, type, data length).
pub fn chunk_offsets(png: &[u8]) -> Vec<(usize, [u8; 4], usize)> {
    let mut out = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let length = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = png[at + 4..at + 8].try_into().unwrap();
        out.push((at, kind, length));
        at += 12 + length;
    }
    out
}
