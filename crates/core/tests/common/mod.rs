//! Random label maps shaped like the real workload, shared by the kernel and parallel tests.
#![allow(dead_code)]

pub mod thin;

use perclass_core::{confusion_matrix_with, Confusion, Kernel, Labels, PerclassError, Side};
use rand::{rngs::SmallRng, Rng};

/// How the labels are laid out.
#[derive(Clone, Copy, Debug)]
pub enum Style {
    /// Every pixel an independent random class.
    Uniform,
    /// Mostly class 0 with thin runs of other classes; the prediction shifted and smeared.
    Thin,
    /// Long runs of random classes; the prediction disagreeing near the run edges.
    Blocky,
}

pub const STYLES: [Style; 3] = [Style::Uniform, Style::Thin, Style::Blocky];

/// A pair of maps held as u16 whatever the width under test; `labels` narrows them.
pub struct Maps {
    pub truth: Vec<u16>,
    pub pred: Vec<u16>,
    truth_u8: Vec<u8>,
    pred_u8: Vec<u8>,
}

impl Maps {
    /// Requires every label of a side that is to be viewed as u8 to fit in a byte.
    pub fn new(truth: Vec<u16>, pred: Vec<u16>) -> Maps {
        let narrow = |v: &[u16]| v.iter().map(|&x| x as u8).collect();
        Maps {
            truth_u8: narrow(&truth),
            pred_u8: narrow(&pred),
            truth,
            pred,
        }
    }

    pub fn labels(&self, truth_wide: bool, pred_wide: bool) -> (Labels<'_>, Labels<'_>) {
        let t = if truth_wide {
            Labels::U16(&self.truth)
        } else {
            Labels::U8(&self.truth_u8)
        };
        let p = if pred_wide {
            Labels::U16(&self.pred)
        } else {
            Labels::U8(&self.pred_u8)
        };
        (t, p)
    }
}

/// The largest label value a side of this width may hold.
pub fn width_max(wide: bool) -> u32 {
    if wide {
        u16::MAX as u32
    } else {
        u8::MAX as u32
    }
}

/// Random maps of `n` pixels with classes below `k` (and below what each side's width holds).
pub fn random_maps(
    rng: &mut SmallRng,
    n: usize,
    k: u32,
    style: Style,
    truth_wide: bool,
    pred_wide: bool,
) -> (Vec<u16>, Vec<u16>) {
    // Both sides draw from classes every width holds, so a pair stays comparable.
    let classes = k
        .min(width_max(truth_wide) + 1)
        .min(width_max(pred_wide) + 1);
    let class = |rng: &mut SmallRng| rng.gen_range(0..classes) as u16;
    let mut truth = vec![0u16; n];
    let mut pred = vec![0u16; n];
    match style {
        Style::Uniform => {
            for i in 0..n {
                truth[i] = class(rng);
                pred[i] = class(rng);
            }
        }
        Style::Thin => {
            let mut i = 0;
            while i < n {
                i += rng.gen_range(1..120);
                let len = rng.gen_range(1..4);
                let c = class(rng);
                fill(&mut truth, i, i + len, c);
                // The prediction: the same run shifted by -2..=2, sometimes smeared or missed.
                let shift = rng.gen_range(-2i64..=2);
                let smear = if rng.gen_bool(0.2) {
                    rng.gen_range(1..6)
                } else {
                    0
                };
                if !rng.gen_bool(0.1) {
                    let start = (i as i64 + shift).max(0) as usize;
                    fill(&mut pred, start, start + len + smear, c);
                }
                i += len;
            }
        }
        Style::Blocky => {
            let mut i = 0;
            while i < n {
                let len = rng.gen_range(1..300);
                let c = class(rng);
                fill(&mut truth, i, i + len, c);
                fill(&mut pred, i, i + len, c);
                // Disagreement near the left edge of the run.
                if rng.gen_bool(0.5) {
                    let other = class(rng);
                    let d = rng.gen_range(1..8);
                    fill(&mut pred, i, i + d, other);
                }
                i += len;
            }
        }
    }
    (truth, pred)
}

/// Sets `map[start..end]` to `value`, clipped to the map.
fn fill(map: &mut [u16], start: usize, end: usize, value: u16) {
    let end = end.min(map.len());
    if start < end {
        map[start..end].fill(value);
    }
}

/// Sets a random share of pixels (single ones and runs) to the ignore index on either side.
pub fn sprinkle_ignore(rng: &mut SmallRng, truth: &mut [u16], pred: &mut [u16], ignore: u16) {
    let n = truth.len();
    if n == 0 {
        return;
    }
    for _ in 0..rng.gen_range(0..=(n / 40 + 2)) {
        let side = if rng.gen_bool(0.5) {
            &mut *truth
        } else {
            &mut *pred
        };
        let at = rng.gen_range(0..n);
        let len = if rng.gen_bool(0.9) {
            1
        } else {
            rng.gen_range(1..200)
        };
        for x in &mut side[at..(at + len).min(n)] {
            *x = ignore;
        }
    }
}

/// A label that is out of range for K and is not the ignore index, fitting the side's width.
pub fn bad_label(rng: &mut SmallRng, k: u32, ignore: Option<u32>, wide: bool) -> Option<u16> {
    let max = width_max(wide);
    if k > max {
        return None;
    }
    for _ in 0..100 {
        let v = rng.gen_range(k..=max);
        if Some(v) != ignore {
            return Some(v as u16);
        }
    }
    None
}

/// Every kernel this CPU runs but the scalar reference (which `Kernel::available` lists first).
pub fn simd_kernels() -> Vec<Kernel> {
    let kernels: Vec<Kernel> = Kernel::available();
    assert_eq!(kernels[0], Kernel::Scalar, "scalar comes first");
    kernels[1..].to_vec()
}

/// Runs every kernel on the maps and compares with the scalar reference, errors included;
/// returns the reference's result.
pub fn compare_all(
    maps: &Maps,
    widths: (bool, bool),
    k: u32,
    ignore: Option<u32>,
    what: &dyn Fn() -> String,
) -> Result<Confusion, PerclassError> {
    let (t, p) = maps.labels(widths.0, widths.1);
    let reference = confusion_matrix_with(Kernel::Scalar, t, p, k, ignore);
    for kernel in simd_kernels() {
        let got = confusion_matrix_with(kernel, t, p, k, ignore);
        if got != reference {
            panic!(
                "{} differs from scalar on {}:\n got {:?}\n want {:?}",
                kernel.name(),
                what(),
                got.as_ref()
                    .map(|c| (c.ignored, c.void_predicted.iter().sum::<u64>())),
                reference
                    .as_ref()
                    .map(|c| (c.ignored, c.void_predicted.iter().sum::<u64>())),
            );
        }
    }
    reference
}

/// A side drawn at random, and whether its map is u16 (`widths`: truth, prediction).
pub fn random_side(rng: &mut SmallRng, widths: (bool, bool)) -> (Side, bool) {
    if rng.gen_bool(0.5) {
        (Side::Truth, widths.0)
    } else {
        (Side::Prediction, widths.1)
    }
}
