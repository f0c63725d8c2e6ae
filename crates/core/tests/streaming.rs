//! Counting maps that arrive in pieces (`Confusion::for_maps` + `add_chunk`, as the wasm binding
//! does) must give exactly one `confusion_matrix` call's result, errors and positions included.

mod common;

use common::*;
use perclass_core::{confusion_matrix, Confusion, Labels, PerclassError};
use rand::{rngs::SmallRng, Rng, SeedableRng};

fn in_chunks(
    truth: Labels<'_>,
    pred: Labels<'_>,
    k: u32,
    ignore: Option<u32>,
    chunk: usize,
) -> Result<Confusion, PerclassError> {
    let mut counts = Confusion::for_maps(truth.len(), pred.len(), k)?;
    let mut start = 0;
    while start < truth.len() {
        let end = truth.len().min(start + chunk);
        counts.add_chunk(
            truth.slice(start, end),
            pred.slice(start, end),
            ignore,
            start,
        )?;
        start = end;
    }
    Ok(counts)
}

#[test]
fn chunked_counts_equal_one_call() {
    let mut rng = SmallRng::seed_from_u64(41);
    for &style in &STYLES {
        for &(truth_wide, pred_wide) in
            &[(false, false), (false, true), (true, false), (true, true)]
        {
            for &k in &[1u32, 3, 19, 300] {
                for &ignore in &[None, Some(255u32), Some(0)] {
                    let n = rng.gen_range(0..5_000);
                    let (mut t, mut p) = random_maps(&mut rng, n, k, style, truth_wide, pred_wide);
                    if let Some(i) = ignore {
                        sprinkle_ignore(&mut rng, &mut t, &mut p, i as u16);
                    }
                    // Plant a bad label in a later chunk now and then.
                    if n > 0 && rng.gen_bool(0.3) {
                        if let Some(bad) = bad_label(&mut rng, k, ignore, pred_wide) {
                            p[rng.gen_range(0..n)] = bad;
                        }
                    }
                    let maps = Maps::new(t, p);
                    let (tl, pl) = maps.labels(truth_wide, pred_wide);
                    let expected = confusion_matrix(tl, pl, k, ignore);
                    for chunk in [1, 7, 64, 1000, 100_000] {
                        assert_eq!(
                            in_chunks(tl, pl, k, ignore, chunk),
                            expected,
                            "{style:?} k={k} ignore={ignore:?} n={n} chunk={chunk}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn whole_map_arguments_are_checked_first() {
    assert_eq!(
        Confusion::for_maps(3, 4, 0),
        Err(PerclassError::NumClasses { value: 0 })
    );
    assert_eq!(
        Confusion::for_maps(3, 4, 2),
        Err(PerclassError::Shape { truth: 3, pred: 4 })
    );
    let mut counts = Confusion::for_maps(0, 0, 2).unwrap();
    assert_eq!(
        counts.add_chunk(Labels::U8(&[0]), Labels::U8(&[0, 1]), None, 0),
        Err(PerclassError::Shape { truth: 1, pred: 2 })
    );
}
