//! Random label maps with thin curves, blobs and noise, and the request plumbing shared by the
//! skeleton and surface tests (`thin_skeleton.rs`, `thin_surface.rs`).
#![allow(dead_code)]

use perclass_core::{
    thin_counts_with, DepthAxis, Distance, Labels, Metrics, ThinCounts, ThinPath, ThinRequest,
};
use rand::{rngs::SmallRng, Rng};

/// A pair of maps of `width` columns, held as u16 and viewable at either width.
#[derive(Clone, Debug)]
pub struct Maps {
    pub width: usize,
    pub truth: Vec<u16>,
    pub pred: Vec<u16>,
}

impl Maps {
    pub fn blank(width: usize, height: usize) -> Maps {
        Maps {
            width,
            truth: vec![0; width * height],
            pred: vec![0; width * height],
        }
    }

    /// Parses rows of characters: `.` is 0, a digit is that class, `x` is 255 (the ignore index).
    pub fn parse(truth: &[&str], pred: &[&str]) -> Maps {
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
        let maps = Maps {
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

    /// Every combination of u8 / u16 sides.
    pub fn each_width(&self, mut f: impl FnMut(Labels<'_>, Labels<'_>, &str)) {
        let narrow = |v: &[u16]| v.iter().map(|&x| x as u8).collect::<Vec<u8>>();
        let (t8, p8) = (narrow(&self.truth), narrow(&self.pred));
        f(Labels::U8(&t8), Labels::U8(&p8), "u8/u8");
        f(Labels::U8(&t8), Labels::U16(&self.pred), "u8/u16");
        f(Labels::U16(&self.truth), Labels::U8(&p8), "u16/u8");
        f(Labels::U16(&self.truth), Labels::U16(&self.pred), "u16/u16");
    }
}

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
        depth_axis: DepthAxis::Rows,
        metrics,
    }
}

/// Counts with the reference (u16 maps) and with the fast path at every label width; asserts they
/// all agree and returns them.
pub fn both_paths(maps: &Maps, request: &ThinRequest<'_>, what: &str) -> ThinCounts {
    let reference = thin_counts_with(
        ThinPath::Reference,
        Labels::U16(&maps.truth),
        Labels::U16(&maps.pred),
        request,
    )
    .unwrap_or_else(|e| panic!("{what}: reference failed: {e:?}"));
    maps.each_width(|t, p, widths| {
        let fast = thin_counts_with(ThinPath::Fast, t, p, request)
            .unwrap_or_else(|e| panic!("{what} {widths}: fast failed: {e:?}"));
        assert_eq!(
            fast, reference,
            "{what} {widths}: fast differs from reference"
        );
    });
    reference
}

/// How a random map is drawn.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// 1–3 px curves wandering down the rows; the prediction shifted, smeared and broken.
    Curves,
    /// Filled rectangles and discs; the prediction's edges displaced.
    Blobs,
    /// Every pixel an independent random class.
    Noise,
}

pub const SHAPES: [Shape; 3] = [Shape::Curves, Shape::Blobs, Shape::Noise];

/// A random `width` × `height` pair with classes `0..k` (0 is the background).
pub fn random_maps(rng: &mut SmallRng, width: usize, height: usize, k: u16, shape: Shape) -> Maps {
    let mut maps = Maps::blank(width, height);
    let class = |rng: &mut SmallRng| rng.gen_range(1..k.max(2)).min(k - 1);
    match shape {
        Shape::Curves => {
            for _ in 0..rng.gen_range(1..=4) {
                let c = class(rng);
                let mut x = rng.gen_range(0..width) as i64;
                let thick = rng.gen_range(1..=3);
                let shift = rng.gen_range(-2..=2);
                let smear = rng.gen_range(0..=2);
                let steep = rng.gen_bool(0.3);
                for y in 0..height {
                    let step = if steep { 3 } else { 1 };
                    x = (x + rng.gen_range(-step..=step)).clamp(0, width as i64 - 1);
                    for dx in 0..thick {
                        set(&mut maps.truth, width, x + dx, y as i64, c);
                    }
                    if !rng.gen_bool(0.05) {
                        for dx in -smear..thick + smear {
                            set(&mut maps.pred, width, x + dx + shift, y as i64, c);
                        }
                    }
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
                let r = rng.gen_range(0..=8i64);
                let disc = rng.gen_bool(0.5);
                let (jx, jy) = (rng.gen_range(-2..=2), rng.gen_range(-2..=2));
                for dy in -r..=r {
                    for dx in -r..=r {
                        if disc && dx * dx + dy * dy > r * r {
                            continue;
                        }
                        set(&mut maps.truth, width, cx + dx, cy + dy, c);
                        set(&mut maps.pred, width, cx + dx + jx, cy + dy + jy, c);
                    }
                }
            }
        }
        Shape::Noise => {
            let p = rng.gen_range(0.0..1.0);
            for i in 0..width * height {
                if rng.gen_bool(p) {
                    maps.truth[i] = class(rng);
                }
                if rng.gen_bool(p) {
                    maps.pred[i] = class(rng);
                }
            }
        }
    }
    maps
}

fn set(map: &mut [u16], width: usize, x: i64, y: i64, value: u16) {
    let height = (map.len() / width) as i64;
    if x >= 0 && y >= 0 && x < width as i64 && y < height {
        map[y as usize * width + x as usize] = value;
    }
}

/// Sets some pixels to `ignore` on either side, and makes sure some pixels have an ignored truth
/// and a prediction of a scored class (those belong to no set).
pub fn sprinkle_ignore(rng: &mut SmallRng, maps: &mut Maps, ignore: u16, k: u16) {
    let n = maps.truth.len();
    for _ in 0..rng.gen_range(0..=n / 8 + 1) {
        let i = rng.gen_range(0..n);
        match rng.gen_range(0..3) {
            0 => maps.truth[i] = ignore,
            1 => maps.pred[i] = ignore,
            _ => {
                maps.truth[i] = ignore;
                maps.pred[i] = rng.gen_range(1..k.max(2)).min(k - 1);
            }
        }
    }
}
