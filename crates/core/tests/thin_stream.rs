//! Thin-structure counts of maps streamed a few rows at a time (`ThinStream`, as the wasm binding
//! does) must be exactly one `thin_counts` call's, errors and their positions included.

mod common;

use common::thin::*;
use perclass_core::{thin_counts, Labels, PerclassError, ThinCounts, ThinRequest, ThinStream};
use rand::{rngs::SmallRng, Rng, SeedableRng};

fn streamed(
    truth: Labels<'_>,
    pred: Labels<'_>,
    request: &ThinRequest<'_>,
    rows_per_piece: usize,
) -> Result<ThinCounts, PerclassError> {
    let mut stream = ThinStream::new(truth.len(), pred.len(), request)?;
    let piece = rows_per_piece * request.width;
    let mut start = 0;
    while start < truth.len() {
        let end = truth.len().min(start + piece);
        stream.add_rows(truth.slice(start, end), pred.slice(start, end))?;
        start = end;
    }
    Ok(stream.finish())
}

#[test]
fn streamed_counts_equal_one_call() {
    let mut rng = SmallRng::seed_from_u64(77);
    for round in 0..120 {
        let k = rng.gen_range(2..=6);
        let (width, height) = (rng.gen_range(1..=48), rng.gen_range(0..=40));
        let shape = SHAPES[round % SHAPES.len()];
        let mut maps = thin_maps(&mut rng, width, height, k, shape);
        let ignore = [None, Some(255), Some(0)][round % 3];
        if let Some(i) = ignore {
            maps.sprinkle_ignore(&mut rng, i as u16, k);
        }
        let wide = (rng.gen_bool(0.3), rng.gen_bool(0.3));
        if rng.gen_bool(0.3) {
            maps.plant_bad_labels(&mut rng, 1, k, ignore, wide);
        }
        let views = maps.views();
        let (t, p) = views.labels(wide.0, wide.1);
        let classes = random_classes(&mut rng, k);
        let taus = [0.0, 1.0, 1.5, 3.0];
        let distance = DISTANCES[round % DISTANCES.len()];
        let axis = AXES[(round / 2) % 2];
        let req = ThinRequest {
            tolerance: &taus,
            distance,
            depth_axis: axis,
            ..request(width, k, ignore, &classes, ALL_METRICS)
        };
        let want = thin_counts(t, p, &req);
        for rows in [1, 2, 7, 1000] {
            assert_eq!(
                streamed(t, p, &req, rows),
                want,
                "round {round}, {width}x{height}, {rows} rows per piece"
            );
        }
    }
}

#[test]
fn argument_errors_come_first_as_in_one_call() {
    let classes = [1];
    let taus = [1.0];
    let req = ThinRequest {
        tolerance: &taus,
        ..request(4, 3, None, &classes, ALL_METRICS)
    };
    assert!(matches!(
        ThinStream::new(8, 12, &req),
        Err(PerclassError::Shape { .. })
    ));
    assert!(matches!(
        ThinStream::new(10, 10, &req),
        Err(PerclassError::Width { len: 10, width: 4 })
    ));
}
