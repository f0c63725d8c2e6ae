//! Skeleton overlap for clDice (see `SkeletonCounts`): the Zhang–Suen skeleton of each set, as
//! scikit-image computes it (`zhang_suen.rs`), and how much of it lies in the other set.

use std::cell::Cell;

use super::bitmap::with_grid;
use super::join::join;
use super::zhang_suen::{self, Scratch};
use super::{Run, Runs, SkeletonCounts};

thread_local! {
    /// The thinning's lists, reused from one call to the next.
    static SCRATCH: Cell<Scratch> = Cell::default();
}

/// The fast path: each set thinned in a grid over its bounding box, retesting only the pixels
/// whose neighbourhood changed (see `zhang_suen::thin`).
pub(crate) fn count(truth: &Runs, pred: &Runs) -> SkeletonCounts {
    let ((pred_skeleton, pred_skeleton_in_truth), (truth_skeleton, truth_skeleton_in_pred)) = join(
        || skeleton_overlap(pred, truth),
        || skeleton_overlap(truth, pred),
    );
    SkeletonCounts {
        pred_skeleton,
        pred_skeleton_in_truth,
        truth_skeleton,
        truth_skeleton_in_pred,
    }
}

/// `(|S(set)|, |S(set) ∩ other|)`.
fn skeleton_overlap(set: &Runs, other: &Runs) -> (u64, u64) {
    with_grid(set, |grid| {
        let mut scratch = SCRATCH.take();
        let layout = grid.layout;
        // Every pixel of the set, as bit indices, row by row.
        let pixels = (0..set.lines).flat_map(|y| {
            set.line(y).iter().flat_map(move |run| {
                let at = layout.index(run.start as usize, y);
                at..at + run.len() as usize
            })
        });
        zhang_suen::thin(grid.fg, grid.queued, layout.stride, pixels, &mut scratch);
        SCRATCH.set(scratch);

        let (mut skeleton, mut inside) = (0, 0);
        for y in 0..set.lines {
            let mut other_runs = other.line(y).iter().peekable();
            for run in set.line(y) {
                for x in run.start..run.end {
                    if !grid.is_set(x as usize, y) {
                        continue;
                    }
                    skeleton += 1;
                    while other_runs.next_if(|r| r.end <= x).is_some() {}
                    if other_runs.peek().is_some_and(|r| r.start <= x) {
                        inside += 1;
                    }
                }
            }
        }
        (skeleton, inside)
    })
    .unwrap_or((0, 0))
}

/// The reference: both sets as dense images of the whole picture, thinned by the plain dense
/// algorithm, intersected pixel by pixel.
pub(crate) fn reference(truth: &Runs, pred: &Runs) -> SkeletonCounts {
    let (width, height) = (truth.line_len, truth.lines);
    let truth = dense(truth);
    let pred = dense(pred);
    let skeleton_of = |image: &[bool]| {
        let mut skeleton = image.to_vec();
        zhang_suen::thin_reference(&mut skeleton, width, height);
        skeleton
    };
    let (pred_skel, truth_skel) = (skeleton_of(&pred), skeleton_of(&truth));
    let count = |a: &[bool], b: Option<&[bool]>| {
        (0..a.len())
            .filter(|&i| a[i] && b.is_none_or(|b| b[i]))
            .count() as u64
    };
    SkeletonCounts {
        pred_skeleton: count(&pred_skel, None),
        pred_skeleton_in_truth: count(&pred_skel, Some(&truth)),
        truth_skeleton: count(&truth_skel, None),
        truth_skeleton_in_pred: count(&truth_skel, Some(&pred)),
    }
}

/// The set as one bool per pixel of the image.
fn dense(set: &Runs) -> Vec<bool> {
    let mut image = vec![false; set.line_len * set.lines];
    for y in 0..set.lines {
        for &Run { start, end } in set.line(y) {
            image[y * set.line_len + start as usize..y * set.line_len + end as usize].fill(true);
        }
    }
    image
}
