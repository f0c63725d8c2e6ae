//! Precision–recall sweep over thresholds for probability maps (sigmoid heads: one map per
//! scored class), tolerant at one τ, counted in one pass per image and class.
//!
//! For class `c` with probability map `p` (a `u8` score `v` is the probability `v / 255`), at
//! threshold `t` the predicted set is P_t = {pixels with p >= t, truth not ignored} and
//! G = {truth == c}. Per threshold:
//! - `predicted(t)` = |P_t|, `tp_pred(t)` = #{q ∈ P_t : d(q, G) <= τ};
//! - `tp_truth(t)` = #{g ∈ G : some q ∈ P_t within τ of g}; `truth` = |G|.
//!
//! Rather than thresholding once per threshold, every pixel's score goes once into the bucket of
//! the largest threshold at or below it (exact float comparisons, a binary search over the sorted
//! thresholds), split by whether the pixel is within τ of G (`near.rs`: G dilated once); every
//! truth pixel's bucket is that of the largest score within τ of it (at τ = 0 its own score).
//! Suffix sums over the buckets then give every threshold's counts (`buckets.rs`). At τ = 0 the
//! counts are exactly those of thresholding and counting a confusion matrix at each threshold.

mod buckets;
mod near;

use std::fmt;

use crate::confusion::check_sizes;
use crate::scores::ScoreLayout;
use crate::thin::metric::Metric;
use crate::{Distance, Labels, PerclassError, Side};

/// The scores of one image: `classes.len()` maps in the request's layout.
#[derive(Clone, Copy, Debug)]
pub enum Scores<'a> {
    F32(&'a [f32]),
    /// Quantised probabilities: `v / 255`.
    U8(&'a [u8]),
}

impl Scores<'_> {
    pub fn len(&self) -> usize {
        match self {
            Scores::F32(s) => s.len(),
            Scores::U8(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What to sweep.
#[derive(Clone, Copy, Debug)]
pub struct SweepRequest<'a> {
    pub width: usize,
    pub num_classes: u32,
    pub ignore_index: Option<u32>,
    /// The scored classes, map `i` of the scores being class `classes[i]`.
    pub classes: &'a [u32],
    /// Strictly increasing, each in [0, 1].
    pub thresholds: &'a [f64],
    pub tolerance: f64,
    pub distance: Distance,
    pub layout: ScoreLayout,
}

/// The sweep's counts of one class on one image; the vectors hold one entry per threshold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClassSweep {
    pub class: u32,
    pub truth: u64,
    pub predicted: Vec<u64>,
    pub tp_pred: Vec<u64>,
    pub tp_truth: Vec<u64>,
}

/// Every scored class's counts, in the request's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SweepCounts {
    pub classes: Vec<ClassSweep>,
}

impl SweepCounts {
    /// Flat for the bindings: per class `[truth, predicted (T)…, tp_pred (T)…, tp_truth (T)…]`
    /// (the class indices are the request's; src/sweep/layout.ts reads this back).
    pub fn to_flat(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for class in &self.classes {
            out.push(class.truth as f64);
            for list in [&class.predicted, &class.tp_pred, &class.tp_truth] {
                out.extend(list.iter().map(|&n| n as f64));
            }
        }
        out
    }
}

/// A sweep failure: the core's errors, or a NaN score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SweepError {
    Core(PerclassError),
    /// The first NaN, by flat index in the scores as given.
    ScoreNan {
        index: usize,
    },
    /// The scores' length does not fit the truth and the class count.
    Shape {
        message: String,
    },
}

impl SweepError {
    pub fn code(&self) -> &'static str {
        match self {
            SweepError::Core(error) => error.code(),
            SweepError::ScoreNan { .. } => "E_SCORE_NAN",
            SweepError::Shape { .. } => "E_SHAPE",
        }
    }
}

impl From<PerclassError> for SweepError {
    fn from(error: PerclassError) -> Self {
        SweepError::Core(error)
    }
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepError::Core(error) => error.fmt(f),
            SweepError::ScoreNan { index } => write!(f, "scores[{index}] is NaN"),
            SweepError::Shape { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for SweepError {}

fn option(message: String) -> SweepError {
    SweepError::Core(PerclassError::Option { message })
}

/// The sweep's counts of one image (every scored class; on the rayon pool, one task per class,
/// with the `parallel` feature).
///
/// Errors, in this order: `E_NUM_CLASSES`, `E_OPTION` (width 0, classes not distinct in range
/// or empty, thresholds not strictly increasing in [0, 1], τ negative or not finite), `E_SHAPE`
/// (truth length not a multiple of width, scores length not classes × truth length),
/// `E_LABEL_RANGE` (the first truth label outside [0, K) that is not the ignore index), then
/// `E_SCORE_NAN` (the first NaN score in the given layout).
pub fn sweep_counts(
    truth: Labels<'_>,
    scores: Scores<'_>,
    request: &SweepRequest<'_>,
) -> Result<SweepCounts, SweepError> {
    check_sizes(truth.len(), truth.len(), request.num_classes)?;
    check_request(truth.len(), scores.len(), request)?;
    let labels = truth_labels(truth, request)?;
    if let Scores::F32(values) = scores {
        if let Some(index) = values.iter().position(|v| v.is_nan()) {
            return Err(SweepError::ScoreNan { index });
        }
    }
    let metric = Metric::new(request.distance, [1.0, 1.0])?;
    let height = labels.len() / request.width;
    let plane = near::Plane {
        width: request.width,
        height,
        reach: crate::thin::reach::Reach::new(request.tolerance, &metric, request.width, height),
    };
    let channels = request.classes.len();
    let classes = for_each_class(request.classes, |i, class| {
        let map = ClassMap {
            scores,
            channel: i,
            channels,
            pixels: labels.len(),
            layout: request.layout,
        };
        buckets::count_class(&labels, class, &map, &plane, request)
    });
    Ok(SweepCounts { classes })
}

/// One class's map inside the scores.
#[derive(Clone, Copy)]
pub(crate) struct ClassMap<'a> {
    scores: Scores<'a>,
    channel: usize,
    channels: usize,
    pixels: usize,
    layout: ScoreLayout,
}

impl ClassMap<'_> {
    /// The flat index of pixel `i` of this map.
    #[inline]
    fn index(&self, i: usize) -> usize {
        match self.layout {
            ScoreLayout::Chw => self.channel * self.pixels + i,
            ScoreLayout::Hwc => i * self.channels + self.channel,
        }
    }
}

#[cfg(feature = "parallel")]
fn for_each_class<F>(classes: &[u32], f: F) -> Vec<ClassSweep>
where
    F: Fn(usize, u32) -> ClassSweep + Sync + Send,
{
    use rayon::prelude::*;
    classes
        .par_iter()
        .enumerate()
        .map(|(i, &c)| f(i, c))
        .collect()
}

#[cfg(not(feature = "parallel"))]
fn for_each_class<F>(classes: &[u32], f: F) -> Vec<ClassSweep>
where
    F: Fn(usize, u32) -> ClassSweep,
{
    classes.iter().enumerate().map(|(i, &c)| f(i, c)).collect()
}

/// The truth as one u32 per pixel, with `u32::MAX` for an ignored pixel; the first label out of
/// range is `E_LABEL_RANGE`, as the confusion matrix reports it.
fn truth_labels(truth: Labels<'_>, request: &SweepRequest<'_>) -> Result<Vec<u32>, SweepError> {
    let k = request.num_classes;
    let convert = |index: usize, value: u32| -> Result<u32, SweepError> {
        if Some(value) == request.ignore_index {
            Ok(IGNORED)
        } else if value < k {
            Ok(value)
        } else {
            Err(SweepError::Core(PerclassError::LabelRange {
                side: Side::Truth,
                value,
                index,
                num_classes: k,
                ignore_index: request.ignore_index,
            }))
        }
    };
    match truth {
        Labels::U8(s) => s
            .iter()
            .enumerate()
            .map(|(i, &v)| convert(i, u32::from(v)))
            .collect(),
        Labels::U16(s) => s
            .iter()
            .enumerate()
            .map(|(i, &v)| convert(i, u32::from(v)))
            .collect(),
    }
}

/// An ignored truth pixel: in no set.
pub(crate) const IGNORED: u32 = u32::MAX;

/// The request checks, in the order (and with the messages) of src/sweep/options.ts.
fn check_request(
    len: usize,
    scores_len: usize,
    request: &SweepRequest<'_>,
) -> Result<(), SweepError> {
    if request.width == 0 {
        return Err(option("width must be a positive integer, got 0".to_owned()));
    }
    let k = request.num_classes;
    let mut seen = vec![false; k as usize];
    for &c in request.classes {
        if c >= k || std::mem::replace(&mut seen[c as usize], true) {
            let list: Vec<String> = request.classes.iter().map(u32::to_string).collect();
            return Err(option(format!(
                "classes must be distinct class indices in [0, {k}), got [{}]",
                list.join(", ")
            )));
        }
    }
    if request.classes.is_empty() {
        return Err(option(
            "classes must name at least one scored class".to_owned(),
        ));
    }
    check_thresholds(request.thresholds)?;
    let tau = request.tolerance;
    if !tau.is_finite() || tau < 0.0 {
        return Err(option(format!(
            "tolerance must be a finite number >= 0, got {}",
            crate::thin::js_number(tau)
        )));
    }
    if !len.is_multiple_of(request.width) {
        return Err(SweepError::Core(PerclassError::Width {
            len,
            width: request.width,
        }));
    }
    let needed = request.classes.len() as u128 * len as u128;
    if scores_len as u128 != needed {
        return Err(shape_error(scores_len, request, len));
    }
    Ok(())
}

/// The scores' length does not fit the truth and the class count (`E_SHAPE`).
fn shape_error(scores_len: usize, request: &SweepRequest<'_>, len: usize) -> SweepError {
    let c = request.classes.len();
    let height = len / request.width;
    SweepError::Shape {
        message: format!(
            "scores has {scores_len} values; {} scores of {c} map(s) over {height}x{} pixels need {}",
            request.layout.name(),
            request.width,
            c * len
        ),
    }
}

/// Thresholds: at least one, each in [0, 1], strictly increasing.
fn check_thresholds(thresholds: &[f64]) -> Result<(), SweepError> {
    if thresholds.is_empty() {
        return Err(option("thresholds must be a non-empty list".to_owned()));
    }
    for (i, &t) in thresholds.iter().enumerate() {
        if !(0.0..=1.0).contains(&t) {
            return Err(option(format!(
                "thresholds must be numbers in [0, 1], got {} at index {i}",
                crate::thin::js_number(t)
            )));
        }
        if i > 0 && t <= thresholds[i - 1] {
            return Err(option(format!(
                "thresholds must be strictly increasing, got {} after {} at index {i}",
                crate::thin::js_number(t),
                crate::thin::js_number(thresholds[i - 1])
            )));
        }
    }
    Ok(())
}
