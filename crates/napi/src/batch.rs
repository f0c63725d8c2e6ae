//! The native batch path: `evaluateFiles` reads, decodes and counts pairs of mask files on
//! threads of its own, off the JavaScript thread, and hands each pair's counts to JavaScript as
//! soon as they are ready (a thread-safe function call). Files are streamed: each thread holds
//! one pair at a time, so memory stays bounded however many files there are.
//!
//! A pair that cannot be evaluated (unreadable, not a regular file, too large, not a PNG,
//! damaged, sizes differ, a bad label) is an outcome with a code and a message naming the file,
//! never an exception: the other pairs are still evaluated. A panic while evaluating a pair
//! becomes that pair's `E_INTERNAL`.
//!
//! The batch cannot leave JavaScript waiting: every call's status is checked and counted, and
//! after the last pair a `BatchEnd` goes through the same (first in, first out) queue, so when
//! it arrives every outcome that will ever arrive has. The promise resolves with the number of
//! outcomes queued; JavaScript turns a pair with no outcome into a listed `E_INTERNAL`. A
//! `BatchCancel` stops the threads between pairs.
//!
//! The threads are the batch's own: `workers` rayon pools of one thread each, each running the
//! pair loop. The thin counts' parallel loops run on the pool of the thread that calls them, so
//! inline on that thread: never on the global pool (which synchronous calls use), and never
//! stealing another pair's work, so each thread holds one pair's memory at a time (a shared pool
//! measured 3.6× one thread's peak with two threads, suspended pairs piling up under stolen ones).

// The napi macros export these to JavaScript; a `cargo test` build has no JavaScript side.
#![cfg_attr(test, allow(dead_code))]

mod mask_file;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;

use napi::bindgen_prelude::{AsyncTask, Either, Uint8Array};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status, Task};
use napi_derive::napi;
use perclass_core::{DepthAxis, Distance, Metrics, PerclassError, Side, ThinRequest};
use perclass_io::{ColourMap, Limits, Mask};

use crate::{guarded, KernelFailure};
use mask_file::MaskPath;

/// One pair of files: `truth` and `pred` name them in messages; `truthPath` and `predPath`, when
/// given, are the exact bytes of a path that is not UTF-8 (a string cannot hold it), and are what
/// is opened.
#[napi(object)]
pub struct BatchPair {
    pub truth: String,
    pub pred: String,
    pub truth_path: Option<Uint8Array>,
    pub pred_path: Option<Uint8Array>,
}

/// A pair's files as the batch threads use them (owned paths: the JavaScript arrays stay on the
/// JavaScript thread).
struct PairFiles {
    truth: MaskPath,
    pred: MaskPath,
}

impl From<BatchPair> for PairFiles {
    fn from(pair: BatchPair) -> Self {
        PairFiles {
            truth: MaskPath::new(pair.truth, pair.truth_path.as_deref()),
            pred: MaskPath::new(pair.pred, pair.pred_path.as_deref()),
        }
    }
}

/// What every pair is evaluated with; the thin-structure fields as in `thinCounts`.
#[napi(object)]
pub struct BatchOptions {
    pub num_classes: u32,
    pub ignore_index: Option<u32>,
    pub max_pixels: f64,
    /// Larger mask files are `E_LIMIT_PIXELS` before being read (src/files/read-mask-file.ts
    /// derives it from `max_pixels`).
    pub max_file_bytes: f64,
    /// The colour map of RGB(A) masks, pair by pair (packed 0xRRGGBB → label), or none.
    pub colours: Option<Vec<u32>>,
    pub labels: Option<Vec<u32>>,
    /// Thin-structure metrics: `metrics` is the bit set of `thinCounts` (0: none).
    pub metrics: u32,
    pub classes: Vec<u32>,
    pub tolerance: Vec<f64>,
    pub distance: u32,
    pub depth_axis: u32,
    /// The pixel size (rows, columns), as in `thinCounts`.
    pub spacing_y: f64,
    pub spacing_x: f64,
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

/// Sent after the last outcome: `delivered` outcomes were queued before it.
#[napi(object)]
pub struct BatchEnd {
    pub delivered: u32,
}

type Delivery = Either<PairOutcome, BatchEnd>;
type OnResult = ThreadsafeFunction<Delivery, (), Delivery, Status, false>;

/// Stops a batch: its threads finish the pair they hold and take no other.
#[napi]
#[derive(Default)]
pub struct BatchCancel {
    flag: Arc<AtomicBool>,
}

#[napi]
impl BatchCancel {
    #[napi(constructor)]
    pub fn new() -> Self {
        Self::default()
    }

    #[napi]
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }
}

/// Evaluates `pairs` on `options.workers` threads; `on_result` receives each pair's outcome (in
/// the order they finish), then one `BatchEnd`. The promise resolves with the number of outcomes
/// queued for `on_result` (their delivery may still be pending: wait for the `BatchEnd`). It
/// rejects only before any outcome (bad options, threads that cannot start).
#[napi(js_name = "evaluateFiles")]
pub fn evaluate_files(
    pairs: Vec<BatchPair>,
    options: BatchOptions,
    on_result: OnResult,
    cancel: &BatchCancel,
) -> AsyncTask<BatchTask> {
    AsyncTask::new(BatchTask {
        pairs: pairs.into_iter().map(PairFiles::from).collect(),
        options,
        on_result,
        cancelled: Arc::clone(&cancel.flag),
    })
}

pub struct BatchTask {
    pairs: Vec<PairFiles>,
    options: BatchOptions,
    on_result: OnResult,
    cancelled: Arc<AtomicBool>,
}

impl Task for BatchTask {
    type Output = u32;
    type JsValue = u32;

    /// Runs on a libuv worker thread, which waits for the batch's threads: each takes the next
    /// index from a shared counter, so pairs finish roughly in order and no thread idles while
    /// work is left.
    fn compute(&mut self) -> napi::Result<u32> {
        let job = Job::new(&self.options)?;
        let threads = (self.options.workers.clamp(1, 1024) as usize).min(self.pairs.len().max(1));
        let pools = (0..threads)
            .map(|i| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(move |_| format!("perclass-batch-{i}"))
                    .build()
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| napi::Error::new(Status::GenericFailure, e.to_string()))?;
        let next = AtomicUsize::new(0);
        let delivered = AtomicU32::new(0);
        // A panic outside `guarded` (none is known) ends the batch early instead of unwinding
        // into napi: the pairs left without an outcome are listed by JavaScript.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            on_each(&pools, &|| self.work(&job, &next, &delivered))
        }));
        drop(pools);
        let delivered = delivered.load(Ordering::Acquire);
        let end = Either::B(BatchEnd { delivered });
        // If this fails the environment is going away; JavaScript also ends the batch once
        // `delivered` outcomes have arrived.
        let _ = self
            .on_result
            .call(end, ThreadsafeFunctionCallMode::Blocking);
        Ok(delivered)
    }

    fn resolve(&mut self, _env: Env, output: u32) -> napi::Result<u32> {
        Ok(output)
    }
}

impl BatchTask {
    /// One thread's loop: the next pair until none is left or the batch is cancelled.
    fn work(&self, job: &Job<'_>, next: &AtomicUsize, delivered: &AtomicU32) {
        while !self.cancelled.load(Ordering::Relaxed) {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(pair) = self.pairs.get(index) else {
                break;
            };
            let outcome = evaluate_pair(index as u32, pair, job);
            // NonBlocking: the queue is unbounded, and outcomes are small (counts).
            match self
                .on_result
                .call(Either::A(outcome), ThreadsafeFunctionCallMode::NonBlocking)
            {
                Status::Ok => {
                    delivered.fetch_add(1, Ordering::AcqRel);
                }
                // The function is closing (the environment is going away): nobody will read
                // what is left, so stop.
                _ => self.cancelled.store(true, Ordering::Relaxed),
            }
        }
    }
}

/// Runs `work` once on each pool, all at once, and returns when every run has: each scope spawns
/// its run and then opens the next pool's scope in its body (on this thread), so all are spawned
/// before the innermost scope waits. A panic in a run resumes after every run has ended.
fn on_each(pools: &[rayon::ThreadPool], work: &(dyn Fn() + Sync)) {
    if let Some((pool, rest)) = pools.split_first() {
        pool.in_place_scope(|scope| {
            scope.spawn(|_| work());
            on_each(rest, work);
        });
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
            spacing: [o.spacing_y, o.spacing_x],
            depth_axis: DepthAxis::from_code(o.depth_axis)?,
            metrics: Metrics::from_bits(o.metrics)?,
        })
    }
}

fn evaluate_pair(index: u32, pair: &PairFiles, job: &Job<'_>) -> PairOutcome {
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

fn count_pair(pair: &PairFiles, job: &Job<'_>) -> Result<Counted, KernelFailure> {
    let truth = read_mask(&pair.truth, job)?;
    let pred = read_mask(&pair.pred, job)?;
    if (truth.width, truth.height) != (pred.width, pred.height) {
        return Err(KernelFailure {
            code: "E_SHAPE".to_owned(),
            message: format!(
                "{} is {}x{} but {} is {}x{}",
                pair.truth.shown,
                truth.width,
                truth.height,
                pair.pred.shown,
                pred.width,
                pred.height
            ),
        });
    }
    let (t, p) = (core_labels(&truth), core_labels(&pred));
    let o = job.options;
    let naming = |error: PerclassError| failure_naming(pair, error);
    // One thread per pair already keeps every core busy: the single-threaded kernel serves, and
    // the thin counts' parallel loops run inline (this thread is its one-thread pool's thread).
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

fn read_mask(file: &MaskPath, job: &Job<'_>) -> Result<Mask, KernelFailure> {
    let o = job.options;
    // `as` saturates: a bound beyond u64 (or NaN, 0) is what it says.
    let bytes = mask_file::read_mask_file(file, o.max_pixels, o.max_file_bytes as u64)?;
    perclass_io::decode_mask(&bytes, &job.limits, job.colours.as_ref()).map_err(|error| {
        KernelFailure {
            code: error.code().to_owned(),
            message: format!("{}: {error}", file.shown),
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
fn failure_naming(pair: &PairFiles, error: PerclassError) -> KernelFailure {
    let file = match &error {
        PerclassError::LabelRange {
            side: Side::Prediction,
            ..
        } => &pair.pred.shown,
        _ => &pair.truth.shown,
    };
    KernelFailure {
        code: error.code().to_owned(),
        message: format!("{file}: {error}"),
    }
}
