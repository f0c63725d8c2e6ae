//! The histogram path of the block drivers: clean pixels (every label below K, none the ignore
//! index) counted one by one into several interleaved tables of u32, so that neighbouring pixels
//! that land in the same cell (most pixels of a noisy map are on the diagonal, K cells) add to
//! different tables and do not wait on one another's store. The tables are added into the u64
//! matrix before any u32 can overflow, and at the end.
//!
//! A whole group of pixels has its cell codes `t * K + p` computed first, in a loop the compiler
//! vectorizes with whatever instruction set the calling kernel enables (every function here is
//! `#[inline(always)]`), and only then are the tables indexed.

/// Interleaved tables: pixel `j` of a group adds to table `j % TABLES`. Four cover the latency
/// of a store followed by a load of the same address at the rate pixels are counted here.
const TABLES: usize = 4;

/// Pixels whose codes [`Histogram::add`] computes together: a block of the widest vector.
const GROUP: usize = 64;

/// Above this many cells (K > 64) the tables no longer fit the L1 cache beside the maps, and with
/// that many cells neighbours rarely share one: pixels then go straight to the u64 matrix.
const MAX_TABLE_CELLS: usize = 64 * 64;

/// Pixels per superblock: the unit the drivers choose a path for. A multiple of every vector
/// width (64 bytes at most), and short enough that a noisy stretch is caught early.
pub(crate) const SUPERBLOCK: usize = 512;

/// Whether a stretch of `pixels` clean pixels with `starts` run starts is counted faster by the
/// histogram than run by run: when its runs average fewer than `RUNS_PER_PIXEL_CUTOVER` pixels.
///
/// Measured (AVX2, single thread, 4096x4096 u8 maps of K=19 runs of exactly L pixels, Mpix/s):
///
/// | L                | 1    | 2    | 3    | 4    | 5    | 8    |
/// |------------------|------|------|------|------|------|------|
/// | run by run       | 770  | 1310 | 1610 | 2100 | 2100 | 3500 |
/// | always histogram | 2320 | 2320 | 2280 | 2330 | 1940 | 1780 |
///
/// The run path costs one update per run plus a fixed cost per block, the histogram one update
/// per pixel at a steady rate (slower past 4, where a run's pixels meet in one table): they cross
/// near L = 4, where the two differ by about this measurement's noise (10%).
#[inline(always)]
pub(crate) fn histogram_wins(starts: u32, pixels: usize) -> bool {
    starts as usize * RUNS_PER_PIXEL_CUTOVER > pixels
}

const RUNS_PER_PIXEL_CUTOVER: usize = 4;

/// Pixels counted between two flushes: no table cell can pass `u32::MAX` before a flush.
pub(crate) const FLUSH_PIXELS: u32 = u32::MAX;

/// Counts clean pixels; see the module comment. `FLUSH` is the flush interval ([`FLUSH_PIXELS`];
/// the unit tests below use a tiny one to cross the boundary).
pub(crate) struct Histogram<const FLUSH: u32 = FLUSH_PIXELS> {
    /// `TABLES * cells` counters, table-major; empty until the first pixel, and when the matrix
    /// is counted directly.
    tables: Vec<u32>,
    cells: usize,
    /// Pixels added to the tables since the last flush.
    pending: u32,
}

impl<const FLUSH: u32> Histogram<FLUSH> {
    pub(crate) fn new(num_classes: u32) -> Self {
        let k = num_classes as usize;
        Histogram {
            tables: Vec::new(),
            cells: k * k,
            pending: 0,
        }
    }

    /// Adds every pixel of `truth` against `pred` (equal lengths) to its cell.
    ///
    /// # Safety
    ///
    /// Every label must be below `num_classes`, the K this histogram and `matrix` (`K * K`
    /// cells) were made for.
    #[inline(always)]
    pub(crate) unsafe fn add<T: Copy + Into<u32>, P: Copy + Into<u32>>(
        &mut self,
        truth: &[T],
        pred: &[P],
        num_classes: u32,
        matrix: &mut [u64],
    ) {
        debug_assert_eq!(truth.len(), pred.len());
        debug_assert_eq!(matrix.len(), self.cells);
        let k = num_classes;
        for (t, p) in truth.chunks(GROUP).zip(pred.chunks(GROUP)) {
            let mut codes = [0u32; GROUP];
            for (code, (&t, &p)) in codes.iter_mut().zip(t.iter().zip(p)) {
                *code = t.into() * k + p.into();
            }
            // SAFETY: every code is below K * K (this function's contract: labels below K).
            unsafe { self.add_codes(&codes[..t.len()], matrix) };
        }
    }

    /// Counts a superblock of clean pixels ([`SUPERBLOCK`] of them) and returns how many of
    /// them start a run (differ in truth or prediction from the pixel before, the first one
    /// excluded): the measure the drivers pick the next superblock's path by.
    ///
    /// # Safety
    ///
    /// As [`Histogram::add`]; both slices hold exactly [`SUPERBLOCK`] labels.
    #[inline(always)]
    pub(crate) unsafe fn add_superblock<T: Copy + Into<u32>, P: Copy + Into<u32>>(
        &mut self,
        truth: &[T],
        pred: &[P],
        num_classes: u32,
        matrix: &mut [u64],
    ) -> u32 {
        let truth: &[T; SUPERBLOCK] = truth.try_into().expect("a whole superblock");
        let pred: &[P; SUPERBLOCK] = pred.try_into().expect("a whole superblock");
        let k = num_classes;
        // Two loops over fixed-size arrays, both of which the compiler vectorizes; codes of 16
        // bits (every K up to 256) fill twice the lanes of 32-bit ones.
        macro_rules! count {
            ($code:ty) => {{
                let mut codes = [0 as $code; SUPERBLOCK];
                for j in 0..SUPERBLOCK {
                    codes[j] = (truth[j].into() * k + pred[j].into()) as $code;
                }
                let starts = codes.windows(2).map(|w| u32::from(w[0] != w[1])).sum();
                // SAFETY: every code is below K * K (this function's contract: labels below K).
                unsafe { self.add_codes(&codes, matrix) };
                starts
            }};
        }
        if self.cells <= 1 << 16 {
            count!(u16)
        } else {
            count!(u32)
        }
    }

    /// # Safety
    ///
    /// Every code is below `K * K`, the matrix's length.
    #[inline(always)]
    unsafe fn add_codes<C: Code>(&mut self, codes: &[C], matrix: &mut [u64]) {
        if self.cells > MAX_TABLE_CELLS {
            for &c in codes {
                debug_assert!(c.index() < matrix.len());
                // SAFETY: c < K * K, this function's contract.
                unsafe { *matrix.get_unchecked_mut(c.index()) += 1 };
            }
            return;
        }
        if self.tables.is_empty() {
            self.tables = vec![0; TABLES * self.cells];
        }
        // Pieces of at most FLUSH codes (only the unit tests' tiny FLUSH ever cuts one).
        let piece = (FLUSH as usize).max(1);
        for codes in codes.chunks(piece) {
            if u64::from(self.pending) + codes.len() as u64 > u64::from(FLUSH) {
                self.flush(matrix);
            }
            // SAFETY: this function's contract.
            unsafe { self.add_to_tables(codes) };
            // At most FLUSH pixels since the last flush, so no table cell has passed u32::MAX.
            self.pending += codes.len() as u32;
        }
    }

    /// # Safety
    ///
    /// As [`Histogram::add_codes`]; the tables are allocated.
    #[inline(always)]
    unsafe fn add_to_tables<C: Code>(&mut self, codes: &[C]) {
        let cells = self.cells;
        let (a, rest) = self.tables.split_at_mut(cells);
        let (b, rest) = rest.split_at_mut(cells);
        let (c, d) = rest.split_at_mut(cells);
        let quads = codes.chunks_exact(TABLES);
        let tail = quads.remainder();
        // One table per pixel of four, unrolled by hand so that each table is a fixed base.
        for q in quads {
            debug_assert!(q.iter().all(|&code| code.index() < cells));
            // SAFETY: every code is below K * K = cells, each table's length (this function's
            // contract).
            unsafe {
                *a.get_unchecked_mut(q[0].index()) += 1;
                *b.get_unchecked_mut(q[1].index()) += 1;
                *c.get_unchecked_mut(q[2].index()) += 1;
                *d.get_unchecked_mut(q[3].index()) += 1;
            }
        }
        for &code in tail {
            a[code.index()] += 1;
        }
    }

    /// Adds the tables into `matrix` and clears them.
    ///
    /// Out of line on purpose: the histogram's address then escapes, so the drivers keep it in
    /// memory rather than its fields in registers across their block loops.
    #[inline(never)]
    pub(crate) fn flush(&mut self, matrix: &mut [u64]) {
        if self.pending == 0 {
            return;
        }
        for table in self.tables.chunks_exact_mut(self.cells) {
            for (m, n) in matrix.iter_mut().zip(table.iter_mut()) {
                *m += u64::from(*n);
                *n = 0;
            }
        }
        self.pending = 0;
    }
}

/// A cell code `t * K + p` as stored between computing it and counting it.
trait Code: Copy {
    fn index(self) -> usize;
}

impl Code for u16 {
    #[inline(always)]
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl Code for u32 {
    #[inline(always)]
    fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flush boundary, with an interval small enough to cross many times: counts through a
    /// histogram that flushes every `FLUSH` pixels equal a plain count, for pieces of every
    /// length around the interval and the group size, in both the table and direct modes.
    fn crosses_flushes<const FLUSH: u32>(k: u32) {
        let cells = (k * k) as usize;
        let mut state = 0x2545_f491_u32;
        let mut next = |below: u32| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state % below
        };
        let mut want = vec![0u64; cells];
        let mut got = vec![0u64; cells];
        let mut histogram = Histogram::<FLUSH>::new(k);
        for len in 0..3 * FLUSH as usize + 2 * GROUP {
            // Mostly one cell, so that its table counter grows fastest.
            let truth: Vec<u16> = (0..len).map(|_| (next(4) / 3 * next(k)) as u16).collect();
            let pred: Vec<u8> = (0..len).map(|_| (next(4) / 3 * next(k)) as u8).collect();
            for (&t, &p) in truth.iter().zip(&pred) {
                want[t as usize * k as usize + p as usize] += 1;
            }
            // SAFETY: every label is below k.
            unsafe { histogram.add(&truth, &pred, k, &mut got) };
            if len % 7 == 0 {
                let t = vec![(len as u32 % k) as u8; SUPERBLOCK];
                let p: Vec<u8> = (0..SUPERBLOCK).map(|_| next(k) as u8).collect();
                for (&t, &p) in t.iter().zip(&p) {
                    want[t as usize * k as usize + p as usize] += 1;
                }
                // SAFETY: every label is below k.
                unsafe { histogram.add_superblock(&t, &p, k, &mut got) };
            }
            assert!(histogram.pending <= FLUSH, "no flush at {len}");
        }
        histogram.flush(&mut got);
        assert_eq!(got, want);
    }

    #[test]
    fn tables_flush_before_the_interval() {
        crosses_flushes::<1>(3);
        crosses_flushes::<37>(19);
        crosses_flushes::<600>(5);
    }

    #[test]
    fn direct_mode_counts_the_matrix() {
        crosses_flushes::<37>(100);
    }
}
