//! Fuzz bytes as label maps. Masks are mostly long runs of one label, which is what the SIMD
//! paths specialise in, so maps can be run-length coded: random bytes alone would almost never
//! make a run long enough to take the uniform-block paths.

/// Reads the fuzz input front to back; past the end every read is 0.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data }
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&first, rest)) => {
                self.data = rest;
                first
            }
            None => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The labels the rest of the input codes for: bytes as they are, or (`runs`) as pairs of a
    /// label and a run length 1..=64. Each byte is taken modulo `modulus`, so labels stay near
    /// the valid range (`modulus` = K + 2 gives some out-of-range labels and the ignore index).
    pub fn labels(&mut self, runs: bool, modulus: u32, cap: usize) -> Vec<u16> {
        let mut out = Vec::new();
        while !self.is_empty() && out.len() < cap {
            let label = (u32::from(self.byte()) % modulus) as u16;
            let repeat = if runs {
                1 + usize::from(self.byte() % 64)
            } else {
                1
            };
            out.extend(std::iter::repeat_n(label, repeat.min(cap - out.len())));
        }
        out
    }
}

/// `labels` as 8-bit labels (each value below 256 by construction of the caller) or as they are.
pub enum Map {
    U8(Vec<u8>),
    U16(Vec<u16>),
}

impl Map {
    /// 8-bit when `wide` is false; labels above 255 wrap (also a label the kernels must check).
    pub fn new(labels: &[u16], wide: bool) -> Map {
        if wide {
            Map::U16(labels.to_vec())
        } else {
            Map::U8(labels.iter().map(|&l| l as u8).collect())
        }
    }

    pub fn labels(&self) -> perclass_core::Labels<'_> {
        match self {
            Map::U8(l) => perclass_core::Labels::U8(l),
            Map::U16(l) => perclass_core::Labels::U16(l),
        }
    }
}
