//! Surface distances on the pixel-corner grid (DeepMind surface-distance): the fast path against
//! the brute-force reference, bit for bit, and small cases worked out by hand.

mod common;

use common::thin::*;
use perclass_core::{CornerBin, CornerSurfaceCounts, Distance, Metrics, ThinRequest};
use rand::{rngs::SmallRng, Rng, SeedableRng};

const CORNERS: Metrics = Metrics {
    tolerant: false,
    trace: false,
    skeleton: false,
    surface: false,
    corners: true,
};

/// Pixel sizes `[sy, sx]`: unit, dyadic, and ones whose products round.
const SPACINGS: [[f64; 2]; 3] = [[1.0, 1.0], [0.5, 0.25], [0.3, 1.7]];

/// The corner counts of `classes` under `distance` on pixels of `spacing`, both paths and every
/// label width agreeing.
fn corners_at(
    maps: &ThinMaps,
    k: u32,
    ignore: Option<u32>,
    classes: &[u32],
    distance: Distance,
    spacing: [f64; 2],
) -> Vec<CornerSurfaceCounts> {
    let req = ThinRequest {
        distance,
        spacing,
        ..request(maps.width, k, ignore, classes, CORNERS)
    };
    let what = format!("corners {distance:?} {spacing:?}");
    let counts = maps.counts_every_width(&req, &what);
    let got: Vec<CornerSurfaceCounts> = counts
        .classes
        .iter()
        .map(|c| c.corners.clone().expect("corners requested"))
        .collect();
    got.iter().for_each(check_shape);
    got
}

/// [`corners_at`] on unit pixels.
fn corners(
    maps: &ThinMaps,
    k: u32,
    ignore: Option<u32>,
    classes: &[u32],
    distance: Distance,
) -> Vec<CornerSurfaceCounts> {
    corners_at(maps, k, ignore, classes, distance, [1.0, 1.0])
}

/// Every distance at every spacing.
fn corners_everywhere(maps: &ThinMaps, k: u32, ignore: Option<u32>, classes: &[u32]) {
    for distance in DISTANCES {
        for spacing in SPACINGS {
            corners_at(maps, k, ignore, classes, distance, spacing);
        }
    }
}

/// Histograms ascending with no all-zero entry, empty unless both borders exist.
fn check_shape(c: &CornerSurfaceCounts) {
    for histogram in [&c.pred_to_truth, &c.truth_to_pred] {
        assert!(
            histogram.windows(2).all(|w| w[0].value < w[1].value),
            "{c:?}"
        );
        assert!(
            histogram
                .iter()
                .all(|b| b.vertical + b.horizontal + b.half_diagonals > 0),
            "{c:?}"
        );
        if c.pred_corners == 0 || c.truth_corners == 0 {
            assert!(histogram.is_empty());
        }
    }
}

fn bin(value: f64, vertical: u64, horizontal: u64, half_diagonals: u64) -> CornerBin {
    CornerBin {
        value,
        vertical,
        horizontal,
        half_diagonals,
    }
}

#[test]
fn fast_equals_reference_on_random_maps() {
    let mut rng = SmallRng::seed_from_u64(0xc0de_c0de);
    for case in 0..120 {
        let c = valid_case(&mut rng, case, 30);
        corners_everywhere(&c.maps, c.k, c.ignore, &c.classes);
    }
}

#[test]
fn one_by_n_and_sparse_maps() {
    let mut rng = SmallRng::seed_from_u64(11);
    for case in 0..60 {
        let long = rng.gen_range(1..80);
        let (width, height) = if case % 2 == 0 { (long, 1) } else { (1, long) };
        let mut maps = ThinMaps::blank(width, height);
        for _ in 0..rng.gen_range(0..6) {
            let i = rng.gen_range(0..width * height);
            maps.truth[i] = 1;
            let j = rng.gen_range(0..width * height);
            maps.pred[j] = 1;
        }
        corners_everywhere(&maps, 2, None, &[1]);
    }
}

#[test]
fn a_pixel_against_the_same_pixel() {
    // One pixel: its four corners, each one half-diagonal, at distance 0 from the other side's.
    let maps = ThinMaps::parse(&["...", ".1.", "..."], &["...", ".1.", "..."]);
    let c = &corners(&maps, 2, None, &[1], Distance::Euclidean)[0];
    assert_eq!((c.pred_corners, c.truth_corners), (4, 4));
    assert_eq!(c.pred_to_truth, [bin(0.0, 0, 0, 4)]);
    assert_eq!(c.truth_to_pred, [bin(0.0, 0, 0, 4)]);
}

#[test]
fn a_square_against_a_pixel_in_its_corner() {
    // Truth: the 2×2 square at rows 1-2, columns 1-2; its border is the 3×3 corner points around
    // it but the centre: 4 half-diagonal corners and 4 edge midpoints (2 vertical, 2 horizontal).
    // Prediction: the pixel (1, 1), whose 4 corners are all on the truth's border too.
    let maps = ThinMaps::parse(
        &["....", ".11.", ".11.", "...."],
        &["....", ".1..", "....", "...."],
    );
    let c = &corners(&maps, 2, None, &[1], Distance::Euclidean)[0];
    assert_eq!((c.pred_corners, c.truth_corners), (4, 8));
    // The prediction's corners (1,1) (1,2) (2,1) are truth border points; (2,2) is the square's
    // centre, 1 from the edge midpoints.
    assert_eq!(c.pred_to_truth, [bin(0.0, 0, 0, 3), bin(1.0, 0, 0, 1)]);
    // Truth to prediction: (1,1), (1,2) (horizontal), (2,1) (vertical) at 0; (1,3), (3,1)
    // corners at 1; (2,3) vertical and (3,2) horizontal at 1; (3,3) at 2 (diagonal).
    assert_eq!(
        c.truth_to_pred,
        [bin(0.0, 1, 1, 1), bin(1.0, 1, 1, 2), bin(2.0, 0, 0, 1)]
    );
    let c = &corners(&maps, 2, None, &[1], Distance::Chebyshev)[0];
    assert_eq!(c.truth_to_pred, [bin(0.0, 1, 1, 1), bin(1.0, 1, 1, 3)]);
    // Rows 2 high and columns 3 wide: (1,3) is 3 right of (1,2), (3,1) 2 below (2,1); the edge
    // points (2,3) and (3,2) are 3 and 2 away, (3,3) is (2, 3) away.
    let c = &corners_at(&maps, 2, None, &[1], Distance::Taxicab, [2.0, 3.0])[0];
    assert_eq!(
        c.truth_to_pred,
        [
            bin(0.0, 1, 1, 1),
            bin(2.0, 0, 1, 1),
            bin(3.0, 1, 0, 1),
            bin(5.0, 0, 0, 1)
        ]
    );
}

#[test]
fn diagonal_pixels_count_two_half_diagonals() {
    // Truth pixels (0,0) and (1,1) touch at corner (1,1): code 1001, two half-diagonals.
    let maps = ThinMaps::parse(&["1.", ".1"], &["1.", ".1"]);
    let c = &corners(&maps, 2, None, &[1], Distance::Euclidean)[0];
    assert_eq!(c.truth_corners, 7);
    // 6 outer corners with one pixel each, and the shared one with two half-diagonals.
    assert_eq!(c.truth_to_pred, [bin(0.0, 0, 0, 8)]);
}

#[test]
fn empty_sets_give_empty_histograms() {
    let maps = ThinMaps::parse(&["....", ".1..", "...."], &["....", "....", "...2"]);
    let got = corners(&maps, 4, None, &[1, 2, 3], Distance::Euclidean);
    let sizes: Vec<(u64, u64)> = got
        .iter()
        .map(|c| (c.pred_corners, c.truth_corners))
        .collect();
    assert_eq!(sizes, [(0, 4), (4, 0), (0, 0)]);
    assert!(got
        .iter()
        .all(|c| c.pred_to_truth.is_empty() && c.truth_to_pred.is_empty()));
    let none = ThinMaps::blank(3, 0);
    assert_eq!(
        corners(&none, 2, None, &[1], Distance::Euclidean),
        [CornerSurfaceCounts::default()]
    );
}
