//! The asynchronous variants (`confusionMatrixAsync`, `thinCountsAsync`): the same counts as the
//! synchronous calls, computed on a libuv worker thread (napi `AsyncTask`) so the event loop
//! keeps running meanwhile.
//!
//! Inputs are copied into Rust-owned vectors on the main thread, while the call is made, before
//! the task is queued. A borrowed view would not be safe: JavaScript runs on while the task does,
//! and may write the arrays, or transfer (detach) their buffer, which would free the memory
//! under the worker. The copy costs one memcpy of the maps, small beside the counting. (Views of
//! a `SharedArrayBuffer` are copied in JavaScript first, so even that memcpy reads no memory
//! another thread may be writing; see src/backends/native.ts.)

// The napi macros export these to JavaScript; a `cargo test` build has no JavaScript side, so
// nothing in it calls them.
#![cfg_attr(test, allow(dead_code))]

use crate::{guarded, labels, output, KernelFailure};
use napi::bindgen_prelude::{
    AsyncTask, Either, Env, Float64Array, Float64ArraySlice, Result, TypedArray, Uint32Array,
};
use napi::ScopedTask;
use napi_derive::napi;
use perclass_core::{DepthAxis, Distance, Labels, Metrics, ThinRequest};

/// A label map copied out of JavaScript memory for a task.
enum OwnedLabels {
    U8(Vec<u8>),
    U16(Vec<u16>),
}

impl OwnedLabels {
    fn copy(array: &TypedArray<'_>, name: &str) -> std::result::Result<Self, KernelFailure> {
        Ok(match labels(array, name)? {
            Labels::U8(bytes) => OwnedLabels::U8(bytes.to_vec()),
            Labels::U16(words) => OwnedLabels::U16(words.to_vec()),
        })
    }

    fn view(&self) -> Labels<'_> {
        match self {
            OwnedLabels::U8(bytes) => Labels::U8(bytes),
            OwnedLabels::U16(words) => Labels::U16(words),
        }
    }
}

/// Both maps of a pair, or the failure copying them met (reported when the task settles, so the
/// caller sees it in the same place as every other failure: the resolved value).
type Pair = std::result::Result<(OwnedLabels, OwnedLabels), KernelFailure>;

fn copy_pair(truth: &TypedArray<'_>, pred: &TypedArray<'_>) -> Pair {
    Ok((
        OwnedLabels::copy(truth, "truth")?,
        OwnedLabels::copy(pred, "pred")?,
    ))
}

type Flat = std::result::Result<Vec<f64>, KernelFailure>;

/// The task's maps (or the failure met copying them); a task computes once.
fn take_pair(
    pair: &mut Option<Pair>,
) -> std::result::Result<(OwnedLabels, OwnedLabels), KernelFailure> {
    pair.take()
        .ok_or_else(|| crate::internal("task ran twice".into()))?
}

/// The flat confusion counts of a copied pair (both tasks that count confusion use it).
fn confusion_flat(
    truth: &OwnedLabels,
    pred: &OwnedLabels,
    num_classes: u32,
    ignore_index: Option<u32>,
) -> Flat {
    let counts = perclass_core::confusion_matrix_parallel(
        truth.view(),
        pred.view(),
        num_classes,
        ignore_index,
    )?;
    Ok(counts.to_flat())
}

pub struct ConfusionTask {
    pair: Option<Pair>,
    num_classes: u32,
    ignore_index: Option<u32>,
}

impl<'task> ScopedTask<'task> for ConfusionTask {
    type Output = Flat;
    type JsValue = Either<Float64ArraySlice<'task>, KernelFailure>;

    fn compute(&mut self) -> Result<Flat> {
        let pair = self.pair.take();
        let (num_classes, ignore_index) = (self.num_classes, self.ignore_index);
        Ok(guarded(move || {
            let (truth, pred) = take_pair(&mut { pair })?;
            confusion_flat(&truth, &pred, num_classes, ignore_index)
        }))
    }

    fn resolve(
        &mut self,
        env: &'task Env,
        output: Flat,
    ) -> Result<<Self as ScopedTask<'task>>::JsValue> {
        output::float64_result(env, output)
    }
}

/// `confusionMatrix` on a worker thread: resolves to the same flat counts or failure value.
#[napi(js_name = "confusionMatrixAsync")]
pub fn confusion_matrix_async(
    truth: TypedArray<'_>,
    pred: TypedArray<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
) -> AsyncTask<ConfusionTask> {
    AsyncTask::new(ConfusionTask {
        pair: Some(copy_pair(&truth, &pred)),
        num_classes,
        ignore_index,
    })
}

pub struct ThinTask {
    pair: Option<Pair>,
    width: u32,
    num_classes: u32,
    ignore_index: Option<u32>,
    classes: Vec<u32>,
    tolerance: Vec<f64>,
    metrics: u32,
    distance: u32,
    depth_axis: u32,
    spacing: [f64; 2],
}

impl ThinTask {
    fn run(&mut self) -> Flat {
        let (truth, pred) = take_pair(&mut self.pair)?;
        self.count(&truth, &pred)
    }

    fn count(&self, truth: &OwnedLabels, pred: &OwnedLabels) -> Flat {
        let request = ThinRequest {
            width: self.width as usize,
            num_classes: self.num_classes,
            ignore_index: self.ignore_index,
            classes: &self.classes,
            tolerance: &self.tolerance,
            distance: Distance::from_code(self.distance)?,
            spacing: self.spacing,
            depth_axis: DepthAxis::from_code(self.depth_axis)?,
            metrics: Metrics::from_bits(self.metrics)?,
        };
        Ok(perclass_core::thin_counts(truth.view(), pred.view(), &request)?.to_flat())
    }
}

impl<'task> ScopedTask<'task> for ThinTask {
    type Output = Flat;
    type JsValue = Either<Float64ArraySlice<'task>, KernelFailure>;

    fn compute(&mut self) -> Result<Flat> {
        Ok(guarded(|| self.run()))
    }

    fn resolve(
        &mut self,
        env: &'task Env,
        output: Flat,
    ) -> Result<<Self as ScopedTask<'task>>::JsValue> {
        output::float64_result(env, output)
    }
}

/// `thinCounts` on a worker thread: the same arguments, the same flat counts or failure value.
#[napi(js_name = "thinCountsAsync")]
#[allow(clippy::too_many_arguments)] // mirrors `thinCounts`, one flat call across the boundary
pub fn thin_counts_async(
    truth: TypedArray<'_>,
    pred: TypedArray<'_>,
    width: u32,
    num_classes: u32,
    ignore_index: Option<u32>,
    classes: Uint32Array,
    tolerance: Float64Array,
    metrics: u32,
    distance: u32,
    depth_axis: u32,
    spacing_y: f64,
    spacing_x: f64,
) -> AsyncTask<ThinTask> {
    AsyncTask::new(thin_task(
        truth,
        pred,
        width,
        num_classes,
        ignore_index,
        classes,
        tolerance,
        metrics,
        distance,
        depth_axis,
        spacing_y,
        spacing_x,
    ))
}

#[allow(clippy::too_many_arguments)] // the arguments of `thinCountsAsync`
fn thin_task(
    truth: TypedArray<'_>,
    pred: TypedArray<'_>,
    width: u32,
    num_classes: u32,
    ignore_index: Option<u32>,
    classes: Uint32Array,
    tolerance: Float64Array,
    metrics: u32,
    distance: u32,
    depth_axis: u32,
    spacing_y: f64,
    spacing_x: f64,
) -> ThinTask {
    ThinTask {
        pair: Some(copy_pair(&truth, &pred)),
        width,
        num_classes,
        ignore_index,
        classes: classes.to_vec(),
        tolerance: tolerance.to_vec(),
        metrics,
        distance,
        depth_axis,
        spacing: [spacing_y, spacing_x],
    }
}

/// Both counts of one image, for `Evaluator.addAsync`: the confusion counts and the thin counts.
#[napi(object)]
pub struct ImageFlats<'env> {
    pub counts: Float64ArraySlice<'env>,
    pub thin: Float64ArraySlice<'env>,
}

/// The confusion and thin counts of one image from one copy of its maps (the thin task's).
pub struct ImageTask {
    thin: ThinTask,
}

type Flats = std::result::Result<(Vec<f64>, Vec<f64>), KernelFailure>;

impl<'task> ScopedTask<'task> for ImageTask {
    type Output = Flats;
    type JsValue = Either<ImageFlats<'task>, KernelFailure>;

    fn compute(&mut self) -> Result<Flats> {
        let thin = &mut self.thin;
        Ok(guarded(|| {
            let (truth, pred) = take_pair(&mut thin.pair)?;
            // Confusion first, as the synchronous `add` does: its errors are the ones reported.
            let counts = confusion_flat(&truth, &pred, thin.num_classes, thin.ignore_index)?;
            Ok((counts, thin.count(&truth, &pred)?))
        }))
    }

    fn resolve(
        &mut self,
        env: &'task Env,
        output: Flats,
    ) -> Result<<Self as ScopedTask<'task>>::JsValue> {
        Ok(match output {
            Ok((counts, thin)) => Either::A(ImageFlats {
                counts: Float64ArraySlice::copy_from(env, counts)?,
                thin: Float64ArraySlice::copy_from(env, thin)?,
            }),
            Err(failure) => Either::B(failure),
        })
    }
}

/// `thinCountsAsync`'s arguments; resolves to both the confusion counts and the thin counts,
/// from one copy of the maps (two calls would copy them twice, on the main thread).
#[napi(js_name = "imageCountsAsync")]
#[allow(clippy::too_many_arguments)] // mirrors `thinCounts`, one flat call across the boundary
pub fn image_counts_async(
    truth: TypedArray<'_>,
    pred: TypedArray<'_>,
    width: u32,
    num_classes: u32,
    ignore_index: Option<u32>,
    classes: Uint32Array,
    tolerance: Float64Array,
    metrics: u32,
    distance: u32,
    depth_axis: u32,
    spacing_y: f64,
    spacing_x: f64,
) -> AsyncTask<ImageTask> {
    AsyncTask::new(ImageTask {
        thin: thin_task(
            truth,
            pred,
            width,
            num_classes,
            ignore_index,
            classes,
            tolerance,
            metrics,
            distance,
            depth_axis,
            spacing_y,
            spacing_x,
        ),
    })
}
