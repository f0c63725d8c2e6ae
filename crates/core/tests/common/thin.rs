//! 2-D label maps for the thin-structure tests: curves down the rows (as on a well log) with a
//! shifted, smeared, broken prediction; rectangles; noise. Row-major, `width` columns.
#![allow(dead_code)]

use perclass_core::{
    thin_counts_with, DepthAxis, Distance, Labels, Metrics, PerclassError, ThinCounts, ThinPath,
    ThinRequest,
};
use rand::{rngs::SmallRng, Rng};

/// Every τ the tests use: 0, the 4- and 8-neighbour boundaries, mid values, and one far beyond
/// any image.
pub const TAUS: [f64; 8] = [0.0, 1.0, std::f64::consts::SQRT_2, 1.5, 2.0, 3.0, 10.0, 1e9];
pub const DISTANCES: [Distance; 2] = [Distance::Euclidean, Distance::Chebyshev];
pub const AXES: [DepthAxis; 2] = [DepthAxis::Rows, DepthAxis::Columns];

#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// Random walks down the rows, one to three pixels wide, on class 0.
    Curves,
    /// Filled rectangles of random classes, overlapping.
    Blocks,
    /// Every pixel a random class.
    Noise,
}

pub const SHAPES: [Shape; 3] = [Shape::Curves, Shape::Blocks, Shape::Noise];

/// A random pair (truth, prediction) of `width * height` labels below `k`.
pub fn thin_maps(
    rng: &mut SmallRng,
    width: usize,
    height: usize,
    k: u32,
    shape: Shape,
) -> (Vec<u16>, Vec<u16>) {
    let n = width * height;
    let mut truth = vec![0u16; n];
    let mut pred = vec![0u16; n];
    let class = |rng: &mut SmallRng| rng.gen_range(0..k) as u16;
    let signal = |rng: &mut SmallRng| rng.gen_range(1.min(k - 1)..k) as u16;
    if n == 0 {
        return (truth, pred);
    }
    match shape {
        Shape::Curves => {
            for _ in 0..rng.gen_range(1..=3) {
                let c = signal(rng);
                let mut x = rng.gen_range(0..width) as i64;
                let thick = rng.gen_range(1..=2);
                // The prediction: shifted sideways and down, sometimes smeared, with gaps.
                let (dx, dy) = (rng.gen_range(-2i64..=2), rng.gen_range(-1i64..=1));
                let smear = rng.gen_range(0..=1);
                for y in 0..height as i64 {
                    x = (x + rng.gen_range(-1..=1)).clamp(0, width as i64 - 1);
                    paint(&mut truth, width, y, x, x + thick, c);
                    if rng.gen_bool(0.1) {
                        continue; // a gap in the prediction
                    }
                    let (px, py) = (x + dx, y + dy);
                    paint(&mut pred, width, py, px - smear, px + thick + smear, c);
                }
                // Stray predicted specks.
                for _ in 0..rng.gen_range(0..3) {
                    let (x, y) = (rng.gen_range(0..width), rng.gen_range(0..height));
                    pred[y * width + x] = c;
                }
            }
        }
        Shape::Blocks => {
            for _ in 0..rng.gen_range(1..6) {
                let c = class(rng);
                let (x0, y0) = (rng.gen_range(0..width), rng.gen_range(0..height));
                let (w, h) = (rng.gen_range(1..=width), rng.gen_range(1..=height));
                for y in y0..(y0 + h).min(height) {
                    paint(&mut truth, width, y as i64, x0 as i64, (x0 + w) as i64, c);
                    let shift = rng.gen_range(-3i64..=3);
                    let (a, b) = (x0 as i64 + shift, (x0 + w) as i64 + shift);
                    paint(&mut pred, width, y as i64, a, b, c);
                }
            }
        }
        Shape::Noise => {
            for i in 0..n {
                truth[i] = class(rng);
                pred[i] = class(rng);
            }
        }
    }
    (truth, pred)
}

/// Sets columns `[x0, x1)` of row `y` to `value`, clipped to the map.
fn paint(map: &mut [u16], width: usize, y: i64, x0: i64, x1: i64, value: u16) {
    let height = (map.len() / width) as i64;
    if y < 0 || y >= height {
        return;
    }
    let (a, b) = (x0.clamp(0, width as i64), x1.clamp(0, width as i64));
    let row = y as usize * width;
    map[row + a as usize..row + b as usize].fill(value);
}

/// The map transposed: pixel (x, y) of `map` (width `width`) at (y, x) of the result.
pub fn transpose(map: &[u16], width: usize) -> Vec<u16> {
    let height = map.len() / width;
    let mut out = vec![0u16; map.len()];
    for y in 0..height {
        for x in 0..width {
            out[x * height + y] = map[y * width + x];
        }
    }
    out
}

/// A request with the given metrics; classes and τ are borrowed from the caller.
#[allow(clippy::too_many_arguments)]
pub fn request<'a>(
    width: usize,
    k: u32,
    ignore: Option<u32>,
    classes: &'a [u32],
    taus: &'a [f64],
    distance: Distance,
    depth_axis: DepthAxis,
    metrics: Metrics,
) -> ThinRequest<'a> {
    ThinRequest {
        width,
        num_classes: k,
        ignore_index: ignore,
        classes,
        tolerance: taus,
        distance,
        depth_axis,
        metrics,
    }
}

pub const TOLERANT: Metrics = Metrics {
    tolerant: true,
    trace: false,
    skeleton: false,
    surface: false,
};

pub const TRACE: Metrics = Metrics {
    tolerant: false,
    trace: true,
    skeleton: false,
    surface: false,
};

pub const TOLERANT_AND_TRACE: Metrics = Metrics {
    tolerant: true,
    trace: true,
    skeleton: false,
    surface: false,
};

/// Fast and reference counts of the same call; panics with `what` if they differ.
pub fn both_paths(
    truth: Labels<'_>,
    pred: Labels<'_>,
    request: &ThinRequest<'_>,
    what: &dyn Fn() -> String,
) -> Result<ThinCounts, PerclassError> {
    let reference = thin_counts_with(ThinPath::Reference, truth, pred, request);
    let fast = thin_counts_with(ThinPath::Fast, truth, pred, request);
    if fast != reference {
        panic!(
            "fast differs from reference on {}:\n fast {fast:?}\n want {reference:?}",
            what()
        );
    }
    reference
}

/// One to four distinct classes below `k`, in random order.
pub fn random_classes(rng: &mut SmallRng, k: u32) -> Vec<u32> {
    let mut classes: Vec<u32> = Vec::new();
    for _ in 0..rng.gen_range(1..=4) {
        let c = rng.gen_range(0..k);
        if !classes.contains(&c) {
            classes.push(c);
        }
    }
    classes
}

/// A map of `width * height` zeros with `value` at the listed (x, y) pixels.
pub fn pixels(width: usize, height: usize, at: &[(usize, usize)], value: u16) -> Vec<u16> {
    let mut map = vec![0u16; width * height];
    for &(x, y) in at {
        map[y * width + x] = value;
    }
    map
}
