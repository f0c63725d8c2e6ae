//! One class's sweep counts from one pass over its map: each score goes to the bucket of the
//! largest threshold at or below it; suffix sums over the buckets give every threshold's counts.

use super::near::Plane;
use super::{ClassMap, ClassSweep, Scores, SweepRequest, IGNORED};

/// Bucket `b` (0..=T) holds the scores with exactly `b` thresholds at or below them: bucket 0 is
/// below every threshold (never predicted), bucket `k + 1` is predicted at thresholds 0..=k.
struct Histograms {
    predicted: Vec<u64>,
    tp_pred: Vec<u64>,
    tp_truth: Vec<u64>,
}

pub(super) fn count_class(
    labels: &[u32],
    class: u32,
    map: &ClassMap<'_>,
    plane: &Plane,
    request: &SweepRequest<'_>,
) -> ClassSweep {
    let thresholds = request.thresholds;
    let histograms = match map.scores {
        Scores::F32(values) => {
            let finder = BucketFinder::new(thresholds);
            fill(
                labels,
                class,
                plane,
                thresholds.len(),
                map,
                values,
                |v: f32| finder.bucket(f64::from(v)),
            )
        }
        Scores::U8(values) => {
            // v / 255 in f64, as JavaScript divides; one search per byte value.
            let table: Vec<usize> = (0..=255u8)
                .map(|v| thresholds.partition_point(|&t| t <= f64::from(v) / 255.0))
                .collect();
            fill(
                labels,
                class,
                plane,
                thresholds.len(),
                map,
                values,
                |v: u8| table[usize::from(v)],
            )
        }
    };
    let truth = labels.iter().filter(|&&l| l == class).count() as u64;
    ClassSweep {
        class,
        truth,
        predicted: at_each_threshold(&histograms.predicted),
        tp_pred: at_each_threshold(&histograms.tp_pred),
        tp_truth: at_each_threshold(&histograms.tp_truth),
    }
}

/// Cells of the unit interval for the bucket search: scores in [0, 1) start from their cell's
/// bucket instead of a binary search over every threshold.
const CELLS: usize = 1024;

/// The bucket of a score (the number of thresholds at or below it), exactly: f32 to f64 is
/// exact, so `t <= p` is the comparison JavaScript makes.
struct BucketFinder<'a> {
    thresholds: &'a [f64],
    /// Per cell `k` (scores in [k / CELLS, (k + 1) / CELLS)), the thresholds at or below its start.
    start: Vec<usize>,
}

impl<'a> BucketFinder<'a> {
    fn new(thresholds: &'a [f64]) -> Self {
        let start = (0..CELLS)
            .map(|k| thresholds.partition_point(|&t| t <= k as f64 / CELLS as f64))
            .collect();
        BucketFinder { thresholds, start }
    }

    #[inline]
    fn bucket(&self, p: f64) -> usize {
        // p * CELLS is exact (a power of two), so its floor's cell starts at or below p; the
        // thresholds counted at the cell's start are all <= p, the rest are stepped over.
        if (0.0..1.0).contains(&p) {
            let mut b = self.start[(p * CELLS as f64) as usize];
            while b < self.thresholds.len() && self.thresholds[b] <= p {
                b += 1;
            }
            b
        } else {
            self.thresholds.partition_point(|&t| t <= p)
        }
    }
}

/// Threshold `k`'s count: every bucket above `k` (suffix sums, dropping bucket 0).
fn at_each_threshold(histogram: &[u64]) -> Vec<u64> {
    let mut out = vec![0; histogram.len() - 1];
    let mut sum = 0;
    for k in (1..histogram.len()).rev() {
        sum += histogram[k];
        out[k - 1] = sum;
    }
    out
}

fn fill<T: Copy + PartialOrd>(
    labels: &[u32],
    class: u32,
    plane: &Plane,
    count: usize,
    map: &ClassMap<'_>,
    values: &[T],
    bucket: impl Fn(T) -> usize,
) -> Histograms {
    let mut h = Histograms {
        predicted: vec![0; count + 1],
        tp_pred: vec![0; count + 1],
        tp_truth: vec![0; count + 1],
    };
    let near = plane.near_class(labels, class);
    for (i, &label) in labels.iter().enumerate() {
        if label == IGNORED {
            continue;
        }
        let b = bucket(values[map.index(i)]);
        h.predicted[b] += 1;
        h.tp_pred[b] += u64::from(near[i]);
    }
    let point = plane.is_point();
    for (i, &label) in labels.iter().enumerate() {
        if label != class {
            continue;
        }
        let mut best = values[map.index(i)];
        if !point {
            // The largest score within τ: the lowest threshold this truth pixel is reached at.
            plane.for_each_near(labels, i, |j| {
                let v = values[map.index(j)];
                if v > best {
                    best = v;
                }
            });
        }
        h.tp_truth[bucket(best)] += 1;
    }
    h
}
