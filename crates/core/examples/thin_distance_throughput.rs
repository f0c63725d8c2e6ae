//! Throughput of the skeleton (clDice) and surface-distance (HD95 / ASSD) counts on 4096×4096 u8
//! maps shaped like the real workload.
//!
//! cargo run --release --example thin_distance_throughput -p perclass-core --features parallel
//!
//! Two 1-px curves (classes 1 and 2) wander down the rows; the prediction follows each one
//! shifted by a pixel or two and smeared (dilated by 1 px). A second map has 32 curves per class
//! wandering across the rows, 1–3 px thick: far more pixels for the kernels, over a bounding box
//! as large as the image. Every figure is the median of several
//! runs of `thin_counts`, in millions of pixels per second of the whole map (the fastest run is
//! printed too: on a shared machine it is the least disturbed one). A call builds the per-class
//! masks first (one pass over both maps) and then runs the requested kernels, so the run with no
//! metric requested measures the masks alone, and "over masks" is the difference of the medians.
//! On these maps the kernels take a few milliseconds, often less than the masks' own spread
//! between runs on a shared machine, so that difference is only a bound there (it can even come
//! out negative). The fast path is checked once against the reference.

use std::time::{Duration, Instant};

use perclass_core::{
    thin_counts, thin_counts_with, DepthAxis, Distance, Labels, Metrics, ThinPath, ThinRequest,
};
use rand::{rngs::SmallRng, Rng, SeedableRng};

const SIDE: usize = 4096;
const RUNS: usize = 11;

fn main() {
    #[cfg(feature = "parallel")]
    println!("rayon threads: {}", rayon::current_num_threads());
    let mut rng = SmallRng::seed_from_u64(7);
    let (truth, pred) = curves(&mut rng);
    println!("\n2 curves down the rows (1 px; prediction shifted, dilated by 1 px)");
    report(&truth, &pred);
    let (truth, pred) = many_curves(&mut rng);
    println!("\n32 curves per class across the rows (1-3 px; prediction shifted, dilated by 1 px)");
    report(&truth, &pred);
}

fn report(truth: &[u8], pred: &[u8]) {
    let (t, p) = (Labels::U8(truth), Labels::U8(pred));
    let classes = [1, 2];
    let request = |metrics: Metrics| ThinRequest {
        width: SIDE,
        num_classes: 3,
        ignore_index: Some(255),
        classes: &classes,
        tolerance: &[],
        distance: Distance::Euclidean,
        spacing: [1.0, 1.0],
        depth_axis: DepthAxis::Rows,
        metrics,
    };
    let skeleton = Metrics {
        skeleton: true,
        ..Metrics::default()
    };
    let surface = Metrics {
        surface: true,
        ..Metrics::default()
    };
    let both = Metrics {
        skeleton: true,
        surface: true,
        ..Metrics::default()
    };

    let fast = thin_counts(t, p, &request(both)).unwrap();
    let reference = thin_counts_with(ThinPath::Reference, t, p, &request(both)).unwrap();
    assert_eq!(
        fast, reference,
        "the fast path disagrees with the reference"
    );
    for class in &fast.classes {
        let s = class.skeleton.unwrap();
        let d = class.surface.as_ref().unwrap();
        println!(
            "class {}: skeletons {} / {} px (pred / truth), surfaces {} / {} px, \
             max d² {} / {}",
            class.class,
            s.pred_skeleton,
            s.truth_skeleton,
            d.pred_surface,
            d.truth_surface,
            d.pred_to_truth.last().map_or(0.0, |b| b.0),
            d.truth_to_pred.last().map_or(0.0, |b| b.0),
        );
    }
    println!("fast path == reference: checked");
    let masks = timings(|| thin_counts(t, p, &request(Metrics::default())));
    println!(
        "masks only (no metric)   median {:>6.0} Mpix/s ({:>6.1} ms), fastest {:>6.1} ms",
        mpix(masks.median),
        ms(masks.median),
        ms(masks.fastest),
    );
    for (name, metrics) in [
        ("skeleton", skeleton),
        ("surface", surface),
        ("skeleton + surface", both),
    ] {
        let total = timings(|| thin_counts(t, p, &request(metrics)));
        println!(
            "{name:<24} median {:>6.0} Mpix/s ({:>6.1} ms), fastest {:>6.1} ms, over masks {:+.1} ms",
            mpix(total.median),
            ms(total.median),
            ms(total.fastest),
            ms(total.median) - ms(masks.median),
        );
    }
}

struct Timings {
    median: Duration,
    fastest: Duration,
}

/// The median and the fastest of `RUNS` runs, after one warm-up.
fn timings<T>(mut run: impl FnMut() -> T) -> Timings {
    std::hint::black_box(run());
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            start.elapsed()
        })
        .collect();
    times.sort();
    Timings {
        median: times[RUNS / 2],
        fastest: times[0],
    }
}

fn mpix(time: Duration) -> f64 {
    (SIDE * SIDE) as f64 / time.as_secs_f64().max(1e-9) / 1e6
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

/// Two 1-px random walks down the rows (classes 1 and 2); the prediction is each walk shifted
/// (class 1 two columns right, class 2 one column left and one row down) and dilated by one pixel
/// in every direction (a 3×3 square per curve pixel).
fn curves(rng: &mut SmallRng) -> (Vec<u8>, Vec<u8>) {
    let mut truth = vec![0u8; SIDE * SIDE];
    let mut pred = vec![0u8; SIDE * SIDE];
    for (class, (shift_x, shift_y)) in [(1u8, (2i64, 0i64)), (2, (-1, 1))] {
        let mut x = (SIDE / 3 * class as usize) as i64;
        for y in 0..SIDE as i64 {
            x = (x + rng.gen_range(-1..=1)).clamp(1, SIDE as i64 - 2);
            truth[y as usize * SIDE + x as usize] = class;
            for dy in -1..=1 {
                for dx in -1..=1 {
                    let (px, py) = (x + shift_x + dx, y + shift_y + dy);
                    if (0..SIDE as i64).contains(&px) && (0..SIDE as i64).contains(&py) {
                        pred[py as usize * SIDE + px as usize] = class;
                    }
                }
            }
        }
    }
    (truth, pred)
}

/// 32 curves per class (classes 1 and 2 alternate), each wandering across the image in a band of
/// 64 rows, 1–3 px thick; the prediction shifted down a pixel and dilated by one pixel.
fn many_curves(rng: &mut SmallRng) -> (Vec<u8>, Vec<u8>) {
    let mut truth = vec![0u8; SIDE * SIDE];
    let mut pred = vec![0u8; SIDE * SIDE];
    let band = SIDE / 64;
    for b in 0..64 {
        let class = 1 + (b % 2) as u8;
        let (top, bottom) = ((b * band + 2) as i64, ((b + 1) * band - 5) as i64);
        let mut y = (top + bottom) / 2;
        let mut thick = 1;
        for x in 0..SIDE as i64 {
            y = (y + rng.gen_range(-1..=1)).clamp(top, bottom);
            if rng.gen_bool(0.02) {
                thick = rng.gen_range(1..=3);
            }
            for row in y..y + thick {
                truth[row as usize * SIDE + x as usize] = class;
                for dy in 0..=2 {
                    for dx in -1..=1 {
                        let (px, py) = (x + dx, row + dy);
                        if (0..SIDE as i64).contains(&px) {
                            pred[py as usize * SIDE + px as usize] = class;
                        }
                    }
                }
            }
        }
    }
    (truth, pred)
}
