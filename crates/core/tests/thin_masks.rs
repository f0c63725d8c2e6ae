//! The per-class masks every thin metric starts from: label errors exactly as the confusion
//! matrix reports them (first position, truth before prediction, from both paths and from the
//! row bands of large maps), and the fast scan's sets equal to the reference's as the counts see
//! them. (`src/thin/masks_tests.rs` compares the masks themselves, kernel by kernel.)

mod common;

use common::thin::*;
use perclass_core::{
    confusion_matrix, thin_counts_with, Labels, PerclassError, Side, ThinPath, ThinRequest,
};
use rand::{rngs::SmallRng, Rng, SeedableRng};

fn tolerant_request<'a>(
    width: usize,
    k: u32,
    ignore: Option<u32>,
    classes: &'a [u32],
) -> ThinRequest<'a> {
    ThinRequest {
        tolerance: &[0.0],
        ..request(width, k, ignore, classes, TOLERANT)
    }
}

/// Both paths' error must be the confusion matrix's.
fn check_error(t: Labels<'_>, p: Labels<'_>, req: &ThinRequest<'_>, what: &dyn Fn() -> String) {
    let want = confusion_matrix(t, p, req.num_classes, req.ignore_index).err();
    for path in [ThinPath::Fast, ThinPath::Reference] {
        let got = thin_counts_with(path, t, p, req).err();
        assert_eq!(got, want, "{path:?} on {}", what());
    }
}

#[test]
fn errors_equal_the_confusion_matrix_on_random_maps() {
    let mut rng = SmallRng::seed_from_u64(31);
    for case in 0..3000 {
        let (width, height) = (rng.gen_range(1..=70), rng.gen_range(1..=40));
        let k = [1, 2, 3, 5, 19, 255, 300][case % 7];
        let wide = random_widths(&mut rng, k);
        let ignore = [None, Some(255), Some(rng.gen_range(0..k)), Some(70_000)][case % 4];
        let mut maps = thin_maps(&mut rng, width, height, k, SHAPES[case % 3]);
        if let Some(i) = ignore.filter(|&i| i <= 255) {
            maps.sprinkle_ignore(&mut rng, i as u16, k);
        }
        let count = rng.gen_range(1..=3);
        maps.plant_bad_labels(&mut rng, count, k, ignore, wide);
        let views = maps.views();
        let (t, p) = views.labels(wide.0, wide.1);
        let classes = random_classes(&mut rng, k);
        let req = tolerant_request(width, k, ignore, &classes);
        check_error(t, p, &req, &|| {
            format!("case {case}: {width}x{height} K={k} ignore {ignore:?} u16 {wide:?}")
        });
    }
}

#[test]
fn errors_in_the_row_bands_of_large_maps() {
    // Large enough for the band split of the `parallel` feature; the lowest error must win
    // whichever band finishes first.
    let mut rng = SmallRng::seed_from_u64(32);
    let (width, height) = (1024, 1200);
    for case in 0..12 {
        let mut maps = thin_maps(&mut rng, width, height, 3, Shape::Curves);
        let wide = [(false, false), (true, false), (false, true)][case % 3];
        let ignore = [Some(255), None][case % 2];
        for _ in 0..=case % 3 {
            let at = rng.gen_range(width * height / 4..width * height);
            if rng.gen_bool(0.5) {
                maps.truth[at] = 9;
            } else {
                maps.pred[at] = 9;
            }
        }
        let views = maps.views();
        let (t, p) = views.labels(wide.0, wide.1);
        let req = tolerant_request(width, 3, ignore, &[1, 2]);
        check_error(t, p, &req, &|| format!("large case {case}"));
    }
}

#[test]
fn truth_is_reported_before_prediction_and_predictions_are_checked_under_ignored_truth() {
    let width = 40;
    let mut truth = vec![0u8; 80];
    let mut pred = vec![0u8; 80];
    truth[50] = 7;
    pred[50] = 8;
    let req = tolerant_request(width, 3, Some(255), &[1]);
    let err = thin_counts_with(ThinPath::Fast, Labels::U8(&truth), Labels::U8(&pred), &req);
    assert_eq!(
        err.clone().unwrap_err(),
        PerclassError::LabelRange {
            side: Side::Truth,
            value: 7,
            index: 50,
            num_classes: 3,
            ignore_index: Some(255),
        }
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "truth label 7 at index 50 is outside [0, 3) and is not ignoreIndex 255"
    );
    // An earlier prediction under an ignored truth pixel comes first.
    truth[33] = 255;
    pred[33] = 4;
    let err = thin_counts_with(ThinPath::Fast, Labels::U8(&truth), Labels::U8(&pred), &req);
    assert_eq!(
        err.unwrap_err().to_string(),
        "prediction label 4 at index 33 is outside [0, 3) and is not ignoreIndex 255"
    );
    let req = tolerant_request(width, 3, None, &[]);
    let err = thin_counts_with(ThinPath::Fast, Labels::U8(&truth), Labels::U8(&pred), &req);
    assert_eq!(
        err.unwrap_err().to_string(),
        "truth label 255 at index 33 is outside [0, 3)"
    );
}

#[test]
fn fast_masks_equal_the_reference_masks_through_the_counts() {
    // τ = 0 tolerant counts give |P|, |G| and |P ∩ G|; trace counts on rows and columns give the
    // runs of every row and column and their centres.
    let mut rng = SmallRng::seed_from_u64(33);
    for case in 0..1500 {
        let (width, height) = (rng.gen_range(1..=70), rng.gen_range(0..=40));
        let k = [1, 2, 3, 5, 19, 256, 300][case % 7];
        let wide = random_widths(&mut rng, k);
        let ignore = [None, Some(255), Some(rng.gen_range(0..k))][case % 3];
        let mut maps = thin_maps(&mut rng, width, height, k, SHAPES[case % 3]);
        if let Some(i) = ignore {
            maps.sprinkle_ignore(&mut rng, i as u16, k);
        }
        let views = maps.views();
        let (t, p) = views.labels(wide.0, wide.1);
        let mut classes = random_classes(&mut rng, k);
        // The ignore index as a requested class: its sets are empty.
        if let Some(i) = ignore.filter(|&i| i < k && !classes.contains(&i)) {
            classes.push(i);
        }
        for axis in AXES {
            let req = ThinRequest {
                tolerance: &[0.0, 2.0],
                depth_axis: axis,
                ..request(width, k, ignore, &classes, TOLERANT_AND_TRACE)
            };
            let counts = both_paths(t, p, &req, &|| {
                format!("case {case}: {width}x{height} K={k} ignore {ignore:?} {axis:?}")
            })
            .unwrap();
            if let Some(i) = ignore {
                for class in counts.classes.iter().filter(|c| c.class == i) {
                    assert_eq!(class.tolerant[0].predicted + class.tolerant[0].truth, 0);
                }
            }
        }
    }
}
