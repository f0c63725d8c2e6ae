//! Skeleton counts (clDice): the fast path against the dense reference, bit for bit, and small
//! cases checked by hand against scikit-image's `skeletonize`.

mod common;

use common::thin::*;
use perclass_core::SkeletonCounts;
use rand::{rngs::SmallRng, SeedableRng};

/// The skeleton counts of `classes`, both paths and every label width agreeing.
fn skeleton(maps: &ThinMaps, k: u32, ignore: Option<u32>, classes: &[u32]) -> Vec<SkeletonCounts> {
    maps.per_class(k, ignore, classes, SKELETON, |c| c.skeleton)
}

fn counts(pred: u64, pred_in_truth: u64, truth: u64, truth_in_pred: u64) -> SkeletonCounts {
    SkeletonCounts {
        pred_skeleton: pred,
        pred_skeleton_in_truth: pred_in_truth,
        truth_skeleton: truth,
        truth_skeleton_in_pred: truth_in_pred,
    }
}

#[test]
fn fast_equals_reference_on_random_maps() {
    let mut rng = SmallRng::seed_from_u64(0x5ce1e7);
    for case in 0..600 {
        let c = valid_case(&mut rng, case, 48);
        let got = skeleton(&c.maps, c.k, c.ignore, &c.classes);
        for (class, s) in c.classes.iter().zip(&got) {
            assert!(
                s.pred_skeleton_in_truth <= s.pred_skeleton,
                "case {case} class {class}"
            );
            assert!(
                s.truth_skeleton_in_pred <= s.truth_skeleton,
                "case {case} class {class}"
            );
        }
    }
}

#[test]
fn larger_maps_with_thick_structures() {
    // Thick blobs take many thinning iterations; curves across a wide map keep the bounding box
    // large while the set stays small.
    let mut rng = SmallRng::seed_from_u64(77);
    for case in 0..12 {
        let shape = SHAPES[case % 2];
        let mut maps = thin_maps(&mut rng, 150, 120, 4, shape);
        if case % 3 == 0 {
            maps.sprinkle_ignore(&mut rng, 255, 4);
        }
        skeleton(&maps, 4, Some(255), &[1, 2, 3]);
    }
}

#[test]
fn a_three_pixel_bar_thins_to_its_centre_line() {
    // skimage.morphology.skeletonize of this bar: the centre line from column 1 to 6, then one
    // pixel stepping up to (7, 1) (scikit-image 0.26). The prediction is exactly that skeleton.
    let maps = ThinMaps::parse(
        &[
            "..........",
            ".11111111.",
            ".11111111.",
            ".11111111.",
            "..........",
        ],
        &[
            "..........",
            ".......1..",
            ".111111...",
            "..........",
            "..........",
        ],
    );
    // Truth skeleton: 7 pixels, all predicted. The prediction is its own skeleton (it is 8-thin;
    // its end pixels have one neighbour), all inside the truth.
    assert_eq!(skeleton(&maps, 2, None, &[1]), [counts(7, 7, 7, 7)]);
}

#[test]
fn a_two_by_two_square_keeps_its_top_row() {
    // skimage.morphology.skeletonize(np.ones((2, 2))) keeps the top row, also inside a frame.
    let maps = ThinMaps::parse(
        &["....", ".11.", ".11.", "...."],
        &["....", ".1..", "..1.", "...."],
    );
    // Truth skeleton (1,1), (2,1): (1,1) is predicted. The predicted diagonal stays (A = 1 with
    // one neighbour: B < 2), and (1,1) of it is in the truth; so is (2,2).
    assert_eq!(skeleton(&maps, 2, None, &[1]), [counts(2, 2, 2, 1)]);
    let corner = ThinMaps::parse(&["11", "11"], &["..", ".."]);
    assert_eq!(skeleton(&corner, 2, None, &[1]), [counts(0, 0, 2, 0)]);
}

#[test]
fn thin_lines_are_their_own_skeleton() {
    // A one-pixel line (straight or diagonal) has nothing to delete: every pixel is an end point
    // (B = 1) or joins two neighbours that do not touch (A = 2). Class 3 is a two-pixel-thick
    // staircase: scikit-image thins it to 3 pixels, none of them predicted.
    let maps = ThinMaps::parse(
        &[
            "1.......2....",
            ".1......2....",
            "..1.....2..33",
            "...1....2.33.",
            "....1...2.3..",
        ],
        &[
            ".............",
            ".1......2....",
            ".1.......2...",
            "...1....2....",
            ".............",
        ],
    );
    assert_eq!(
        skeleton(&maps, 4, None, &[1, 2, 3]),
        [counts(3, 2, 5, 2), counts(3, 2, 5, 2), counts(0, 0, 3, 0)]
    );
}

#[test]
fn empty_and_single_pixel_sets() {
    let maps = ThinMaps::parse(&["....", ".1..", "...."], &["....", "....", "...2"]);
    assert_eq!(
        skeleton(&maps, 4, None, &[0, 1, 2, 3]),
        [
            // Class 0 is everything else; its skeletons are whatever they are, but both paths
            // agree (checked inside) and they are not empty.
            skeleton(&maps, 4, None, &[0])[0],
            counts(0, 0, 1, 0),
            counts(1, 0, 0, 0),
            counts(0, 0, 0, 0),
        ]
    );
    assert_ne!(skeleton(&maps, 4, None, &[0])[0].truth_skeleton, 0);
    // Zero-pixel and one-pixel images.
    let none = ThinMaps::blank(3, 0);
    assert_eq!(skeleton(&none, 2, None, &[1]), [counts(0, 0, 0, 0)]);
    let one = ThinMaps::parse(&["1"], &["1"]);
    assert_eq!(skeleton(&one, 2, None, &[1]), [counts(1, 1, 1, 1)]);
}

#[test]
fn sets_touching_every_border_thin_as_if_padded() {
    // The whole 5x5 image is class 1: outside the image is background, so the square thins as a
    // padded one does; scikit-image leaves (2,1), (3,1), (1,2), (1,3).
    let mut maps = ThinMaps::blank(5, 5);
    maps.truth.fill(1);
    maps.pred[5 + 2] = 1;
    maps.pred[2 * 5 + 1] = 1;
    assert_eq!(skeleton(&maps, 2, None, &[1]), [counts(2, 2, 4, 2)]);

    // A one-pixel frame along every border: scikit-image deletes its four corners (two
    // 4-neighbours that touch diagonally) and keeps the other 12 pixels.
    let maps = ThinMaps::parse(
        &["111111", "1....1", "1....1", "111111"],
        &["1.....", "......", "......", "......"],
    );
    assert_eq!(skeleton(&maps, 2, None, &[1]), [counts(1, 1, 12, 0)]);
}

#[test]
fn a_far_away_single_pixel() {
    let mut maps = ThinMaps::blank(300, 200);
    maps.truth[0] = 1;
    maps.pred[199 * 300 + 299] = 1;
    assert_eq!(skeleton(&maps, 2, None, &[1]), [counts(1, 0, 1, 0)]);
}

#[test]
fn ignored_truth_pixels_belong_to_no_set() {
    // Where the truth is 255 (ignored), a predicted 1 is in neither set: the prediction below is
    // the truth's bar plus a column of 1s over ignored truth, which must change nothing.
    let plain = ThinMaps::parse(
        &["......", ".1111.", ".1111.", ".1111.", "......"],
        &["......", ".1111.", ".1111.", ".1111.", "......"],
    );
    let ignored = ThinMaps::parse(
        &["....xx", ".1111x", ".1111x", ".1111x", "....xx"],
        &["....11", ".11111", ".11111", ".11111", "....11"],
    );
    let want = skeleton(&plain, 2, Some(255), &[1]);
    assert_eq!(skeleton(&ignored, 2, Some(255), &[1]), want);
    // A prediction of 255 on a valid truth pixel is just not class 1.
    let void = ThinMaps::parse(
        &["......", ".1111.", ".1111.", ".1111.", "......"],
        &["......", ".xxxx.", ".xxxx.", ".xxxx.", "......"],
    );
    let [s] = skeleton(&void, 2, Some(255), &[1])[..] else {
        panic!("one class")
    };
    assert_eq!((s.pred_skeleton, s.truth_skeleton_in_pred), (0, 0));
    assert_eq!(s.truth_skeleton, want[0].truth_skeleton);
}
