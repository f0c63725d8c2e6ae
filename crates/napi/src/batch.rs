//! The native batch path: `evaluateFiles` reads, decodes and counts pairs of mask files on
//! threads of its own, off the JavaScript thread, and hands each pair's counts to JavaScript as
//! soon as they are ready (a thread-safe function call). Files are streamed: each thread holds
//! one pair at a time, so memory stays bounded however many files there are.
//!
//! A pair that cannot be evaluated (unreadable, not a PNG, damaged, sizes differ, a bad label)
//! is an outcome with a code and a message naming the file, never an exception: the other pairs
//! are still evaluated. A panic while evaluating a pair becomes that pair's `E_INTERNAL`.

// The napi macros export these to JavaScript; a `cargo test` build has no JavaScript side.
#![cfg_attr(test, allow(dead_code))]

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use napi::bindgen_prelude::AsyncTask;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status, Task};
use napi_derive::napi;
use perclass_core::{DepthAxis, Distance, Metrics, PerclassError, Side, ThinRequest};
use perclass_io::{ColourMap, Limits, Mask};

use crate::{guarded, KernelFailure};

/// One pair of files.
#[napi(object)]
pub struct BatchPair {
    pub truth: String,
    pub pred: String,
}

/// What every pair is evaluated with; the thin-structure fields as in `thinCounts`.
#[napi(object)]
pub struct BatchOptions {
    pub num_classes: u32,
    pub ignore_index: Option<u32>,
    pub max_pixels: f64,
    /// The colour map of RGB(A) masks, pair by pair (packed 0xRRGGBB → label), or none.
    pub colours: Option<Vec<u32>>,
    pub labels: Option<Vec<u32>>,
    /// Thin-structure metrics: `metrics` is the bit set of `thinCounts` (0: none).
    pub metrics: u32,
    pub classes: Vec<u32>,
    pub tolerance: Vec<f64>,
    pub distance: u32,
    pub depth_axis: u32,
    /// Threads reading, decoding and counting (at least 1).
    pub workers: u32,
}

/// The result of one pair: counts (flat, as `confusionMatrix` and `thinCounts` return them) or a
/// failure (`code`, `message`).
#[napi(object)]
pub struct PairOutcome {
    pub index: u32,
    pub width: u32,
    pub height: u32,
    pub counts: Option<Vec<f64>>,
    pub thin: Option<Vec<f64>>,
    pub code: Option<String>,
    pub message: Option<String>,
}

type OnResult = ThreadsafeFunction<PairOutcome, (), PairOutcome, Status, false>;

/// Evaluates `pairs` on `options.workers` threads; `on_result` receives each pair's outcome (in
/// the order they finish). The promise resolves with the number of pairs once every outcome has
/// been handed over (their delivery to JavaScript may still be queued: count them).
#[napi(js_name = "evaluateFiles")]
pub fn evaluate_files(
    pairs: Vec<BatchPair>,
    options: BatchOptions,
    on_result: OnResult,
) -> AsyncTask<BatchTask> {
    AsyncTask::new(BatchTask {
        pairs,
        options,
        on_result,
    })
}

pub struct BatchTask {
    pairs: Vec<BatchPair>,
    options: BatchOptions,
    on_result: OnResult,
}

impl Task for BatchTask {
    type Output = u32;
    type JsValue = u32;

    /// Runs on a libuv worker thread; the pairs go to scoped threads that take the next index
    /// from a shared counter, so pairs finish roughly in order and no thread idles while work is
    /// left.
    fn compute(&mut self) -> napi::Result<u32> {
        let job = Job::new(&self.options)?;
        let next = AtomicUsize::new(0);
        let threads = self.options.workers.clamp(1, 1024) as usize;
        std::thread::scope(|scope| {
            for _ in 0..threads.min(self.pairs.len().max(1)) {
                scope.spawn(|| loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(pair) = self.pairs.get(index) else {
                        break;
                    };
                    let outcome = evaluate_pair(index as u32, pair, &job);
                    // NonBlocking: the queue is unbounded, and outcomes are small (counts).
                    self.on_result
                        .call(outcome, ThreadsafeFunctionCallMode::NonBlocking);
                });
            }
        });
        Ok(self.pairs.len() as u32)
    }

    fn resolve(&mut self, _env: Env, output: u32) -> napi::Result<u32> {
        Ok(output)
    }
}

/// The options, checked once for the whole batch.
struct Job<'a> {
    options: &'a BatchOptions,
    limits: Limits,
    colours: Option<ColourMap>,
}

impl<'a> Job<'a> {
    fn new(options: &'a BatchOptions) -> napi::Result<Job<'a>> {
        let invalid = |message: String| napi::Error::new(Status::InvalidArg, message);
        let limits = Limits::from_f64(options.max_pixels).map_err(|e| invalid(e.to_string()))?;
        let colours = match (&options.colours, &options.labels) {
            (Some(colours), Some(labels)) => {
                let labels: Vec<u16> = labels
                    .iter()
                    .map(|&l| u16::try_from(l).map_err(|_| invalid(format!("label {l} > 65535"))))
                    .collect::<napi::Result<_>>()?;
                Some(ColourMap::new(colours, &labels).map_err(|e| invalid(e.to_string()))?)
            }
            (None, None) => None,
            _ => return Err(invalid("a colour map needs colours and labels".to_owned())),
        };
        Ok(Job {
            options,
            limits,
            colours,
        })
    }

    /// An undefined distance, depth-axis or metric code is a loader bug: `E_INTERNAL`.
    fn thin_request(&self, width: u32) -> Result<ThinRequest<'_>, PerclassError> {
        let o = self.options;
        Ok(ThinRequest {
            width: width as usize,
            num_classes: o.num_classes,
            ignore_index: o.ignore_index,
            classes: &o.classes,
            tolerance: &o.tolerance,
            distance: Distance::from_code(o.distance)?,
            depth_axis: DepthAxis::from_code(o.depth_axis)?,
            metrics: Metrics::from_bits(o.metrics)?,
        })
    }
}

fn evaluate_pair(index: u32, pair: &BatchPair, job: &Job<'_>) -> PairOutcome {
    match guarded(|| count_pair(pair, job)) {
        Ok((mask, counts, thin)) => PairOutcome {
            index,
            width: mask.0,
            height: mask.1,
            counts: Some(counts),
            thin,
            code: None,
            message: None,
        },
        Err(failure) => PairOutcome {
            index,
            width: 0,
            height: 0,
            counts: None,
            thin: None,
            code: Some(failure.code),
            message: Some(failure.message),
        },
    }
}

type Counted = ((u32, u32), Vec<f64>, Option<Vec<f64>>);

fn count_pair(pair: &BatchPair, job: &Job<'_>) -> Result<Counted, KernelFailure> {
    let truth = read_mask(&pair.truth, job)?;
    let pred = read_mask(&pair.pred, job)?;
    if (truth.width, truth.height) != (pred.width, pred.height) {
        return Err(KernelFailure {
            code: "E_SHAPE".to_owned(),
            message: format!(
                "{} is {}x{} but {} is {}x{}",
                pair.truth, truth.width, truth.height, pair.pred, pred.width, pred.height
            ),
        });
    }
    let (t, p) = (core_labels(&truth), core_labels(&pred));
    let o = job.options;
    let naming = |error: PerclassError| failure_naming(pair, error);
    // One thread per pair already keeps every core busy: the single-threaded kernels serve.
    let counts =
        perclass_core::confusion_matrix(t, p, o.num_classes, o.ignore_index).map_err(naming)?;
    let flat = counts.to_flat();
    let thin = if o.metrics == 0 {
        None
    } else {
        let request = job.thin_request(truth.width).map_err(naming)?;
        Some(
            perclass_core::thin_counts(t, p, &request)
                .map_err(naming)?
                .to_flat(),
        )
    };
    Ok(((truth.width, truth.height), flat, thin))
}

fn read_mask(path: &str, job: &Job<'_>) -> Result<Mask, KernelFailure> {
    let bytes = std::fs::read(Path::new(path)).map_err(|error| KernelFailure {
        code: "E_IO".to_owned(),
        message: format!("{path}: cannot read the file: {error}"),
    })?;
    perclass_io::decode_mask(&bytes, &job.limits, job.colours.as_ref()).map_err(|error| {
        KernelFailure {
            code: error.code().to_owned(),
            message: format!("{path}: {error}"),
        }
    })
}

fn core_labels(mask: &Mask) -> perclass_core::Labels<'_> {
    match &mask.labels {
        perclass_io::Labels::U8(labels) => perclass_core::Labels::U8(labels),
        perclass_io::Labels::U16(labels) => perclass_core::Labels::U16(labels),
    }
}

/// A counting error, with the file it is about in front of the message.
fn failure_naming(pair: &BatchPair, error: PerclassError) -> KernelFailure {
    let file = match &error {
        PerclassError::LabelRange {
            side: Side::Prediction,
            ..
        } => &pair.pred,
        _ => &pair.truth,
    };
    KernelFailure {
        code: error.code().to_owned(),
        message: format!("{file}: {error}"),
    }
}
