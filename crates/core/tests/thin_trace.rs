//! Curve-trace counts: a hand-checked map, the column axis against the row axis of the
//! transposed maps, and the fast merge walk against the all-pairs reference.

mod common;

use common::thin::*;
use common::{sprinkle_ignore, Maps};
use perclass_core::{thin_counts, DepthAxis, Distance, Labels, TraceCounts};
use rand::{rngs::SmallRng, Rng, SeedableRng};

/// Trace counts of class 1, fast and reference (which must agree).
fn trace1(width: usize, truth: &[u16], pred: &[u16], taus: &[f64], axis: DepthAxis) -> TraceCounts {
    let req = request(width, 3, None, &[1], taus, Distance::Euclidean, axis, TRACE);
    let counts = both_paths(Labels::U16(truth), Labels::U16(pred), &req, &|| {
        format!("hand-checked trace, {axis:?}")
    })
    .unwrap();
    counts.classes[0].trace.clone().unwrap()
}

/// Rows of a map from strings: 'T' truth, 'P' prediction, 'B' both, anything else neither.
fn from_rows(rows: &[&str]) -> (usize, Vec<u16>, Vec<u16>) {
    let width = rows[0].len();
    let mut truth = Vec::new();
    let mut pred = Vec::new();
    for row in rows {
        assert_eq!(row.len(), width);
        for ch in row.chars() {
            truth.push(u16::from(ch == 'T' || ch == 'B'));
            pred.push(u16::from(ch == 'P' || ch == 'B'));
        }
    }
    (width, truth, pred)
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

fn hand_expected(covered: Vec<u64>) -> TraceCounts {
    TraceCounts {
        truth_runs: 8,
        pred_runs: 6,
        matched: 6,
        sum_abs_offset2: 5 + 17 + 1 + 12,
        sum_sq_offset4: 25 + 289 + 1 + 144,
        extra: 2,
        max_gap: 2,
        covered,
    }
}

#[test]
fn hand_checked_trace_on_rows() {
    let (width, truth, pred) = from_rows(&HAND);
    // Matched offsets 0, 2.5, 8.5, 0.5, 6, 0: τ = 1 covers three, τ = 3 four. τ order is kept.
    assert_eq!(
        trace1(width, &truth, &pred, &[1.0, 3.0], DepthAxis::Rows),
        hand_expected(vec![3, 4])
    );
    assert_eq!(
        trace1(width, &truth, &pred, &[3.0, 1.0], DepthAxis::Rows),
        hand_expected(vec![4, 3])
    );
}

#[test]
fn hand_checked_trace_on_columns_of_the_transposed_map() {
    let (width, truth, pred) = from_rows(&HAND);
    let height = truth.len() / width;
    let (tt, tp) = (transpose(&truth, width), transpose(&pred, width));
    assert_eq!(
        trace1(height, &tt, &tp, &[1.0, 3.0], DepthAxis::Columns),
        hand_expected(vec![3, 4])
    );
}

#[test]
fn tau_max_decides_extra_and_gaps() {
    let (width, truth, pred) = from_rows(&HAND);
    // With τ = 0.5 only: offsets 2.5 (row 1) and 6 (row 5) are beyond it, so the predictions
    // of rows 1 and 5 are extra, and rows 1, 2 form a gap stretch (as do 5, 6).
    let mut want = hand_expected(vec![3]);
    want.extra = 3;
    assert_eq!(trace1(width, &truth, &pred, &[0.5], DepthAxis::Rows), want);
    // With a τ of 10 every matched run is close: gaps are the missing rows 2 and 6 alone, and
    // the only extra is the prediction on a line without truth.
    let mut want = hand_expected(vec![6]);
    (want.extra, want.max_gap) = (1, 1);
    assert_eq!(trace1(width, &truth, &pred, &[10.0], DepthAxis::Rows), want);
}

#[test]
fn half_pixel_offsets_and_exact_boundaries() {
    // truth [2, 3] (centre 2.5), pred [4, 4] (centre 4): offset 1.5 (doubled 3).
    let (width, truth, pred) = from_rows(&["..TTP...."]);
    let got = trace1(width, &truth, &pred, &[1.4, 1.5, 2.0], DepthAxis::Rows);
    assert_eq!(got.sum_abs_offset2, 3);
    assert_eq!(got.sum_sq_offset4, 9);
    assert_eq!(got.covered, vec![0, 1, 1]);
    assert_eq!((got.extra, got.max_gap), (0, 0));
    let got = trace1(width, &truth, &pred, &[1.4], DepthAxis::Rows);
    assert_eq!((got.extra, got.max_gap), (1, 1));
}

#[test]
fn empty_maps_and_empty_sides() {
    let (width, truth, pred) = from_rows(&["....", "...."]);
    assert_eq!(
        trace1(width, &truth, &pred, &[1.0], DepthAxis::Rows),
        TraceCounts {
            covered: vec![0],
            ..TraceCounts::default()
        }
    );
    let (width, truth, pred) = from_rows(&["P...", ".P.."]);
    let got = trace1(width, &truth, &pred, &[1.0], DepthAxis::Rows);
    assert_eq!((got.pred_runs, got.extra, got.truth_runs), (2, 2, 0));
    let (width, truth, pred) = from_rows(&["T...", ".T..", "...."]);
    let got = trace1(width, &truth, &pred, &[1.0], DepthAxis::Rows);
    assert_eq!((got.truth_runs, got.matched, got.max_gap), (2, 0, 2));
}

#[test]
fn columns_equal_rows_of_the_transposed_maps() {
    let mut rng = SmallRng::seed_from_u64(21);
    for case in 0..300 {
        let (width, height) = (rng.gen_range(1..=60), rng.gen_range(0..=40));
        let k = [2, 3, 5][case % 3];
        let (mut truth, mut pred) = thin_maps(&mut rng, width, height, k, SHAPES[case % 3]);
        sprinkle_ignore(&mut rng, &mut truth, &mut pred, 255);
        let classes = random_classes(&mut rng, k);
        let taus = [0.0, 1.5, 4.0];
        let columns = request(
            width,
            k,
            Some(255),
            &classes,
            &taus,
            Distance::Euclidean,
            DepthAxis::Columns,
            TRACE,
        );
        let maps = Maps::new(truth.clone(), pred.clone());
        let (t, p) = maps.labels(false, true);
        let on_columns = thin_counts(t, p, &columns).unwrap();
        let tmaps = Maps::new(transpose(&truth, width), transpose(&pred, width));
        let (tt, tp) = tmaps.labels(false, true);
        if height == 0 {
            // No rows: the transposed maps would have width 0; every column is empty.
            assert!(on_columns.classes.iter().all(|c| {
                let t = c.trace.as_ref().unwrap();
                t.truth_runs == 0 && t.pred_runs == 0
            }));
            continue;
        }
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
        let (mut truth, mut pred) = thin_maps(&mut rng, width, height, k, SHAPES[case % 3]);
        let ignore = [None, Some(255), Some(rng.gen_range(0..k))][case % 3];
        if let Some(i) = ignore {
            sprinkle_ignore(&mut rng, &mut truth, &mut pred, i as u16);
        }
        let maps = Maps::new(truth, pred);
        let wide = (rng.gen_bool(0.5), rng.gen_bool(0.5));
        let (t, p) = maps.labels(wide.0, wide.1);
        let classes = random_classes(&mut rng, k);
        let taus: Vec<f64> = TAUS.iter().copied().filter(|_| rng.gen_bool(0.6)).collect();
        let taus = if taus.is_empty() { vec![0.5] } else { taus };
        for axis in AXES {
            let req = request(
                width,
                k,
                ignore,
                &classes,
                &taus,
                Distance::Euclidean,
                axis,
                TRACE,
            );
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
    let (truth, pred) = thin_maps(&mut rng, width, height, 3, Shape::Curves);
    let maps = Maps::new(truth, pred);
    let (t, p) = maps.labels(false, false);
    for axis in AXES {
        let req = request(
            width,
            3,
            None,
            &[1, 2],
            &TAUS,
            Distance::Euclidean,
            axis,
            TOLERANT_AND_TRACE,
        );
        let counts = both_paths(t, p, &req, &|| format!("large curves, {axis:?}")).unwrap();
        assert!(counts
            .classes
            .iter()
            .any(|c| c.trace.as_ref().unwrap().truth_runs > 0));
    }
}
