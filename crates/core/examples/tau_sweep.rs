//! The cost of tolerant counts across τ, on the maps that used to make it explode: 4096×4096 u8,
//! two one-pixel curves (classes 1, 2) and a prediction of them shifted and smeared, plus 20,000
//! stray false-positive pixels scattered over the image (issue 10).
//!
//! cargo run --release --example tau_sweep -p perclass-core --features parallel --target-dir target/tau
//!
//! Each figure is the median of several timed calls of `thin_counts` with one τ (tolerant counts
//! only), after one warm-up call; the last column is its ratio to the τ = 3 row. Every row's
//! counts are also checked against a second computation at the same τ inside a list of several
//! τ, so a τ-dependent shortcut cannot change a count unnoticed. τ values given as arguments
//! replace the sweep. Two other maps follow, other shapes of far pixels: sparse truth pixels
//! against the same prediction, and one truth pixel against 1% of the image predicted at random.

use std::time::Instant;

use perclass_core::{thin_counts, DepthAxis, Distance, Kernel, Labels, Metrics, ThinRequest};
use rand::{rngs::SmallRng, Rng, SeedableRng};

const SIDE: usize = 4096;
const STRAYS: usize = 20_000;
const RUNS: usize = 7;
const TAUS: [f64; 9] = [1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 1e9];

fn main() {
    let mut rng = SmallRng::seed_from_u64(10);
    let (truth, pred) = curves_with_strays(&mut rng, SIDE, STRAYS);
    let (t, p) = (Labels::U8(&truth), Labels::U8(&pred));
    println!(
        "tolerant counts, {SIDE}x{SIDE} u8, two 1-px curves + {STRAYS} stray predicted pixels; \
         {} kernel, {} thread(s); median of {RUNS} calls per row",
        Kernel::detect().name(),
        threads()
    );
    // τ values on the command line replace the default sweep (e.g. to profile one of them).
    let args: Vec<f64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("τ values as numbers"))
        .collect();
    let taus = if args.is_empty() { TAUS.to_vec() } else { args };
    sweep(t, p, &taus);
    // Other shapes of far pixels, for the bound: sparse truth pixels everywhere against the
    // strays, and one truth pixel in a corner against 1% of the image predicted at random.
    let mut rng = SmallRng::seed_from_u64(11);
    let (mut sparse, mut noise) = (vec![0u8; SIDE * SIDE], vec![0u8; SIDE * SIDE]);
    for _ in 0..SIDE * SIDE / 10_000 {
        sparse[rng.gen_range(0..SIDE * SIDE)] = rng.gen_range(1..=2);
    }
    for _ in 0..SIDE * SIDE / 100 {
        noise[rng.gen_range(0..SIDE * SIDE)] = 2;
    }
    let mut corner = vec![0u8; SIDE * SIDE];
    corner[0] = 2;
    println!("sparse truth pixels (1 in 10,000) against the same prediction");
    sweep(Labels::U8(&sparse), p, &taus);
    println!("one truth pixel in a corner against 1% of the pixels predicted at random");
    sweep(Labels::U8(&corner), Labels::U8(&noise), &taus);
}

/// Prints one row per τ and distance: the median time of a call with that τ alone.
fn sweep(t: Labels<'_>, p: Labels<'_>, taus: &[f64]) {
    for distance in [Distance::Euclidean, Distance::Chebyshev, Distance::Taxicab] {
        let all = thin_counts(t, p, &request(taus, distance)).expect("valid maps");
        let mut at_three = f64::NAN;
        for (i, &tau) in taus.iter().enumerate() {
            let req = request(std::slice::from_ref(&tau), distance);
            let one = thin_counts(t, p, &req).expect("valid maps");
            for (a, b) in one.classes.iter().zip(&all.classes) {
                assert_eq!(a.tolerant[0], b.tolerant[i], "τ {tau}: alone vs in a list");
            }
            let ms = median_ms(|| {
                thin_counts(t, p, &req).expect("valid maps");
            });
            if tau == 3.0 {
                at_three = ms;
            }
            let c = &one.classes[one.classes.len() - 1].tolerant[0];
            println!(
                "  {distance:?} τ = {tau:<7} {ms:>8.2} ms  {:>6.2}× τ=3   TP_P {} of {}, \
                 TP_G {} of {} (class 2)",
                ms / at_three,
                c.tp_pred,
                c.predicted,
                c.tp_truth,
                c.truth
            );
        }
    }
}

fn request(taus: &[f64], distance: Distance) -> ThinRequest<'_> {
    ThinRequest {
        width: SIDE,
        num_classes: 3,
        ignore_index: Some(255),
        classes: &[1, 2],
        tolerance: taus,
        distance,
        spacing: [1.0, 1.0],
        depth_axis: DepthAxis::Rows,
        metrics: Metrics {
            tolerant: true,
            ..Metrics::default()
        },
    }
}

/// Two random walks down the rows (classes 1, 2); the prediction is each walk shifted by (2, 1)
/// and dilated by one pixel, then `strays` predicted pixels of class 1 or 2 at random positions
/// (false positives far from any truth).
fn curves_with_strays(rng: &mut SmallRng, side: usize, strays: usize) -> (Vec<u8>, Vec<u8>) {
    let mut truth = vec![0u8; side * side];
    let mut pred = vec![0u8; side * side];
    for (class, start) in [(1u8, side / 3), (2u8, 2 * side / 3)] {
        let mut x = start as i64;
        for y in 0..side as i64 {
            x = (x + rng.gen_range(-1..=1)).clamp(0, side as i64 - 1);
            truth[y as usize * side + x as usize] = class;
            for (dx, dy) in (-1..=1).flat_map(|dx| (-1..=1).map(move |dy| (dx, dy))) {
                let (px, py) = (x + 2 + dx, y + 1 + dy);
                if (0..side as i64).contains(&px) && (0..side as i64).contains(&py) {
                    pred[py as usize * side + px as usize] = class;
                }
            }
        }
    }
    for _ in 0..strays {
        let at = rng.gen_range(0..side * side);
        pred[at] = rng.gen_range(1..=2);
    }
    (truth, pred)
}

#[cfg(feature = "parallel")]
fn threads() -> usize {
    rayon::current_num_threads()
}

#[cfg(not(feature = "parallel"))]
fn threads() -> usize {
    1
}

/// Median wall time of `RUNS` calls, after one warm-up call.
fn median_ms(mut f: impl FnMut()) -> f64 {
    f();
    let mut ms: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    ms[RUNS / 2]
}
