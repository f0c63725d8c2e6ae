//! Tolerant counts: the fast run-based path against the per-pixel reference, the confusion
//! matrix at τ = 0, monotony in τ, and hand-checked shifts of one-pixel curves.

mod common;

use common::thin::*;
use common::{bad_label, sprinkle_ignore, Maps};
use perclass_core::{confusion_matrix, thin_counts, DepthAxis, Distance, Labels, TolerantCounts};
use rand::{rngs::SmallRng, Rng, SeedableRng};
use std::f64::consts::SQRT_2;

/// Random maps as the tests use them: labels below `k`, ignore pixels, sometimes a bad label.
struct Case {
    maps: Maps,
    width: usize,
    k: u32,
    ignore: Option<u32>,
    wide: (bool, bool),
    what: String,
}

fn random_case(rng: &mut SmallRng, case: usize, width: usize, height: usize) -> Case {
    let shape = SHAPES[case % SHAPES.len()];
    let k = [1, 2, 3, 5, 19, 300][rng.gen_range(0..6)];
    // u8 sides only where every label fits; with K = 300 both sides are u16.
    let wide = if k > 256 {
        (true, true)
    } else {
        (rng.gen_bool(0.5), rng.gen_bool(0.5))
    };
    let ignore = match case % 4 {
        0 => None,
        1 => Some(255),
        2 => Some(rng.gen_range(0..k)),
        _ => Some(k + 7),
    };
    let (mut truth, mut pred) = thin_maps(rng, width, height, k, shape);
    if let Some(i) = ignore.filter(|&i| i <= 255) {
        sprinkle_ignore(rng, &mut truth, &mut pred, i as u16);
    }
    let n = width * height;
    let mut planted = "";
    if n > 0 && rng.gen_bool(0.15) {
        let on_truth = rng.gen_bool(0.5);
        let side_wide = if on_truth { wide.0 } else { wide.1 };
        if let Some(bad) = bad_label(rng, k, ignore, side_wide) {
            let at = rng.gen_range(0..n);
            if on_truth {
                truth[at] = bad;
            } else {
                pred[at] = bad;
            }
            planted = ", a bad label planted";
        }
    }
    Case {
        what: format!(
            "case {case}: {shape:?} {width}x{height}, K={k}, ignore {ignore:?}, u16 {wide:?}{planted}"
        ),
        maps: Maps::new(truth, pred),
        width,
        k,
        ignore,
        wide,
    }
}

fn shuffled_taus(rng: &mut SmallRng) -> Vec<f64> {
    let mut taus: Vec<f64> = TAUS.iter().copied().filter(|_| rng.gen_bool(0.8)).collect();
    if taus.is_empty() {
        taus.push(1.0);
    }
    for i in (1..taus.len()).rev() {
        taus.swap(i, rng.gen_range(0..=i));
    }
    taus
}

#[test]
fn fast_equals_reference_on_random_maps() {
    let mut rng = SmallRng::seed_from_u64(1);
    for case in 0..1200 {
        let (width, height) = (rng.gen_range(1..=70), rng.gen_range(0..=40));
        let c = random_case(&mut rng, case, width, height);
        let (t, p) = c.maps.labels(c.wide.0, c.wide.1);
        let classes = random_classes(&mut rng, c.k);
        let taus = shuffled_taus(&mut rng);
        for distance in DISTANCES {
            let req = request(
                c.width,
                c.k,
                c.ignore,
                &classes,
                &taus,
                distance,
                DepthAxis::Rows,
                TOLERANT,
            );
            both_paths(t, p, &req, &|| {
                format!("{}, {distance:?}, τ {taus:?}, classes {classes:?}", c.what)
            })
            .ok();
        }
    }
}

#[test]
fn fast_equals_reference_on_large_maps() {
    // Curves on maps large enough to be scanned in bands (with `parallel`), u8 and u16; blocks
    // and noise on lines wide enough for many words of coverage bits.
    let mut rng = SmallRng::seed_from_u64(2);
    for (width, height, shape, wide, classes) in [
        (1100, 1000, Shape::Curves, (false, false), &[2, 1][..]),
        (333, 700, Shape::Curves, (true, false), &[1, 2]),
        (4100, 30, Shape::Curves, (false, true), &[2]),
        (300, 40, Shape::Blocks, (false, false), &[1, 2, 0]),
        (260, 30, Shape::Noise, (true, true), &[2, 0]),
    ] {
        let (truth, pred) = thin_maps(&mut rng, width, height, 3, shape);
        let maps = Maps::new(truth, pred);
        let (t, p) = maps.labels(wide.0, wide.1);
        for distance in DISTANCES {
            let req = request(
                width,
                3,
                Some(255),
                classes,
                &TAUS,
                distance,
                DepthAxis::Rows,
                TOLERANT,
            );
            let what = || format!("{shape:?} {width}x{height}, {distance:?}");
            both_paths(t, p, &req, &what).expect("valid maps");
        }
    }
}

#[test]
fn tau_zero_gives_the_confusion_matrix_counts() {
    let mut rng = SmallRng::seed_from_u64(3);
    for case in 0..600 {
        let (width, height) = (rng.gen_range(1..=70), rng.gen_range(0..=40));
        let c = random_case(&mut rng, case, width, height);
        let (t, p) = c.maps.labels(c.wide.0, c.wide.1);
        let classes: Vec<u32> = (0..c.k).collect();
        let req = request(
            c.width,
            c.k,
            c.ignore,
            &classes,
            &[0.0],
            Distance::Euclidean,
            DepthAxis::Rows,
            TOLERANT,
        );
        let counts = thin_counts(t, p, &req);
        let matrix = confusion_matrix(t, p, c.k, c.ignore);
        let (counts, cm) = match (counts, matrix) {
            (Ok(counts), Ok(cm)) => (counts, cm),
            (Err(a), Err(b)) => {
                assert_eq!(a, b, "{}", c.what);
                continue;
            }
            (a, b) => panic!("{}: thin {a:?} vs confusion {b:?}", c.what),
        };
        let k = c.k as usize;
        for (class, got) in counts.classes.iter().enumerate() {
            let tp = cm.matrix[class * k + class];
            let want = TolerantCounts {
                predicted: (0..k).map(|t| cm.matrix[t * k + class]).sum(),
                truth: (0..k).map(|p| cm.matrix[class * k + p]).sum::<u64>()
                    + cm.void_predicted[class],
                tp_pred: tp,
                tp_truth: tp,
            };
            assert_eq!(got.tolerant, vec![want], "{}, class {class}", c.what);
        }
    }
}

#[test]
fn counts_never_shrink_as_tau_grows() {
    let mut rng = SmallRng::seed_from_u64(4);
    for case in 0..400 {
        let (width, height) = (rng.gen_range(1..=70), rng.gen_range(0..=40));
        let c = random_case(&mut rng, case, width, height);
        let (t, p) = c.maps.labels(c.wide.0, c.wide.1);
        let classes = random_classes(&mut rng, c.k);
        for distance in DISTANCES {
            let req = request(
                c.width,
                c.k,
                c.ignore,
                &classes,
                &TAUS,
                distance,
                DepthAxis::Rows,
                TOLERANT,
            );
            let Ok(counts) = thin_counts(t, p, &req) else {
                continue;
            };
            for class in &counts.classes {
                for pair in class.tolerant.windows(2) {
                    assert!(
                        pair[0].tp_pred <= pair[1].tp_pred && pair[0].tp_truth <= pair[1].tp_truth,
                        "{}: {pair:?}",
                        c.what
                    );
                }
                // τ = 1e9 reaches every pixel of these small images.
                let far = class.tolerant.last().unwrap();
                let reached = |n: u64, other: u64| if other > 0 { n } else { 0 };
                assert_eq!(far.tp_pred, reached(far.predicted, far.truth), "{}", c.what);
                assert_eq!(
                    far.tp_truth,
                    reached(far.truth, far.predicted),
                    "{}",
                    c.what
                );
            }
        }
    }
}

/// Tolerant counts of class 1, fast and reference (which must agree), at each τ.
fn class1(
    width: usize,
    truth: &[u16],
    pred: &[u16],
    taus: &[f64],
    distance: Distance,
) -> Vec<(u64, u64, u64, u64)> {
    let req = request(
        width,
        3,
        None,
        &[1],
        taus,
        distance,
        DepthAxis::Rows,
        TOLERANT,
    );
    let counts = both_paths(Labels::U16(truth), Labels::U16(pred), &req, &|| {
        format!("hand-checked case, {distance:?}")
    })
    .unwrap();
    counts.classes[0]
        .tolerant
        .iter()
        .map(|t| (t.predicted, t.truth, t.tp_pred, t.tp_truth))
        .collect()
}

const W: usize = 12;
const H: usize = 10;

#[test]
fn a_line_shifted_one_pixel_right_or_down_matches_at_one() {
    let column = |x: usize| pixels(W, H, &(1..=8).map(|y| (x, y)).collect::<Vec<_>>(), 1);
    let row = |y: usize| pixels(W, H, &(2..=9).map(|x| (x, y)).collect::<Vec<_>>(), 1);
    for (truth, pred) in [(column(5), column(6)), (row(4), row(5))] {
        for distance in DISTANCES {
            assert_eq!(
                class1(W, &truth, &pred, &[0.0, 0.99, 1.0], distance),
                vec![(8, 8, 0, 0), (8, 8, 0, 0), (8, 8, 8, 8)],
                "{distance:?}"
            );
        }
    }
}

#[test]
fn a_diagonal_shift_matches_at_sqrt2_and_1_5_euclidean_and_at_1_chebyshev() {
    // The diagonal x = y, and the prediction moved by (+1, -1): every pixel's nearest
    // counterpart is one diagonal step away (squared distance 2).
    let truth = pixels(W, H, &(1..=7).map(|i| (i, i)).collect::<Vec<_>>(), 1);
    let pred = pixels(
        W,
        H,
        &(1..=7).map(|i| (i + 1, i - 1)).collect::<Vec<_>>(),
        1,
    );
    // The double just below √2 squares to less than 2; √2 itself to just above 2.
    let below_sqrt2 = f64::from_bits(SQRT_2.to_bits() - 1);
    assert!(below_sqrt2 * below_sqrt2 < 2.0 && SQRT_2 * SQRT_2 > 2.0);
    let taus = [0.0, 1.0, below_sqrt2, SQRT_2, 1.5, 2.0];
    assert_eq!(
        class1(W, &truth, &pred, &taus, Distance::Euclidean),
        vec![
            (7, 7, 0, 0),
            (7, 7, 0, 0),
            (7, 7, 0, 0),
            (7, 7, 7, 7),
            (7, 7, 7, 7),
            (7, 7, 7, 7)
        ]
    );
    assert_eq!(
        class1(W, &truth, &pred, &taus, Distance::Chebyshev),
        vec![
            (7, 7, 0, 0),
            (7, 7, 7, 7),
            (7, 7, 7, 7),
            (7, 7, 7, 7),
            (7, 7, 7, 7),
            (7, 7, 7, 7)
        ]
    );
    // One pixel moved diagonally down-right.
    let (truth, pred) = (pixels(W, H, &[(3, 3)], 1), pixels(W, H, &[(4, 4)], 1));
    assert_eq!(
        class1(W, &truth, &pred, &[1.0, SQRT_2], Distance::Euclidean),
        vec![(1, 1, 0, 0), (1, 1, 1, 1)]
    );
}

#[test]
fn a_two_pixel_shift_needs_tau_two() {
    let column = |x: usize| pixels(W, H, &(0..H).map(|y| (x, y)).collect::<Vec<_>>(), 1);
    for distance in DISTANCES {
        assert_eq!(
            class1(W, &column(3), &column(5), &[1.5, 2.0], distance),
            vec![(10, 10, 0, 0), (10, 10, 10, 10)],
            "{distance:?}"
        );
    }
}

#[test]
fn curves_touching_the_borders() {
    // Left, right, top and bottom edges; each prediction one pixel inside.
    let left = pixels(W, H, &(0..H).map(|y| (0, y)).collect::<Vec<_>>(), 1);
    let left_in = pixels(W, H, &(0..H).map(|y| (1, y)).collect::<Vec<_>>(), 1);
    let right = pixels(W, H, &(0..H).map(|y| (W - 1, y)).collect::<Vec<_>>(), 1);
    let right_in = pixels(W, H, &(0..H).map(|y| (W - 2, y)).collect::<Vec<_>>(), 1);
    let top = pixels(W, H, &(0..W).map(|x| (x, 0)).collect::<Vec<_>>(), 1);
    let top_in = pixels(W, H, &(0..W).map(|x| (x, 1)).collect::<Vec<_>>(), 1);
    let bottom = pixels(W, H, &(0..W).map(|x| (x, H - 1)).collect::<Vec<_>>(), 1);
    let bottom_in = pixels(W, H, &(0..W).map(|x| (x, H - 2)).collect::<Vec<_>>(), 1);
    for distance in DISTANCES {
        for (truth, pred, n) in [
            (&left, &left_in, H as u64),
            (&right, &right_in, H as u64),
            (&top, &top_in, W as u64),
            (&bottom, &bottom_in, W as u64),
        ] {
            assert_eq!(
                class1(W, truth, pred, &[0.0, 1.0, 1e9], distance),
                vec![(n, n, 0, 0), (n, n, n, n), (n, n, n, n)],
                "{distance:?}"
            );
        }
        // Opposite corners: only a τ spanning the image brings them together.
        let (truth, pred) = (
            pixels(W, H, &[(0, 0)], 1),
            pixels(W, H, &[(W - 1, H - 1)], 1),
        );
        assert_eq!(
            class1(W, &truth, &pred, &[3.0, 10.0, 11.0, 1e9], distance),
            match distance {
                // d² = 11² + 9² = 202: beyond 11 Euclidean, within 11 Chebyshev.
                Distance::Euclidean => vec![(1, 1, 0, 0), (1, 1, 0, 0), (1, 1, 0, 0), (1, 1, 1, 1)],
                Distance::Chebyshev => vec![(1, 1, 0, 0), (1, 1, 0, 0), (1, 1, 1, 1), (1, 1, 1, 1)],
            },
            "{distance:?}"
        );
    }
}

#[test]
fn empty_prediction_or_truth() {
    let line = pixels(W, H, &(0..H).map(|y| (4, y)).collect::<Vec<_>>(), 1);
    let empty = vec![0u16; W * H];
    for distance in DISTANCES {
        assert_eq!(
            class1(W, &line, &empty, &[0.0, 1e9], distance),
            vec![(0, 10, 0, 0), (0, 10, 0, 0)]
        );
        assert_eq!(
            class1(W, &empty, &line, &[0.0, 1e9], distance),
            vec![(10, 0, 0, 0), (10, 0, 0, 0)]
        );
        assert_eq!(
            class1(W, &empty, &empty, &[2.0], distance),
            vec![(0, 0, 0, 0)]
        );
    }
}

#[test]
fn a_huge_tau_on_a_large_image() {
    // Two pixels at opposite corners of a 3000 x 2000 map: reached only by a τ spanning it.
    let (width, height) = (3000, 2000);
    let mut truth = vec![0u8; width * height];
    let mut pred = vec![0u8; width * height];
    truth[0] = 1;
    pred[width * height - 1] = 1;
    let req = request(
        width,
        2,
        None,
        &[1],
        &[1e9, 3605.0, 3606.0],
        Distance::Euclidean,
        DepthAxis::Rows,
        TOLERANT,
    );
    let counts = thin_counts(Labels::U8(&truth), Labels::U8(&pred), &req).unwrap();
    // d² = 2999² + 1999² = 12_990_002: 3604² = 12_988_816 falls short, 3605² reaches it.
    let tp: Vec<(u64, u64)> = counts.classes[0]
        .tolerant
        .iter()
        .map(|t| (t.tp_pred, t.tp_truth))
        .collect();
    assert_eq!(tp, vec![(1, 1), (1, 1), (1, 1)]);
    let req = request(
        width,
        2,
        None,
        &[1],
        &[3604.0],
        Distance::Euclidean,
        DepthAxis::Rows,
        TOLERANT,
    );
    let counts = thin_counts(Labels::U8(&truth), Labels::U8(&pred), &req).unwrap();
    assert_eq!(counts.classes[0].tolerant[0].tp_pred, 0);
}
