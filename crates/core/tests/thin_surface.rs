//! Surface distance histograms (HD95 / ASSD): the fast path against the brute-force reference,
//! bit for bit, and small cases checked by hand.

mod common;

use common::thin::*;
use perclass_core::SurfaceCounts;
use rand::{rngs::SmallRng, Rng, SeedableRng};

/// The surface counts of `classes`, both paths and every label width agreeing.
fn surface(maps: &ThinMaps, k: u32, ignore: Option<u32>, classes: &[u32]) -> Vec<SurfaceCounts> {
    let got = maps.per_class(k, ignore, classes, SURFACE, |c| c.surface.clone());
    got.iter().for_each(check_shape);
    got
}

/// What every result must look like: histograms ascending, no zero counts, one entry per surface
/// pixel, and empty unless both surfaces exist.
fn check_shape(s: &SurfaceCounts) {
    for (histogram, pixels) in [
        (&s.pred_to_truth, s.pred_surface),
        (&s.truth_to_pred, s.truth_surface),
    ] {
        assert!(histogram.windows(2).all(|w| w[0].0 < w[1].0), "{s:?}");
        assert!(histogram.iter().all(|&(_, n)| n > 0), "{s:?}");
        if s.pred_surface > 0 && s.truth_surface > 0 {
            assert_eq!(histogram.iter().map(|&(_, n)| n).sum::<u64>(), pixels);
        } else {
            assert!(histogram.is_empty());
        }
    }
}

fn counts(
    pred_surface: u64,
    truth_surface: u64,
    pred_to_truth: &[(u64, u64)],
    truth_to_pred: &[(u64, u64)],
) -> SurfaceCounts {
    SurfaceCounts {
        pred_surface,
        truth_surface,
        pred_to_truth: as_values(pred_to_truth),
        truth_to_pred: as_values(truth_to_pred),
    }
}

/// Integer squared distances (unit pixels, Euclidean) as the rule's values.
fn as_values(pairs: &[(u64, u64)]) -> Vec<(f64, u64)> {
    pairs.iter().map(|&(d2, n)| (d2 as f64, n)).collect()
}

#[test]
fn fast_equals_reference_on_random_maps() {
    let mut rng = SmallRng::seed_from_u64(0x5e7face);
    for case in 0..600 {
        let c = valid_case(&mut rng, case, 40);
        surface(&c.maps, c.k, c.ignore, &c.classes);
    }
}

#[test]
fn sparse_sets_far_apart_and_wide_rows() {
    // Few sites far from many queries (a long row of queries and a lone pixel far away) is where
    // the fast path leaves its outward scans for the lower envelope; scattered pixels over a wide
    // image make long scans through empty columns.
    let mut rng = SmallRng::seed_from_u64(3);
    for case in 0..40 {
        let (width, height) = (rng.gen_range(20..200), rng.gen_range(1..60));
        let mut maps = ThinMaps::blank(width, height);
        for _ in 0..rng.gen_range(1..4) {
            let i = rng.gen_range(0..width * height);
            maps.truth[i] = 1;
        }
        let y = rng.gen_range(0..height);
        let (a, b) = (rng.gen_range(0..width), rng.gen_range(0..width));
        for x in a.min(b)..=a.max(b) {
            maps.pred[y * width + x] = 1;
        }
        for _ in 0..rng.gen_range(0..30) {
            let i = rng.gen_range(0..width * height);
            maps.pred[i] = 1;
        }
        if case % 2 == 0 {
            std::mem::swap(&mut maps.truth, &mut maps.pred);
        }
        surface(&maps, 2, None, &[1]);
    }
}

#[test]
fn a_line_shifted_by_one_pixel_is_one_away_everywhere() {
    let maps = ThinMaps::parse(
        &["..1...", "..1...", "..1...", "..1..."],
        &["...1..", "...1..", "...1..", "...1.."],
    );
    assert_eq!(
        surface(&maps, 2, None, &[1]),
        [counts(4, 4, &[(1, 4)], &[(1, 4)])]
    );
}

#[test]
fn a_diagonal_shift_is_two_squared() {
    // A dotted line (every third pixel) moved one down and one right: each dot's nearest is the
    // moved dot, diagonal (d² = 2); the next dot is (2, 1) away (d² = 5).
    let maps = ThinMaps::parse(
        &["1..1..1..1..", "............", "............"],
        &["............", ".1..1..1..1.", "............"],
    );
    assert_eq!(
        surface(&maps, 2, None, &[1]),
        [counts(4, 4, &[(2, 4)], &[(2, 4)])]
    );
    // A solid line moved the same way: the pixels under a truth pixel are 1 away, the end that
    // sticks out is diagonal to the truth's last pixel (2), and so is the truth's first pixel.
    let maps = ThinMaps::parse(
        &["......", ".1111.", "......", "......"],
        &["......", "......", "..1111", "......"],
    );
    assert_eq!(
        surface(&maps, 2, None, &[1]),
        [counts(4, 4, &[(1, 3), (2, 1)], &[(1, 3), (2, 1)])]
    );
}

#[test]
fn blob_interiors_are_not_surface() {
    // A 4x4 block and the same block one column to the right: 12 surface pixels each (the 4
    // interior pixels have all 4 neighbours in the set). Truth surface to prediction surface:
    // (2..4, 1) and (2..4, 4) lie on the prediction's top and bottom rows (0); (1, 1), (1, 4),
    // (1, 2), (1, 3) are one left of a prediction surface pixel, and (4, 2), (4, 3), inside the
    // prediction, are one from its right column (1). The other way round is the mirror image.
    let maps = ThinMaps::parse(
        &["......", ".1111.", ".1111.", ".1111.", ".1111.", "......"],
        &["......", "..1111", "..1111", "..1111", "..1111", "......"],
    );
    assert_eq!(
        surface(&maps, 2, None, &[1]),
        [counts(12, 12, &[(0, 6), (1, 6)], &[(0, 6), (1, 6)])]
    );
}

#[test]
fn empty_and_single_pixel_sets() {
    let maps = ThinMaps::parse(&["....", ".1..", "...."], &["....", "....", "...2"]);
    let got = surface(&maps, 4, None, &[1, 2, 3]);
    // Class 1 has a truth surface but no prediction: both histograms empty.
    assert_eq!(
        got,
        [
            counts(0, 1, &[], &[]),
            counts(1, 0, &[], &[]),
            counts(0, 0, &[], &[])
        ]
    );
    let none = ThinMaps::blank(3, 0);
    assert_eq!(surface(&none, 2, None, &[1]), [counts(0, 0, &[], &[])]);
    let one = ThinMaps::parse(&["1"], &["1"]);
    assert_eq!(
        surface(&one, 2, None, &[1]),
        [counts(1, 1, &[(0, 1)], &[(0, 1)])]
    );
}

#[test]
fn pixels_on_the_image_border_are_surface() {
    // The whole 4x3 image is class 1 in the truth: every pixel with a neighbour outside the image
    // is surface (10 of 12). The prediction is the single centre-left pixel (1,1).
    let maps = ThinMaps::parse(&["1111", "1111", "1111"], &["....", ".1..", "...."]);
    let [s] = &surface(&maps, 2, None, &[1])[..] else {
        panic!("one class")
    };
    assert_eq!((s.truth_surface, s.pred_surface), (10, 1));
    // (1,1) is 1 from (1,0), (0,1), (1,2).
    assert_eq!(s.pred_to_truth, as_values(&[(1, 1)]));
    // Truth surface to (1,1): (1,0) (0,1) (1,2): 1; (0,0) (2,0) (0,2) (2,2): 2; (3,1): 4;
    // (3,0) (3,2): 5.
    assert_eq!(
        s.truth_to_pred,
        as_values(&[(1, 3), (2, 4), (4, 1), (5, 2)])
    );
}

#[test]
fn a_far_away_single_pixel() {
    let (width, height) = (300, 200);
    let mut maps = ThinMaps::blank(width, height);
    maps.truth[0] = 1;
    maps.pred[(height - 1) * width + width - 1] = 1;
    let d2 = ((width - 1).pow(2) + (height - 1).pow(2)) as u64;
    assert_eq!(
        surface(&maps, 2, None, &[1]),
        [counts(1, 1, &[(d2, 1)], &[(d2, 1)])]
    );
    // A filled rectangle against a lone pixel in the far corner: the rectangle's surface rows all
    // look across empty columns to one site.
    let mut maps = ThinMaps::blank(width, height);
    for y in 0..50 {
        for x in 0..80 {
            maps.truth[y * width + x] = 1;
        }
    }
    maps.pred[(height - 1) * width + width - 1] = 1;
    let [s] = &surface(&maps, 2, None, &[1])[..] else {
        panic!("one class")
    };
    assert_eq!(s.truth_surface, 2 * 80 + 2 * 48);
    assert_eq!(
        s.pred_to_truth,
        as_values(&[((299u64 - 79).pow(2) + (199u64 - 49).pow(2), 1)])
    );
}

#[test]
fn ignored_truth_pixels_belong_to_no_set() {
    // Where the truth is 255, a predicted 1 is in neither set: the extra column of 1s over
    // ignored truth changes nothing.
    let plain = ThinMaps::parse(
        &["......", ".111..", ".111..", "......"],
        &["......", "..111.", "..111.", "......"],
    );
    let ignored = ThinMaps::parse(
        &["x.....", ".111.x", ".111.x", "x....."],
        &["1.....", "..1111", "..1111", "1....."],
    );
    let want = surface(&plain, 2, Some(255), &[1]);
    assert_eq!(surface(&ignored, 2, Some(255), &[1]), want);
    assert_eq!(want, [counts(6, 6, &[(0, 4), (1, 2)], &[(0, 4), (1, 2)])]);
}
