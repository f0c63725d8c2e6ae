//! x86_64 kernels: SSE2 (part of the x86_64 baseline, always available), AVX2 and AVX-512BW
//! (both detected at run time). Nothing here is compiled with a static `+avx2` or `+avx512*`: a
//! distributed binary must still run, on the SSE2 kernel, on CPUs without them.

use core::arch::x86_64::*;

use crate::{
    blocks, dense_small_k, scalar, vector::Vector, wide, Confusion, Labels, PerclassError,
};

/// Counts with 16-byte SSE2 vectors (u8 × u8), or the wide driver compiled for SSE2 otherwise.
pub(crate) fn accumulate_sse2(
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    match (truth, pred) {
        (Labels::U8(t), Labels::U8(p)) => {
            if dense_small_k::applies(num_classes, ignore_index)
                && dense_sse2(t, p, num_classes, counts)
            {
                return Ok(());
            }
            // SAFETY: SSE2 is part of the x86_64 baseline, so every x86_64 CPU runs it and every
            // function of this crate is compiled with it.
            unsafe { blocks::count_u8::<Sse2>(t, p, num_classes, ignore_index, offset, counts) }
        }
        _ => wide::accumulate(truth, pred, num_classes, ignore_index, offset, counts),
    }
}

/// The small-K counter on SSE2 vectors, out of line (see `dense_small_k::count_small_k`).
#[inline(never)]
fn dense_sse2(truth: &[u8], pred: &[u8], k: u32, counts: &mut Confusion) -> bool {
    // SAFETY: SSE2 is part of the x86_64 baseline (see accumulate_sse2).
    unsafe { dense_small_k::count_small_k::<Sse2>(truth, pred, k, counts) }
}

/// A kernel entry for an instruction set detected at run time: `$name` checks the CPU (`$detected`)
/// and falls back to the scalar reference without it; `$dense_body` (the small-K counter, when
/// it applies) and then `$u8_body`, both compiled with `$features` (so the inlined code uses
/// them), count u8 × u8 with `$vector`; every other width pair goes to `$wide_body`.
/// `target_feature` cannot be generic, hence a macro rather than one function.
macro_rules! detected_kernel {
    (
        $(#[$doc:meta])* $name:ident, $dense_body:ident, $u8_body:ident, $features:literal,
        $detected:path, $vector:ty, $wide_body:ident
    ) => {
        $(#[$doc])*
        pub(crate) fn $name(
            truth: Labels<'_>,
            pred: Labels<'_>,
            num_classes: u32,
            ignore_index: Option<u32>,
            offset: usize,
            counts: &mut Confusion,
        ) -> Result<(), PerclassError> {
            if !$detected() {
                return scalar::accumulate(truth, pred, num_classes, ignore_index, offset, counts);
            }
            match (truth, pred) {
                // SAFETY: every feature the bodies enable was detected on this CPU just above.
                (Labels::U8(t), Labels::U8(p)) => unsafe {
                    if dense_small_k::applies(num_classes, ignore_index)
                        && $dense_body(t, p, num_classes, counts)
                    {
                        return Ok(());
                    }
                    $u8_body(t, p, num_classes, ignore_index, offset, counts)
                },
                // SAFETY: as above: each kernel's detection covers its wide body's features.
                _ => unsafe { $wide_body(truth, pred, num_classes, ignore_index, offset, counts) },
            }
        }

        /// The small-K counter (`dense_small_k.rs`), in a function of its own.
        ///
        /// # Safety
        ///
        /// The CPU must have every feature this function enables (what the entry detects).
        #[target_feature(enable = $features)]
        unsafe fn $dense_body(truth: &[u8], pred: &[u8], k: u32, counts: &mut Confusion) -> bool {
            // SAFETY: this function's contract: the CPU has these features, enabled here.
            unsafe { dense_small_k::count_small_k::<$vector>(truth, pred, k, counts) }
        }

        /// # Safety
        ///
        /// The CPU must have every feature this function enables (what the entry detects).
        #[target_feature(enable = $features)]
        unsafe fn $u8_body(
            truth: &[u8],
            pred: &[u8],
            num_classes: u32,
            ignore_index: Option<u32>,
            offset: usize,
            counts: &mut Confusion,
        ) -> Result<(), PerclassError> {
            // SAFETY: this function's contract: the CPU has these features, enabled here.
            unsafe {
                blocks::count_u8::<$vector>(truth, pred, num_classes, ignore_index, offset, counts)
            }
        }
    };
}

detected_kernel!(
    /// Counts with 32-byte AVX2 vectors (and POPCNT, for the run count of a block: every AVX2 CPU
    /// has it, but it is its own flag), or the scalar reference on a CPU without them.
    accumulate_avx2,
    dense_avx2,
    count_u8_avx2,
    "avx2,popcnt",
    crate::kernel::avx2_detected,
    Avx2,
    wide_avx2
);

detected_kernel!(
    /// Counts u8 maps with 64-byte AVX-512BW vectors, or the scalar reference on a CPU without
    /// AVX-512BW (see `avx512_detected` for the features it also enables). Other widths take the
    /// AVX2 build of the wide driver: compiled for AVX-512 it ran u16 maps about 30% slower (one
    /// thread, 4096² K=3/K=19: 2,482/2,606 against 3,599/3,770 Mpix/s).
    accumulate_avx512,
    dense_avx512,
    count_u8_avx512,
    "avx512f,avx512bw,avx2,popcnt",
    crate::kernel::avx512_detected,
    Avx512,
    wide_avx2
);

/// The wide driver (`wide.rs`: any pair of widths but u8 × u8), its folds vectorized by the
/// compiler for AVX2.
///
/// # Safety
///
/// The CPU must support AVX2 and POPCNT.
#[target_feature(enable = "avx2,popcnt")]
unsafe fn wide_avx2(
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    wide::accumulate(truth, pred, num_classes, ignore_index, offset, counts)
}

/// 16 bytes in an SSE2 register.
#[derive(Clone, Copy)]
pub(crate) struct Sse2(__m128i);

// The methods below are `unsafe fn`: their contract is the trait's (SSE2 enabled and present).
impl Vector for Sse2 {
    const LANES: usize = 16;
    const BIT_STRIDE: u32 = 1;

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        // SAFETY: the trait's contract (SSE2 enabled and present, `ptr` readable for LANES bytes).
        unsafe { Sse2(_mm_loadu_si128(ptr.cast())) }
    }
    #[inline(always)]
    unsafe fn splat(v: u8) -> Self {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { Sse2(_mm_set1_epi8(v as i8)) }
    }
    #[inline(always)]
    unsafe fn eq(self, other: Self) -> Self {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { Sse2(_mm_cmpeq_epi8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn and(self, other: Self) -> Self {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { Sse2(_mm_and_si128(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn or(self, other: Self) -> Self {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { Sse2(_mm_or_si128(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn max(self, other: Self) -> Self {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { Sse2(_mm_max_epu8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn min(self, other: Self) -> Self {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { Sse2(_mm_min_epu8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, other: Self) -> Self {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { Sse2(_mm_add_epi8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, other: Self) -> Self {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { Sse2(_mm_sub_epi8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn all_set(self) -> bool {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { _mm_movemask_epi8(self.0) == 0xFFFF }
    }
    #[inline(always)]
    unsafe fn any_set(self) -> bool {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { _mm_movemask_epi8(self.0) != 0 }
    }
    #[inline(always)]
    unsafe fn lane_bits(self) -> u64 {
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe { _mm_movemask_epi8(self.0) as u32 as u64 }
    }
    #[inline(always)]
    unsafe fn sum(self) -> u64 {
        // Two sums of 8 bytes, in the low 16 bits of each 64-bit half.
        // SAFETY: the trait's contract (SSE2 enabled and present).
        unsafe {
            let sums = _mm_sad_epu8(self.0, _mm_setzero_si128());
            let high = _mm_unpackhi_epi64(sums, sums);
            (_mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(high)) as u64
        }
    }
}

/// 32 bytes in an AVX2 register.
#[derive(Clone, Copy)]
pub(crate) struct Avx2(__m256i);

// The methods below are `unsafe fn`: their contract is the trait's (AVX2 enabled and present).
impl Vector for Avx2 {
    const LANES: usize = 32;
    const BIT_STRIDE: u32 = 1;

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        // SAFETY: the trait's contract (AVX2 enabled and present, `ptr` readable for LANES bytes).
        unsafe { Avx2(_mm256_loadu_si256(ptr.cast())) }
    }
    #[inline(always)]
    unsafe fn splat(v: u8) -> Self {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { Avx2(_mm256_set1_epi8(v as i8)) }
    }
    #[inline(always)]
    unsafe fn eq(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { Avx2(_mm256_cmpeq_epi8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn and(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { Avx2(_mm256_and_si256(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn or(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { Avx2(_mm256_or_si256(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn max(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { Avx2(_mm256_max_epu8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn min(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { Avx2(_mm256_min_epu8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { Avx2(_mm256_add_epi8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { Avx2(_mm256_sub_epi8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn all_set(self) -> bool {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { _mm256_movemask_epi8(self.0) == -1 }
    }
    #[inline(always)]
    unsafe fn any_set(self) -> bool {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { _mm256_movemask_epi8(self.0) != 0 }
    }
    #[inline(always)]
    unsafe fn lane_bits(self) -> u64 {
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe { _mm256_movemask_epi8(self.0) as u32 as u64 }
    }
    #[inline(always)]
    unsafe fn sum(self) -> u64 {
        // Four sums of 8 bytes, one per 64-bit quarter.
        // SAFETY: the trait's contract (AVX2 enabled and present).
        unsafe {
            let sums = _mm256_sad_epu8(self.0, _mm256_setzero_si256());
            let pair = _mm_add_epi64(
                _mm256_castsi256_si128(sums),
                _mm256_extracti128_si256::<1>(sums),
            );
            let high = _mm_unpackhi_epi64(pair, pair);
            (_mm_cvtsi128_si64(pair) + _mm_cvtsi128_si64(high)) as u64
        }
    }
}

/// 64 bytes in an AVX-512 register. AVX-512 compares give a bit mask (`__mmask64`), not a vector;
/// the trait's masks are vectors, so `eq` widens the bit mask to 0x00/0xFF lanes and
/// `lane_bits` / `all_set` / `any_set` narrow it back. LLVM folds each widen-then-narrow pair
/// (and an `and` of two widened masks) into the mask-register form, so the hot compare of
/// `blocks.rs` stays two compares, one `kand` and one test.
#[derive(Clone, Copy)]
pub(crate) struct Avx512(__m512i);

// The methods below are `unsafe fn`: their contract is the trait's (AVX-512F and AVX-512BW
// enabled and present).
impl Vector for Avx512 {
    const LANES: usize = 64;
    const BIT_STRIDE: u32 = 1;

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        // SAFETY: the trait's contract (AVX-512F enabled and present, `ptr` readable for LANES
        // bytes).
        unsafe { Avx512(_mm512_loadu_si512(ptr.cast())) }
    }
    #[inline(always)]
    unsafe fn splat(v: u8) -> Self {
        // SAFETY: the trait's contract (AVX-512F enabled and present).
        unsafe { Avx512(_mm512_set1_epi8(v as i8)) }
    }
    #[inline(always)]
    unsafe fn eq(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX-512BW enabled and present).
        unsafe { Avx512(_mm512_movm_epi8(_mm512_cmpeq_epi8_mask(self.0, other.0))) }
    }
    #[inline(always)]
    unsafe fn and(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX-512F enabled and present).
        unsafe { Avx512(_mm512_and_si512(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn or(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX-512F enabled and present).
        unsafe { Avx512(_mm512_or_si512(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn max(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX-512BW enabled and present).
        unsafe { Avx512(_mm512_max_epu8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn min(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX-512BW enabled and present).
        unsafe { Avx512(_mm512_min_epu8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX-512BW enabled and present).
        unsafe { Avx512(_mm512_add_epi8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, other: Self) -> Self {
        // SAFETY: the trait's contract (AVX-512BW enabled and present).
        unsafe { Avx512(_mm512_sub_epi8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn all_set(self) -> bool {
        // SAFETY: the trait's contract (AVX-512BW enabled and present).
        unsafe { self.lane_bits() == u64::MAX }
    }
    #[inline(always)]
    unsafe fn any_set(self) -> bool {
        // SAFETY: the trait's contract (AVX-512BW enabled and present).
        unsafe { self.lane_bits() != 0 }
    }
    #[inline(always)]
    unsafe fn lane_bits(self) -> u64 {
        // The top bit of every byte: a mask lane is 0x00 or 0xFF, so that is the lane.
        // SAFETY: the trait's contract (AVX-512BW enabled and present).
        unsafe { _mm512_movepi8_mask(self.0) }
    }
    #[inline(always)]
    unsafe fn sum(self) -> u64 {
        // Eight sums of 8 bytes, one per 64-bit lane, then their sum.
        // SAFETY: the trait's contract (AVX-512F and AVX-512BW enabled and present).
        unsafe {
            let sums = _mm512_sad_epu8(self.0, _mm512_setzero_si512());
            _mm512_reduce_add_epi64(sums) as u64
        }
    }
}
