//! Throughput of every kernel on 4096×4096 u8 maps shaped like the real workload.
//!
//! cargo run --release --example throughput -p perclass-core --features parallel
//!
//! Each figure is the median of several runs, in millions of pixels per second; the scalar
//! reference of the same run is the baseline the ratios are against.

use std::time::Instant;

use perclass_core::{confusion_matrix_with, Confusion, Kernel, Labels};
use rand::{rngs::SmallRng, Rng, SeedableRng};

const SIDE: usize = 4096;
const RUNS: usize = 9;

fn main() {
    let mut rng = SmallRng::seed_from_u64(42);
    let (t3, p3) = thin_curves(&mut rng);
    report("K=3 thin curves", &t3, &p3, 3);
    let (t19, p19) = blocky_regions(&mut rng);
    report("K=19 blocky regions", &t19, &p19, 19);

    let wide = |v: &[u8]| v.iter().map(|&x| u16::from(x)).collect::<Vec<u16>>();
    let (w3t, w3p) = (wide(&t3), wide(&p3));
    let (w19t, w19p) = (wide(&t19), wide(&p19));
    println!("\nu16 truth and prediction (same maps, widened)");
    for (name, t, p, k) in [("K=3", &w3t, &w3p, 3), ("K=19", &w19t, &w19p, 19)] {
        let line = Kernel::available()
            .into_iter()
            .map(|kernel| {
                let run = || confusion_matrix_with(kernel, Labels::U16(t), Labels::U16(p), k, None);
                format!("{} {:.0}", kernel.name(), mpix_per_s(run))
            })
            .collect::<Vec<_>>()
            .join(", ");
        println!("  {name}: {line} Mpix/s");
    }
}

fn report(name: &str, truth: &[u8], pred: &[u8], k: u32) {
    let (t, p) = (Labels::U8(truth), Labels::U8(pred));
    let reference = confusion_matrix_with(Kernel::Scalar, t, p, k, Some(255)).unwrap();
    let background = truth.iter().filter(|&&t| t == 0).count() as f64 / truth.len() as f64;
    println!("{name}: {:.1}% of truth is class 0", background * 100.0);

    let mut baseline = 0.0;
    for kernel in Kernel::available() {
        check(
            &reference,
            confusion_matrix_with(kernel, t, p, k, Some(255)).unwrap(),
        );
        let rate = mpix_per_s(|| confusion_matrix_with(kernel, t, p, k, Some(255)));
        if kernel == Kernel::Scalar {
            baseline = rate;
        }
        println!(
            "  {:<22} {rate:>8.0} Mpix/s  {:>5.1}x scalar",
            kernel.name(),
            rate / baseline
        );
    }
    parallel(t, p, k, &reference, baseline);
}

#[cfg(feature = "parallel")]
fn parallel(t: Labels<'_>, p: Labels<'_>, k: u32, reference: &Confusion, baseline: f64) {
    use perclass_core::confusion_matrix_parallel_with;
    let threads = rayon::current_num_threads();
    for kernel in [Kernel::Scalar, Kernel::detect()] {
        check(
            reference,
            confusion_matrix_parallel_with(kernel, t, p, k, Some(255)).unwrap(),
        );
        let rate = mpix_per_s(|| confusion_matrix_parallel_with(kernel, t, p, k, Some(255)));
        let label = format!("parallel {} ({threads} thr)", kernel.name());
        println!(
            "  {label:<22} {rate:>8.0} Mpix/s  {:>5.1}x scalar",
            rate / baseline
        );
    }
}

#[cfg(not(feature = "parallel"))]
fn parallel(_: Labels<'_>, _: Labels<'_>, _: u32, _: &Confusion, _: f64) {
    println!("  (parallel: run with --features parallel)");
}

fn check(reference: &Confusion, got: Confusion) {
    assert_eq!(
        &got, reference,
        "a kernel disagrees with the scalar reference"
    );
}

/// Median rate over `RUNS` runs, after one warm-up.
fn mpix_per_s<T>(mut run: impl FnMut() -> T) -> f64 {
    std::hint::black_box(run());
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            (SIDE * SIDE) as f64 / start.elapsed().as_secs_f64() / 1e6
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[RUNS / 2]
}

/// About 97% background: bands of 128 rows, each with two wandering curves (classes 1 and 2)
/// 1–3 px thick. The prediction follows each curve with a slowly varying vertical shift, a
/// thicker stroke in places (smear) and occasional gaps.
fn thin_curves(rng: &mut SmallRng) -> (Vec<u8>, Vec<u8>) {
    let mut truth = vec![0u8; SIDE * SIDE];
    let mut pred = vec![0u8; SIDE * SIDE];
    let band = 128;
    for top in (0..SIDE).step_by(band) {
        for class in 1..=2u8 {
            let mut y = (top + band / 3 * class as usize) as f64;
            let mut slope = 0.0f64;
            let mut shift = 0i64;
            let mut width = 2usize;
            let mut extra = 0usize;
            let mut gap = 0usize;
            let mut prev = y as usize;
            for x in 0..SIDE {
                slope = (slope + rng.gen_range(-0.15..0.15)).clamp(-1.5, 1.5);
                y = (y + slope).clamp(top as f64 + 4.0, (top + band) as f64 - 8.0);
                if rng.gen_bool(0.01) {
                    width = rng.gen_range(1..=3);
                }
                if rng.gen_bool(0.005) {
                    shift = rng.gen_range(-1..=1);
                }
                if rng.gen_bool(0.003) {
                    extra = rng.gen_range(0..=2);
                }
                if gap == 0 && rng.gen_bool(0.002) {
                    gap = rng.gen_range(5..40);
                }
                // A vertical stroke from the previous row to this one keeps the curve connected.
                let yi = y as usize;
                let (lo, hi) = (prev.min(yi), prev.max(yi) + width);
                for row in lo..hi {
                    truth[row * SIDE + x] = class;
                }
                if gap > 0 {
                    gap -= 1;
                } else {
                    let (plo, phi) = ((lo as i64 + shift) as usize, (hi as i64 + shift) as usize);
                    for row in plo..phi + extra {
                        pred[row * SIDE + x] = class;
                    }
                }
                prev = yi;
            }
        }
    }
    (truth, pred)
}

/// Rectangles of 32–512 px in 19 classes; the prediction's region edges are displaced by a few
/// pixels, varying by row, so pixels disagree along every edge.
fn blocky_regions(rng: &mut SmallRng) -> (Vec<u8>, Vec<u8>) {
    let classes = 19u8;
    let mut truth = vec![0u8; SIDE * SIDE];
    let mut pred = vec![0u8; SIDE * SIDE];
    let mut top = 0;
    while top < SIDE {
        let h = rng.gen_range(32..512).min(SIDE - top);
        let mut left = 0;
        // One band of rectangles: (start column, class).
        let mut cells = Vec::new();
        while left < SIDE {
            let w = rng.gen_range(32..512).min(SIDE - left);
            cells.push((left, w, rng.gen_range(0..classes)));
            left += w;
        }
        for row in top..top + h {
            let line = &mut truth[row * SIDE..(row + 1) * SIDE];
            for &(left, w, c) in &cells {
                line[left..left + w].fill(c);
            }
            let line = &mut pred[row * SIDE..(row + 1) * SIDE];
            for (i, &(left, w, c)) in cells.iter().enumerate() {
                let jitter = if i == 0 { 0 } else { rng.gen_range(0..6) };
                let start = (left + jitter).min(SIDE);
                line[start..(left + w).min(SIDE)].fill(c);
                if jitter > 0 {
                    // The previous region reaches past the edge, or (sometimes) a third class
                    // is predicted right at it.
                    let edge = if rng.gen_bool(0.3) {
                        rng.gen_range(0..classes)
                    } else {
                        cells[i - 1].2
                    };
                    line[left..start].fill(edge);
                }
            }
        }
        top += h;
    }
    (truth, pred)
}
