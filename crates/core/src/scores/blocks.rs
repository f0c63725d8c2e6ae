//! The one pass: a map is taken in blocks of [`BLOCK`] pixels; each block's scores are decided
//! into a small label buffer (argmax or thresholds, vectorized where the layout allows), then
//! counted at once by the confusion kernels, while the block is still in the cache. The buffer
//! is all the label map there ever is. The wasm build has kernels of its own for the hot case
//! (f32 argmax into bytes: `argmax_simd128.rs`; the counts go through the confusion kernels, which
//! take K <= 4 to `crate::dense_small_k`).
//!
//! A [`ScoreStream`] takes a map in pieces (the wasm binding streams maps through small buffers;
//! the parallel path gives each thread its own stream and merges them), and ends with the
//! result of one pass over the whole map, errors included: NaN has precedence over a bad truth
//! label, and the first NaN in flat order wins, wherever the pieces were cut.

use super::argmax::{argmax_interleaved, argmax_planar};
use super::f16::f16_to_f32;
use super::one_vs_rest::tally;
use super::rule::check_rule;
use super::threshold::{threshold_interleaved, threshold_planar};
use super::{Label, OneVsRest, Score, ScoreCounts, ScoreLayout, ScoreRule, ScoreValues};
use crate::confusion::{accumulate, check_sizes};
use crate::{Confusion, Kernel, Labels, PerclassError};

/// Pixels per block: at 3 f32 channels 192 KiB of scores plus 64 KiB of decisions, which stay in
/// a 512 KiB–1 MiB L2 cache between the decision and the count.
pub(crate) const BLOCK: usize = 16 * 1024;

/// A piece of a score map as a stream reads it: `values` in the map's layout, where (CHW) channel
/// `c` of the piece's pixel `i` is `values[c * stride + base + i]`, or (HWC) `values[(base + i) *
/// C + c]`.
#[derive(Clone, Copy, Debug)]
pub struct ScoreChunk<'a> {
    values: ScoreValues<'a>,
    stride: usize,
    base: usize,
}

impl<'a> ScoreChunk<'a> {
    /// A whole map of `pixels` pixels (or its pixels from `base` on, for [`ScoreChunk::from`]).
    pub fn whole(values: ScoreValues<'a>, pixels: usize) -> ScoreChunk<'a> {
        ScoreChunk {
            values,
            stride: pixels,
            base: 0,
        }
    }

    /// The same map, from its pixel `base` on.
    pub fn from(self, base: usize) -> ScoreChunk<'a> {
        ScoreChunk { base, ..self }
    }

    /// A piece copied out of a map: `len` pixels, each channel's values together (CHW: `len`
    /// values per channel, one channel after another; HWC: `len * C` values).
    pub fn packed(values: ScoreValues<'a>, len: usize) -> ScoreChunk<'a> {
        ScoreChunk {
            values,
            stride: len,
            base: 0,
        }
    }
}

/// A count over a map that arrives in pieces, in any order of pieces (the result does not
/// depend on it).
pub struct ScoreStream {
    layout: ScoreLayout,
    rule: ScoreRule,
    channels: usize,
    pixels: usize,
    num_classes: u32,
    ignore_index: Option<u32>,
    kernel: Kernel,
    counts: ScoreCounts,
    first_nan: Option<usize>,
    label_error: Option<PerclassError>,
    // Per-block buffers, reused.
    decided: Decided,
    decoded: Vec<f32>,
    truth_labels: Vec<u32>,
}

impl ScoreStream {
    /// A stream over a map of `pixels` pixels whose scores hold `values` values, after every
    /// check of the arguments: `num_classes`, the rule's class list and thresholds, then the
    /// length of the scores for the layout.
    pub fn new(
        pixels: usize,
        values: usize,
        layout: ScoreLayout,
        rule: ScoreRule,
        num_classes: u32,
        ignore_index: Option<u32>,
    ) -> Result<ScoreStream, PerclassError> {
        check_sizes(pixels, pixels, num_classes)?;
        check_rule(&rule, num_classes)?;
        let channels = rule.channels(num_classes);
        if channels.checked_mul(pixels) != Some(values) {
            return Err(PerclassError::ScoreShape {
                values,
                channels,
                pixels,
                layout: layout.name(),
            });
        }
        let counts = match &rule {
            ScoreRule::MultiLabel { classes, .. } => ScoreCounts::OneVsRest(
                classes
                    .iter()
                    .map(|&class| OneVsRest {
                        class,
                        ..OneVsRest::default()
                    })
                    .collect(),
            ),
            _ => ScoreCounts::Confusion(Confusion::new(num_classes as usize)),
        };
        Ok(ScoreStream {
            layout,
            rule,
            channels,
            pixels,
            num_classes,
            ignore_index,
            kernel: Kernel::detect(),
            counts,
            first_nan: None,
            label_error: None,
            decided: if num_classes <= 256 {
                Decided::Bytes(vec![0; BLOCK])
            } else {
                Decided::Words(vec![0; BLOCK])
            },
            decoded: Vec::new(),
            truth_labels: Vec::new(),
        })
    }

    /// Adds the pixels `start .. start + truth.len()` of the map: `truth` is that piece of the
    /// truth map, `scores` the same pixels' scores. A binding bug (a piece that does not fit) panics.
    pub fn add(&mut self, truth: Labels<'_>, scores: ScoreChunk<'_>, start: usize) {
        assert!(start + truth.len() <= self.pixels, "piece beyond the map");
        let mut at = 0;
        while at < truth.len() {
            let n = BLOCK.min(truth.len() - at);
            self.block(
                truth.slice(at, at + n),
                scores.from(scores.base + at),
                start + at,
            );
            at += n;
        }
    }

    /// Adds another stream's pieces (of the same map, with the same rule).
    pub fn merge(&mut self, other: ScoreStream) {
        match (&mut self.counts, other.counts) {
            (ScoreCounts::Confusion(a), ScoreCounts::Confusion(b)) => a.merge(&b),
            (ScoreCounts::OneVsRest(a), ScoreCounts::OneVsRest(b)) => {
                for (a, b) in a.iter_mut().zip(b) {
                    a.tp += b.tp;
                    a.fp += b.fp;
                    a.fn_ += b.fn_;
                    a.tn += b.tn;
                }
            }
            _ => panic!("merging score streams of different rules"),
        }
        self.first_nan = earliest(self.first_nan, other.first_nan);
        self.label_error = match (self.label_error.take(), other.label_error) {
            (Some(a), Some(b)) => Some(if error_index(&b) < error_index(&a) {
                b
            } else {
                a
            }),
            (a, b) => a.or(b),
        };
    }

    /// The counts, or the error of the whole map: the first NaN, else the first bad truth label.
    pub fn finish(self) -> Result<ScoreCounts, PerclassError> {
        if let Some(index) = self.first_nan {
            return Err(PerclassError::ScoreNan { index });
        }
        if let Some(error) = self.label_error {
            return Err(error);
        }
        Ok(self.counts)
    }

    /// One block of at most [`BLOCK`] pixels, at pixel `start` of the map.
    fn block(&mut self, truth: Labels<'_>, scores: ScoreChunk<'_>, start: usize) {
        let n = truth.len();
        let nan = if let ScoreRule::MultiLabel { .. } = self.rule {
            self.one_vs_rest(truth, scores, start)
        } else {
            let nan = self.decide(scores, n);
            if self.label_error.is_none() {
                self.count(truth, start);
            }
            nan
        };
        if nan {
            let first = self.first_nan_in(scores, n, start);
            self.first_nan = earliest(self.first_nan, first);
        }
    }

    /// Decides the block's `n` pixels into `self.decided`; whether a NaN was seen.
    fn decide(&mut self, scores: ScoreChunk<'_>, n: usize) -> bool {
        // wasm: the hand-written simd128 argmax for the common case, f32 into bytes (CHW, and
        // HWC of 2 to 4 channels).
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if let (Decided::Bytes(out), ScoreRule::Argmax, ScoreValues::F32(v)) =
            (&mut self.decided, &self.rule, scores.values)
        {
            use super::argmax_simd128::{argmax_interleaved_f32_u8, argmax_planar_f32_u8};
            let piece = Piece::of(v, self.layout, self.channels, scores, n);
            match self.layout {
                ScoreLayout::Chw => {
                    let lanes: Vec<&[f32]> = (0..self.channels).map(|c| piece.lane(c)).collect();
                    return argmax_planar_f32_u8(&lanes, &mut out[..n]);
                }
                ScoreLayout::Hwc => {
                    if let Some(nan) =
                        argmax_interleaved_f32_u8(piece.lane(0), self.channels, &mut out[..n])
                    {
                        return nan;
                    }
                }
            }
        }
        match &mut self.decided {
            Decided::Bytes(out) => decide_into(
                self.kernel,
                &self.rule,
                self.layout,
                self.channels,
                scores,
                &mut self.decoded,
                &mut out[..n],
            ),
            Decided::Words(out) => decide_into(
                self.kernel,
                &self.rule,
                self.layout,
                self.channels,
                scores,
                &mut self.decoded,
                &mut out[..n],
            ),
        }
    }

    /// Counts the decided block against its truth with the confusion kernels (u8 labels, the
    /// fast path, when every class fits in a byte).
    fn count(&mut self, truth: Labels<'_>, start: usize) {
        let n = truth.len();
        let ScoreCounts::Confusion(counts) = &mut self.counts else {
            unreachable!("a decision rule counts a confusion matrix")
        };
        let pred = match &self.decided {
            Decided::Bytes(labels) => Labels::U8(&labels[..n]),
            Decided::Words(labels) => Labels::U16(&labels[..n]),
        };
        let (k, ignore) = (self.num_classes, self.ignore_index);
        // The kernels take K <= 4 to the branch-free counter themselves (crate::dense_small_k).
        if let Err(error) = accumulate(self.kernel, truth, pred, k, ignore, start, counts) {
            self.label_error = Some(error);
        }
    }

    /// One-vs-rest counts of a block; whether a NaN was seen.
    fn one_vs_rest(&mut self, truth: Labels<'_>, scores: ScoreChunk<'_>, start: usize) -> bool {
        let n = truth.len();
        self.truth_labels.clear();
        match truth {
            Labels::U8(t) => self.truth_labels.extend(t.iter().map(|&l| u32::from(l))),
            Labels::U16(t) => self.truth_labels.extend(t.iter().map(|&l| u32::from(l))),
        }
        // Ignored truth becomes u32::MAX, no class; the first bad label is an error.
        for (i, label) in self.truth_labels.iter_mut().enumerate() {
            if Some(*label) == self.ignore_index {
                *label = u32::MAX;
            } else if *label >= self.num_classes {
                if self.label_error.is_none() {
                    self.label_error = Some(PerclassError::LabelRange {
                        side: crate::Side::Truth,
                        value: *label,
                        index: start + i,
                        num_classes: self.num_classes,
                        ignore_index: self.ignore_index,
                    });
                }
                *label = u32::MAX;
            }
        }
        let (layout, channels) = (self.layout, self.channels);
        let ScoreRule::MultiLabel { thresholds, .. } = &self.rule else {
            unreachable!()
        };
        let ScoreCounts::OneVsRest(classes) = &mut self.counts else {
            unreachable!()
        };
        let truth = &self.truth_labels;
        match scores.values {
            ScoreValues::F32(v) => tally(
                Piece::of(v, layout, channels, scores, n),
                truth,
                thresholds,
                classes,
                |x| (f64::from(x), x.is_nan()),
            ),
            ScoreValues::U8(v) => tally(
                Piece::of(v, layout, channels, scores, n),
                truth,
                thresholds,
                classes,
                |x| (x.probability(), false),
            ),
            ScoreValues::F16(v) => tally(
                Piece::of(v, layout, channels, scores, n),
                truth,
                thresholds,
                classes,
                |x| {
                    let x = f16_to_f32(x);
                    (f64::from(x), x.is_nan())
                },
            ),
        }
    }

    /// The first flat index (in the map's layout) of a NaN in the block at pixel `start`.
    fn first_nan_in(&self, scores: ScoreChunk<'_>, n: usize, start: usize) -> Option<usize> {
        let c = self.channels;
        let find = |lane: usize| -> Option<usize> {
            match scores.values {
                ScoreValues::F32(v) => Piece::of(v, self.layout, c, scores, n).lane_first_nan(lane),
                ScoreValues::F16(v) => Piece::of(v, self.layout, c, scores, n).lane_first_nan(lane),
                ScoreValues::U8(_) => None,
            }
        };
        match self.layout {
            // A lower channel always comes first in flat order.
            ScoreLayout::Chw => {
                (0..c).find_map(|ch| find(ch).map(|i| ch * self.pixels + start + i))
            }
            ScoreLayout::Hwc => find(0).map(|i| start * c + i),
        }
    }
}

/// A block's decided labels: bytes when every class fits in one, else 16-bit words.
enum Decided {
    Bytes(Vec<u8>),
    Words(Vec<u16>),
}

/// Decides `out.len()` pixels of `scores` into `out` with the kernel for this CPU; f16 scores are
/// decoded into `decoded` (a packed block of f32, exact) first. Whether a NaN was seen.
fn decide_into<L: Label>(
    kernel: Kernel,
    rule: &ScoreRule,
    layout: ScoreLayout,
    channels: usize,
    scores: ScoreChunk<'_>,
    decoded: &mut Vec<f32>,
    out: &mut [L],
) -> bool {
    let n = out.len();
    match scores.values {
        ScoreValues::F32(values) => {
            let piece = Piece::of(values, layout, channels, scores, n);
            decide_dispatch(kernel, rule, piece, out)
        }
        ScoreValues::U8(values) => {
            let piece = Piece::of(values, layout, channels, scores, n);
            decide_dispatch(kernel, rule, piece, out)
        }
        ScoreValues::F16(bits) => {
            let piece = Piece::of(bits, layout, channels, scores, n);
            decoded.clear();
            for c in 0..piece.lanes() {
                decoded.extend(piece.lane(c).iter().map(|&b| f16_to_f32(b)));
            }
            let piece = Piece {
                values: decoded.as_slice(),
                layout,
                channels,
                stride: n,
                base: 0,
                n,
            };
            decide_dispatch(kernel, rule, piece, out)
        }
    }
}

/// One block's scores as the kernels read them: `lane(c)` is channel `c`'s `n` values (CHW), or
/// `lane(0)` the `n * C` values of the block (HWC).
#[derive(Clone, Copy)]
pub(crate) struct Piece<'a, T> {
    values: &'a [T],
    pub(crate) layout: ScoreLayout,
    pub(crate) channels: usize,
    stride: usize,
    base: usize,
    n: usize,
}

impl<'a, T: Copy> Piece<'a, T> {
    fn of(
        values: &'a [T],
        layout: ScoreLayout,
        channels: usize,
        chunk: ScoreChunk<'_>,
        n: usize,
    ) -> Self {
        Piece {
            values,
            layout,
            channels,
            stride: chunk.stride,
            base: chunk.base,
            n,
        }
    }

    fn lanes(&self) -> usize {
        match self.layout {
            ScoreLayout::Chw => self.channels,
            ScoreLayout::Hwc => 1,
        }
    }

    pub(crate) fn lane(&self, c: usize) -> &'a [T] {
        match self.layout {
            ScoreLayout::Chw => {
                let from = c * self.stride + self.base;
                &self.values[from..from + self.n]
            }
            ScoreLayout::Hwc => {
                &self.values[self.base * self.channels..(self.base + self.n) * self.channels]
            }
        }
    }
}

impl<T: Copy + NanBits> Piece<'_, T> {
    fn lane_first_nan(&self, c: usize) -> Option<usize> {
        self.lane(c).iter().position(|&x| x.nan_bits())
    }
}

/// NaN of a stored element (f16 as its bits).
pub(crate) trait NanBits {
    fn nan_bits(self) -> bool;
}

impl NanBits for f32 {
    fn nan_bits(self) -> bool {
        self.is_nan()
    }
}

impl NanBits for u16 {
    fn nan_bits(self) -> bool {
        super::f16::f16_is_nan(self)
    }
}

/// The decision kernel for this CPU: on x86_64 with AVX2, the same code compiled for AVX2.
fn decide_dispatch<T: Score, L: Label>(
    kernel: Kernel,
    rule: &ScoreRule,
    piece: Piece<'_, T>,
    out: &mut [L],
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if matches!(kernel, Kernel::Avx2 | Kernel::Avx512) {
        // SAFETY: `Kernel::Avx2` and `Kernel::Avx512` are only ever detected on a CPU that runs
        // AVX2 (`Kernel::is_supported`; the AVX-512 kernel's detection checks AVX2 too), and
        // `Kernel::detect` / `available` hand out no other.
        return unsafe { decide_avx2(rule, piece, out) };
    }
    let _ = kernel;
    decide(rule, piece, out)
}

/// # Safety
///
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn decide_avx2<T: Score, L: Label>(
    rule: &ScoreRule,
    piece: Piece<'_, T>,
    out: &mut [L],
) -> bool {
    decide(rule, piece, out)
}

#[inline(always)]
fn decide<T: Score, L: Label>(rule: &ScoreRule, piece: Piece<'_, T>, out: &mut [L]) -> bool {
    match (rule, piece.layout) {
        (ScoreRule::Argmax, ScoreLayout::Chw) => {
            argmax_planar(|c| piece.lane(c), piece.channels, out)
        }
        (ScoreRule::Argmax, ScoreLayout::Hwc) => {
            argmax_interleaved(piece.lane(0), piece.channels, out)
        }
        (
            ScoreRule::Threshold {
                classes,
                thresholds,
                background,
            },
            ScoreLayout::Chw,
        ) => threshold_planar(|c| piece.lane(c), classes, thresholds, *background, out),
        (
            ScoreRule::Threshold {
                classes,
                thresholds,
                background,
            },
            ScoreLayout::Hwc,
        ) => threshold_interleaved(piece.lane(0), classes, thresholds, *background, out),
        (ScoreRule::MultiLabel { .. }, _) => unreachable!("multi-label is counted, not decided"),
    }
}

fn earliest(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn error_index(error: &PerclassError) -> usize {
    match error {
        PerclassError::LabelRange { index, .. } => *index,
        _ => usize::MAX,
    }
}
