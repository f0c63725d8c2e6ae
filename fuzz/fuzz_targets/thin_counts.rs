//! Thin-structure counts: the fast kernels against the per-pixel references, bit for bit
//! (errors included); the streamed path (rows in two pieces) against one call; and the counts'
//! invariants: every count within its set's size, monotone in τ, the histograms summing to the
//! surfaces, and at τ = 0 the confusion matrix's true positives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perclass_core::{
    confusion_matrix, thin_counts_with, ClassThin, DepthAxis, Distance, Metrics, ThinPath,
    ThinRequest, ThinStream,
};
use perclass_fuzz::input::{Bytes, Map};

/// τ values worth meeting: 0, the Euclidean neighbourhood edges (1, √2, 2), fractions, large
/// reaches (where the fast paths switch strategies) and one beyond any image.
/// Pixel sizes `[sy, sx]`: unit pixels (the integer kernels), dyadic ones (exact products),
/// non-dyadic and very unequal ones (rounding in the distance rule).
const SPACINGS: [[f64; 2]; 5] = [
    [1.0, 1.0],
    [0.5, 0.25],
    [0.3, 1.7],
    [1e-3, 250.0],
    [2.0, 2.0],
];

const TAUS: [f64; 12] = [
    0.0,
    0.5,
    1.0,
    1.5,
    std::f64::consts::SQRT_2,
    2.0,
    3.0,
    5.5,
    10.0,
    30.0,
    300.0,
    1e9,
];

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes::new(data);
    let (shape, flags, tau_bits) = (input.byte(), input.byte(), input.byte());
    let width = 1 + usize::from(shape % 48);
    let num_classes = 1 + u32::from(shape >> 6) + u32::from(flags & 1);
    let ignore_index = (flags & 2 != 0).then_some(num_classes);
    let mut tolerance: Vec<f64> = (0..1 + tau_bits % 3)
        .map(|_| TAUS[usize::from(input.byte()) % TAUS.len()])
        .collect();
    if tau_bits & 0x80 != 0 {
        tolerance.push(f64::from(input.byte()) / 4.0);
    }
    let geometry = input.byte();
    let distance = Distance::CODES[usize::from(geometry) % Distance::CODES.len()].0;
    let spacing = SPACINGS[usize::from(geometry >> 2) % SPACINGS.len()];
    let classes: Vec<u32> = (0..num_classes).rev().collect();
    let labels = input.labels(flags & 4 != 0, num_classes + 1, 48 * 64 * 2);
    // Whole rows; the truth is the first half of the stream, the prediction the second.
    let rows = labels.len() / 2 / width;
    let n = rows * width;
    let truth = Map::new(&labels[..n], flags & 8 != 0);
    let pred = Map::new(&labels[n..2 * n], flags & 16 != 0);
    let request = ThinRequest {
        width,
        num_classes,
        ignore_index,
        classes: &classes,
        tolerance: &tolerance,
        distance,
        spacing,
        depth_axis: if flags & 64 != 0 {
            DepthAxis::Columns
        } else {
            DepthAxis::Rows
        },
        metrics: Metrics::from_bits(u32::from(tau_bits >> 3) & 31).expect("5 defined bits"),
    };

    let fast = thin_counts_with(ThinPath::Fast, truth.labels(), pred.labels(), &request);
    let reference = thin_counts_with(ThinPath::Reference, truth.labels(), pred.labels(), &request);
    assert_eq!(fast, reference, "fast against reference");

    // Rows in two pieces through the stream: the same result, errors included.
    let cut = rows * usize::from(flags >> 7) / 2 * width;
    let streamed = ThinStream::new(n, n, &request).and_then(|mut stream| {
        stream.add_rows(truth.labels().slice(0, cut), pred.labels().slice(0, cut))?;
        stream.add_rows(truth.labels().slice(cut, n), pred.labels().slice(cut, n))?;
        Ok(stream.finish())
    });
    assert_eq!(streamed, fast, "streamed in two pieces at {cut}");

    let Ok(counts) = fast else { return };
    let confusion = confusion_matrix(truth.labels(), pred.labels(), num_classes, ignore_index)
        .expect("labels the thin counts accept, the confusion matrix accepts");
    let k = num_classes as usize;
    for class in &counts.classes {
        let c = class.class as usize;
        check_class(class, &tolerance, confusion.matrix[c * k + c]);
    }
});

/// Order of τ from small to large, for the monotonicity checks.
fn by_tau(tolerance: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..tolerance.len()).collect();
    order.sort_by(|&a, &b| tolerance[a].total_cmp(&tolerance[b]));
    order
}

fn check_class(class: &ClassThin, tolerance: &[f64], true_positives: u64) {
    let order = by_tau(tolerance);
    if !class.tolerant.is_empty() {
        for t in &class.tolerant {
            assert!(t.tp_pred <= t.predicted && t.tp_truth <= t.truth, "{t:?}");
        }
        for pair in order.windows(2) {
            let (a, b) = (&class.tolerant[pair[0]], &class.tolerant[pair[1]]);
            assert!(
                a.tp_pred <= b.tp_pred && a.tp_truth <= b.tp_truth,
                "monotone: {a:?} {b:?}"
            );
        }
        for (t, &tau) in class.tolerant.iter().zip(tolerance) {
            if tau == 0.0 {
                assert_eq!((t.tp_pred, t.tp_truth), (true_positives, true_positives));
            }
        }
    }
    if let Some(trace) = &class.trace {
        assert!(trace.matched <= trace.truth_runs && trace.extra <= trace.pred_runs);
        assert!(
            trace.covered.iter().all(|&c| c <= trace.matched),
            "{trace:?}"
        );
        for pair in order.windows(2) {
            assert!(
                trace.covered[pair[0]] <= trace.covered[pair[1]],
                "{trace:?}"
            );
        }
    }
    if let Some(s) = &class.skeleton {
        assert!(s.pred_skeleton_in_truth <= s.pred_skeleton, "{s:?}");
        assert!(s.truth_skeleton_in_pred <= s.truth_skeleton, "{s:?}");
    }
    if let Some(s) = &class.surface {
        let total = |h: &[(f64, u64)]| h.iter().map(|&(_, n)| n).sum::<u64>();
        if s.pred_surface > 0 && s.truth_surface > 0 {
            assert_eq!(total(&s.pred_to_truth), s.pred_surface, "{s:?}");
            assert_eq!(total(&s.truth_to_pred), s.truth_surface, "{s:?}");
        } else {
            assert!(
                s.pred_to_truth.is_empty() && s.truth_to_pred.is_empty(),
                "{s:?}"
            );
        }
    }
}
