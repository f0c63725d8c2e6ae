//! Scores straight from a model: per-pixel class scores (or per-class probability maps) turned
//! into labels and counted in one pass, block by block, so that no label map of the whole image
//! is ever made (`blocks.rs`). The decisions: argmax (`argmax.rs`; with simd128 intrinsics for
//! wasm, `argmax_simd128.rs`), thresholds for sigmoid heads (`threshold.rs`), and one-vs-rest
//! counts per class for multi-label heads (`blocks.rs`).
//!
//! Layouts, for an image of `pixels` pixels and C channels: CHW (channel-major, index
//! `c * pixels + i`) and HWC (pixel-major, index `i * C + c`). Element types: f32, f16 (as raw
//! bits) and u8 (quantised: raw bytes for the argmax, `value / 255` for thresholds).
//!
//! Errors, in this order: NaN anywhere (`E_SCORE_NAN`, naming the first flat index in the given
//! layout), then the first truth label outside `[0, K)` that is not the ignore index.

mod argmax;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod argmax_simd128;
mod blocks;
mod f16;
mod one_vs_rest;
#[cfg(feature = "parallel")]
mod parallel;
mod rule;
mod threshold;

pub use blocks::{ScoreChunk, ScoreStream};
#[cfg(feature = "parallel")]
pub use parallel::scores_count_parallel;

use crate::{Confusion, Labels, PerclassError};

/// How the channels of a score map are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreLayout {
    /// Channel-major: index `c * pixels + i`.
    Chw,
    /// Pixel-major: index `i * channels + c`.
    Hwc,
}

impl ScoreLayout {
    /// The binding code of each layout, one definition for both bindings.
    pub const CODES: [(ScoreLayout, u32, &'static str); 2] =
        [(ScoreLayout::Chw, 0, "chw"), (ScoreLayout::Hwc, 1, "hwc")];

    pub fn from_code(code: u32) -> Result<ScoreLayout, PerclassError> {
        Self::CODES
            .iter()
            .find(|(_, c, _)| *c == code)
            .map(|(layout, _, _)| *layout)
            .ok_or(PerclassError::UnknownCode {
                what: "score layout",
                value: code,
            })
    }

    pub fn name(self) -> &'static str {
        match self {
            ScoreLayout::Chw => "chw",
            ScoreLayout::Hwc => "hwc",
        }
    }
}

/// The scores of a map (or of a piece of one), borrowed.
#[derive(Clone, Copy, Debug)]
pub enum ScoreValues<'a> {
    F32(&'a [f32]),
    /// IEEE half precision, as raw bit patterns.
    F16(&'a [u16]),
    /// Quantised probabilities: `value / 255`.
    U8(&'a [u8]),
}

impl ScoreValues<'_> {
    pub fn len(&self) -> usize {
        match self {
            ScoreValues::F32(v) => v.len(),
            ScoreValues::F16(v) => v.len(),
            ScoreValues::U8(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first flat index holding a NaN.
    pub fn first_nan(&self) -> Option<usize> {
        match self {
            ScoreValues::F32(v) => v.iter().position(|x| x.is_nan()),
            ScoreValues::F16(v) => v.iter().position(|&x| f16::f16_is_nan(x)),
            ScoreValues::U8(_) => None,
        }
    }
}

/// What turns a pixel's scores into what is counted.
#[derive(Clone, Debug, PartialEq)]
pub enum ScoreRule {
    /// One score per class (`num_classes` channels): the argmax.
    Argmax,
    /// One probability map per class of `classes` (increasing): the class whose probability
    /// passes its threshold, the highest if several do; `background` if none does.
    Threshold {
        classes: Vec<u32>,
        thresholds: Vec<f64>,
        background: u32,
    },
    /// One probability map per class of `classes`: each counted one-vs-rest on its own map.
    MultiLabel {
        classes: Vec<u32>,
        thresholds: Vec<f64>,
    },
}

impl ScoreRule {
    /// The binding code of each rule, one definition for both bindings.
    pub const CODES: [(&'static str, u32); 3] =
        [("argmax", 0), ("threshold", 1), ("multiLabel", 2)];

    /// The rule of a binding `code`, with its class list, thresholds and background class
    /// (unused by the rules that have none).
    pub fn from_code(
        code: u32,
        classes: &[u32],
        thresholds: &[f64],
        background: u32,
    ) -> Result<ScoreRule, PerclassError> {
        let (classes, thresholds) = (classes.to_vec(), thresholds.to_vec());
        match code {
            0 => Ok(ScoreRule::Argmax),
            1 => Ok(ScoreRule::Threshold {
                classes,
                thresholds,
                background,
            }),
            2 => Ok(ScoreRule::MultiLabel {
                classes,
                thresholds,
            }),
            _ => Err(PerclassError::UnknownCode {
                what: "score rule",
                value: code,
            }),
        }
    }

    /// The channels a map must have under this rule.
    pub fn channels(&self, num_classes: u32) -> usize {
        match self {
            ScoreRule::Argmax => num_classes as usize,
            ScoreRule::Threshold { classes, .. } | ScoreRule::MultiLabel { classes, .. } => {
                classes.len()
            }
        }
    }
}

/// One class's one-vs-rest counts: P = {p_c >= t_c}, G = {truth == c}, ignored pixels left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OneVsRest {
    pub class: u32,
    pub tp: u64,
    pub fp: u64,
    pub fn_: u64,
    pub tn: u64,
}

/// What a score count yields: confusion counts, or one-vs-rest counts per scored class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScoreCounts {
    Confusion(Confusion),
    OneVsRest(Vec<OneVsRest>),
}

impl ScoreCounts {
    /// The flat form for the bindings: [`Confusion::to_flat`], or `[class, tp, fp, fn, tn]` per
    /// scored class.
    pub fn to_flat(&self) -> Vec<f64> {
        match self {
            ScoreCounts::Confusion(counts) => counts.to_flat(),
            ScoreCounts::OneVsRest(classes) => classes
                .iter()
                .flat_map(|c| [c.class as u64, c.tp, c.fp, c.fn_, c.tn].map(|n| n as f64))
                .collect(),
        }
    }
}

/// Counts `truth` against the decisions of `scores` (`layout`, `rule.channels()` channels over
/// `truth.len()` pixels) on the calling thread.
pub fn scores_count(
    truth: Labels<'_>,
    scores: ScoreValues<'_>,
    layout: ScoreLayout,
    rule: &ScoreRule,
    num_classes: u32,
    ignore_index: Option<u32>,
) -> Result<ScoreCounts, PerclassError> {
    let mut stream = ScoreStream::new(
        truth.len(),
        scores.len(),
        layout,
        rule.clone(),
        num_classes,
        ignore_index,
    )?;
    stream.add(truth, ScoreChunk::whole(scores, truth.len()), 0);
    stream.finish()
}

/// A score element: f32 (f16 is decoded to it) or a quantised byte.
pub(crate) trait Score: Copy + PartialOrd {
    fn is_nan(self) -> bool;
    /// The value as a probability, for thresholds.
    fn probability(self) -> f64;
}

impl Score for f32 {
    #[inline(always)]
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    #[inline(always)]
    fn probability(self) -> f64 {
        f64::from(self)
    }
}

impl Score for u8 {
    #[inline(always)]
    fn is_nan(self) -> bool {
        false
    }
    #[inline(always)]
    fn probability(self) -> f64 {
        f64::from(self) / 255.0
    }
}

/// A decided label as a block stores it: u8 when every class fits in a byte (the confusion
/// kernels' fast path), u16 otherwise; u32 in unit tests.
pub(crate) trait Label: Copy {
    /// `class` is below the call's `num_classes`, which fits the type the stream picked.
    fn from_class(class: u32) -> Self;
}

impl Label for u8 {
    #[inline(always)]
    fn from_class(class: u32) -> Self {
        class as u8
    }
}

impl Label for u16 {
    #[inline(always)]
    fn from_class(class: u32) -> Self {
        class as u16
    }
}

impl Label for u32 {
    #[inline(always)]
    fn from_class(class: u32) -> Self {
        class
    }
}
