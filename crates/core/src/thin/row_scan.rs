//! The fast mask scan: finds, row by row, the runs of the requested classes in both maps and
//! checks every label, with the reference's results and errors (`masks::reference`).
//!
//! On thin-structure maps almost every block of pixels is background on both sides, so the scan
//! is built around skipping such blocks:
//! - u8 against u8 (the common case) goes through the crate's byte-vector kernels (`Vector`:
//!   SSE2, AVX2 detected at run time, simd128 on wasm). A block equal lane for lane to the last
//!   uniform block that held nothing to record costs two compares. Any other uniform block is
//!   recorded whole; a mixed block whose labels are all valid is recorded class by class from
//!   lane masks; a block holding a bad label goes to the per-pixel scan, which locates the error.
//! - Any other width mix (and every target without a vector kernel here, or
//!   `PERCLASS_MAX_ISA=scalar`) goes through plain Rust blocks (uniform ones recorded whole, the
//!   rest pixel by pixel).
//!
//! Every fallback is the per-pixel scan, which is right for any block; the fast branches only
//! ever take blocks they handle exactly.

use std::ops::Range;

use super::class_table::{ClassTable, BAD, IGNORE, NONE};
use super::masks::SetsBuilder;
use crate::{Kernel, Labels, PerclassError, Side};

/// Scans `rows` of the maps (row-major, `width` columns) into `sets`, one line per row.
pub(crate) fn scan_rows(
    kernel: Kernel,
    truth: Labels<'_>,
    pred: Labels<'_>,
    width: usize,
    rows: Range<usize>,
    table: &ClassTable,
    sets: &mut SetsBuilder,
) -> Result<(), PerclassError> {
    let kernel = if kernel.is_supported() {
        kernel
    } else {
        Kernel::Scalar
    };
    match (kernel, truth, pred) {
        #[cfg(target_arch = "x86_64")]
        (Kernel::Sse2, Labels::U8(t), Labels::U8(p)) => {
            // SAFETY: SSE2 is part of the x86_64 baseline: every x86_64 CPU runs it and every
            // function of this crate is compiled with it.
            unsafe { simd::scan_rows_simd::<crate::x86::Sse2>(t, p, width, rows, table, sets) }
        }
        #[cfg(target_arch = "x86_64")]
        (Kernel::Avx2 | Kernel::Avx512, Labels::U8(t), Labels::U8(p)) => {
            // The AVX-512 kernel's CPU runs AVX2 too (its detection checks it); the row scan has
            // no 64-byte version of its own.
            // SAFETY: `is_supported` checked above that this CPU has AVX2 (for either kernel).
            unsafe { simd::scan_rows_avx2(t, p, width, rows, table, sets) }
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        (Kernel::Simd128, Labels::U8(t), Labels::U8(p)) => {
            // SAFETY: this arm is only compiled when the whole build enables simd128, and a
            // module using simd128 cannot run on an engine without it.
            unsafe {
                simd::scan_rows_simd::<crate::wasm_simd::Simd128>(t, p, width, rows, table, sets)
            }
        }
        (_, Labels::U8(t), Labels::U8(p)) => scan_rows_plain(t, p, width, rows, table, sets),
        (_, Labels::U8(t), Labels::U16(p)) => scan_rows_plain(t, p, width, rows, table, sets),
        (_, Labels::U16(t), Labels::U8(p)) => scan_rows_plain(t, p, width, rows, table, sets),
        (_, Labels::U16(t), Labels::U16(p)) => scan_rows_plain(t, p, width, rows, table, sets),
    }
}

/// The per-pixel scan of `truth[..]`/`pred[..]`, which lie at columns `x0..` of the row whose
/// first pixel has flat index `row_index`. The fallback for any block, and the row tails.
#[inline(never)]
fn scan_pixels<T: Copy + Into<u32>, P: Copy + Into<u32>>(
    truth: &[T],
    pred: &[P],
    x0: usize,
    row_index: usize,
    table: &ClassTable,
    sets: &mut SetsBuilder,
) -> Result<(), PerclassError> {
    for (j, (&t, &p)) in truth.iter().zip(pred).enumerate() {
        let (t, p): (u32, u32) = (t.into(), p.into());
        let (tc, pc) = (table.code(t), table.code(p));
        if tc == BAD {
            return Err(table.error(Side::Truth, t, row_index + x0 + j));
        }
        // A prediction is checked even where the truth is ignored, as the confusion matrix does.
        if pc == BAD {
            return Err(table.error(Side::Prediction, p, row_index + x0 + j));
        }
        if tc == IGNORE {
            continue;
        }
        let x = x0 + j;
        if tc < NONE {
            sets.truth[tc as usize].push(x, x + 1);
        }
        if pc < NONE {
            sets.pred[pc as usize].push(x, x + 1);
        }
    }
    Ok(())
}

/// Records a block `[x, x + len)` whose pixels all hold labels `(t, p)`. Returns `None` when
/// either label is bad (nothing is recorded: the per-pixel scan must locate the error), else
/// whether there was anything to record.
#[inline(always)]
fn record_uniform(
    t: u32,
    p: u32,
    x: usize,
    len: usize,
    table: &ClassTable,
    sets: &mut SetsBuilder,
) -> Option<bool> {
    let (tc, pc) = (table.code(t), table.code(p));
    if tc == BAD || pc == BAD {
        return None;
    }
    let truth = tc < NONE;
    let pred = tc != IGNORE && pc < NONE;
    if truth {
        sets.truth[tc as usize].push(x, x + len);
    }
    if pred {
        sets.pred[pc as usize].push(x, x + len);
    }
    Some(truth | pred)
}

/// Pixels per block of the plain-Rust scan: wide enough to amortize the per-block branches,
/// short enough that a block touching a curve sends few pixels to the per-pixel scan.
const PLAIN_BLOCK: usize = 32;

/// The row loop both scans share: `blocks` records a row's whole blocks and returns where they
/// end; the per-pixel scan takes the rest of the row, and the row's line is closed. Inlined, so
/// that each scan's block loop is compiled in place, with its instruction set and its state.
#[inline(always)]
fn scan_each_row<T: Copy + Into<u32>, P: Copy + Into<u32>>(
    truth: &[T],
    pred: &[P],
    width: usize,
    rows: Range<usize>,
    table: &ClassTable,
    sets: &mut SetsBuilder,
    mut blocks: impl FnMut(&[T], &[P], usize, &mut SetsBuilder) -> Result<usize, PerclassError>,
) -> Result<(), PerclassError> {
    for y in rows {
        let row_index = y * width;
        let t_row = &truth[row_index..row_index + width];
        let p_row = &pred[row_index..row_index + width];
        let x = blocks(t_row, p_row, row_index, sets)?;
        scan_pixels(&t_row[x..], &p_row[x..], x, row_index, table, sets)?;
        sets.end_line();
    }
    Ok(())
}

/// The scan in plain Rust, for any label widths. The uniformity test is a fold without early
/// exit so that the compiler vectorizes it.
fn scan_rows_plain<T: Copy + Into<u32>, P: Copy + Into<u32>>(
    truth: &[T],
    pred: &[P],
    width: usize,
    rows: Range<usize>,
    table: &ClassTable,
    sets: &mut SetsBuilder,
) -> Result<(), PerclassError> {
    let blocks = |t_row: &[T], p_row: &[P], row_index: usize, sets: &mut SetsBuilder| {
        let mut x = 0;
        while x + PLAIN_BLOCK <= width {
            let (t, p) = (&t_row[x..x + PLAIN_BLOCK], &p_row[x..x + PLAIN_BLOCK]);
            let (t0, p0): (u32, u32) = (t[0].into(), p[0].into());
            let uniform = (differs(t, t0) | differs(p, p0)) == 0;
            if !(uniform && record_uniform(t0, p0, x, PLAIN_BLOCK, table, sets).is_some()) {
                scan_pixels(t, p, x, row_index, table, sets)?;
            }
            x += PLAIN_BLOCK;
        }
        Ok(x)
    };
    scan_each_row(truth, pred, width, rows, table, sets, blocks)
}

/// Non-zero unless every label of the block equals `value`.
#[inline(always)]
fn differs<L: Copy + Into<u32>>(block: &[L], value: u32) -> u32 {
    block.iter().fold(0, |acc, &l| acc | (l.into() ^ value))
}

/// The scan over byte vectors, on the targets with a vector kernel here.
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
mod simd {
    use std::ops::Range;

    use super::{record_uniform, scan_each_row, scan_pixels};
    use crate::thin::class_table::ClassTable;
    use crate::thin::masks::{RunsBuilder, SetsBuilder};
    use crate::vector::Vector;
    use crate::PerclassError;

    /// The AVX2 body: `scan_rows_simd` compiled with AVX2 enabled.
    ///
    /// # Safety
    ///
    /// The CPU must support AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn scan_rows_avx2(
        truth: &[u8],
        pred: &[u8],
        width: usize,
        rows: Range<usize>,
        table: &ClassTable,
        sets: &mut SetsBuilder,
    ) -> Result<(), PerclassError> {
        // SAFETY: this function's contract: the CPU has AVX2, enabled here by target_feature.
        unsafe { scan_rows_simd::<crate::x86::Avx2>(truth, pred, width, rows, table, sets) }
    }

    /// The scan over byte vectors of `V::LANES` labels (u8 truth and prediction).
    ///
    /// # Safety
    ///
    /// `V`'s instruction set must be enabled in the calling function and supported by the CPU
    /// (see `Vector`).
    #[inline(always)]
    pub(super) unsafe fn scan_rows_simd<V: Vector>(
        truth: &[u8],
        pred: &[u8],
        width: usize,
        rows: Range<usize>,
        table: &ClassTable,
        sets: &mut SetsBuilder,
    ) -> Result<(), PerclassError> {
        // SAFETY: the vector operations below run under this function's contract (V's instruction set enabled and present); each raw read states its own bounds.
        unsafe {
            // `push_lanes` reads lane masks as one bit per lane (true of every kernel used here).
            debug_assert_eq!(V::BIT_STRIDE, 1);
            let lanes = V::LANES;
            assert!(truth.len() >= rows.end * width && pred.len() >= rows.end * width);
            // With K >= 256 every byte is a valid label, and the range test passes every lane.
            let max_label = V::splat((table.num_classes.min(256) - 1) as u8);
            let ignore = V::splat(table.ignore_u8.unwrap_or(0));
            let has_ignore = table.ignore_u8.is_some();
            // The last uniform block that held nothing to record: identical blocks are skipped with
            // two compares. Starts out matching nothing.
            let (mut skip_t, mut skip_p) = (V::splat(0), V::splat(0));
            let mut have_skip = false;
            let blocks = |t_row: &[u8], p_row: &[u8], row_index: usize, sets: &mut SetsBuilder| {
                let mut x = 0;
                loop {
                    if have_skip {
                        // SAFETY: as this function's (the instruction set is enabled and present).
                        x = skip_repeats::<V>(t_row, p_row, x, skip_t, skip_p);
                    }
                    if x + lanes > width {
                        break;
                    }
                    // SAFETY: x + LANES <= width, so both reads stay inside the rows.
                    let (vt, vp) = (
                        V::load(t_row.as_ptr().add(x)),
                        V::load(p_row.as_ptr().add(x)),
                    );
                    let (t_block, p_block) = (&t_row[x..x + lanes], &p_row[x..x + lanes]);
                    let (t0, p0) = (V::splat(t_block[0]), V::splat(p_block[0]));
                    if vt.eq(t0).and(vp.eq(p0)).all_set() {
                        let (t, p) = (t_block[0].into(), p_block[0].into());
                        if let Some(recorded) = record_uniform(t, p, x, lanes, table, sets) {
                            if !recorded {
                                (skip_t, skip_p, have_skip) = (t0, p0, true);
                            }
                            x += lanes;
                            continue;
                        }
                    } else {
                        // A lane is valid when its label is below K or is the ignore index.
                        let mut t_ok = vt.min(max_label).eq(vt);
                        let mut p_ok = vp.min(max_label).eq(vp);
                        if has_ignore {
                            t_ok = t_ok.or(vt.eq(ignore));
                            p_ok = p_ok.or(vp.eq(ignore));
                        }
                        if t_ok.and(p_ok).all_set() {
                            // Where the truth is ignored the prediction belongs to no set.
                            let t_ignored = if has_ignore {
                                vt.eq(ignore).lane_bits()
                            } else {
                                0
                            };
                            for &(class, slot) in &table.u8_classes {
                                let c = V::splat(class);
                                push_lanes(&mut sets.truth[slot], vt.eq(c).lane_bits(), x);
                                let in_pred = vp.eq(c).lane_bits() & !t_ignored;
                                push_lanes(&mut sets.pred[slot], in_pred, x);
                            }
                            x += lanes;
                            continue;
                        }
                    }
                    // A block holding a bad label: the per-pixel scan finds the first one.
                    scan_pixels(t_block, p_block, x, row_index, table, sets)?;
                    x += lanes;
                }
                Ok(x)
            };
            scan_each_row(truth, pred, width, rows, table, sets, blocks)
        }
    }

    /// The first block at or after `x` (a multiple of LANES from the row start) that is not equal,
    /// lane for lane, to `(skip_t, skip_p)`; or the first position past the last whole block. Kept
    /// free of calls so the compared vectors stay in registers; tests two blocks at a time.
    ///
    /// # Safety
    ///
    /// As [`scan_rows_simd`].
    #[inline(always)]
    unsafe fn skip_repeats<V: Vector>(
        t_row: &[u8],
        p_row: &[u8],
        mut x: usize,
        skip_t: V,
        skip_p: V,
    ) -> usize {
        // SAFETY: this function's contract (V's instruction set enabled and present); the reads' bounds are checked by each loop condition.
        unsafe {
            let lanes = V::LANES;
            let width = t_row.len().min(p_row.len());
            let (tp, pp) = (t_row.as_ptr(), p_row.as_ptr());
            // SAFETY (all reads below): each loop condition checks that the read blocks end at or
            // before `width`, inside both rows.
            while x + 2 * lanes <= width
                && same_at(tp, pp, x, skip_t, skip_p)
                    .and(same_at(tp, pp, x + lanes, skip_t, skip_p))
                    .all_set()
            {
                x += 2 * lanes;
            }
            while x + lanes <= width && same_at(tp, pp, x, skip_t, skip_p).all_set() {
                x += lanes;
            }
            x
        }
    }

    /// The lanes where the block at `at` equals `(t, p)`.
    ///
    /// # Safety
    ///
    /// As [`scan_rows_simd`]; `tp` and `pp` must be valid for reading `at + LANES` bytes.
    #[inline(always)]
    unsafe fn same_at<V: Vector>(tp: *const u8, pp: *const u8, at: usize, t: V, p: V) -> V {
        // SAFETY: this function's contract (V's instruction set enabled and present; both pointers readable for at + LANES bytes).
        unsafe { V::load(tp.add(at)).eq(t).and(V::load(pp.add(at)).eq(p)) }
    }

    /// Records the runs of set bits of a lane mask (one bit per lane, lane 0 the lowest) as runs at
    /// `x0 + lane`.
    #[inline(always)]
    fn push_lanes(set: &mut RunsBuilder, mut bits: u64, x0: usize) {
        while bits != 0 {
            let start = bits.trailing_zeros();
            let len = (!(bits >> start)).trailing_zeros();
            let end = start + len;
            set.push(x0 + start as usize, x0 + end as usize);
            bits = if end >= 64 {
                0
            } else {
                bits & (u64::MAX << end)
            };
        }
    }
}
