//! The memory-read baseline of the confusion benchmark: every byte of both maps summed, both
//! streamed at once, with the widest SIMD the detected kernel has (SAD of bytes into u64 lanes on
//! x86_64, widening pairwise adds on simd128, a plain loop elsewhere). No counting kernel can read its maps faster than
//! this, so the benchmark quotes each kernel as a share of it. A diagnostic, not a metric: the
//! bindings expose it to the benchmark only.

#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::*;

use crate::{Kernel, Labels};

/// Pixels per piece: the maps are read in alternating pieces of this many labels, so that both
/// are streamed from memory at once, as a counting kernel reads them. (One whole map after the
/// other read about 10% slower from memory than the counts on one thread: the baseline was then
/// not the limit.)
const PIECE_PIXELS: usize = 4096;

/// The sum of every byte of `truth` and `pred` (a u16 label counts as its two bytes), read with
/// the kernel [`Kernel::detect`] picks, both maps at once. Returned so that the reads cannot be
/// optimised away.
pub fn memory_read_sum(truth: Labels<'_>, pred: Labels<'_>) -> u64 {
    let kernel = Kernel::detect();
    let n = truth.len().min(pred.len());
    let mut sum = 0;
    let mut start = 0;
    while start < n {
        let end = n.min(start + PIECE_PIXELS);
        sum += sum_bytes(kernel, bytes(truth.slice(start, end)));
        sum += sum_bytes(kernel, bytes(pred.slice(start, end)));
        start = end;
    }
    // What one map has beyond the other's length.
    sum + sum_bytes(kernel, bytes(truth.slice(n, truth.len())))
        + sum_bytes(kernel, bytes(pred.slice(n, pred.len())))
}

/// [`memory_read_sum`] on the rayon pool, cut as `confusion_matrix_parallel` cuts a map with a
/// small matrix (maps below [`crate::PARALLEL_MIN_PIXELS`] stay on the calling thread), so that
/// the baseline runs on as many threads as the kernel it is set against.
#[cfg(feature = "parallel")]
pub fn memory_read_sum_parallel(truth: Labels<'_>, pred: Labels<'_>) -> u64 {
    use rayon::prelude::*;
    let n = truth.len().min(pred.len());
    // One cell: the cut of the smallest matrices.
    let Some(chunk) = crate::parallel::chunk_len(n, 1) else {
        return memory_read_sum(truth, pred);
    };
    (0..n.div_ceil(chunk))
        .into_par_iter()
        .map(|c| {
            let (start, end) = (c * chunk, n.min(c * chunk + chunk));
            memory_read_sum(truth.slice(start, end), pred.slice(start, end))
        })
        .sum()
}

fn bytes(labels: Labels<'_>) -> &[u8] {
    match labels {
        Labels::U8(s) => s,
        // SAFETY: the pointer and length describe exactly the memory of `s`, which stays
        // borrowed for the result's lifetime; u8 has alignment 1 and every bit pattern is valid.
        Labels::U16(s) => unsafe {
            std::slice::from_raw_parts(s.as_ptr().cast::<u8>(), std::mem::size_of_val(s))
        },
    }
}

fn sum_bytes(kernel: Kernel, bytes: &[u8]) -> u64 {
    match kernel {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: the kernel is only detected where its features are (`Kernel::is_supported`),
        // and AVX-512's detection includes AVX-512F and AVX-512BW.
        Kernel::Avx512 => unsafe { sum_avx512(bytes) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: as above: Kernel::Avx2 is only detected on a CPU with AVX2.
        Kernel::Avx2 => unsafe { sum_avx2(bytes) },
        #[cfg(target_arch = "x86_64")]
        Kernel::Sse2 => sum_sse2(bytes),
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Kernel::Simd128 => sum_simd128(bytes),
        _ => sum_plain(bytes),
    }
}

fn sum_plain(bytes: &[u8]) -> u64 {
    bytes.iter().map(|&b| u64::from(b)).sum()
}

/// One SAD per vector into u64 lanes (`$sad` sums each 8 bytes of a vector into the u64 lane
/// that holds them), four accumulators so that the adds do not wait on one another.
#[cfg(target_arch = "x86_64")]
macro_rules! sad_sum {
    ($bytes:ident, $lanes:literal, $zero:expr, $load:ident, $sad:ident, $add:ident) => {
        // SAFETY: the instruction set is enabled in the function this expands in (or is the x86_64
        // baseline), and the four unaligned loads read the 4 * $lanes bytes of one block.
        unsafe {
            let zero = $zero;
            let (mut a, mut b, mut c, mut d) = (zero, zero, zero, zero);
            let mut blocks = $bytes.chunks_exact(4 * $lanes);
            for block in &mut blocks {
                let p = block.as_ptr();
                a = $add(a, $sad($load(p.cast()), zero));
                b = $add(b, $sad($load(p.add($lanes).cast()), zero));
                c = $add(c, $sad($load(p.add(2 * $lanes).cast()), zero));
                d = $add(d, $sad($load(p.add(3 * $lanes).cast()), zero));
            }
            ($add($add(a, b), $add(c, d)), blocks.remainder())
        }
    };
}

/// # Safety
///
/// The CPU must support AVX-512F and AVX-512BW.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn sum_avx512(bytes: &[u8]) -> u64 {
    let (sums, rest) = sad_sum!(
        bytes,
        64,
        _mm512_setzero_si512(),
        _mm512_loadu_si512,
        _mm512_sad_epu8,
        _mm512_add_epi64
    );
    _mm512_reduce_add_epi64(sums) as u64 + sum_plain(rest)
}

/// # Safety
///
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sum_avx2(bytes: &[u8]) -> u64 {
    let (sums, rest) = sad_sum!(
        bytes,
        32,
        _mm256_setzero_si256(),
        _mm256_loadu_si256,
        _mm256_sad_epu8,
        _mm256_add_epi64
    );
    let pair = _mm_add_epi64(
        _mm256_castsi256_si128(sums),
        _mm256_extracti128_si256::<1>(sums),
    );
    sum_halves(pair) + sum_plain(rest)
}

/// SSE2 is part of the x86_64 baseline: every x86_64 CPU runs this.
#[cfg(target_arch = "x86_64")]
fn sum_sse2(bytes: &[u8]) -> u64 {
    let (sums, rest) = sad_sum!(
        bytes,
        16,
        _mm_setzero_si128(),
        _mm_loadu_si128,
        _mm_sad_epu8,
        _mm_add_epi64
    );
    sum_halves(sums) + sum_plain(rest)
}

/// The sum of the two u64 lanes of an SSE2 vector.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn sum_halves(v: __m128i) -> u64 {
    // SAFETY: SSE2 is part of the x86_64 baseline (see `sum_sse2`).
    unsafe { (_mm_cvtsi128_si64(v) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v))) as u64 }
}

/// simd128 has no SAD: bytes are widened by pairwise adds into u32 lanes (at most 4 × 255 per
/// lane per vector), which are folded into a u64 every `FLUSH` vectors, long before they could
/// overflow.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn sum_simd128(bytes: &[u8]) -> u64 {
    use core::arch::wasm32::*;
    const FLUSH: usize = 1 << 20;
    let lanes = |v: v128| {
        u64::from(u32x4_extract_lane::<0>(v))
            + u64::from(u32x4_extract_lane::<1>(v))
            + u64::from(u32x4_extract_lane::<2>(v))
            + u64::from(u32x4_extract_lane::<3>(v))
    };
    let mut total = 0;
    let mut vectors = bytes.chunks_exact(16);
    loop {
        let mut acc = u32x4_splat(0);
        let mut taken = 0;
        for vector in vectors.by_ref().take(FLUSH) {
            // SAFETY: the chunk holds 16 bytes; wasm loads need no alignment.
            let v = unsafe { v128_load(vector.as_ptr().cast()) };
            acc = u32x4_add(
                acc,
                u32x4_extadd_pairwise_u16x8(u16x8_extadd_pairwise_u8x16(v)),
            );
            taken += 1;
        }
        total += lanes(acc);
        if taken < FLUSH {
            break;
        }
    }
    total + sum_plain(vectors.remainder())
}
