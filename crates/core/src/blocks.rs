//! The block driver every SIMD kernel runs for u8 truth against u8 prediction (the hot case),
//! written once over the [`Vector`] trait. Maps with K <= 4 go first to the branch-free counter
//! (`dense_small_k.rs`, called by each kernel's entry), which counts every piece whose labels are
//! all classes; this driver counts the rest (K > 4, and pieces with ignore pixels or errors).
//!
//! The map is cut into blocks of one vector. Per block, in order of how often each happens on
//! real masks (mostly background, thin structures, blocky regions):
//! 1. Every lane equals the current run's (truth, prediction): one counter increment. Runs are
//!    added to their cell when they end, so a background stretch costs two compares per block.
//! 2. Every lane equals the block's first pixel: a new run starts.
//! 3. A mixed block whose labels are all in range and none is the ignore index: counted here,
//!    by compare-and-count into byte accumulators for K ≤ 5, otherwise run by run (few runs, the
//!    edge of a region) or pixel by pixel.
//! 4. Anything else (ignore pixels, out-of-range labels) goes to the scalar reference with the
//!    block's offset, so errors are always located, and ignore/void counted, by that one code.
//!
//! For K > 5 a mixed block with many runs (noise rather than an edge) hands the map over to the
//! histogram (`histogram.rs`), superblock by superblock, for as long as each superblock is clean
//! and its run-start count says the histogram wins; then the block loop resumes. The two loops are
//! kept apart (`drive` around `count_blocks`) so that the histogram's state takes no register in
//! the block loop, whose uniform-run path is the hot one on most maps (measured: with both in one
//! loop, blocky K=19 maps ran 25% slower).
//!
//! The run of uniform blocks keeps the scalar reference's rules through [`Cell::of`]; a run
//! whose cell is an error never starts (the scalar reference reports the error at its first
//! pixel instead).

use crate::{
    cell::Cell,
    histogram::{histogram_wins, Histogram, SUPERBLOCK},
    scalar,
    vector::Vector,
    Confusion, PerclassError,
};

/// Counts u8 truth against u8 prediction (equal lengths) into `counts`, exactly as
/// `scalar::run` does, errors included.
///
/// # Safety
///
/// `V`'s instruction set must be enabled in the calling function and supported by the CPU
/// (see [`Vector`]).
#[inline(always)]
pub(crate) unsafe fn count_u8<V: Vector>(
    truth: &[u8],
    pred: &[u8],
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    // SAFETY: this function's contract (V's instruction set enabled and present) is count_blocks'.
    unsafe {
        // An ignore index at or above K is already caught by the range test; only one inside
        // [0, K) (and representable in a byte) needs a compare of its own.
        let ignore_in_range = ignore_index.is_some_and(|i| i < num_classes && i <= 255);
        let args = (truth, pred, num_classes, ignore_index, offset, counts);
        macro_rules! go {
            ($k:literal, $ign:literal) => {
                if NOISY_STRETCHES {
                    drive::<V, $k, $ign>(args.0, args.1, args.2, args.3, args.4, args.5)
                } else {
                    count_blocks::<V, $k, $ign>(args.0, args.1, args.2, args.3, args.4, args.5)
                        .map(|_| ())
                }
            };
        }
        match (num_classes, ignore_in_range) {
            (2, false) => go!(2, false),
            (2, true) => go!(2, true),
            (3, false) => go!(3, false),
            (3, true) => go!(3, true),
            (4, false) => go!(4, false),
            (4, true) => go!(4, true),
            (5, false) => go!(5, false),
            (5, true) => go!(5, true),
            (_, false) => go!(0, false),
            (_, true) => go!(0, true),
        }
    }
}

/// Whether noisy stretches of u8 maps go to the histogram's superblocks. Not on wasm: there,
/// under V8, they measured slower than the block loop alone on noise (about 10%), and having them
/// at all made blocky maps slower still (about 20%).
const NOISY_STRETCHES: bool = !cfg!(target_arch = "wasm32");

/// Alternates the block loop ([`count_blocks`]) and, after it stops at a noisy block (only when
/// `SMALL_K` is 0), the histogram's superblocks ([`count_noisy_stretch`]).
///
/// # Safety
///
/// As [`count_u8`].
#[inline(always)]
unsafe fn drive<V: Vector, const SMALL_K: usize, const CHECK_IGNORE: bool>(
    truth: &[u8],
    pred: &[u8],
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    // SAFETY: this function's contract is count_blocks' and count_noisy_stretch's.
    unsafe {
        assert_eq!(truth.len(), pred.len());
        let n = truth.len();
        let k = num_classes;
        let mut histogram: Histogram = Histogram::new(k);
        let limits = Limits::<V>::new(k, ignore_index, CHECK_IGNORE);
        let mut i = 0;
        loop {
            let (t, p) = (&truth[i..], &pred[i..]);
            let stop = count_blocks::<V, SMALL_K, CHECK_IGNORE>(
                t,
                p,
                k,
                ignore_index,
                offset + i,
                counts,
            )?;
            i += stop;
            if i == n {
                break;
            }
            i = count_noisy_stretch::<V>(truth, pred, i, k, limits, &mut histogram, counts);
        }
        histogram.flush(&mut counts.matrix);
        Ok(())
    }
}

/// `SMALL_K` is K when mixed blocks are counted by compare-and-count (2..=5), else 0.
/// `CHECK_IGNORE`: the ignore index is a valid class number and must be looked for.
///
/// Returns how far it counted: the whole slices, or (`SMALL_K` 0) up to the end of the first
/// block noisy enough for the histogram ([`histogram_wins`]), which it counted.
///
/// # Safety
///
/// As [`count_u8`].
#[inline(always)]
unsafe fn count_blocks<V: Vector, const SMALL_K: usize, const CHECK_IGNORE: bool>(
    truth: &[u8],
    pred: &[u8],
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<usize, PerclassError> {
    // SAFETY: the vector operations below run under this function's contract (V's instruction set enabled and present); each raw read states its own bounds.
    unsafe {
        assert_eq!(truth.len(), pred.len());
        let n = truth.len();
        let lanes = V::LANES;
        let k = num_classes;
        let ignore = ignore_index.unwrap_or(u32::MAX);
        let limits = Limits::<V>::new(k, ignore_index, CHECK_IGNORE);
        let all_lanes = V::splat(0xFF).lane_bits();
        let tp = truth.as_ptr();
        let pp = pred.as_ptr();

        let mut small = SmallCounts::<V, SMALL_K>::new();
        let mut run_cell = Cell::Invalid;
        let mut run_blocks: u64 = 0;
        let mut run_t = V::splat(0);
        let mut run_p = V::splat(0);
        if n >= lanes {
            // The run state is always consistent: a block matching (run_t, run_p) belongs in
            // run_cell. Seed it with pixel 0, which, if it is an error, is the first one.
            run_cell = Cell::of(truth[0].into(), pred[0].into(), k, ignore);
            if run_cell == Cell::Invalid {
                return scalar::run(
                    &truth[..lanes],
                    &pred[..lanes],
                    k,
                    ignore_index,
                    offset,
                    counts,
                )
                .map(|()| lanes);
            }
            run_t = V::splat(truth[0]);
            run_p = V::splat(pred[0]);
        }

        let mut i = 0;
        while i + lanes <= n {
            // SAFETY: i + LANES <= n, so both reads stay inside the slices.
            let (vt, vp) = (V::load(tp.add(i)), V::load(pp.add(i)));
            if vt.eq(run_t).and(vp.eq(run_p)).all_set() {
                run_blocks += 1;
                i += lanes;
                continue;
            }
            // The run ends here. A new one starts if the block is uniform; a mixed block leaves
            // the old run's (vectors, cell) in place, still a consistent pair, with no blocks.
            if run_blocks > 0 {
                run_cell.add(run_blocks * lanes as u64, counts);
                run_blocks = 0;
            }
            let (t0, p0) = (V::splat(truth[i]), V::splat(pred[i]));
            if vt.eq(t0).and(vp.eq(p0)).all_set() {
                let cell = Cell::of(truth[i].into(), pred[i].into(), k, ignore);
                if cell == Cell::Invalid {
                    // Everything before i was valid, so pixel i is the first error.
                    let end = i + lanes;
                    let (t, p) = (&truth[i..end], &pred[i..end]);
                    return scalar::run(t, p, k, ignore_index, offset + i, counts).map(|()| end);
                }
                (run_t, run_p, run_cell, run_blocks) = (t0, p0, cell, 1);
                i += lanes;
                continue;
            }

            // A mixed block: only clean ones (all labels in [0, K), none the ignore index) are
            // counted here.
            let (in_range, ignored) = limits.lanes(vt, vp);
            let clean = in_range.all_set() && !ignored.any_set();
            let end = i + lanes;
            if !clean {
                scalar::run(
                    &truth[i..end],
                    &pred[i..end],
                    k,
                    ignore_index,
                    offset + i,
                    counts,
                )?;
            } else if SMALL_K > 0 {
                small.count(vt, vp, counts);
            } else {
                // Lanes that continue the previous pixel's (truth, prediction) are not run starts.
                let same = if i > 0 {
                    // SAFETY: 1 <= i and i - 1 + LANES < n: both reads stay inside the slices.
                    let (prev_t, prev_p) = (V::load(tp.add(i - 1)), V::load(pp.add(i - 1)));
                    prev_t.eq(vt).and(prev_p.eq(vp)).lane_bits()
                } else {
                    0
                };
                let starts = (!same & all_lanes) | 1;
                let (t, p) = (&truth[i..end], &pred[i..end]);
                if count_clean::<V>(t, p, k as usize, starts, &mut counts.matrix) && NOISY_STRETCHES
                {
                    // Noise: the caller hands what follows to the histogram (run_blocks is 0).
                    return Ok(end);
                }
            }
            i = end;
        }
        run_cell.add(run_blocks * lanes as u64, counts);
        small.flush(counts);
        scalar::run(&truth[i..], &pred[i..], k, ignore_index, offset + i, counts).map(|()| n)
    }
}

/// What makes a block clean, the condition for counting it here rather than in the scalar
/// reference: every label below K, and none the ignore index when that is a class.
#[derive(Clone, Copy)]
struct Limits<V: Vector> {
    /// K - 1 in every lane (255 for K ≥ 256, where every byte is in range).
    max_label: V,
    /// The ignore index in every lane, when it is a class (below K ≤ 255) and must be looked for.
    ignore: Option<V>,
}

impl<V: Vector> Limits<V> {
    /// # Safety
    ///
    /// As [`count_u8`]. `check_ignore`: the ignore index is a class (`count_u8` decides).
    #[inline(always)]
    unsafe fn new(num_classes: u32, ignore_index: Option<u32>, check_ignore: bool) -> Self {
        // SAFETY: this function's contract (V's instruction set enabled and present).
        unsafe {
            Limits {
                max_label: V::splat((num_classes.min(256) - 1) as u8),
                ignore: check_ignore.then(|| V::splat(ignore_index.unwrap_or(0) as u8)),
            }
        }
    }

    /// The masks of the lanes whose labels are both in range, and of those holding the ignore
    /// index on either side (none when it is not looked for).
    ///
    /// # Safety
    ///
    /// As [`count_u8`].
    #[inline(always)]
    unsafe fn lanes(self, vt: V, vp: V) -> (V, V) {
        // SAFETY: this function's contract (V's instruction set enabled and present).
        unsafe {
            let highest = vt.max(vp);
            let in_range = highest.min(self.max_label).eq(highest);
            let ignored = match self.ignore {
                Some(ignore) => vt.eq(ignore).or(vp.eq(ignore)),
                None => V::splat(0),
            };
            (in_range, ignored)
        }
    }
}

/// Counts superblocks from `start` with the histogram while each is clean and its runs are short
/// enough that the histogram wins ([`histogram_wins`]); returns where the block by block path
/// resumes.
///
/// # Safety
///
/// As [`count_superblock`]; `start <= truth.len() == pred.len()`.
#[inline(always)]
unsafe fn count_noisy_stretch<V: Vector>(
    truth: &[u8],
    pred: &[u8],
    start: usize,
    num_classes: u32,
    limits: Limits<V>,
    histogram: &mut Histogram,
    counts: &mut Confusion,
) -> usize {
    let mut i = start;
    while i + SUPERBLOCK <= truth.len() {
        let (t, p) = (&truth[i..i + SUPERBLOCK], &pred[i..i + SUPERBLOCK]);
        // SAFETY: this function's contract; both slices hold SUPERBLOCK labels.
        let counted =
            unsafe { count_superblock::<V>(t, p, num_classes, limits, histogram, counts) };
        let Some(starts) = counted else { break };
        i += SUPERBLOCK;
        if !histogram_wins(starts, SUPERBLOCK) {
            break;
        }
    }
    i
}

/// Counts a whole superblock with the histogram if it is clean (see [`Limits`]); returns its
/// run starts, or `None`, having counted nothing, for the block by block path to take it.
///
/// # Safety
///
/// As [`count_u8`]; both slices hold [`SUPERBLOCK`] labels.
#[inline(always)]
unsafe fn count_superblock<V: Vector>(
    truth: &[u8],
    pred: &[u8],
    num_classes: u32,
    limits: Limits<V>,
    histogram: &mut Histogram,
    counts: &mut Confusion,
) -> Option<u32> {
    // SAFETY: the vector operations run under this function's contract; each read states its
    // bounds.
    unsafe {
        let (tp, pp) = (truth.as_ptr(), pred.as_ptr());
        let mut in_range = V::splat(0xFF);
        let mut ignored = V::splat(0);
        let mut j = 0;
        while j + V::LANES <= SUPERBLOCK {
            // SAFETY: j + LANES <= SUPERBLOCK, the length of both slices.
            let (vt, vp) = (V::load(tp.add(j)), V::load(pp.add(j)));
            let (block_in_range, block_ignored) = limits.lanes(vt, vp);
            in_range = in_range.and(block_in_range);
            ignored = ignored.or(block_ignored);
            j += V::LANES;
        }
        if !in_range.all_set() || ignored.any_set() {
            return None;
        }
        // SAFETY: every label of the superblock was just checked to be below K.
        Some(histogram.add_superblock(truth, pred, num_classes, &mut counts.matrix))
    }
}

/// Counts a clean block (labels all below K). `starts` has the bit of every lane where a run
/// starts (lane 0 included).
///
/// A block with few runs (the edge of a region or a thin structure) is counted run by run:
/// consecutive runs land in different cells, so the additions do not wait on one another as a
/// per-pixel loop's do on a repeated cell. Where the histogram wins ([`histogram_wins`]: noise
/// rather than edges) the per-run bookkeeping costs more, and a plain per-pixel loop is faster (measured:
/// about 2x either way on random data and on runs of 2-20 pixels).
#[inline(always)]
fn count_clean<V: Vector>(
    truth: &[u8],
    pred: &[u8],
    k: usize,
    starts: u64,
    matrix: &mut [u64],
) -> bool {
    let len = truth.len();
    let cell = |j: usize| truth[j] as usize * k + pred[j] as usize;
    if histogram_wins(starts.count_ones(), V::LANES) {
        // In pieces of 32 pixels: the compiler unrolls a loop of that fixed length whole, which
        // it does not do for a 64-pixel (AVX-512) block (measured: the 64-lane kernel's noise
        // throughput about 1.25x this way, level with AVX2's).
        for (t, p) in truth.chunks_exact(32).zip(pred.chunks_exact(32)) {
            let (t, p): (&[u8; 32], &[u8; 32]) = (t.try_into().unwrap(), p.try_into().unwrap());
            for j in 0..32 {
                let c = t[j] as usize * k + p[j] as usize;
                debug_assert!(c < k * k);
                // SAFETY: the block is clean, so both labels are below K and c < K * K, the
                // length of the matrix.
                unsafe { *matrix.get_unchecked_mut(c) += 1 };
            }
        }
        for j in len - len % 32..len {
            let c = cell(j);
            debug_assert!(c < k * k);
            // SAFETY: as above.
            unsafe { *matrix.get_unchecked_mut(c) += 1 };
        }
        return true;
    }
    let mut rest = starts & (starts - 1);
    let mut start = 0;
    while start < len {
        let end = if rest == 0 {
            len
        } else {
            (rest.trailing_zeros() / V::BIT_STRIDE) as usize
        };
        matrix[cell(start)] += (end - start) as u64;
        rest &= rest.wrapping_sub(1);
        start = end;
    }
    false
}

/// Compare-and-count for K ≤ 5: per lane the cell code `t * K + p` (< 25), compared with every
/// code but 0, each match adding 1 to a byte lane. Cell 0 (background on background, the most
/// common one) is the rest. Byte lanes hold 255, so they are flushed every 255 blocks.
///
/// Past K = 5 the K² - 1 compares per block cost more than the run/pixel counting of
/// `count_clean` (measured on random labels: K = 5 about 2x faster this way, K = 6 no faster
/// with AVX2 and 2x slower with SSE2, which runs out of registers).
struct SmallCounts<V: Vector, const K: usize> {
    acc: [V; 25],
    blocks: u32,
}

impl<V: Vector, const K: usize> SmallCounts<V, K> {
    #[inline(always)]
    unsafe fn new() -> Self {
        // SAFETY: this function's contract (V's instruction set enabled and present).
        unsafe {
            SmallCounts {
                acc: [V::splat(0); 25],
                blocks: 0,
            }
        }
    }

    /// # Safety
    ///
    /// As [`count_u8`]; every lane of `t` and `p` must be below K.
    #[inline(always)]
    unsafe fn count(&mut self, t: V, p: V, counts: &mut Confusion) {
        // SAFETY: this function's contract (V's instruction set enabled and present).
        unsafe {
            let mut code = p;
            for _ in 0..K {
                code = code.add(t);
            }
            for c in 1..K * K {
                // A mask lane is 0xFF, i.e. -1: subtracting it adds one.
                self.acc[c] = self.acc[c].sub(code.eq(V::splat(c as u8)));
            }
            self.blocks += 1;
            if self.blocks == 255 {
                self.flush(counts);
            }
        }
    }

    /// # Safety
    ///
    /// As [`count_u8`].
    #[inline(always)]
    unsafe fn flush(&mut self, counts: &mut Confusion) {
        // SAFETY: this function's contract (V's instruction set enabled and present).
        unsafe {
            if K == 0 || self.blocks == 0 {
                return;
            }
            let mut others = 0;
            for c in 1..K * K {
                let sum = self.acc[c].sum();
                counts.matrix[c] += sum;
                others += sum;
                self.acc[c] = V::splat(0);
            }
            counts.matrix[0] += u64::from(self.blocks) * V::LANES as u64 - others;
            self.blocks = 0;
        }
    }
}
