//! Tolerant counts: the fast run-based path against the per-pixel reference, the confusion
//! matrix at τ = 0, monotony in τ, and hand-checked shifts of one-pixel curves.

mod common;

use common::thin::*;
use common::Maps;
use perclass_core::{confusion_matrix, thin_counts, Distance, Labels, ThinRequest, TolerantCounts};
use rand::{rngs::SmallRng, seq::SliceRandom, Rng, SeedableRng};
use std::f64::consts::SQRT_2;

/// Random maps as the tests use them: up to 70 × 40 pixels, labels below `k`, ignore pixels,
/// sometimes a bad label; and random classes to score.
struct Case {
    maps: Maps,
    width: usize,
    k: u32,
    ignore: Option<u32>,
    wide: (bool, bool),
    classes: Vec<u32>,
    what: String,
}

impl Case {
    fn labels(&self) -> (Labels<'_>, Labels<'_>) {
        self.maps.labels(self.wide.0, self.wide.1)
    }

    /// A tolerant request for the case's classes.
    fn request<'a>(&'a self, taus: &'a [f64], distance: Distance) -> ThinRequest<'a> {
        ThinRequest {
            tolerance: taus,
            distance,
            ..request(self.width, self.k, self.ignore, &self.classes, TOLERANT)
        }
    }
}

fn random_case(rng: &mut SmallRng, case: usize) -> Case {
    let (width, height) = (rng.gen_range(1..=70), rng.gen_range(0..=40));
    let shape = SHAPES[case % SHAPES.len()];
    let k = [1, 2, 3, 5, 19, 300][rng.gen_range(0..6)];
    let wide = random_widths(rng, k);
    let ignore = match case % 4 {
        0 => None,
        1 => Some(255),
        2 => Some(rng.gen_range(0..k)),
        _ => Some(k + 7),
    };
    let mut maps = thin_maps(rng, width, height, k, shape);
    if let Some(i) = ignore.filter(|&i| i <= 255) {
        maps.sprinkle_ignore(rng, i as u16, k);
    }
    let mut planted = "";
    if rng.gen_bool(0.15) && maps.plant_bad_labels(rng, 1, k, ignore, wide) > 0 {
        planted = ", a bad label planted";
    }
    let classes = random_classes(rng, k);
    Case {
        what: format!(
            "case {case}: {shape:?} {width}x{height}, K={k}, ignore {ignore:?}, u16 {wide:?}, \
             classes {classes:?}{planted}"
        ),
        classes,
        maps: maps.views(),
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
    taus.shuffle(rng);
    taus
}

#[test]
fn fast_equals_reference_on_random_maps() {
    let mut rng = SmallRng::seed_from_u64(1);
    for case in 0..1200 {
        let c = random_case(&mut rng, case);
        let (t, p) = c.labels();
        let taus = shuffled_taus(&mut rng);
        for distance in DISTANCES {
            let req = c.request(&taus, distance);
            both_paths(t, p, &req, &|| {
                format!("{}, {distance:?}, τ {taus:?}", c.what)
            })
            .ok();
        }
    }
}

#[test]
fn fast_equals_reference_on_large_maps() {
    // Curves on maps large enough to be scanned in bands (with `parallel`), u8 and u16; blobs
    // and noise on lines wide enough for many words of coverage bits.
    let mut rng = SmallRng::seed_from_u64(2);
    for (width, height, shape, wide, classes) in [
        (1100, 1000, Shape::Curves, (false, false), &[2, 1][..]),
        (333, 700, Shape::Curves, (true, false), &[1, 2]),
        (4100, 30, Shape::Curves, (false, true), &[2]),
        (300, 40, Shape::Blobs, (false, false), &[1, 2, 0]),
        (260, 30, Shape::Noise, (true, true), &[2, 0]),
    ] {
        let maps = thin_maps(&mut rng, width, height, 3, shape).views();
        let (t, p) = maps.labels(wide.0, wide.1);
        for distance in DISTANCES {
            let req = ThinRequest {
                tolerance: &TAUS,
                distance,
                ..request(width, 3, Some(255), classes, TOLERANT)
            };
            let what = || format!("{shape:?} {width}x{height}, {distance:?}");
            both_paths(t, p, &req, &what).expect("valid maps");
        }
    }
}

#[test]
fn tau_zero_gives_the_confusion_matrix_counts() {
    let mut rng = SmallRng::seed_from_u64(3);
    for case in 0..600 {
        let c = random_case(&mut rng, case);
        let (t, p) = c.labels();
        // Every class, to compare with every row and column of the matrix.
        let classes: Vec<u32> = (0..c.k).collect();
        let req = ThinRequest {
            classes: &classes,
            ..c.request(&[0.0], Distance::Euclidean)
        };
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
        let c = random_case(&mut rng, case);
        let (t, p) = c.labels();
        for distance in DISTANCES {
            let req = c.request(&TAUS, distance);
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

const W: usize = 12;
const H: usize = 10;

/// Tolerant counts (|P|, |G|, TP_P, TP_G) of class 1 on W × H maps at each τ, from both paths
/// at every label width (which must agree).
fn class1(truth: &[u16], pred: &[u16], taus: &[f64], distance: Distance) -> Vec<[u64; 4]> {
    let maps = ThinMaps {
        width: W,
        truth: truth.to_vec(),
        pred: pred.to_vec(),
    };
    let req = ThinRequest {
        tolerance: taus,
        distance,
        ..request(W, 3, None, &[1], TOLERANT)
    };
    let counts = maps.counts_every_width(&req, &format!("hand-checked case, {distance:?}"));
    counts.classes[0]
        .tolerant
        .iter()
        .map(|t| [t.predicted, t.truth, t.tp_pred, t.tp_truth])
        .collect()
}

/// The counts where truth and prediction hold `n` pixels each and, at each τ, `matched[i]` of
/// each side are within τ of the other.
fn symmetric(n: u64, matched: &[u64]) -> Vec<[u64; 4]> {
    matched.iter().map(|&m| [n, n, m, m]).collect()
}

/// Class 1 on column `x` at rows `ys`.
fn column(x: usize, ys: impl Iterator<Item = usize>) -> Vec<u16> {
    pixels(W, H, ys.map(|y| (x, y)), 1)
}

/// Class 1 on row `y` at columns `xs`.
fn row(y: usize, xs: impl Iterator<Item = usize>) -> Vec<u16> {
    pixels(W, H, xs.map(|x| (x, y)), 1)
}

#[test]
fn a_line_shifted_one_pixel_right_or_down_matches_at_one() {
    for (truth, pred) in [
        (column(5, 1..=8), column(6, 1..=8)),
        (row(4, 2..=9), row(5, 2..=9)),
    ] {
        for distance in DISTANCES {
            assert_eq!(
                class1(&truth, &pred, &[0.0, 0.99, 1.0], distance),
                symmetric(8, &[0, 0, 8]),
                "{distance:?}"
            );
        }
    }
}

#[test]
fn a_diagonal_shift_matches_at_sqrt2_and_1_5_euclidean_and_at_1_chebyshev() {
    // The diagonal x = y, and the prediction moved by (+1, -1): every pixel's nearest
    // counterpart is one diagonal step away (squared distance 2).
    let truth = pixels(W, H, (1..=7).map(|i| (i, i)), 1);
    let pred = pixels(W, H, (1..=7).map(|i| (i + 1, i - 1)), 1);
    // The double just below √2 squares to less than 2; √2 itself to just above 2.
    let below_sqrt2 = f64::from_bits(SQRT_2.to_bits() - 1);
    assert!(below_sqrt2 * below_sqrt2 < 2.0 && SQRT_2 * SQRT_2 > 2.0);
    let taus = [0.0, 1.0, below_sqrt2, SQRT_2, 1.5, 2.0];
    for (distance, matched) in [
        (Distance::Euclidean, [0, 0, 0, 7, 7, 7]),
        (Distance::Chebyshev, [0, 7, 7, 7, 7, 7]),
    ] {
        assert_eq!(
            class1(&truth, &pred, &taus, distance),
            symmetric(7, &matched),
            "{distance:?}"
        );
    }
    // One pixel moved diagonally down-right.
    let (truth, pred) = (pixels(W, H, [(3, 3)], 1), pixels(W, H, [(4, 4)], 1));
    assert_eq!(
        class1(&truth, &pred, &[1.0, SQRT_2], Distance::Euclidean),
        symmetric(1, &[0, 1])
    );
}

#[test]
fn a_two_pixel_shift_needs_tau_two() {
    for distance in DISTANCES {
        assert_eq!(
            class1(&column(3, 0..H), &column(5, 0..H), &[1.5, 2.0], distance),
            symmetric(10, &[0, 10]),
            "{distance:?}"
        );
    }
}

#[test]
fn curves_touching_the_borders() {
    // Left, right, top and bottom edges; each prediction one pixel inside.
    for (truth, pred, n) in [
        (column(0, 0..H), column(1, 0..H), H as u64),
        (column(W - 1, 0..H), column(W - 2, 0..H), H as u64),
        (row(0, 0..W), row(1, 0..W), W as u64),
        (row(H - 1, 0..W), row(H - 2, 0..W), W as u64),
    ] {
        for distance in DISTANCES {
            assert_eq!(
                class1(&truth, &pred, &[0.0, 1.0, 1e9], distance),
                symmetric(n, &[0, n, n]),
                "{distance:?}"
            );
        }
    }
    // Opposite corners: only a τ spanning the image brings them together. d² = 11² + 9² = 202:
    // beyond 11 Euclidean, within 11 Chebyshev.
    let (truth, pred) = (pixels(W, H, [(0, 0)], 1), pixels(W, H, [(W - 1, H - 1)], 1));
    for (distance, matched) in [
        (Distance::Euclidean, [0, 0, 0, 1]),
        (Distance::Chebyshev, [0, 0, 1, 1]),
    ] {
        assert_eq!(
            class1(&truth, &pred, &[3.0, 10.0, 11.0, 1e9], distance),
            symmetric(1, &matched),
            "{distance:?}"
        );
    }
}

#[test]
fn empty_prediction_or_truth() {
    let line = column(4, 0..H);
    let empty = vec![0u16; W * H];
    for distance in DISTANCES {
        assert_eq!(
            class1(&line, &empty, &[0.0, 1e9], distance),
            [[0, 10, 0, 0]; 2]
        );
        assert_eq!(
            class1(&empty, &line, &[0.0, 1e9], distance),
            [[10, 0, 0, 0]; 2]
        );
        assert_eq!(class1(&empty, &empty, &[2.0], distance), [[0, 0, 0, 0]]);
    }
}

#[test]
fn a_huge_tau_on_a_large_image() {
    // Two pixels at opposite corners of a 3000 x 2000 map: reached only by a τ spanning it.
    // d² = 2999² + 1999² = 12_990_002: 3604² = 12_988_816 falls short, 3605² reaches it.
    let (width, height) = (3000, 2000);
    let mut truth = vec![0u8; width * height];
    let mut pred = vec![0u8; width * height];
    truth[0] = 1;
    pred[width * height - 1] = 1;
    for (taus, reached) in [(&[1e9, 3605.0, 3606.0][..], 1), (&[3604.0], 0)] {
        let req = ThinRequest {
            tolerance: taus,
            ..request(width, 2, None, &[1], TOLERANT)
        };
        let counts = thin_counts(Labels::U8(&truth), Labels::U8(&pred), &req).unwrap();
        for t in &counts.classes[0].tolerant {
            assert_eq!((t.tp_pred, t.tp_truth), (reached, reached), "τ {taus:?}");
        }
    }
}
