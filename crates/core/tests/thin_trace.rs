//! Curve-trace counts: a hand-checked map, the column axis against the row axis of the
//! transposed maps, and the fast merge walk against the all-pairs reference.

mod common;

use common::thin::*;
use perclass_core::{thin_counts, DepthAxis, ThinRequest, TraceCounts};
use rand::{rngs::SmallRng, Rng, SeedableRng};

/// Trace counts of class 1, from both paths at every label width (which must agree).
fn trace1(maps: &ThinMaps, taus: &[f64], axis: DepthAxis) -> TraceCounts {
    let req = ThinRequest {
        tolerance: taus,
        depth_axis: axis,
        ..request(maps.width, 3, None, &[1], TRACE)
    };
    let counts = maps.counts_every_width(&req, &format!("hand-checked trace, {axis:?}"));
    counts.classes[0].trace.clone().unwrap()
}

/// Rows of a map from strings: 'T' truth, 'P' prediction, 'B' both, anything else neither.
fn from_rows(rows: &[&str]) -> ThinMaps {
    let mut maps = ThinMaps::blank(rows[0].len(), 0);
    for row in rows {
        assert_eq!(row.len(), maps.width);
        for ch in row.chars() {
            maps.truth.push(u16::from(ch == 'T' || ch == 'B'));
            maps.pred.push(u16::from(ch == 'P' || ch == 'B'));
        }
    }
    maps
}

/// Doubled centres: a run [a, b] has centre (a + b) / 2; offsets below are doubled.
const HAND: [&str; 8] = [
    "..TBT.....", // truth [2,4] (6), pred [3,3] (6): offset 0
    ".....T.PP.", // truth [5,5] (10), pred [7,8] (15): offset 5, i.e. 2.5
    ".T........", // truth, no prediction: missing, a gap line
    "....P.....", // prediction, no truth: extra
    "T.......BP", // truth [0,0] (0) and [8,8] (16), pred [8,9] (17): offsets 17 and 1
    "...T.....P", // truth [3,3] (6), pred [9,9] (18): offset 12 = 6 > 3, gap, pred extra
    "...T......", // missing: gap (the gap stretch is rows 5 and 6)
    "...B......", // offset 0
];

/// The counts of `HAND` at τ with `covered` matches each, and `extra` and `max_gap` at the
/// largest τ.
fn hand_expected(covered: &[u64], extra: u64, max_gap: u64) -> TraceCounts {
    TraceCounts {
        truth_runs: 8,
        pred_runs: 6,
        matched: 6,
        sum_abs_offset2: 5 + 17 + 1 + 12,
        sum_sq_offset4: 25 + 289 + 1 + 144,
        extra,
        max_gap,
        covered: covered.to_vec(),
    }
}

#[test]
fn hand_checked_trace_on_rows_and_on_columns_of_the_transposed_map() {
    let rows = from_rows(&HAND);
    let columns = rows.transposed();
    // Matched offsets 0, 2.5, 8.5, 0.5, 6, 0: τ = 1 covers three, τ = 3 four. τ order is kept.
    // At τ = 3 the predictions of rows 3 and 5 are extra, and rows 5 and 6 form the longest gap.
    for (maps, axis) in [(&rows, DepthAxis::Rows), (&columns, DepthAxis::Columns)] {
        for (taus, covered) in [([1.0, 3.0], [3, 4]), ([3.0, 1.0], [4, 3])] {
            assert_eq!(
                trace1(maps, &taus, axis),
                hand_expected(&covered, 2, 2),
                "{axis:?}, τ {taus:?}"
            );
        }
    }
}

#[test]
fn tau_max_decides_extra_and_gaps() {
    let maps = from_rows(&HAND);
    for (tau, covered, extra, max_gap) in [
        // Offsets 2.5 (row 1) and 6 (row 5) are beyond τ = 0.5, so the predictions of rows 1 and
        // 5 are extra, and rows 1, 2 form a gap stretch (as do 5, 6).
        (0.5, 3, 3, 2),
        // With a τ of 10 every matched run is close: gaps are the missing rows 2 and 6 alone,
        // and the only extra is the prediction on a line without truth.
        (10.0, 6, 1, 1),
    ] {
        assert_eq!(
            trace1(&maps, &[tau], DepthAxis::Rows),
            hand_expected(&[covered], extra, max_gap),
            "τ {tau}"
        );
    }
}

#[test]
fn half_pixel_offsets_and_exact_boundaries() {
    // truth [2, 3] (centre 2.5), pred [4, 4] (centre 4): offset 1.5 (doubled 3).
    let maps = from_rows(&["..TTP...."]);
    let got = trace1(&maps, &[1.4, 1.5, 2.0], DepthAxis::Rows);
    assert_eq!(got.sum_abs_offset2, 3);
    assert_eq!(got.sum_sq_offset4, 9);
    assert_eq!(got.covered, vec![0, 1, 1]);
    assert_eq!((got.extra, got.max_gap), (0, 0));
    let got = trace1(&maps, &[1.4], DepthAxis::Rows);
    assert_eq!((got.extra, got.max_gap), (1, 1));
}

#[test]
fn empty_maps_and_empty_sides() {
    let trace = |rows: &[&str]| trace1(&from_rows(rows), &[1.0], DepthAxis::Rows);
    assert_eq!(
        trace(&["....", "...."]),
        TraceCounts {
            covered: vec![0],
            ..TraceCounts::default()
        }
    );
    let got = trace(&["P...", ".P.."]);
    assert_eq!((got.pred_runs, got.extra, got.truth_runs), (2, 2, 0));
    let got = trace(&["T...", ".T..", "...."]);
    assert_eq!((got.truth_runs, got.matched, got.max_gap), (2, 0, 2));
}

#[test]
fn columns_equal_rows_of_the_transposed_maps() {
    let mut rng = SmallRng::seed_from_u64(21);
    for case in 0..300 {
        let (width, height) = (rng.gen_range(1..=60), rng.gen_range(0..=40));
        let k = [2, 3, 5][case % 3];
        let mut maps = thin_maps(&mut rng, width, height, k, SHAPES[case % 3]);
        maps.sprinkle_ignore(&mut rng, 255, k);
        let classes = random_classes(&mut rng, k);
        let taus = [0.0, 1.5, 4.0];
        let columns = ThinRequest {
            tolerance: &taus,
            depth_axis: DepthAxis::Columns,
            ..request(width, k, Some(255), &classes, TRACE)
        };
        let views = maps.views();
        let (t, p) = views.labels(false, true);
        let on_columns = thin_counts(t, p, &columns).unwrap();
        if height == 0 {
            // No rows: the transposed maps would have width 0; every column is empty.
            assert!(on_columns.classes.iter().all(|c| {
                let t = c.trace.as_ref().unwrap();
                t.truth_runs == 0 && t.pred_runs == 0
            }));
            continue;
        }
        let transposed = maps.transposed().views();
        let (tt, tp) = transposed.labels(false, true);
        let mut rows = columns;
        (rows.width, rows.depth_axis) = (height, DepthAxis::Rows);
        let on_rows = thin_counts(tt, tp, &rows).unwrap();
        assert_eq!(on_columns, on_rows, "case {case}: {width}x{height}");
    }
}

#[test]
fn fast_equals_reference_on_random_maps_both_axes() {
    let mut rng = SmallRng::seed_from_u64(22);
    for case in 0..1500 {
        let (width, height) = (rng.gen_range(1..=70), rng.gen_range(0..=40));
        let k = [1, 2, 3, 5, 19][case % 5];
        let mut maps = thin_maps(&mut rng, width, height, k, SHAPES[case % 3]);
        let ignore = [None, Some(255), Some(rng.gen_range(0..k))][case % 3];
        if let Some(i) = ignore {
            maps.sprinkle_ignore(&mut rng, i as u16, k);
        }
        let views = maps.views();
        let (t, p) = views.labels(rng.gen_bool(0.5), rng.gen_bool(0.5));
        let classes = random_classes(&mut rng, k);
        let taus: Vec<f64> = TAUS.iter().copied().filter(|_| rng.gen_bool(0.6)).collect();
        let taus = if taus.is_empty() { vec![0.5] } else { taus };
        for axis in AXES {
            let req = ThinRequest {
                tolerance: &taus,
                depth_axis: axis,
                ..request(width, k, ignore, &classes, TRACE)
            };
            both_paths(t, p, &req, &|| {
                format!("case {case}: {width}x{height} K={k} {axis:?} τ {taus:?}")
            })
            .unwrap();
        }
    }
}

#[test]
fn fast_equals_reference_on_a_large_map() {
    let mut rng = SmallRng::seed_from_u64(23);
    let (width, height) = (1100, 1000);
    let maps = thin_maps(&mut rng, width, height, 3, Shape::Curves).views();
    let (t, p) = maps.labels(false, false);
    for axis in AXES {
        let req = ThinRequest {
            tolerance: &TAUS,
            depth_axis: axis,
            ..request(width, 3, None, &[1, 2], TOLERANT_AND_TRACE)
        };
        let counts = both_paths(t, p, &req, &|| format!("large curves, {axis:?}")).unwrap();
        assert!(counts
            .classes
            .iter()
            .any(|c| c.trace.as_ref().unwrap().truth_runs > 0));
    }
}
