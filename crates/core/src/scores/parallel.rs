//! Score counts on the rayon pool: the map is cut into pixel ranges, each counted by its own
//! [`ScoreStream`] (the CHW channels of a range are read where they lie), and the streams merge
//! into the single-threaded result, errors included (the stream keeps the first NaN and the
//! first bad label by index, whatever the order of the pieces).

use rayon::prelude::*;

use super::{ScoreChunk, ScoreCounts, ScoreLayout, ScoreRule, ScoreStream, ScoreValues};
use crate::{Labels, PerclassError, PARALLEL_MIN_PIXELS};

/// Ranges per thread: a few, so that a thread slowed by another job does not hold up the rest.
const RANGES_PER_THREAD: usize = 4;

/// Like [`super::scores_count`], on the rayon pool for maps of [`PARALLEL_MIN_PIXELS`] pixels or
/// more.
pub fn scores_count_parallel(
    truth: Labels<'_>,
    scores: ScoreValues<'_>,
    layout: ScoreLayout,
    rule: &ScoreRule,
    num_classes: u32,
    ignore_index: Option<u32>,
) -> Result<ScoreCounts, PerclassError> {
    let pixels = truth.len();
    let stream = || {
        ScoreStream::new(
            pixels,
            scores.len(),
            layout,
            rule.clone(),
            num_classes,
            ignore_index,
        )
    };
    let mut whole = stream()?;
    let threads = rayon::current_num_threads();
    if pixels < PARALLEL_MIN_PIXELS || threads < 2 {
        whole.add(truth, ScoreChunk::whole(scores, pixels), 0);
        return whole.finish();
    }
    let range = pixels
        .div_ceil(threads * RANGES_PER_THREAD)
        .next_multiple_of(super::blocks::BLOCK);
    let merged = (0..pixels.div_ceil(range))
        .into_par_iter()
        .map(|r| {
            let (start, end) = (r * range, pixels.min((r + 1) * range));
            // The arguments were checked above: this cannot fail.
            let mut part = stream().expect("checked arguments");
            part.add(
                truth.slice(start, end),
                ScoreChunk::whole(scores, pixels).from(start),
                start,
            );
            part
        })
        .reduce_with(|mut left, right| {
            left.merge(right);
            left
        });
    if let Some(part) = merged {
        whole.merge(part);
    }
    whole.finish()
}
