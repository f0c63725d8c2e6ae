//! Counts of squared distances, handed out as `(squared distance, count)` pairs ascending.

/// Squared distances below this are counted in a table; the rare larger ones are collected and
/// sorted at the end.
const TABLE: usize = 1024;

pub(crate) struct Histogram {
    small: Vec<u64>,
    large: Vec<u64>,
}

impl Histogram {
    pub fn new() -> Histogram {
        Histogram {
            small: vec![0; TABLE],
            large: Vec::new(),
        }
    }

    #[inline]
    pub fn add(&mut self, d2: u64) {
        // Compared as u64 first: on 32-bit targets `d2 as usize` could wrap into the table.
        if d2 < TABLE as u64 {
            self.small[d2 as usize] += 1;
        } else {
            self.large.push(d2);
        }
    }

    /// The pairs, ascending by distance, without zero counts.
    pub fn into_pairs(mut self) -> Vec<(u64, u64)> {
        let mut pairs: Vec<(u64, u64)> = (0..TABLE as u64)
            .zip(self.small)
            .filter(|&(_, n)| n > 0)
            .collect();
        self.large.sort_unstable();
        for d2 in self.large {
            match pairs.last_mut() {
                Some((last, n)) if *last == d2 => *n += 1,
                _ => pairs.push((d2, 1)),
            }
        }
        pairs
    }
}
