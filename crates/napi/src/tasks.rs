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
            let (truth, pred) = pair.ok_or_else(|| crate::internal("task ran twice".into()))??;
            let counts = perclass_core::confusion_matrix_parallel(
                truth.view(),
                pred.view(),
                num_classes,
                ignore_index,
            )?;
            Ok(counts.to_flat())
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
}

impl ThinTask {
    fn run(&mut self) -> Flat {
        let (truth, pred) = self
            .pair
            .take()
            .ok_or_else(|| crate::internal("task ran twice".into()))??;
        let request = ThinRequest {
            width: self.width as usize,
            num_classes: self.num_classes,
            ignore_index: self.ignore_index,
            classes: &self.classes,
            tolerance: &self.tolerance,
            distance: Distance::from_code(self.distance)?,
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
) -> AsyncTask<ThinTask> {
    AsyncTask::new(ThinTask {
        pair: Some(copy_pair(&truth, &pred)),
        width,
        num_classes,
        ignore_index,
        classes: classes.to_vec(),
        tolerance: tolerance.to_vec(),
        metrics,
        distance,
        depth_axis,
    })
}
