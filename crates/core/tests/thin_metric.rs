//! Every distance under every pixel size: the fast paths (run reach, integer and float nearest
//! searches, trace) against the references written from the rule (src/thin/types.ts), bit for
//! bit, on random maps and on the shapes where paths switch (borders, 1×N and N×1 maps, empty
//! sets, lone far pixels); and a bad spacing as the core's own E_OPTION.

mod common;

use common::thin::*;
use perclass_core::{thin_counts, Distance, Labels, ThinRequest, ThinStream};
use rand::{rngs::SmallRng, Rng, SeedableRng};

/// Dyadic sizes (every product exact) and non-dyadic ones (products round), tiny and huge, and
/// unit pixels, which take the integer kernels.
const SPACINGS: [[f64; 2]; 10] = [
    [1.0, 1.0],
    [0.5, 0.25],
    [0.25, 0.5],
    [2.0, 1.0],
    [0.3, 1.7],
    [1.7, 0.3],
    [1e-3, 250.0],
    [250.0, 1e-3],
    [0.1, 0.1],
    [1.0, 0.7],
];

/// τ in spacing units: 0, values near a pixel or two of either side, and past any image.
fn taus_for(spacing: [f64; 2]) -> Vec<f64> {
    let [sy, sx] = spacing;
    let small = sy.min(sx);
    let mut taus = vec![0.0, sy, sx, sy + sx, 1.5 * small, 2.0 * sy.max(sx)];
    // Just past the run path's reach (3 pixels of the smaller side), and far beyond it.
    taus.extend([
        3.0 * small,
        3.5 * small,
        10.0 * small,
        7.0 * sy.max(sx),
        1e12,
    ]);
    taus
}

fn all_metrics<'a>(
    c: &'a ValidCase,
    taus: &'a [f64],
    distance: Distance,
    spacing: [f64; 2],
    depth_axis: perclass_core::DepthAxis,
) -> ThinRequest<'a> {
    ThinRequest {
        tolerance: taus,
        distance,
        spacing,
        depth_axis,
        ..request(c.maps.width, c.k, c.ignore, &c.classes, ALL_METRICS)
    }
}

#[test]
fn fast_equals_reference_under_every_distance_and_spacing() {
    let mut rng = SmallRng::seed_from_u64(0x005a_c19e);
    for case in 0..240 {
        let c = valid_case(&mut rng, case, 36);
        let spacing = SPACINGS[case % SPACINGS.len()];
        let taus = taus_for(spacing);
        let distance = DISTANCES[(case / SPACINGS.len()) % DISTANCES.len()];
        let axis = AXES[rng.gen_range(0..AXES.len())];
        let req = all_metrics(&c, &taus, distance, spacing, axis);
        let what = format!(
            "case {case}: {}x{}, {distance:?}, spacing {spacing:?}, {axis:?}",
            c.maps.width,
            c.maps.height()
        );
        c.maps.counts_every_width(&req, &what);
    }
}

#[test]
fn random_non_dyadic_spacings() {
    // Spacings drawn at random (no two alike), so nothing rests on a hand-picked value.
    let mut rng = SmallRng::seed_from_u64(77);
    for case in 0..150 {
        let c = valid_case(&mut rng, case, 28);
        let spacing = [rng.gen_range(0.01..20.0), rng.gen_range(0.01..20.0)];
        let taus: Vec<f64> = (0..4)
            .map(|_| rng.gen_range(0.0..40.0f64))
            .chain([0.0])
            .collect();
        for distance in DISTANCES {
            let req = all_metrics(&c, &taus, distance, spacing, AXES[case % 2]);
            let what = format!("case {case}, {distance:?}, spacing {spacing:?}, τ {taus:?}");
            c.maps.counts_every_width(&req, &what);
        }
    }
}

#[test]
fn strips_borders_and_empty_sets() {
    let mut rng = SmallRng::seed_from_u64(5);
    for case in 0..120 {
        // 1×N, N×1 and 2-wide strips, every pixel on a border.
        let (width, height) = match case % 4 {
            0 => (1, rng.gen_range(1..60)),
            1 => (rng.gen_range(1..60), 1),
            2 => (2, rng.gen_range(1..40)),
            _ => (rng.gen_range(1..40), 2),
        };
        let mut maps = thin_maps(&mut rng, width, height, 3, SHAPES[case % SHAPES.len()]);
        // Sometimes one side has none of the classes at all.
        match case % 5 {
            0 => maps.truth.fill(0),
            1 => maps.pred.fill(0),
            _ => {}
        }
        let c = ValidCase {
            maps,
            k: 3,
            ignore: None,
            classes: vec![1, 2],
        };
        let spacing = SPACINGS[case % SPACINGS.len()];
        let taus = taus_for(spacing);
        for distance in DISTANCES {
            for axis in AXES {
                let req = all_metrics(&c, &taus, distance, spacing, axis);
                let what = format!("strip {width}x{height}, {distance:?}, {spacing:?}, {axis:?}");
                c.maps.counts_every_width(&req, &what);
            }
        }
    }
}

#[test]
fn lone_pixels_far_apart_are_found_at_the_rule_s_value() {
    // One truth pixel in a corner, one predicted pixel elsewhere: the surface value both ways is
    // the rule's value of their offset, and τ just below / at it flips the tolerant count.
    let (width, height) = (90, 70);
    for spacing in SPACINGS {
        for (dx, dy) in [(0, 9), (9, 0), (5, 7), (89, 69), (40, 3)] {
            let mut maps = ThinMaps::blank(width, height);
            maps.truth[0] = 1;
            maps.pred[dy * width + dx] = 1;
            for distance in DISTANCES {
                let [sy, sx] = spacing;
                let (fy, fx) = (dy as f64, dx as f64);
                let value = match distance {
                    Distance::Euclidean => (sy * sy) * (fy * fy) + (sx * sx) * (fx * fx),
                    Distance::Chebyshev => (sy * fy).max(sx * fx),
                    Distance::Taxicab => sy * fy + sx * fx,
                };
                let reach = match distance {
                    Distance::Euclidean => value.sqrt(),
                    _ => value,
                };
                let c = ValidCase {
                    maps: maps.clone(),
                    k: 2,
                    ignore: None,
                    classes: vec![1],
                };
                // The reach and the doubles around it: the float test decides each.
                let around = [
                    f64::from_bits(reach.to_bits() - 1),
                    reach,
                    f64::from_bits(reach.to_bits() + 1),
                ];
                let req = ThinRequest {
                    tolerance: &around,
                    distance,
                    spacing,
                    ..request(width, 2, None, &c.classes, ALL_METRICS)
                };
                let what = format!("({dx}, {dy}), {distance:?}, {spacing:?}");
                let counts = c.maps.counts_every_width(&req, &what);
                let class = &counts.classes[0];
                let s = class.surface.as_ref().unwrap();
                assert_eq!(s.pred_to_truth, [(value, 1)], "{what}");
                assert_eq!(s.truth_to_pred, [(value, 1)], "{what}");
                let within = |tau: f64| match distance {
                    Distance::Euclidean => value <= tau * tau,
                    _ => value <= tau,
                };
                for (t, &tau) in class.tolerant.iter().zip(&around) {
                    let want = u64::from(within(tau));
                    assert_eq!((t.tp_pred, t.tp_truth), (want, want), "{what}, τ {tau}");
                }
            }
        }
    }
}

#[test]
fn trace_offsets_are_scaled_by_the_side_across_depth_lines() {
    // Truth at column 2, prediction at column 5 on every row: a doubled offset of 6, 3 pixels.
    // Across rows the size is sx; with depth along the columns (one run per column line, offset
    // along the rows) it is sy.
    let maps = ThinMaps::parse(
        &["..1....", "..1....", "..1...."],
        &[".....1.", ".....1.", ".....1."],
    );
    let taus = [0.74, 0.75, 1.0];
    let req = ThinRequest {
        tolerance: &taus,
        spacing: [9.0, 0.25],
        ..request(7, 2, None, &[1], TRACE)
    };
    let counts = maps.counts_every_width(&req, "trace, spacing [9, 0.25]");
    let t = counts.classes[0].trace.as_ref().unwrap();
    // 3 px × 0.25 = 0.75: covered from τ = 0.75 on; sums stay in pixels.
    assert_eq!(t.covered, [0, 3, 3]);
    assert_eq!((t.sum_abs_offset2, t.extra, t.max_gap), (18, 0, 0));
}

#[test]
fn a_bad_spacing_is_an_option_error_naming_spacing() {
    let maps = ThinMaps::parse(&["1.", ".1"], &["1.", "1."]);
    let taus = [1.0];
    for spacing in [
        [0.0, 1.0],
        [1.0, -1.0],
        [f64::NAN, 1.0],
        [1.0, f64::INFINITY],
        [-0.0, 2.0],
    ] {
        let req = ThinRequest {
            tolerance: &taus,
            spacing,
            ..request(2, 2, None, &[1], ALL_METRICS)
        };
        let t = Labels::U16(&maps.truth);
        let p = Labels::U16(&maps.pred);
        for error in [
            thin_counts(t, p, &req).unwrap_err(),
            ThinStream::new(4, 4, &req).err().unwrap(),
        ] {
            assert_eq!(error.code(), "E_OPTION", "{spacing:?}");
            assert!(error.to_string().starts_with("spacing must be"), "{error}");
        }
    }
}

#[test]
fn empty_columns_are_never_candidates() {
    // Sites at both ends of a 20,000-pixel row, the query in the middle, rows 1e-3 high and
    // columns 250 wide: a column holding no site must not count as a site "very many rows away"
    // (a huge row count times 1e-3 would undercut the real 10,000 columns × 250).
    let width = 20_000;
    let mut maps = ThinMaps::blank(width, 1);
    maps.truth[0] = 1;
    maps.truth[width - 1] = 1;
    maps.pred[10_000] = 1;
    for distance in DISTANCES {
        let req = ThinRequest {
            distance,
            spacing: [1e-3, 250.0],
            ..request(width, 2, None, &[1], SURFACE)
        };
        let what = format!("{distance:?}");
        let counts = maps.counts_every_width(&req, &what);
        let s = counts.classes[0].surface.as_ref().unwrap();
        let dx = 9_999.0f64;
        let want = match distance {
            Distance::Euclidean => (1e-3 * 1e-3) * 0.0 + (250.0 * 250.0) * (dx * dx),
            _ => 250.0 * dx,
        };
        assert_eq!(s.pred_to_truth, [(want, 1)], "{what}");
    }
}
