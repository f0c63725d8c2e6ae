//! Score counts against a naive reference: argmax (numpy semantics: first maximum), thresholds
//! and one-vs-rest, in both layouts, whole, in pieces and on the pool; NaN and label errors.

#[cfg(not(feature = "parallel"))]
use perclass_core::scores::scores_count as scores_count_parallel;
#[cfg(feature = "parallel")]
use perclass_core::scores::scores_count_parallel;
use perclass_core::scores::{
    scores_count, OneVsRest, ScoreChunk, ScoreCounts, ScoreLayout, ScoreRule, ScoreStream,
    ScoreValues,
};
use perclass_core::{confusion_matrix, Labels, PerclassError};
use rand::{rngs::SmallRng, Rng, SeedableRng};

fn at(
    values: &[f32],
    layout: ScoreLayout,
    channels: usize,
    pixels: usize,
    i: usize,
    c: usize,
) -> f32 {
    match layout {
        ScoreLayout::Chw => values[c * pixels + i],
        ScoreLayout::Hwc => values[i * channels + c],
    }
}

/// The label of each pixel, by the rule, one pixel at a time.
fn reference_labels(
    values: &[f32],
    layout: ScoreLayout,
    rule: &ScoreRule,
    k: u32,
    pixels: usize,
) -> Vec<u16> {
    let channels = rule.channels(k);
    (0..pixels)
        .map(|i| match rule {
            ScoreRule::Argmax => {
                let mut best = 0;
                for c in 1..channels {
                    if at(values, layout, channels, pixels, i, c)
                        > at(values, layout, channels, pixels, i, best)
                    {
                        best = c;
                    }
                }
                best as u16
            }
            ScoreRule::Threshold {
                classes,
                thresholds,
                background,
            } => {
                let mut label = *background;
                let mut best = f64::NEG_INFINITY;
                for (j, (&class, &t)) in classes.iter().zip(thresholds).enumerate() {
                    let p = f64::from(at(values, layout, channels, pixels, i, j));
                    if p >= t && p > best {
                        best = p;
                        label = class;
                    }
                }
                label as u16
            }
            ScoreRule::MultiLabel { .. } => unreachable!(),
        })
        .collect()
}

fn random_case(rng: &mut SmallRng, pixels: usize, channels: usize, levels: u32) -> Vec<f32> {
    // Few distinct levels: ties are frequent.
    (0..pixels * channels)
        .map(|_| rng.gen_range(0..levels) as f32 / (levels - 1) as f32)
        .collect()
}

fn rules(k: u32) -> Vec<ScoreRule> {
    vec![
        ScoreRule::Argmax,
        ScoreRule::Threshold {
            classes: (1..k).collect(),
            thresholds: (1..k).map(|c| 0.2 + 0.1 * (c % 7) as f64).collect(),
            background: 0,
        },
        ScoreRule::Threshold {
            classes: vec![0, k - 1],
            thresholds: vec![0.5, 0.5],
            background: k / 2,
        },
    ]
}

#[test]
fn decisions_count_like_the_reference_labels() {
    let mut rng = SmallRng::seed_from_u64(13);
    for &(pixels, k) in &[
        (35usize, 3u32),
        (1, 2),
        (40_000, 4),
        (20_000, 300),
        (5000, 1),
    ] {
        let truth: Vec<u16> = (0..pixels).map(|_| rng.gen_range(0..k) as u16).collect();
        for rule in rules(k.max(2))
            .into_iter()
            .filter(|r| k > 1 || *r == ScoreRule::Argmax)
        {
            let channels = rule.channels(k);
            let values = random_case(&mut rng, pixels, channels, 5);
            for layout in [ScoreLayout::Chw, ScoreLayout::Hwc] {
                let labels = reference_labels(&values, layout, &rule, k, pixels);
                let expected =
                    confusion_matrix(Labels::U16(&truth), Labels::U16(&labels), k, None).unwrap();
                let got = scores_count(
                    Labels::U16(&truth),
                    ScoreValues::F32(&values),
                    layout,
                    &rule,
                    k,
                    None,
                )
                .unwrap();
                assert_eq!(
                    got,
                    ScoreCounts::Confusion(expected.clone()),
                    "{pixels} {k} {rule:?} {layout:?}"
                );
                let parallel = scores_count_parallel(
                    Labels::U16(&truth),
                    ScoreValues::F32(&values),
                    layout,
                    &rule,
                    k,
                    None,
                )
                .unwrap();
                assert_eq!(parallel, ScoreCounts::Confusion(expected), "parallel");
            }
        }
    }
}

/// Streams the map in packed pieces of `piece` pixels, as the wasm binding does.
fn in_pieces(
    truth: &[u8],
    values: &[f32],
    layout: ScoreLayout,
    rule: &ScoreRule,
    k: u32,
    piece: usize,
) -> Result<ScoreCounts, PerclassError> {
    let pixels = truth.len();
    let channels = rule.channels(k);
    let mut stream = ScoreStream::new(pixels, values.len(), layout, rule.clone(), k, Some(255))?;
    let mut start = 0;
    while start < pixels {
        let end = pixels.min(start + piece);
        let packed: Vec<f32> = match layout {
            ScoreLayout::Chw => (0..channels)
                .flat_map(|c| values[c * pixels + start..c * pixels + end].to_vec())
                .collect(),
            ScoreLayout::Hwc => values[start * channels..end * channels].to_vec(),
        };
        stream.add(
            Labels::U8(&truth[start..end]),
            ScoreChunk::packed(ScoreValues::F32(&packed), end - start),
            start,
        );
        start = end;
    }
    stream.finish()
}

#[test]
fn pieces_give_the_whole_result_errors_included() {
    let mut rng = SmallRng::seed_from_u64(7);
    let (pixels, k) = (50_000usize, 3u32);
    let truth: Vec<u8> = (0..pixels)
        .map(|i| {
            if i % 97 == 0 {
                255
            } else {
                rng.gen_range(0..3)
            }
        })
        .collect();
    let mut values = random_case(&mut rng, pixels, 3, 7);
    for layout in [ScoreLayout::Chw, ScoreLayout::Hwc] {
        let whole = scores_count(
            Labels::U8(&truth),
            ScoreValues::F32(&values),
            layout,
            &ScoreRule::Argmax,
            k,
            Some(255),
        );
        assert_eq!(
            in_pieces(&truth, &values, layout, &ScoreRule::Argmax, k, 4099),
            whole
        );
    }
    // NaN in channel 2 early and channel 0 late: channel 0's is first in CHW order.
    values[2 * pixels + 10] = f32::NAN;
    values[40_000] = f32::NAN;
    let mut bad_truth = truth.clone();
    bad_truth[5] = 9;
    for (layout, first) in [(ScoreLayout::Chw, 40_000), (ScoreLayout::Hwc, 40_000)] {
        for result in [
            scores_count(
                Labels::U8(&bad_truth),
                ScoreValues::F32(&values),
                layout,
                &ScoreRule::Argmax,
                k,
                Some(255),
            ),
            scores_count_parallel(
                Labels::U8(&bad_truth),
                ScoreValues::F32(&values),
                layout,
                &ScoreRule::Argmax,
                k,
                Some(255),
            ),
            in_pieces(&bad_truth, &values, layout, &ScoreRule::Argmax, k, 1000),
        ] {
            let error = result.unwrap_err();
            assert_eq!(
                (error.code(), error.to_string()),
                ("E_SCORE_NAN", format!("scores[{first}] is NaN"))
            );
        }
    }
    // Without NaN, the bad truth label is the error.
    let clean = random_case(&mut rng, pixels, 3, 7);
    let error = in_pieces(
        &bad_truth,
        &clean,
        ScoreLayout::Chw,
        &ScoreRule::Argmax,
        k,
        1000,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "truth label 9 at index 5 is outside [0, 3) and is not ignoreIndex 255"
    );
}

#[test]
fn nan_first_index_in_each_layout() {
    let (pixels, channels) = (35, 3);
    for layout in [ScoreLayout::Chw, ScoreLayout::Hwc] {
        for at in [0, 17, pixels * channels - 1] {
            let mut values = vec![0.5f32; pixels * channels];
            values[at] = f32::NAN;
            let truth = vec![0u8; pixels];
            let error = scores_count(
                Labels::U8(&truth),
                ScoreValues::F32(&values),
                layout,
                &ScoreRule::Argmax,
                3,
                None,
            )
            .unwrap_err();
            assert_eq!(error.to_string(), format!("scores[{at}] is NaN"));
        }
    }
}

#[test]
fn half_precision_and_bytes() {
    // f16: 1.0, 0.5, -inf, NaN; bytes: probabilities over 255.
    let truth = [0u8, 1, 1];
    let half = [
        0x3800u16, 0x3c00, 0xfc00, /* channel 1 */ 0x3c00, 0x3800, 0x3c00,
    ];
    let got = scores_count(
        Labels::U8(&truth),
        ScoreValues::F16(&half),
        ScoreLayout::Chw,
        &ScoreRule::Argmax,
        2,
        None,
    )
    .unwrap();
    let expected = confusion_matrix(Labels::U8(&truth), Labels::U8(&[1, 0, 1]), 2, None).unwrap();
    assert_eq!(got, ScoreCounts::Confusion(expected));
    let mut nan = half;
    nan[4] = 0x7e00;
    let error = scores_count(
        Labels::U8(&truth),
        ScoreValues::F16(&nan),
        ScoreLayout::Chw,
        &ScoreRule::Argmax,
        2,
        None,
    )
    .unwrap_err();
    assert_eq!(error.to_string(), "scores[4] is NaN");
    let bytes = [127u8, 128, 255];
    let rule = ScoreRule::Threshold {
        classes: vec![1],
        thresholds: vec![0.5],
        background: 0,
    };
    let got = scores_count(
        Labels::U8(&truth),
        ScoreValues::U8(&bytes),
        ScoreLayout::Hwc,
        &rule,
        2,
        None,
    )
    .unwrap();
    let expected = confusion_matrix(Labels::U8(&truth), Labels::U8(&[0, 1, 1]), 2, None).unwrap();
    assert_eq!(got, ScoreCounts::Confusion(expected));
}

#[test]
fn one_vs_rest_counts_each_class_on_its_own_map() {
    // 4 pixels, truth [1, 2, 0, 255 (ignored)], maps of classes 1 and 2 (CHW).
    let truth = [1u8, 2, 0, 255];
    let values = [0.9f32, 0.8, 0.1, 0.9, /* class 2 */ 0.1, 0.7, 0.6, 0.9];
    let rule = ScoreRule::MultiLabel {
        classes: vec![1, 2],
        thresholds: vec![0.5, 0.65],
    };
    let got = scores_count(
        Labels::U8(&truth),
        ScoreValues::F32(&values),
        ScoreLayout::Chw,
        &rule,
        3,
        Some(255),
    )
    .unwrap();
    assert_eq!(
        got,
        ScoreCounts::OneVsRest(vec![
            OneVsRest {
                class: 1,
                tp: 1,
                fp: 1,
                fn_: 0,
                tn: 1
            },
            OneVsRest {
                class: 2,
                tp: 1,
                fp: 0,
                fn_: 0,
                tn: 2
            },
        ])
    );
    let hwc = [0.9f32, 0.1, 0.8, 0.7, 0.1, 0.6, 0.9, 0.9];
    let got_hwc = scores_count(
        Labels::U8(&truth),
        ScoreValues::F32(&hwc),
        ScoreLayout::Hwc,
        &rule,
        3,
        Some(255),
    )
    .unwrap();
    assert_eq!(got_hwc, got);
}

#[test]
fn bad_arguments() {
    let truth = [0u8; 4];
    let values = [0.0f32; 11];
    let error = scores_count(
        Labels::U8(&truth),
        ScoreValues::F32(&values),
        ScoreLayout::Hwc,
        &ScoreRule::Argmax,
        3,
        None,
    )
    .unwrap_err();
    assert_eq!(error.code(), "E_SHAPE");
    assert_eq!(
        error.to_string(),
        "scores hold 11 values, but layout 'hwc' with 3 channels over 4 pixels needs 12"
    );
    let rule = ScoreRule::Threshold {
        classes: vec![1],
        thresholds: vec![1.5],
        background: 0,
    };
    let error = scores_count(
        Labels::U8(&truth),
        ScoreValues::F32(&values[..4]),
        ScoreLayout::Chw,
        &rule,
        3,
        None,
    )
    .unwrap_err();
    assert_eq!(error.code(), "E_OPTION");
}
