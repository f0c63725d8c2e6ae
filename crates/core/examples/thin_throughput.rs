//! Throughput of the thin-structure counts (tolerant and curve-trace) on 4096×4096 u8 maps of
//! two one-pixel curves, the benchmark case.
//!
//! cargo run --release --example thin_throughput -p perclass-core --features parallel
//!
//! The maps: classes 1 and 2 as random walks down the rows (depth runs down the rows); the
//! prediction is each curve dilated by one pixel (3×3) and shifted by (2, 1). Each figure is the
//! median of several runs, in millions of pixels per second. The baseline of the same run is the
//! confusion matrix of the same maps (one pass over both, the floor any count pays).

use std::time::Instant;

use perclass_core::{
    thin_counts, thin_counts_with, DepthAxis, Distance, Kernel, Labels, Metrics, ThinPath,
    ThinRequest,
};
use rand::{rngs::SmallRng, Rng, SeedableRng};

const SIDE: usize = 4096;
const RUNS: usize = 9;

fn main() {
    let mut rng = SmallRng::seed_from_u64(42);
    let (truth, pred) = curve_maps(&mut rng, SIDE, SIDE);
    let (t, p) = (Labels::U8(&truth), Labels::U8(&pred));
    println!(
        "thin counts, {SIDE}x{SIDE} u8, two 1-px curves (classes 1, 2), prediction dilated by 1 \
         and shifted; {} kernel, {} thread(s); medians of {RUNS} runs",
        Kernel::detect().name(),
        threads()
    );

    let baseline = mpix_per_s(SIDE * SIDE, || confusion(t, p));
    println!(
        "  {:<48} {baseline:>7.0} Mpix/s  (baseline)",
        "confusion matrix"
    );

    let taus = [1.5, 3.0];
    let tolerant = Metrics {
        tolerant: true,
        ..Metrics::default()
    };
    let trace = Metrics {
        trace: true,
        ..Metrics::default()
    };
    let both = Metrics {
        tolerant: true,
        trace: true,
        ..Metrics::default()
    };
    let cases: [(&str, Metrics, Distance, DepthAxis); 6] = [
        (
            "masks only (the scan every metric starts with)",
            Metrics::default(),
            Distance::Euclidean,
            DepthAxis::Rows,
        ),
        (
            "tolerant τ {1.5, 3}, euclidean",
            tolerant,
            Distance::Euclidean,
            DepthAxis::Rows,
        ),
        (
            "tolerant τ {1.5, 3}, chebyshev",
            tolerant,
            Distance::Chebyshev,
            DepthAxis::Rows,
        ),
        (
            "trace, depth down the rows",
            trace,
            Distance::Euclidean,
            DepthAxis::Rows,
        ),
        (
            "trace, depth along the columns",
            trace,
            Distance::Euclidean,
            DepthAxis::Columns,
        ),
        (
            "tolerant + trace (rows)",
            both,
            Distance::Euclidean,
            DepthAxis::Rows,
        ),
    ];
    for (name, metrics, distance, depth_axis) in cases {
        let req = request(&taus, metrics, distance, depth_axis);
        let rate = mpix_per_s(SIDE * SIDE, || {
            thin_counts(t, p, &req).expect("valid maps");
        });
        println!(
            "  {name:<48} {rate:>7.0} Mpix/s  {:>5.2}x baseline",
            rate / baseline
        );
    }

    // A τ larger than the image must cost what a small one does.
    let req = request(&[1e9], tolerant, Distance::Euclidean, DepthAxis::Rows);
    let rate = mpix_per_s(SIDE * SIDE, || {
        thin_counts(t, p, &req).expect("valid maps");
    });
    println!(
        "  {:<48} {rate:>7.0} Mpix/s  {:>5.2}x baseline",
        "tolerant τ = 1e9",
        rate / baseline
    );

    // The per-pixel references on a 1024×1024 corner of the same maps, for scale.
    let side = 1024;
    let crop = |m: &[u8]| -> Vec<u8> {
        m.chunks(SIDE)
            .take(side)
            .flat_map(|row| &row[..side])
            .copied()
            .collect()
    };
    let (ct, cp) = (crop(&truth), crop(&pred));
    let (ct, cp) = (Labels::U8(&ct), Labels::U8(&cp));
    let mut req = request(&taus, both, Distance::Euclidean, DepthAxis::Rows);
    req.width = side;
    let fast = thin_counts_with(ThinPath::Fast, ct, cp, &req).expect("valid maps");
    let reference = thin_counts_with(ThinPath::Reference, ct, cp, &req).expect("valid maps");
    assert_eq!(fast, reference, "fast and reference differ on the crop");
    for (name, path) in [("fast", ThinPath::Fast), ("reference", ThinPath::Reference)] {
        let rate = mpix_per_s(side * side, || {
            thin_counts_with(path, ct, cp, &req).expect("valid maps");
        });
        let label = format!("{name}, tolerant + trace, {side}x{side} crop");
        println!("  {label:<48} {rate:>7.0} Mpix/s");
    }
}

fn request<'a>(
    taus: &'a [f64],
    metrics: Metrics,
    distance: Distance,
    depth_axis: DepthAxis,
) -> ThinRequest<'a> {
    ThinRequest {
        width: SIDE,
        num_classes: 3,
        ignore_index: Some(255),
        classes: &[1, 2],
        tolerance: taus,
        distance,
        spacing: [1.0, 1.0],
        depth_axis,
        metrics,
    }
}

/// Two random walks down the rows (classes 1, 2) and their prediction: each walk dilated by one
/// pixel in every direction and shifted by (2, 1).
fn curve_maps(rng: &mut SmallRng, width: usize, height: usize) -> (Vec<u8>, Vec<u8>) {
    let mut truth = vec![0u8; width * height];
    let mut pred = vec![0u8; width * height];
    for (class, start) in [(1u8, width / 3), (2u8, 2 * width / 3)] {
        let mut x = start as i64;
        for y in 0..height as i64 {
            x = (x + rng.gen_range(-1..=1)).clamp(0, width as i64 - 1);
            truth[y as usize * width + x as usize] = class;
            for (dx, dy) in (-1..=1).flat_map(|dx| (-1..=1).map(move |dy| (dx, dy))) {
                let (px, py) = (x + 2 + dx, y + 1 + dy);
                if (0..width as i64).contains(&px) && (0..height as i64).contains(&py) {
                    pred[py as usize * width + px as usize] = class;
                }
            }
        }
    }
    (truth, pred)
}

#[cfg(feature = "parallel")]
fn confusion(t: Labels<'_>, p: Labels<'_>) {
    perclass_core::confusion_matrix_parallel(t, p, 3, Some(255)).expect("valid maps");
}

#[cfg(not(feature = "parallel"))]
fn confusion(t: Labels<'_>, p: Labels<'_>) {
    perclass_core::confusion_matrix(t, p, 3, Some(255)).expect("valid maps");
}

#[cfg(feature = "parallel")]
fn threads() -> usize {
    rayon::current_num_threads()
}

#[cfg(not(feature = "parallel"))]
fn threads() -> usize {
    1
}

/// Median throughput of `RUNS` timed calls, after one warm-up call.
fn mpix_per_s(pixels: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            pixels as f64 / start.elapsed().as_secs_f64() / 1e6
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[RUNS / 2]
}
