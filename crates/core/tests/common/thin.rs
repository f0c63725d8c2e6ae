//! 2-D label maps for the thin-structure tests: random curves down the rows (as on a well log),
//! blobs and noise, each with a prediction shifted, smeared and broken; maps drawn by hand;
//! requests; and the checks that the fast path equals the reference. Row-major, `width` columns.
#![allow(dead_code)]

use super::{bad_label, Maps};
use perclass_core::{
    thin_counts_with, ClassThin, DepthAxis, Distance, Labels, Metrics, PerclassError, ThinCounts,
    ThinPath, ThinRequest,
};
use rand::{rngs::SmallRng, seq::SliceRandom, Rng};

/// Every τ the tests use: 0, the 4- and 8-neighbour boundaries, mid values, and one far beyond
/// any image.
pub const TAUS: [f64; 8] = [0.0, 1.0, std::f64::consts::SQRT_2, 1.5, 2.0, 3.0, 10.0, 1e9];
pub const DISTANCES: [Distance; 3] = [Distance::Euclidean, Distance::Chebyshev, Distance::Taxicab];
pub const AXES: [DepthAxis; 2] = [DepthAxis::Rows, DepthAxis::Columns];

const NO_METRICS: Metrics = Metrics {
    tolerant: false,
    trace: false,
    skeleton: false,
    surface: false,
    corners: false,
};
pub const TOLERANT: Metrics = Metrics {
    tolerant: true,
    ..NO_METRICS
};
pub const TRACE: Metrics = Metrics {
    trace: true,
    ..NO_METRICS
};
pub const TOLERANT_AND_TRACE: Metrics = Metrics {
    tolerant: true,
    trace: true,
    ..NO_METRICS
};
pub const SKELETON: Metrics = Metrics {
    skeleton: true,
    ..NO_METRICS
};
pub const SURFACE: Metrics = Metrics {
    surface: true,
    ..NO_METRICS
};
pub const ALL_METRICS: Metrics = Metrics {
    tolerant: true,
    trace: true,
    skeleton: true,
    surface: true,
    corners: true,
};

/// A request for `metrics` with no τ, Euclidean distance on unit pixels and depth down the rows;
/// tests that
/// need others set them with `ThinRequest { tolerance: .., ..request(..) }`.
pub fn request<'a>(
    width: usize,
    num_classes: u32,
    ignore_index: Option<u32>,
    classes: &'a [u32],
    metrics: Metrics,
) -> ThinRequest<'a> {
    ThinRequest {
        width,
        num_classes,
        ignore_index,
        classes,
        tolerance: &[],
        distance: Distance::Euclidean,
        spacing: [1.0, 1.0],
        depth_axis: DepthAxis::Rows,
        metrics,
    }
}

/// A truth/prediction pair of `width` columns, held as u16 and viewable at either label width.
#[derive(Clone, Debug)]
pub struct ThinMaps {
    pub width: usize,
    pub truth: Vec<u16>,
    pub pred: Vec<u16>,
}

/// Every combination of u8 / u16 sides: (truth wide, prediction wide) and its name.
const WIDTHS: [((bool, bool), &str); 4] = [
    ((false, false), "u8/u8"),
    ((false, true), "u8/u16"),
    ((true, false), "u16/u8"),
    ((true, true), "u16/u16"),
];

impl ThinMaps {
    pub fn blank(width: usize, height: usize) -> ThinMaps {
        ThinMaps {
            width,
            truth: vec![0; width * height],
            pred: vec![0; width * height],
        }
    }

    /// Parses rows of characters: `.` is 0, a digit is that class, `x` is 255 (the ignore index).
    pub fn parse(truth: &[&str], pred: &[&str]) -> ThinMaps {
        let cells = |rows: &[&str]| -> Vec<u16> {
            rows.iter()
                .flat_map(|r| r.bytes())
                .map(|b| match b {
                    b'.' => 0,
                    b'x' => 255,
                    b'0'..=b'9' => u16::from(b - b'0'),
                    _ => panic!("bad cell {}", b as char),
                })
                .collect()
        };
        let maps = ThinMaps {
            width: truth[0].len(),
            truth: cells(truth),
            pred: cells(pred),
        };
        assert_eq!(maps.truth.len(), maps.pred.len());
        maps
    }

    pub fn height(&self) -> usize {
        self.truth.len() / self.width
    }

    /// Both maps transposed: pixel (x, y) at (y, x), so the result has `height` columns.
    pub fn transposed(&self) -> ThinMaps {
        let (width, height) = (self.width, self.height());
        let transpose = |map: &[u16]| {
            let mut out = vec![0u16; map.len()];
            for y in 0..height {
                for x in 0..width {
                    out[x * height + y] = map[y * width + x];
                }
            }
            out
        };
        ThinMaps {
            width: height,
            truth: transpose(&self.truth),
            pred: transpose(&self.pred),
        }
    }

    /// The pair with u8 copies, for `Maps::labels`; every label of a side viewed as u8 must fit.
    pub fn views(&self) -> Maps {
        Maps::new(self.truth.clone(), self.pred.clone())
    }

    /// Calls `f` with the pair at every combination of label widths.
    pub fn each_width(&self, mut f: impl FnMut(Labels<'_>, Labels<'_>, &str)) {
        let views = self.views();
        for ((truth_wide, pred_wide), name) in WIDTHS {
            let (t, p) = views.labels(truth_wide, pred_wide);
            f(t, p, name);
        }
    }

    /// The counts of `request` from the reference (u16 sides) and from the fast path at every
    /// label width; panics unless all agree, on any error, and unless each class holds exactly the
    /// requested metrics.
    pub fn counts_every_width(&self, request: &ThinRequest<'_>, what: &str) -> ThinCounts {
        let reference = thin_counts_with(
            ThinPath::Reference,
            Labels::U16(&self.truth),
            Labels::U16(&self.pred),
            request,
        )
        .unwrap_or_else(|e| panic!("{what}: reference failed: {e:?}"));
        self.each_width(|t, p, widths| {
            let fast = thin_counts_with(ThinPath::Fast, t, p, request)
                .unwrap_or_else(|e| panic!("{what} {widths}: fast failed: {e:?}"));
            assert_eq!(
                fast, reference,
                "{what} {widths}: fast differs from reference"
            );
        });
        let m = request.metrics;
        let taus = if m.tolerant {
            request.tolerance.len()
        } else {
            0
        };
        for c in &reference.classes {
            let held = (
                c.tolerant.len(),
                c.trace.is_some(),
                c.skeleton.is_some(),
                c.surface.is_some(),
                c.corners.is_some(),
            );
            let requested = (taus, m.trace, m.skeleton, m.surface, m.corners);
            assert_eq!(held, requested, "{what}");
        }
        reference
    }

    /// For each of `classes`, what `pick` takes from its counts of `metrics` alone (no τ), from
    /// both paths at every label width (see `counts_every_width`).
    pub fn per_class<T>(
        &self,
        k: u32,
        ignore: Option<u32>,
        classes: &[u32],
        metrics: Metrics,
        pick: impl Fn(&ClassThin) -> Option<T>,
    ) -> Vec<T> {
        let req = request(self.width, k, ignore, classes, metrics);
        let counts = self.counts_every_width(&req, &format!("{metrics:?}"));
        counts
            .classes
            .iter()
            .map(|c| pick(c).expect("the requested metric is present"))
            .collect()
    }

    /// Sets pixels and runs to `ignore` on either side (`common::sprinkle_ignore`), and some
    /// pixels to an ignored truth under a prediction of a class below `k` (those belong to no set).
    pub fn sprinkle_ignore(&mut self, rng: &mut SmallRng, ignore: u16, k: u32) {
        super::sprinkle_ignore(rng, &mut self.truth, &mut self.pred, ignore);
        let n = self.truth.len();
        if n == 0 {
            return;
        }
        for _ in 0..rng.gen_range(0..=n / 16 + 1) {
            let i = rng.gen_range(0..n);
            self.truth[i] = ignore;
            self.pred[i] = signal_class(rng, k);
        }
    }

    /// Plants up to `count` labels out of range for `k` (and not `ignore`), each at a random pixel
    /// or on whole rows of a random side and fitting its width (`wide`: truth, prediction);
    /// returns how many.
    pub fn plant_bad_labels(
        &mut self,
        rng: &mut SmallRng,
        count: usize,
        k: u32,
        ignore: Option<u32>,
        wide: (bool, bool),
    ) -> usize {
        let n = self.truth.len();
        if n == 0 {
            return 0;
        }
        let mut planted = 0;
        for _ in 0..count {
            let on_truth = rng.gen_bool(0.5);
            let side_wide = if on_truth { wide.0 } else { wide.1 };
            let Some(bad) = bad_label(rng, k, ignore, side_wide) else {
                continue;
            };
            let side = if on_truth {
                &mut self.truth
            } else {
                &mut self.pred
            };
            // Mostly single pixels; sometimes rows from their start, so that whole blocks of a
            // fast scan hold nothing but the bad label, the first one at a block's start.
            let at = rng.gen_range(0..n);
            let (at, len) = if rng.gen_bool(0.8) {
                (at, 1)
            } else {
                (at - at % self.width, self.width * rng.gen_range(1..=3))
            };
            side[at..(at + len).min(n)].fill(bad);
            planted += 1;
        }
        planted
    }
}

/// Fast and reference counts of the same call at the given label widths, errors included;
/// panics with `what` if they differ.
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

/// How a random pair is drawn.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// One to four random walks down the rows, 1–3 px wide, some steep; the prediction shifted
    /// sideways and down, smeared, broken by gaps, with stray specks.
    Curves,
    /// Overlapping rectangles (up to the whole map) and discs of any class; the prediction's
    /// edges displaced, the whole blob and sometimes row by row.
    Blobs,
    /// Random classes at a random density, half the time on every pixel.
    Noise,
}

pub const SHAPES: [Shape; 3] = [Shape::Curves, Shape::Blobs, Shape::Noise];

/// A class of the signal (1 and up) below `k`, or 0 when it is the only one.
fn signal_class(rng: &mut SmallRng, k: u32) -> u16 {
    rng.gen_range(1.min(k - 1)..k) as u16
}

/// A random `width` × `height` pair with classes below `k` (0 is the background).
pub fn thin_maps(
    rng: &mut SmallRng,
    width: usize,
    height: usize,
    k: u32,
    shape: Shape,
) -> ThinMaps {
    let mut maps = ThinMaps::blank(width, height);
    let n = width * height;
    if n == 0 {
        return maps;
    }
    let class = |rng: &mut SmallRng| rng.gen_range(0..k) as u16;
    let ThinMaps { truth, pred, .. } = &mut maps;
    match shape {
        Shape::Curves => {
            for _ in 0..rng.gen_range(1..=4) {
                let c = signal_class(rng, k);
                let mut x = rng.gen_range(0..width) as i64;
                let thick = rng.gen_range(1..=3);
                let (dx, dy) = (rng.gen_range(-2..=2), rng.gen_range(-1..=1));
                let smear = rng.gen_range(0..=2);
                let step = if rng.gen_bool(0.3) { 3 } else { 1 };
                for y in 0..height as i64 {
                    x = (x + rng.gen_range(-step..=step)).clamp(0, width as i64 - 1);
                    paint(truth, width, y, x, x + thick, c);
                    if rng.gen_bool(0.1) {
                        continue; // a gap in the prediction
                    }
                    let px = x + dx;
                    paint(pred, width, y + dy, px - smear, px + thick + smear, c);
                }
                for _ in 0..rng.gen_range(0..3) {
                    pred[rng.gen_range(0..n)] = c; // a stray predicted speck
                }
            }
        }
        Shape::Blobs => {
            for _ in 0..rng.gen_range(1..=5) {
                let c = class(rng);
                let (cx, cy) = (
                    rng.gen_range(0..width) as i64,
                    rng.gen_range(0..height) as i64,
                );
                // A disc of radius up to 8, or a rectangle of half-sizes up to the map's.
                let disc = rng.gen_bool(0.5);
                let (rx, ry) = if disc {
                    let r = rng.gen_range(0..=8i64);
                    (r, r)
                } else {
                    let rx = rng.gen_range(0..=width as i64 / 2);
                    (rx, rng.gen_range(0..=height as i64 / 2))
                };
                let (jx, jy) = (rng.gen_range(-2..=2), rng.gen_range(-2..=2));
                let ragged = rng.gen_bool(0.5);
                for dy in -ry..=ry {
                    let half = if disc {
                        (rx * rx - dy * dy).isqrt()
                    } else {
                        rx
                    };
                    let (x0, x1, y) = (cx - half, cx + half + 1, cy + dy);
                    paint(truth, width, y, x0, x1, c);
                    let shift = jx + if ragged { rng.gen_range(-2..=2) } else { 0 };
                    paint(pred, width, y + jy, x0 + shift, x1 + shift, c);
                }
            }
        }
        Shape::Noise => {
            let density = if rng.gen_bool(0.5) {
                1.0
            } else {
                rng.gen_range(0.0..1.0)
            };
            for i in 0..n {
                if rng.gen_bool(density) {
                    truth[i] = class(rng);
                }
                if rng.gen_bool(density) {
                    pred[i] = class(rng);
                }
            }
        }
    }
    maps
}

/// Sets columns `[x0, x1)` of row `y` to `value`, clipped to the map.
fn paint(map: &mut [u16], width: usize, y: i64, x0: i64, x1: i64, value: u16) {
    let height = (map.len() / width) as i64;
    if y < 0 || y >= height {
        return;
    }
    let (a, b) = (x0.clamp(0, width as i64), x1.clamp(0, width as i64));
    let row = y as usize * width;
    if a < b {
        map[row + a as usize..row + b as usize].fill(value);
    }
}

/// Random label widths for (truth, prediction): u16 where labels below `k` may not fit a byte.
pub fn random_widths(rng: &mut SmallRng, k: u32) -> (bool, bool) {
    if k > 256 {
        (true, true)
    } else {
        (rng.gen_bool(0.5), rng.gen_bool(0.5))
    }
}

/// One to five distinct classes below `k`, in random order.
pub fn random_classes(rng: &mut SmallRng, k: u32) -> Vec<u32> {
    let mut classes: Vec<u32> = (0..k).collect();
    classes.shuffle(rng);
    classes.truncate(rng.gen_range(1..=classes.len().min(5)));
    classes
}

/// A random case with every label valid and fitting a byte, for checks at every label width:
/// maps of 1 to `max_side - 1` pixels a side with classes below `k` (2 to 5), the ignore index
/// 255 half the time, and a random class list.
pub struct ValidCase {
    pub maps: ThinMaps,
    pub k: u32,
    pub ignore: Option<u32>,
    pub classes: Vec<u32>,
}

pub fn valid_case(rng: &mut SmallRng, case: usize, max_side: usize) -> ValidCase {
    let (width, height) = (rng.gen_range(1..max_side), rng.gen_range(1..max_side));
    let k = rng.gen_range(2..6);
    let mut maps = thin_maps(rng, width, height, k, SHAPES[case % SHAPES.len()]);
    let ignore = rng.gen_bool(0.5).then_some(255);
    if let Some(i) = ignore {
        maps.sprinkle_ignore(rng, i as u16, k);
    }
    let classes = random_classes(rng, k);
    ValidCase {
        maps,
        k,
        ignore,
        classes,
    }
}

/// A map of `width * height` zeros with `value` at the given (x, y) pixels.
pub fn pixels(
    width: usize,
    height: usize,
    at: impl IntoIterator<Item = (usize, usize)>,
    value: u16,
) -> Vec<u16> {
    let mut map = vec![0u16; width * height];
    for (x, y) in at {
        map[y * width + x] = value;
    }
    map
}
