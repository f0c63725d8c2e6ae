//! wasm32 kernel: 16-byte simd128 vectors through the shared block driver. Compiled only when
//! the build enables simd128 (`-C target-feature=+simd128`): wasm has no run-time detection, and
//! a module that uses simd128 only instantiates on engines that support it.

use core::arch::wasm32::*;

use crate::{blocks, dense_small_k, vector::Vector, wide, Confusion, Labels, PerclassError};

/// Counts with simd128 (u8 × u8), or the wide driver (vectorized by the compiler) otherwise.
pub(crate) fn accumulate_simd128(
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    match (truth, pred) {
        // SAFETY: this module is only compiled when the whole build enables simd128, and a
        // module using simd128 cannot run on an engine without it.
        (Labels::U8(t), Labels::U8(p)) => unsafe {
            blocks::count_u8::<Simd128>(t, p, num_classes, ignore_index, offset, counts)
        },
        _ => wide::accumulate(truth, pred, num_classes, ignore_index, offset, counts),
    }
}

/// Counts u8 `truth` against u8 `pred` with the branch-free small-K counter (`dense_small_k.rs`)
/// when it applies (`dense_small_k::applies`) and every label is below `k`; returns whether it
/// did. Called by `confusion::accumulate` ahead of [`accumulate_simd128`], so label maps and a
/// model's decisions (`scores/blocks.rs`, through the same function) both get it.
///
/// Out of line, as on the other kernels (see `dense_small_k::count_small_k`).
#[inline(never)]
pub(crate) fn count_small_k(
    truth: Labels<'_>,
    pred: Labels<'_>,
    k: u32,
    ignore_index: Option<u32>,
    counts: &mut Confusion,
) -> bool {
    match (truth, pred) {
        (Labels::U8(t), Labels::U8(p)) => {
            // SAFETY: this module is only compiled when the whole build enables simd128, and a
            // module using simd128 cannot run on an engine without it.
            dense_small_k::applies(k, ignore_index)
                && unsafe { dense_small_k::count_small_k::<Simd128>(t, p, k, counts) }
        }
        _ => false,
    }
}

/// 16 bytes in a simd128 value.
#[derive(Clone, Copy)]
pub(crate) struct Simd128(v128);

// The methods below are `unsafe fn`: their contract is the trait's (simd128 enabled).
impl Vector for Simd128 {
    const LANES: usize = 16;
    const BIT_STRIDE: u32 = 1;

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        // wasm loads have no alignment requirement.
        // SAFETY: the trait's contract (simd128 enabled and present, `ptr` readable for LANES bytes).
        unsafe { Simd128(v128_load(ptr.cast())) }
    }
    #[inline(always)]
    unsafe fn splat(v: u8) -> Self {
        Simd128(u8x16_splat(v))
    }
    #[inline(always)]
    unsafe fn eq(self, other: Self) -> Self {
        Simd128(u8x16_eq(self.0, other.0))
    }
    #[inline(always)]
    unsafe fn and(self, other: Self) -> Self {
        Simd128(v128_and(self.0, other.0))
    }
    #[inline(always)]
    unsafe fn or(self, other: Self) -> Self {
        Simd128(v128_or(self.0, other.0))
    }
    #[inline(always)]
    unsafe fn max(self, other: Self) -> Self {
        Simd128(u8x16_max(self.0, other.0))
    }
    #[inline(always)]
    unsafe fn min(self, other: Self) -> Self {
        Simd128(u8x16_min(self.0, other.0))
    }
    #[inline(always)]
    unsafe fn add(self, other: Self) -> Self {
        Simd128(u8x16_add(self.0, other.0))
    }
    #[inline(always)]
    unsafe fn sub(self, other: Self) -> Self {
        Simd128(u8x16_sub(self.0, other.0))
    }
    #[inline(always)]
    unsafe fn all_set(self) -> bool {
        u8x16_all_true(self.0)
    }
    #[inline(always)]
    unsafe fn any_set(self) -> bool {
        v128_any_true(self.0)
    }
    #[inline(always)]
    unsafe fn lane_bits(self) -> u64 {
        u64::from(u8x16_bitmask(self.0))
    }
    #[inline(always)]
    unsafe fn sum(self) -> u64 {
        let pairs = u16x8_extadd_pairwise_u8x16(self.0);
        let quads = u32x4_extadd_pairwise_u16x8(pairs);
        let lanes = [
            u32x4_extract_lane::<0>(quads),
            u32x4_extract_lane::<1>(quads),
            u32x4_extract_lane::<2>(quads),
            u32x4_extract_lane::<3>(quads),
        ];
        lanes.iter().map(|&l| u64::from(l)).sum()
    }
}
