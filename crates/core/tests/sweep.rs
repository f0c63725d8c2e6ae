//! The sweep's counts against the definition, threshold by threshold, pixel by pixel.

use perclass_core::scores::ScoreLayout as Layout;
use perclass_core::{sweep_counts, Distance, Labels, Scores, SweepRequest};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

fn within(distance: Distance, dy: usize, dx: usize, tau: f64) -> bool {
    let (dy, dx) = (dy as f64, dx as f64);
    match distance {
        Distance::Euclidean => dy * dy + dx * dx <= tau * tau,
        Distance::Chebyshev => dy.max(dx) <= tau,
        Distance::Taxicab => dy + dx <= tau,
    }
}

/// Per threshold, `[predicted, tp_pred, tp_truth]`, and |G|, from the definition.
#[allow(clippy::too_many_arguments)] // the definition's inputs, spelled out
fn brute(
    labels: &[u32],
    probs: &[f64],
    width: usize,
    class: u32,
    ignore: u32,
    thresholds: &[f64],
    tau: f64,
    distance: Distance,
) -> (u64, Vec<[u64; 3]>) {
    let n = labels.len();
    let at = |i: usize| (i / width, i % width);
    let g: Vec<usize> = (0..n).filter(|&i| labels[i] == class).collect();
    let near = |a: usize, b: usize| {
        let ((ya, xa), (yb, xb)) = (at(a), at(b));
        within(distance, ya.abs_diff(yb), xa.abs_diff(xb), tau)
    };
    let counts = thresholds
        .iter()
        .map(|&t| {
            let p: Vec<usize> = (0..n)
                .filter(|&i| labels[i] != ignore && probs[i] >= t)
                .collect();
            let tp_pred = p.iter().filter(|&&q| g.iter().any(|&x| near(q, x))).count();
            let tp_truth = g.iter().filter(|&&x| p.iter().any(|&q| near(q, x))).count();
            [p.len() as u64, tp_pred as u64, tp_truth as u64]
        })
        .collect();
    (g.len() as u64, counts)
}

#[test]
fn sweep_counts_follow_the_definition() {
    let mut rng = SmallRng::seed_from_u64(13);
    let thresholds = [0.0, 0.1, 0.25, 0.5, 0.5 + 1e-9, 0.75, 0.99, 1.0];
    for round in 0..60 {
        let width = rng.gen_range(1..9);
        let height = rng.gen_range(1..9);
        let n = width * height;
        let truth: Vec<u8> = (0..n)
            .map(|_| match rng.gen_range(0..10) {
                0 => 255,
                1..=3 => 1,
                4 => 2,
                _ => 0,
            })
            .collect();
        let classes = [1u32, 2];
        let quantised = round % 3 == 0;
        let layout = if round % 2 == 0 {
            Layout::Chw
        } else {
            Layout::Hwc
        };
        let raw: Vec<u8> = (0..2 * n).map(|_| rng.gen()).collect();
        let f32s: Vec<f32> = raw
            .iter()
            .map(|&v| {
                if v % 17 == 0 {
                    0.5
                } else {
                    f32::from(v) / 250.0 - 0.01
                }
            })
            .collect();
        let tau = [0.0, 0.5, 1.0, 1.5, std::f64::consts::SQRT_2, 2.0, 3.0][round % 7];
        let distance = [Distance::Euclidean, Distance::Chebyshev, Distance::Taxicab][round % 3];
        let request = SweepRequest {
            width,
            num_classes: 3,
            ignore_index: Some(255),
            classes: &classes,
            thresholds: &thresholds,
            tolerance: tau,
            distance,
            layout,
        };
        let scores = if quantised {
            Scores::U8(&raw)
        } else {
            Scores::F32(&f32s)
        };
        let got = sweep_counts(Labels::U8(&truth), scores, &request).unwrap();
        let labels: Vec<u32> = truth.iter().map(|&v| u32::from(v)).collect();
        for (c, &class) in classes.iter().enumerate() {
            let probs: Vec<f64> = (0..n)
                .map(|i| {
                    let index = match layout {
                        Layout::Chw => c * n + i,
                        Layout::Hwc => i * 2 + c,
                    };
                    if quantised {
                        f64::from(raw[index]) / 255.0
                    } else {
                        f64::from(f32s[index])
                    }
                })
                .collect();
            let (g, want) = brute(
                &labels,
                &probs,
                width,
                class,
                255,
                &thresholds,
                tau,
                distance,
            );
            let have = &got.classes[c];
            assert_eq!(have.class, class);
            assert_eq!(have.truth, g, "round {round}");
            for (k, w) in want.iter().enumerate() {
                let h = [have.predicted[k], have.tp_pred[k], have.tp_truth[k]];
                assert_eq!(&h, w, "round {round} class {class} threshold {k} tau {tau}");
            }
        }
    }
}

#[test]
fn nan_scores_and_bad_options_are_coded() {
    let truth = [0u8, 1, 1, 0];
    let classes = [1u32];
    let mut request = SweepRequest {
        width: 2,
        num_classes: 2,
        ignore_index: None,
        classes: &classes,
        thresholds: &[0.5],
        tolerance: 0.0,
        distance: Distance::Euclidean,
        layout: Layout::Chw,
    };
    let scores = [0.1f32, f32::INFINITY, f32::NAN, f32::NAN];
    let err = sweep_counts(Labels::U8(&truth), Scores::F32(&scores), &request).unwrap_err();
    assert_eq!(
        (err.code(), err.to_string().as_str()),
        ("E_SCORE_NAN", "scores[2] is NaN")
    );
    let err = sweep_counts(Labels::U8(&truth), Scores::F32(&scores[..3]), &request).unwrap_err();
    assert_eq!(err.code(), "E_SHAPE");
    for bad in [
        &[0.5, 0.5][..],
        &[1.5][..],
        &[-0.1][..],
        &[0.6, 0.2][..],
        &[][..],
    ] {
        request.thresholds = bad;
        let err = sweep_counts(Labels::U8(&truth), Scores::F32(&scores), &request).unwrap_err();
        assert_eq!(err.code(), "E_OPTION", "{bad:?}");
    }
    request.thresholds = &[0.5];
    let err = sweep_counts(Labels::U8(&[0, 1, 7, 0]), Scores::U8(&[0; 4]), &request).unwrap_err();
    assert_eq!(err.code(), "E_LABEL_RANGE");
    let ok = sweep_counts(
        Labels::U8(&truth),
        Scores::U8(&[0, 255, 127, 128]),
        &request,
    )
    .unwrap();
    // 127/255 < 0.5 <= 128/255, +Infinity and the byte 255 are always predicted.
    assert_eq!(ok.classes[0].predicted, vec![2]);
    assert_eq!(ok.classes[0].tp_pred, vec![1]);
}
