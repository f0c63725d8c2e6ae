//! The parallel path against the scalar reference, errors included (`--features parallel`).
#![cfg(feature = "parallel")]

mod common;

use common::*;
use perclass_core::{
    confusion_matrix_parallel, confusion_matrix_parallel_with, confusion_matrix_with, Kernel,
    Labels, PerclassError, Side, PARALLEL_MIN_PIXELS,
};
use rand::{rngs::SmallRng, Rng, SeedableRng};

/// Runs `f` on a pool of `threads` threads, so that chunking is exercised on any machine.
fn on_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

fn compare(maps: &Maps, widths: (bool, bool), k: u32, ignore: Option<u32>, what: &str) {
    let (t, p) = maps.labels(widths.0, widths.1);
    let reference = confusion_matrix_with(Kernel::Scalar, t, p, k, ignore);
    for threads in [1, 2, 3, 4, 7] {
        for kernel in Kernel::available() {
            let got = on_pool(threads, || {
                confusion_matrix_parallel_with(kernel, t, p, k, ignore)
            });
            assert!(
                got == reference,
                "{} on {threads} threads differs on {what}: {:?} vs {:?}",
                kernel.name(),
                got.as_ref().err(),
                reference.as_ref().err()
            );
        }
    }
}

#[test]
fn large_maps_match_scalar() {
    let mut rng = SmallRng::seed_from_u64(0x9a_0001);
    for (n, k, widths) in [
        (PARALLEL_MIN_PIXELS - 1, 3, (false, false)),
        (PARALLEL_MIN_PIXELS, 3, (false, false)),
        (3_000_017, 3, (false, false)),
        (2_500_001, 19, (false, true)),
        (1_500_007, 1024, (true, true)),
    ] {
        for style in STYLES {
            let (mut t, mut p) = random_maps(&mut rng, n, k, style, widths.0, widths.1);
            sprinkle_ignore(&mut rng, &mut t, &mut p, 255);
            let maps = Maps::new(t, p);
            compare(
                &maps,
                widths,
                k,
                Some(255),
                &format!("n={n} k={k} {style:?}"),
            );
        }
    }
}

#[test]
fn errors_in_later_chunks_report_the_lowest_index() {
    let mut rng = SmallRng::seed_from_u64(0x9a_0002);
    let n = 4_000_037;
    let (t, p) = random_maps(&mut rng, n, 3, Style::Thin, false, false);
    // Single errors near the end, around 64-aligned positions, and in the middle.
    for (side, at) in [
        (Side::Truth, n - 1),
        (Side::Prediction, n - 70),
        (Side::Truth, 3 * n / 4),
        (Side::Prediction, 2_000_000 - 1),
        (Side::Truth, 2_000_000),
        (Side::Prediction, 1_000_064),
        (Side::Truth, 1_000_063),
    ] {
        let (mut t, mut p) = (t.clone(), p.clone());
        let map = if side == Side::Truth { &mut t } else { &mut p };
        map[at] = 7;
        let maps = Maps::new(t, p);
        compare(
            &maps,
            (false, false),
            3,
            Some(255),
            &format!("{side:?} error at {at}"),
        );
        let (tl, pl) = maps.labels(false, false);
        let err = on_pool(4, || confusion_matrix_parallel(tl, pl, 3, Some(255))).unwrap_err();
        assert_eq!(
            err,
            PerclassError::LabelRange {
                side,
                value: 7,
                index: at,
                num_classes: 3,
                ignore_index: Some(255)
            }
        );
    }
    // Several errors in different chunks: the lowest index wins, whichever chunk ends first.
    for _ in 0..5 {
        let (mut t, mut p) = (t.clone(), p.clone());
        let mut lowest = (usize::MAX, Side::Truth);
        for _ in 0..rng.gen_range(2..6) {
            let at = rng.gen_range(n / 8..n);
            let side = if rng.gen_bool(0.5) {
                t[at] = 200;
                Side::Truth
            } else {
                p[at] = 200;
                Side::Prediction
            };
            if (at, side != Side::Truth) < (lowest.0, lowest.1 != Side::Truth) {
                lowest = (at, side);
            }
        }
        let maps = Maps::new(t, p);
        compare(&maps, (false, false), 3, None, "several errors");
        let (tl, pl) = maps.labels(false, false);
        match on_pool(4, || confusion_matrix_parallel(tl, pl, 3, None)) {
            Err(PerclassError::LabelRange { side, index, .. }) => {
                assert_eq!((index, side), lowest)
            }
            other => panic!("expected an error at {lowest:?}, got {other:?}"),
        }
    }
}

#[test]
fn argument_errors_and_empty_maps() {
    let empty: &[u8] = &[];
    let one: &[u8] = &[0];
    let c = confusion_matrix_parallel(Labels::U8(empty), Labels::U8(empty), 2, None).unwrap();
    assert_eq!(c.matrix, vec![0; 4]);
    assert!(matches!(
        confusion_matrix_parallel(Labels::U8(one), Labels::U8(empty), 2, None),
        Err(PerclassError::Shape { truth: 1, pred: 0 })
    ));
    assert!(matches!(
        confusion_matrix_parallel(Labels::U8(one), Labels::U8(one), 0, None),
        Err(PerclassError::NumClasses { value: 0 })
    ));
}
