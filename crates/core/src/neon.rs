//! aarch64 kernel: 16-byte NEON vectors through the shared block driver.
//!
//! NEON is part of every mainstream aarch64 target, but the body still carries
//! `#[target_feature(enable = "neon")]` behind a run-time check, so that the inlined drivers are
//! compiled with it even on a target whose baseline leaves it out.

use core::arch::aarch64::*;

use crate::{
    blocks, dense_small_k, scalar, vector::Vector, wide, Confusion, Labels, PerclassError,
};

/// Counts with NEON (u8 × u8), or the wide driver compiled for NEON otherwise; the scalar
/// reference on a CPU without NEON.
pub(crate) fn accumulate_neon(
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    if !std::arch::is_aarch64_feature_detected!("neon") {
        return scalar::accumulate(truth, pred, num_classes, ignore_index, offset, counts);
    }
    // SAFETY: NEON was detected on this CPU just above.
    unsafe { accumulate_neon_unchecked(truth, pred, num_classes, ignore_index, offset, counts) }
}

/// # Safety
///
/// The CPU must support NEON.
#[target_feature(enable = "neon")]
unsafe fn accumulate_neon_unchecked(
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    // SAFETY: this function's contract: the CPU has NEON, enabled here by target_feature.
    unsafe {
        match (truth, pred) {
            (Labels::U8(t), Labels::U8(p)) => {
                if dense_small_k::applies(num_classes, ignore_index)
                    && dense_neon(t, p, num_classes, counts)
                {
                    return Ok(());
                }
                blocks::count_u8::<Neon>(t, p, num_classes, ignore_index, offset, counts)
            }
            _ => wide::accumulate(truth, pred, num_classes, ignore_index, offset, counts),
        }
    }
}

/// The small-K counter on NEON vectors, in a function of its own (see
/// `dense_small_k::count_small_k`).
///
/// # Safety
///
/// The CPU must support NEON.
#[target_feature(enable = "neon")]
unsafe fn dense_neon(truth: &[u8], pred: &[u8], k: u32, counts: &mut Confusion) -> bool {
    // SAFETY: this function's contract: the CPU has NEON, enabled here by target_feature.
    unsafe { dense_small_k::count_small_k::<Neon>(truth, pred, k, counts) }
}

/// 16 bytes in a NEON register.
#[derive(Clone, Copy)]
pub(crate) struct Neon(uint8x16_t);

// The methods below are `unsafe fn`: their contract is the trait's (NEON enabled and present).
impl Vector for Neon {
    const LANES: usize = 16;
    // NEON has no byte movemask; the narrowing shift below gives 4 bits per lane.
    const BIT_STRIDE: u32 = 4;

    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        // SAFETY: the trait's contract (NEON enabled and present, `ptr` readable for LANES bytes).
        unsafe { Neon(vld1q_u8(ptr)) }
    }
    #[inline(always)]
    unsafe fn splat(v: u8) -> Self {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { Neon(vdupq_n_u8(v)) }
    }
    #[inline(always)]
    unsafe fn eq(self, other: Self) -> Self {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { Neon(vceqq_u8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn and(self, other: Self) -> Self {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { Neon(vandq_u8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn or(self, other: Self) -> Self {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { Neon(vorrq_u8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn max(self, other: Self) -> Self {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { Neon(vmaxq_u8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn min(self, other: Self) -> Self {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { Neon(vminq_u8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, other: Self) -> Self {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { Neon(vaddq_u8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, other: Self) -> Self {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { Neon(vsubq_u8(self.0, other.0)) }
    }
    #[inline(always)]
    unsafe fn all_set(self) -> bool {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { vminvq_u8(self.0) == 0xFF }
    }
    #[inline(always)]
    unsafe fn any_set(self) -> bool {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { vmaxvq_u8(self.0) != 0 }
    }
    #[inline(always)]
    unsafe fn lane_bits(self) -> u64 {
        // Shifting each 16-bit pair right by 4 and narrowing keeps the high nibble of the even
        // byte and the low nibble of the odd one: lane j becomes bits 4j..4j+3 of a u64.
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe {
            let nibbles = vshrn_n_u16::<4>(vreinterpretq_u16_u8(self.0));
            vget_lane_u64::<0>(vreinterpret_u64_u8(nibbles)) & 0x1111_1111_1111_1111
        }
    }
    #[inline(always)]
    unsafe fn sum(self) -> u64 {
        // SAFETY: the trait's contract (NEON enabled and present).
        unsafe { u64::from(vaddlvq_u8(self.0)) }
    }
}
