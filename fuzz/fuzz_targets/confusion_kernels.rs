//! Every confusion kernel this CPU runs (SSE2, AVX2, NEON) against the scalar reference, bit
//! for bit, errors and their positions included; and counts of two pieces merged against the
//! whole, as the parallel path and the bindings' chunking rely on.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perclass_core::{confusion_matrix_with, Confusion, Kernel, PerclassError};
use perclass_fuzz::input::{Bytes, Map};

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes::new(data);
    let shape = input.byte();
    let flags = input.byte();
    // Mostly the small K the compare-and-count paths specialise in (2..=5), sometimes up to 300
    // (u8 maps with K above 255 accept every byte).
    let num_classes = if shape & 0x80 == 0 {
        1 + u32::from(shape % 6)
    } else {
        1 + u32::from(shape) * 2 % 300
    };
    let ignore_index = (flags & 1 != 0).then(|| u32::from(input.byte()) % (num_classes + 2));
    let (truth_wide, pred_wide, runs) = (flags & 2 != 0, flags & 4 != 0, flags & 8 != 0);
    // Both maps come from one label stream: the truth is its first half, the prediction the
    // second, and a flag makes them differ in length (an E_SHAPE for every kernel alike).
    let modulus = num_classes + 2 + u32::from(flags >> 6) * 100;
    let labels = input.labels(runs, modulus, 1 << 16);
    let half = labels.len() / 2;
    let skew = usize::from(flags & 16 != 0 && half > 0);
    let truth = Map::new(&labels[..half], truth_wide);
    let pred = Map::new(&labels[half..2 * half - skew], pred_wide);
    let count = |kernel| {
        confusion_matrix_with(
            kernel,
            truth.labels(),
            pred.labels(),
            num_classes,
            ignore_index,
        )
    };

    let reference = count(Kernel::Scalar);
    for kernel in Kernel::available() {
        assert_eq!(count(kernel), reference, "kernel {}", kernel.name());
    }

    // Additive: the counts of [0, cut) and [cut, n) merge into the whole map's.
    if let Ok(whole) = &reference {
        let n = truth.labels().len();
        let cut = usize::from(flags >> 5).min(n) * n / 7;
        let piece = |a, b| -> Result<Confusion, PerclassError> {
            let (t, p) = (truth.labels().slice(a, b), pred.labels().slice(a, b));
            confusion_matrix_with(Kernel::detect(), t, p, num_classes, ignore_index)
        };
        let mut merged = piece(0, cut).expect("a piece of a valid map is valid");
        merged.merge(&piece(cut, n).expect("a piece of a valid map is valid"));
        assert_eq!(&merged, whole, "pieces cut at {cut} of {n}");
    }
});
