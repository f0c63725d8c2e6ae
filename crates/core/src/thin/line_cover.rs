//! Which pixels of one line's runs a set of intervals covers, kept as a bit set over the span of
//! those runs, counting as it goes so that the caller can stop once every pixel is covered.

use super::Run;

/// The runs of one line (sorted, disjoint, at least one) and how many of their pixels are
/// covered so far. Reuses its buffers from line to line.
#[derive(Default)]
pub(crate) struct LineCover {
    /// First position of the span (the first run's start); bit `i` is position `base + i`.
    base: u32,
    /// One past the span's last position.
    end: u32,
    /// The runs' pixels.
    runs: Vec<u64>,
    /// The runs' pixels covered so far (always a subset of `runs`).
    covered: Vec<u64>,
    /// Pixels of the runs not covered yet.
    remaining: u64,
}

impl LineCover {
    /// Starts over with `runs` (sorted, disjoint, non-empty), nothing covered.
    pub fn reset(&mut self, runs: &[Run]) {
        let (base, end) = (runs[0].start, runs[runs.len() - 1].end);
        let words = (end - base).div_ceil(64) as usize;
        (self.base, self.end) = (base, end);
        self.runs.clear();
        self.runs.resize(words, 0);
        self.covered.clear();
        self.covered.resize(words, 0);
        self.remaining = 0;
        for run in runs {
            set_bits(&mut self.runs, run.start - base, run.end - base);
            self.remaining += run.len();
        }
    }

    /// The span of the runs, `[start, end)`: intervals outside it cover nothing.
    pub fn span(&self) -> (u32, u32) {
        (self.base, self.end)
    }

    /// Covers `[start, end)` (any positions; clipped to the span).
    #[inline]
    pub fn cover(&mut self, start: u32, end: u32) {
        let (s, e) = (start.max(self.base), end.min(self.end));
        if s >= e {
            return;
        }
        let (s, e) = (s - self.base, e - self.base);
        let (first, last) = ((s / 64) as usize, ((e - 1) / 64) as usize);
        for word in first..=last {
            let low = if word == first { s % 64 } else { 0 };
            let high = if word == last { (e - 1) % 64 + 1 } else { 64 };
            let bits = (u64::MAX >> (64 - (high - low))) << low;
            let new = bits & self.runs[word] & !self.covered[word];
            self.covered[word] |= new;
            self.remaining -= u64::from(new.count_ones());
        }
    }

    /// Whether every pixel of the runs is covered.
    pub fn is_full(&self) -> bool {
        self.remaining == 0
    }

    /// Covered pixels of the runs.
    pub fn covered(&self) -> u64 {
        self.covered.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// Calls `f(start, end)` for each maximal stretch of the runs' pixels not covered, in order.
    /// `runs` are those given to `reset`: only their words are read, not the whole span (a line
    /// with a few stray pixels spans the image).
    pub fn for_each_uncovered(&self, runs: &[Run], mut f: impl FnMut(u32, u32)) {
        for run in runs {
            let (s, e) = (run.start - self.base, run.end - self.base);
            // The stretch open so far, from its start (stretches never cross runs).
            let mut open: Option<u32> = None;
            for word in (s / 64) as usize..=((e - 1) / 64) as usize {
                let word_base = 64 * word as u32;
                let (low, high) = (
                    s.max(word_base) - word_base,
                    e.min(word_base + 64) - word_base,
                );
                let in_run = (u64::MAX >> (64 - (high - low))) << low;
                let bits = in_run & !self.covered[word];
                // Walk the word's part of the run as alternating stretches of set and clear bits.
                let mut at = low;
                while at < high {
                    let rest = bits >> at;
                    match open {
                        None if rest == 0 => break,
                        None => {
                            at += rest.trailing_zeros();
                            open = Some(word_base + at);
                        }
                        Some(start) => {
                            at += (!rest).trailing_zeros().min(64 - at);
                            if at < high {
                                f(self.base + start, self.base + word_base + at);
                                open = None;
                            }
                        }
                    }
                }
            }
            if let Some(start) = open {
                f(self.base + start, run.end);
            }
        }
    }
}

/// Sets bits `[start, end)` (non-empty) of `words`.
fn set_bits(words: &mut [u64], start: u32, end: u32) {
    let (first, last) = ((start / 64) as usize, ((end - 1) / 64) as usize);
    for (i, word) in words[first..=last].iter_mut().enumerate() {
        let low = if i == 0 { start % 64 } else { 0 };
        let high = if first + i == last {
            (end - 1) % 64 + 1
        } else {
            64
        };
        *word |= (u64::MAX >> (64 - (high - low))) << low;
    }
}

#[cfg(test)]
mod tests {
    use super::{LineCover, Run};
    use rand::{rngs::SmallRng, Rng, SeedableRng};

    #[test]
    fn matches_a_flag_per_position_on_long_lines() {
        let mut rng = SmallRng::seed_from_u64(9);
        let mut line = LineCover::default();
        for case in 0..3000 {
            let len = rng.gen_range(1..400u32);
            let mut runs = Vec::new();
            let mut x = rng.gen_range(0..len);
            while x < len {
                let end = (x + rng.gen_range(1..150)).min(len);
                runs.push(Run { start: x, end });
                x = end + rng.gen_range(1..100);
            }
            let mut flags = vec![false; len as usize + 500];
            line.reset(&runs);
            for _ in 0..rng.gen_range(0..12) {
                let start = rng.gen_range(0..len + 100);
                let end = start + rng.gen_range(0..200);
                line.cover(start, end);
                flags[start as usize..end as usize].fill(true);
                let want: u64 = runs
                    .iter()
                    .map(|r| (r.start..r.end).filter(|&i| flags[i as usize]).count() as u64)
                    .sum();
                assert_eq!(line.covered(), want, "case {case}: {runs:?}");
                let total: u64 = runs.iter().map(|r| r.len()).sum();
                assert_eq!(line.is_full(), want == total, "case {case}");
                let mut left = Vec::new();
                line.for_each_uncovered(&runs, |s, e| left.push(Run { start: s, end: e }));
                let mut want_left = Vec::new();
                for x in 0..len {
                    let inside = runs.iter().any(|r| r.start <= x && x < r.end);
                    if inside && !flags[x as usize] {
                        match want_left.last_mut() {
                            Some(Run { end, .. }) if *end == x => *end = x + 1,
                            _ => want_left.push(Run {
                                start: x,
                                end: x + 1,
                            }),
                        }
                    }
                }
                assert_eq!(left, want_left, "case {case}: uncovered of {runs:?}");
            }
        }
    }
}
