//! The memory-read baseline sums every byte of both maps, whatever the kernel's vector width:
//! lengths around every block size leave every tail, and u16 maps count both bytes of a label.

use perclass_core::{memory_read_sum, Labels};
use rand::{rngs::SmallRng, Rng, SeedableRng};

fn plain(bytes: &[u8]) -> u64 {
    bytes.iter().map(|&b| u64::from(b)).sum()
}

#[test]
fn sums_every_byte_of_both_maps() {
    let mut rng = SmallRng::seed_from_u64(0x15_5ad);
    for n in (0..600).chain([4095, 4096, 4097, 100_003]) {
        let truth: Vec<u8> = (0..n).map(|_| rng.gen()).collect();
        let pred: Vec<u8> = (0..n).map(|_| rng.gen()).collect();
        let want = plain(&truth) + plain(&pred);
        assert_eq!(
            memory_read_sum(Labels::U8(&truth), Labels::U8(&pred)),
            want,
            "u8, n {n}"
        );
        let wide: Vec<u16> = (0..n).map(|_| rng.gen()).collect();
        let wide_bytes: u64 = wide
            .iter()
            .map(|&w| u64::from(w >> 8) + u64::from(w & 0xFF))
            .sum();
        assert_eq!(
            memory_read_sum(Labels::U16(&wide), Labels::U8(&pred)),
            wide_bytes + plain(&pred),
            "u16 truth, n {n}"
        );
    }
}

/// The maps are read in alternating pieces: lengths around the piece size, and maps of
/// different lengths (the longer one's rest is summed too).
#[test]
fn pieces_and_unequal_lengths_sum_every_byte() {
    let mut rng = SmallRng::seed_from_u64(0x9a1_2ce);
    for (n, extra) in [
        (4095, 0),
        (4096, 1),
        (4097, 5000),
        (3 * 4096 + 1, 17),
        (10, 9000),
    ] {
        let truth: Vec<u8> = (0..n).map(|_| rng.gen()).collect();
        let pred: Vec<u16> = (0..n + extra).map(|_| rng.gen()).collect();
        let pred_bytes: u64 = pred
            .iter()
            .map(|&w| u64::from(w >> 8) + u64::from(w & 0xFF))
            .sum();
        let want = plain(&truth) + pred_bytes;
        assert_eq!(
            memory_read_sum(Labels::U8(&truth), Labels::U16(&pred)),
            want,
            "n {n} + {extra}"
        );
        assert_eq!(
            memory_read_sum(Labels::U16(&pred), Labels::U8(&truth)),
            want,
            "swapped, n {n} + {extra}"
        );
    }
}

/// All 0xFF: the largest sum a vector lane can reach, over many blocks.
#[test]
fn saturated_bytes_do_not_overflow() {
    let n = 3 << 20;
    let ones = vec![0xFFu8; n];
    let want = 2 * 255 * n as u64;
    assert_eq!(memory_read_sum(Labels::U8(&ones), Labels::U8(&ones)), want);
    #[cfg(feature = "parallel")]
    assert_eq!(
        perclass_core::memory_read_sum_parallel(Labels::U8(&ones), Labels::U8(&ones)),
        want
    );
}
