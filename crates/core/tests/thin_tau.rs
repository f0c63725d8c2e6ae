//! Tolerant counts at any τ, small to larger than the image, must equal the per-pixel reference
//! bit for bit, Euclidean and Chebyshev, one-shot and streamed: in particular on maps with stray
//! pixels far from everything, where large τ takes the nearest-distance path instead of runs.

mod common;

use common::thin::*;
use perclass_core::{
    thin_counts, thin_counts_with, Distance, Labels, PerclassError, ThinCounts, ThinPath,
    ThinRequest, ThinStream,
};
use rand::{rngs::SmallRng, seq::SliceRandom, Rng, SeedableRng};

/// The brief's τ values, from τ = 0 (plain overlap) to far beyond any image here.
const SWEEP: [f64; 10] = [0.0, 1.0, 1.5, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 1e9];

/// The sweep in random order, a random subset, plus τ values that land on and next to exact
/// distances (√d² and the doubles either side), where the float test decides.
fn random_taus(rng: &mut SmallRng) -> Vec<f64> {
    let mut taus: Vec<f64> = SWEEP
        .iter()
        .copied()
        .filter(|_| rng.gen_bool(0.7))
        .collect();
    for _ in 0..rng.gen_range(0..4) {
        let d2: u64 = rng.gen_range(0..3000);
        let exact = (d2 as f64).sqrt();
        let tau = match rng.gen_range(0..3) {
            0 => exact,
            1 => f64::from_bits(exact.to_bits().saturating_sub(1)),
            _ => f64::from_bits(exact.to_bits() + 1),
        };
        taus.push(tau);
    }
    if rng.gen_bool(0.3) {
        taus.push(rng.gen_range(0.0..80.0));
    }
    if taus.is_empty() {
        taus.push(300.0);
    }
    taus.shuffle(rng);
    taus
}

/// Maps of the three shapes, then stray pixels of the scored classes scattered over either side:
/// false positives (and misses) far from any curve, the case that made large τ expensive.
fn maps_with_strays(rng: &mut SmallRng, case: usize) -> (ThinMaps, u32, String) {
    let (width, height) = (rng.gen_range(1..=90), rng.gen_range(1..=60));
    let shape = SHAPES[case % SHAPES.len()];
    let k = [2, 3, 5][rng.gen_range(0..3)];
    let mut maps = thin_maps(rng, width, height, k, shape);
    let n = width * height;
    let strays = [0, 1, 5, n / 20, n / 4][rng.gen_range(0..5)];
    for _ in 0..strays {
        let at = rng.gen_range(0..n);
        let class = rng.gen_range(1..k) as u16;
        if rng.gen_bool(0.7) {
            maps.pred[at] = class;
        } else {
            maps.truth[at] = class;
        }
    }
    let what = format!("case {case}: {shape:?} {width}x{height}, K={k}, {strays} strays");
    (maps, k, what)
}

fn tolerant<'a>(
    width: usize,
    k: u32,
    classes: &'a [u32],
    taus: &'a [f64],
    distance: Distance,
) -> ThinRequest<'a> {
    ThinRequest {
        tolerance: taus,
        distance,
        ..request(width, k, None, classes, TOLERANT)
    }
}

#[test]
fn fast_equals_reference_at_every_tau_with_stray_pixels() {
    let mut rng = SmallRng::seed_from_u64(1010);
    for case in 0..500 {
        let (maps, k, what) = maps_with_strays(&mut rng, case);
        let classes: Vec<u32> = (0..k).collect();
        let taus = random_taus(&mut rng);
        let views = maps.views();
        let wide = (rng.gen_bool(0.3), rng.gen_bool(0.3));
        let (t, p) = views.labels(wide.0, wide.1);
        for distance in DISTANCES {
            let req = tolerant(maps.width, k, &classes, &taus, distance);
            let what = || format!("{what}, {distance:?}, τ {taus:?}");
            both_paths(t, p, &req, &what).expect("valid maps");
        }
    }
}

#[test]
fn each_tau_alone_equals_the_same_tau_in_a_list() {
    // Large τ share one nearest-distance computation per call; alone, each computes its own.
    let mut rng = SmallRng::seed_from_u64(1011);
    for case in 0..150 {
        let (maps, k, what) = maps_with_strays(&mut rng, case);
        let classes: Vec<u32> = (1..k).collect();
        let views = maps.views();
        let (t, p) = views.labels(false, false);
        for distance in DISTANCES {
            let all = thin_counts(t, p, &tolerant(maps.width, k, &classes, &SWEEP, distance))
                .expect("valid maps");
            for (i, tau) in SWEEP.iter().enumerate() {
                let taus = [*tau];
                let one = thin_counts(t, p, &tolerant(maps.width, k, &classes, &taus, distance))
                    .expect("valid maps");
                for (a, b) in one.classes.iter().zip(&all.classes) {
                    assert_eq!(
                        a.tolerant[0], b.tolerant[i],
                        "{what}, {distance:?}, τ {tau}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_stray_pixel_is_reached_exactly_at_its_distance() {
    // One truth pixel and one predicted pixel (dx, dy) apart on a large map: reached at τ equal
    // to the distance, not at the double just below it (Euclidean: √(dx² + dy²) as f64, whose
    // square may round either way; the test is d² ≤ τ·τ in f64, so the exact boundary is found
    // by that test itself).
    let (width, height) = (700, 500);
    for (dx, dy) in [(0, 9), (9, 0), (5, 7), (300, 200), (699, 499), (12, 400)] {
        let mut truth = vec![0u8; width * height];
        let mut pred = vec![0u8; width * height];
        truth[0] = 1;
        pred[dy * width + dx] = 1;
        for distance in DISTANCES {
            let d2 = (dx * dx + dy * dy) as f64;
            // The least double τ with the definition's test true, found by stepping down from
            // an upper bound.
            let mut tau = match distance {
                Distance::Euclidean => d2.sqrt() * (1.0 + 1e-12),
                Distance::Chebyshev => dx.max(dy) as f64,
                Distance::Taxicab => (dx + dy) as f64,
            };
            let holds = |tau: f64| match distance {
                Distance::Euclidean => d2 <= tau * tau,
                Distance::Chebyshev => dx.max(dy) as f64 <= tau,
                Distance::Taxicab => (dx + dy) as f64 <= tau,
            };
            while holds(f64::from_bits(tau.to_bits() - 1)) {
                tau = f64::from_bits(tau.to_bits() - 1);
            }
            let below = f64::from_bits(tau.to_bits() - 1);
            let taus = [below, tau, 1e9];
            let req = tolerant(width, 2, &[1], &taus, distance);
            let counts = thin_counts(Labels::U8(&truth), Labels::U8(&pred), &req).unwrap();
            let got: Vec<(u64, u64)> = counts.classes[0]
                .tolerant
                .iter()
                .map(|t| (t.tp_pred, t.tp_truth))
                .collect();
            assert_eq!(got, [(0, 0), (1, 1), (1, 1)], "({dx}, {dy}), {distance:?}");
            // Alone, each τ is also the largest, where the search stops.
            for (tau, reached) in [(below, 0), (tau, 1)] {
                let taus = [tau];
                let req = tolerant(width, 2, &[1], &taus, distance);
                let counts = thin_counts(Labels::U8(&truth), Labels::U8(&pred), &req).unwrap();
                let t = counts.classes[0].tolerant[0];
                assert_eq!((t.tp_pred, t.tp_truth), (reached, reached), "τ {tau} alone");
            }
        }
    }
}

fn streamed(
    truth: Labels<'_>,
    pred: Labels<'_>,
    request: &ThinRequest<'_>,
    rng: &mut SmallRng,
) -> Result<ThinCounts, PerclassError> {
    let mut stream = ThinStream::new(truth.len(), pred.len(), request)?;
    let rows = truth.len() / request.width;
    let mut row = 0;
    while row < rows {
        let next = (row + rng.gen_range(1..=8)).min(rows);
        let (start, end) = (row * request.width, next * request.width);
        stream.add_rows(truth.slice(start, end), pred.slice(start, end))?;
        row = next;
    }
    Ok(stream.finish())
}

#[test]
fn streamed_counts_equal_the_reference_at_every_tau() {
    let mut rng = SmallRng::seed_from_u64(1012);
    for case in 0..250 {
        let (maps, k, what) = maps_with_strays(&mut rng, case);
        let classes: Vec<u32> = (0..k).collect();
        let taus = random_taus(&mut rng);
        let views = maps.views();
        let (t, p) = views.labels(rng.gen_bool(0.3), rng.gen_bool(0.3));
        for distance in DISTANCES {
            let req = tolerant(maps.width, k, &classes, &taus, distance);
            let want = thin_counts_with(ThinPath::Reference, t, p, &req).expect("valid maps");
            let got = streamed(t, p, &req, &mut rng).expect("valid maps");
            assert_eq!(got, want, "{what}, {distance:?}, τ {taus:?}");
        }
    }
}

#[test]
fn large_maps_with_many_strays_at_every_tau() {
    // Curves on a map large enough for several blocks of columns and rows scanned in bands, with
    // stray pixels in both sides; the reference is slow here, so a few maps only.
    let mut rng = SmallRng::seed_from_u64(1013);
    for (width, height, strays) in [(400, 300, 600), (1100, 90, 300), (90, 700, 200)] {
        let mut maps = thin_maps(&mut rng, width, height, 3, Shape::Curves);
        for _ in 0..strays {
            let at = rng.gen_range(0..width * height);
            let side = if rng.gen_bool(0.8) {
                &mut maps.pred
            } else {
                &mut maps.truth
            };
            side[at] = rng.gen_range(1..3);
        }
        let views = maps.views();
        let (t, p) = views.labels(false, false);
        for distance in DISTANCES {
            let req = tolerant(width, 3, &[1, 2], &SWEEP, distance);
            let what = || format!("{width}x{height}, {strays} strays, {distance:?}");
            let want = both_paths(t, p, &req, &what).expect("valid maps");
            let got = streamed(t, p, &req, &mut rng).expect("valid maps");
            assert_eq!(got, want, "streamed, {}", what());
        }
    }
}
