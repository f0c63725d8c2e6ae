//! The block drivers' paths (run counting, compare-and-count, the histogram and its noisy
//! superblocks) held to the scalar reference on the run structures that switch between them:
//! noise, alternating pixels, long runs crossing block and superblock edges, ignore pixels and
//! out-of-range labels inside noisy stretches, and the byte counters' widening boundary.

mod common;

use common::*;
use perclass_core::{PerclassError, Side};
use rand::{rngs::SmallRng, Rng, SeedableRng};

/// (truth is u16, prediction is u16).
const WIDTHS: [(bool, bool); 4] = [(false, false), (false, true), (true, false), (true, true)];

/// Every K 1..=40, and the byte and matrix-size edges.
fn every_k() -> Vec<u32> {
    (1..=40).chain([255, 256, 1024]).collect()
}

/// One stretch of a map, as the drivers see it.
#[derive(Clone, Copy, Debug)]
enum Piece {
    /// Per-pixel noise: the prediction equals the truth 70% of the time (a noisy model).
    Noise,
    /// Two (truth, prediction) pairs taking turns pixel by pixel.
    Alternating,
    /// One pair repeated.
    Run,
    /// Runs of 2..=6 pixels: about the cut-over between run counting and the histogram.
    ShortRuns,
}

const PIECES: [Piece; 4] = [
    Piece::Noise,
    Piece::Alternating,
    Piece::Run,
    Piece::ShortRuns,
];

/// Appends `len` pixels of `piece` with classes below `classes`.
fn push_piece(
    rng: &mut SmallRng,
    piece: Piece,
    len: usize,
    classes: u32,
    truth: &mut Vec<u16>,
    pred: &mut Vec<u16>,
) {
    let class = |rng: &mut SmallRng| rng.gen_range(0..classes) as u16;
    match piece {
        Piece::Noise => {
            for _ in 0..len {
                let t = class(rng);
                truth.push(t);
                pred.push(if rng.gen_bool(0.7) { t } else { class(rng) });
            }
        }
        Piece::Alternating => {
            let pairs = [(class(rng), class(rng)), (class(rng), class(rng))];
            for j in 0..len {
                truth.push(pairs[j % 2].0);
                pred.push(pairs[j % 2].1);
            }
        }
        Piece::Run => {
            let (t, p) = (class(rng), class(rng));
            truth.extend(std::iter::repeat_n(t, len));
            pred.extend(std::iter::repeat_n(p, len));
        }
        Piece::ShortRuns => {
            let mut left = len;
            while left > 0 {
                let run = rng.gen_range(2..=6).min(left);
                let (t, p) = (class(rng), class(rng));
                truth.extend(std::iter::repeat_n(t, run));
                pred.extend(std::iter::repeat_n(p, run));
                left -= run;
            }
        }
    }
}

/// A map of random pieces whose lengths straddle the block (16..64) and superblock (512) edges.
fn mixed_map(rng: &mut SmallRng, n: usize, k: u32, widths: (bool, bool)) -> (Vec<u16>, Vec<u16>) {
    let classes = k.min(width_max(widths.0) + 1).min(width_max(widths.1) + 1);
    let (mut truth, mut pred) = (Vec::with_capacity(n), Vec::with_capacity(n));
    while truth.len() < n {
        let len = match rng.gen_range(0..4) {
            0 => rng.gen_range(1..70),
            1 => rng.gen_range(500..530),
            2 => rng.gen_range(1000..1100),
            _ => rng.gen_range(1..2000),
        }
        .min(n - truth.len());
        let piece = PIECES[rng.gen_range(0..PIECES.len())];
        push_piece(rng, piece, len, classes, &mut truth, &mut pred);
    }
    (truth, pred)
}

/// Mixed maps of every K and width: counts only (no ignore pixels, no errors), then with ignore
/// pixels sprinkled in, then with one planted error whose exact report is checked.
#[test]
fn mixed_pieces_every_k() {
    let mut rng = SmallRng::seed_from_u64(0x5eed_0101);
    for k in every_k() {
        // K = 1024 allocates an 8 MiB matrix per call: fewer maps there.
        let maps_per_width = if k > 256 { 2 } else { 6 };
        for widths in WIDTHS {
            for round in 0..maps_per_width {
                let n = rng.gen_range(0..6000);
                let (mut truth, mut pred) = mixed_map(&mut rng, n, k, widths);
                let ignore = [None, Some(255), Some(0)][round % 3];
                if round % 2 == 1 {
                    if let Some(ig) = ignore {
                        sprinkle_ignore(&mut rng, &mut truth, &mut pred, ig as u16);
                    }
                }
                let what = || format!("n={n} k={k} ignore={ignore:?} widths={widths:?}");
                compare_all(&Maps::new(truth, pred), widths, k, ignore, &what).unwrap();
            }
        }
    }
}

/// An out-of-range label anywhere in a noisy map (so inside a superblock the histogram would
/// count, or in the block that sends the driver there) is reported at its own index.
#[test]
fn error_inside_noise_is_located() {
    let mut rng = SmallRng::seed_from_u64(0x5eed_0102);
    for k in every_k() {
        for widths in WIDTHS {
            let n = 4000;
            let (mut truth, mut pred) = (Vec::new(), Vec::new());
            let classes = k.min(width_max(widths.0) + 1).min(width_max(widths.1) + 1);
            push_piece(&mut rng, Piece::Noise, n, classes, &mut truth, &mut pred);
            let (side, wide) = random_side(&mut rng, widths);
            let Some(bad) = bad_label(&mut rng, k, None, wide) else {
                continue;
            };
            let at = rng.gen_range(0..n);
            match side {
                Side::Truth => truth[at] = bad,
                Side::Prediction => pred[at] = bad,
            }
            let what = || format!("k={k} at={at} {side:?} widths={widths:?}");
            let err = compare_all(&Maps::new(truth, pred), widths, k, None, &what).unwrap_err();
            let PerclassError::LabelRange {
                side: s,
                index,
                value,
                ..
            } = err
            else {
                panic!("{}: {err:?}", what());
            };
            assert_eq!((s, index, value), (side, at, u32::from(bad)), "{}", what());
        }
    }
}

/// One ignore pixel at every position of a noisy stretch of two superblocks: each time, the
/// superblock that holds it must go to the scalar reference instead of the histogram.
#[test]
fn ignore_pixel_at_every_position_of_noise() {
    let mut rng = SmallRng::seed_from_u64(0x5eed_0103);
    let n = 1100;
    for (k, ignore) in [(19, 0u16), (19, 255), (40, 7)] {
        let (mut truth, mut pred) = (Vec::new(), Vec::new());
        push_piece(&mut rng, Piece::Noise, n, k, &mut truth, &mut pred);
        for at in 0..n {
            for widths in WIDTHS {
                let (mut t, mut p) = (truth.clone(), pred.clone());
                if at % 2 == 0 {
                    t[at] = ignore;
                } else {
                    p[at] = ignore;
                }
                let what = || format!("k={k} ignore={ignore} at={at} widths={widths:?}");
                let ignore = Some(u32::from(ignore));
                compare_all(&Maps::new(t, p), widths, k, ignore, &what).unwrap();
            }
        }
    }
}

/// More than 255 vectors' worth (up to 64 lanes) of one cell other than 0 inside mixed blocks:
/// the byte counters of compare-and-count must be flushed before they wrap.
#[test]
fn byte_counters_widen_before_they_wrap() {
    const MAX_LANES: usize = 64;
    for k in 2..=5u32 {
        // Alternating (0, 1) and (1, 1): every block mixed, half its pixels in cell 1.
        let n = 2 * 255 * MAX_LANES + 2 * 300 + 17;
        let truth: Vec<u16> = (0..n).map(|j| (j % 2) as u16).collect();
        let pred = vec![1u16; n];
        for widths in WIDTHS {
            let what = || format!("k={k} widths={widths:?}");
            let c = compare_all(
                &Maps::new(truth.clone(), pred.clone()),
                widths,
                k,
                None,
                &what,
            )
            .unwrap();
            assert_eq!(c.matrix[1], n.div_ceil(2) as u64);
        }
    }
}

/// Noise, then a long run, then noise again, at every alignment against the superblock: the
/// driver must leave the histogram for the runs and come back.
#[test]
fn noise_run_noise_at_every_alignment() {
    let mut rng = SmallRng::seed_from_u64(0x5eed_0104);
    for shift in 0..70 {
        let k = 19;
        let (mut truth, mut pred) = (Vec::new(), Vec::new());
        push_piece(
            &mut rng,
            Piece::Noise,
            600 + shift,
            k,
            &mut truth,
            &mut pred,
        );
        push_piece(
            &mut rng,
            Piece::Run,
            1500 + 7 * shift,
            k,
            &mut truth,
            &mut pred,
        );
        push_piece(&mut rng, Piece::Noise, 1100, k, &mut truth, &mut pred);
        push_piece(&mut rng, Piece::Alternating, 700, k, &mut truth, &mut pred);
        for widths in WIDTHS {
            let what = || format!("shift={shift} widths={widths:?}");
            let maps = Maps::new(truth.clone(), pred.clone());
            compare_all(&maps, widths, k, Some(255), &what).unwrap();
        }
    }
}
