//! Every kernel this CPU runs against the scalar reference: counts and errors, bit for bit.

mod common;

use common::*;
use perclass_core::{confusion_matrix_with, Kernel, PerclassError, Side};
use rand::{rngs::SmallRng, Rng, SeedableRng};

/// Also the K of the `every_length` tests below.
const KS: [u32; 10] = [1, 2, 3, 4, 5, 16, 19, 255, 256, 1024];
/// (truth is u16, prediction is u16).
const WIDTHS: [(bool, bool); 4] = [(false, false), (false, true), (true, false), (true, true)];
/// No ignore index, the usual 255, and one inside [0, K) (where it shadows a class).
const IGNORES: [Option<u32>; 3] = [None, Some(255), Some(0)];

/// Builds one random case, with ignore pixels and (sometimes) planted errors, and checks it.
fn check_case(
    rng: &mut SmallRng,
    n: usize,
    k: u32,
    ignore: Option<u32>,
    style: Style,
    widths: (bool, bool),
) {
    let (mut truth, mut pred) = random_maps(rng, n, k, style, widths.0, widths.1);
    if let Some(ig) = ignore {
        if rng.gen_bool(0.7) {
            sprinkle_ignore(rng, &mut truth, &mut pred, ig as u16);
        }
    }
    // Plant one out-of-range label (then the exact error is known), several, or none.
    let mut planted = None;
    let plant = rng.gen_range(0..4);
    if n > 0 && plant > 0 {
        for _ in 0..plant {
            let (side, wide) = random_side(rng, widths);
            let Some(bad) = bad_label(rng, k, ignore, wide) else {
                continue;
            };
            let at = rng.gen_range(0..n);
            // Sometimes a whole run of it, to go through the uniform-block path.
            let len = if rng.gen_bool(0.8) {
                1
            } else {
                rng.gen_range(1..100)
            };
            let map = if side == Side::Truth {
                &mut truth
            } else {
                &mut pred
            };
            for x in &mut map[at..(at + len).min(n)] {
                *x = bad;
            }
            planted = if plant == 1 && len == 1 {
                Some((side, at, bad))
            } else {
                None
            };
        }
    }
    let maps = Maps::new(truth, pred);
    let what = || format!("n={n} k={k} ignore={ignore:?} {style:?} widths={widths:?}");
    let result = compare_all(&maps, widths, k, ignore, &what);
    if let Some((side, index, value)) = planted {
        match result {
            Err(PerclassError::LabelRange {
                side: s,
                index: i,
                value: v,
                ..
            }) => assert_eq!((s, i, v), (side, index, value as u32), "{}", what()),
            other => panic!("expected the planted error on {}, got {other:?}", what()),
        }
    }
}

/// Every length 0..=300 (every tail length of every vector width), for one K.
///
/// At K = 1024 every result is an 8 MiB matrix, and allocating it dominates: there each length
/// gets one (ignore, style) pair, rotating through all of them, instead of all nine.
fn every_length_up_to_300(k: u32) {
    let mut rng = SmallRng::seed_from_u64(0x5eed_0001 ^ u64::from(k));
    for widths in WIDTHS {
        for (i, ignore) in IGNORES.into_iter().enumerate() {
            for (j, style) in STYLES.into_iter().enumerate() {
                for n in 0..=300 {
                    if k > 256 && (n % 9) != i * 3 + j {
                        continue;
                    }
                    check_case(&mut rng, n, k, ignore, style, widths);
                }
            }
        }
    }
}

// One test per K, so that the test harness spreads them over the cores.
macro_rules! every_length {
    ($($name:ident: $k:expr,)*) => {$(
        #[test]
        fn $name() {
            every_length_up_to_300($k);
        }
    )*};
}

every_length! {
    every_length_k1: 1,
    every_length_k2: 2,
    every_length_k3: 3,
    every_length_k4: 4,
    every_length_k5: 5,
    every_length_k16: 16,
    every_length_k19: 19,
    every_length_k255: 255,
    every_length_k256: 256,
    every_length_k1024: 1024,
}

#[test]
fn large_lengths() {
    let mut rng = SmallRng::seed_from_u64(0x5eed_0002);
    // Not multiples of any vector width, and long enough to flush byte accumulators many times.
    for n in [70_001, 131_101] {
        for k in KS {
            for widths in WIDTHS {
                for ignore in IGNORES {
                    for style in STYLES {
                        check_case(&mut rng, n, k, ignore, style, widths);
                    }
                }
            }
        }
    }
}

#[test]
fn large_u8_hot_cases() {
    let mut rng = SmallRng::seed_from_u64(0x5eed_0003);
    for k in [2, 3, 4, 19] {
        for ignore in [None, Some(255)] {
            for style in STYLES {
                check_case(&mut rng, 2_000_003, k, ignore, style, (false, false));
            }
        }
    }
}

#[test]
fn ignore_and_void_are_counted() {
    // truth: 0 1 255 2 | pred: 0 255 1 2 — one ignored pixel, one void of class 1.
    let maps = Maps::new(vec![0, 1, 255, 2], vec![0, 255, 1, 2]);
    for widths in WIDTHS {
        let c = compare_all(&maps, widths, 3, Some(255), &|| "fixed".into()).unwrap();
        assert_eq!(c.ignored, 1);
        assert_eq!(c.void_predicted, vec![0, 1, 0]);
        assert_eq!(c.matrix, vec![1, 0, 0, 0, 0, 0, 0, 0, 1]);
    }
}

#[test]
fn truth_error_wins_over_prediction_error_at_the_same_index() {
    let n = 1000;
    let mut truth = vec![0u16; n];
    let mut pred = vec![0u16; n];
    truth[700] = 9;
    pred[700] = 8;
    let maps = Maps::new(truth, pred);
    for widths in WIDTHS {
        let err = compare_all(&maps, widths, 3, None, &|| "same index".into()).unwrap_err();
        assert_eq!(
            err,
            PerclassError::LabelRange {
                side: Side::Truth,
                value: 9,
                index: 700,
                num_classes: 3,
                ignore_index: None
            }
        );
    }
}

#[test]
fn prediction_is_checked_where_truth_is_ignored() {
    let n = 500;
    let truth = vec![255u16; n];
    let mut pred = vec![0u16; n];
    pred[333] = 7;
    let maps = Maps::new(truth, pred);
    for widths in WIDTHS {
        let err = compare_all(&maps, widths, 3, Some(255), &|| "ignored truth".into());
        assert!(
            matches!(
                err,
                Err(PerclassError::LabelRange {
                    side: Side::Prediction,
                    index: 333,
                    ..
                })
            ),
            "{err:?}"
        );
    }
}

#[test]
fn available_starts_with_scalar_and_detect_is_one_of_them() {
    let available = Kernel::available();
    assert_eq!(available[0], Kernel::Scalar);
    assert!(available.contains(&Kernel::detect()));
    assert!(available.iter().all(|k| k.is_supported()));
    #[cfg(target_arch = "x86_64")]
    assert!(available.contains(&Kernel::Sse2));
}

#[test]
fn unsupported_kernel_falls_back_to_scalar() {
    let maps = Maps::new(vec![0, 1, 2, 1], vec![0, 1, 1, 1]);
    let (t, p) = maps.labels(false, false);
    let reference = confusion_matrix_with(Kernel::Scalar, t, p, 3, None);
    for kernel in [
        Kernel::Sse2,
        Kernel::Avx2,
        Kernel::Avx512,
        Kernel::Neon,
        Kernel::Simd128,
    ] {
        assert_eq!(confusion_matrix_with(kernel, t, p, 3, None), reference);
    }
}
