//! The fast mask scan with every kernel this CPU runs (and plain Rust) against the per-pixel
//! reference, masks and errors bit for bit; the run transpose against a per-pixel one. These are
//! unit tests because the kernel choice and the masks are internal: the integration tests
//! (`tests/thin_masks.rs`) see the masks only through the counts of the detected kernel.

use rand::{rngs::SmallRng, Rng, SeedableRng};

use super::{build_with, reference, Run, Runs, RunsBuilder};
use crate::thin::{DepthAxis, Distance, Metrics, ThinRequest};
use crate::{Kernel, Labels};

/// Every kernel this CPU runs; `Scalar` selects the plain-Rust scan.
fn kernels() -> Vec<Kernel> {
    Kernel::available()
}

fn request<'a>(width: usize, k: u32, ignore: Option<u32>, classes: &'a [u32]) -> ThinRequest<'a> {
    ThinRequest {
        width,
        num_classes: k,
        ignore_index: ignore,
        classes,
        tolerance: &[],
        distance: Distance::Euclidean,
        spacing: [1.0, 1.0],
        depth_axis: DepthAxis::Rows,
        metrics: Metrics::default(),
    }
}

/// Random u16 labels below `k` laid out as noise, long runs, or sparse thin runs on class 0.
fn random_map(rng: &mut SmallRng, n: usize, k: u32, style: u32) -> Vec<u16> {
    let class = |rng: &mut SmallRng| rng.gen_range(0..k) as u16;
    let mut map = vec![0u16; n];
    match style {
        0 => map.iter_mut().for_each(|v| *v = class(rng)),
        1 => {
            let mut i = 0;
            while i < n {
                let len = rng.gen_range(1..90);
                map[i..n.min(i + len)].fill(class(rng));
                i += len;
            }
        }
        _ => {
            let mut i = rng.gen_range(0..40);
            while i < n {
                let len = rng.gen_range(1..5);
                map[i..n.min(i + len)].fill(class(rng));
                i += len + rng.gen_range(1..120);
            }
        }
    }
    map
}

/// Sets random pixels (and short stretches) to `value`.
fn sprinkle(rng: &mut SmallRng, map: &mut [u16], value: u16, count: usize) {
    if map.is_empty() {
        return;
    }
    for _ in 0..count {
        let at = rng.gen_range(0..map.len());
        let len = rng.gen_range(1..40);
        let end = map.len().min(at + len);
        map[at..end].fill(value);
    }
}

fn narrow(map: &[u16]) -> Vec<u8> {
    map.iter().map(|&v| v as u8).collect()
}

/// Checks every kernel against the reference on one pair of maps, in every width mix the labels
/// allow.
fn check(truth: &[u16], pred: &[u16], request: &ThinRequest<'_>, what: &str) {
    let fits = |m: &[u16]| m.iter().all(|&v| v <= 255);
    let (t8, p8) = (narrow(truth), narrow(pred));
    let mut mixes = vec![(Labels::U16(truth), Labels::U16(pred))];
    if fits(truth) {
        mixes.push((Labels::U8(&t8), Labels::U16(pred)));
    }
    if fits(pred) {
        mixes.push((Labels::U16(truth), Labels::U8(&p8)));
    }
    if fits(truth) && fits(pred) {
        mixes.push((Labels::U8(&t8), Labels::U8(&p8)));
    }
    for (t, p) in mixes {
        let want = reference(t, p, request);
        for kernel in kernels() {
            let got = build_with(kernel, t, p, request);
            assert!(
                got == want,
                "{} differs from the reference on {what} ({t:?} / {p:?} widths): got {:?}, want {:?}",
                kernel.name(),
                got.as_ref().err(),
                want.as_ref().err(),
            );
        }
    }
}

#[test]
fn every_kernel_matches_the_reference_on_random_maps() {
    let mut rng = SmallRng::seed_from_u64(7);
    for case in 0..3000 {
        let k = [1, 2, 3, 5, 19, 255, 256, 300][case % 8];
        let width = rng.gen_range(1..=100);
        let height = rng.gen_range(0..=12);
        let n = width * height;
        let styles = (rng.gen_range(0..3), rng.gen_range(0..3));
        let mut truth = random_map(&mut rng, n, k, styles.0);
        let mut pred = random_map(&mut rng, n, k, styles.1);
        let ignore = match rng.gen_range(0..4) {
            0 => None,
            1 => Some(255),
            2 => Some(rng.gen_range(0..k)),
            _ => Some(rng.gen_range(256..70000)),
        };
        if let Some(i) = ignore.filter(|&i| i <= 0xFFFF) {
            let counts = (rng.gen_range(0..4), rng.gen_range(0..4));
            sprinkle(&mut rng, &mut truth, i as u16, counts.0);
            sprinkle(&mut rng, &mut pred, i as u16, counts.1);
        }
        if rng.gen_bool(0.3) && n > 0 {
            // An out-of-range label (or the ignore index, when it is one) somewhere.
            let bad = rng.gen_range(k..=k.max(255) + 1).min(0xFFFF) as u16;
            let side = if rng.gen_bool(0.5) {
                &mut truth
            } else {
                &mut pred
            };
            let at = rng.gen_range(0..n);
            side[at] = bad;
        }
        // Requested: a random subset of the classes, sometimes the ignore index among them.
        let mut classes: Vec<u32> = (0..k).filter(|_| rng.gen_bool(0.4)).collect();
        if let Some(i) = ignore.filter(|&i| i < k) {
            if rng.gen_bool(0.5) && !classes.contains(&i) {
                classes.push(i);
            }
        }
        let request = request(width, k, ignore, &classes);
        check(&truth, &pred, &request, &format!("case {case}"));
    }
}

#[test]
fn long_rows_of_background_with_curves_and_planted_errors() {
    // Rows long enough for many vector blocks, with curves at block edges and ends of rows.
    let mut rng = SmallRng::seed_from_u64(11);
    for case in 0..200 {
        let width = [31, 32, 33, 64, 95, 200, 257][case % 7];
        let height = rng.gen_range(1..20);
        let n = width * height;
        let mut truth = vec![0u16; n];
        let mut pred = vec![0u16; n];
        for y in 0..height {
            for c in 1..3u16 {
                let x = rng.gen_range(0..width);
                truth[y * width + x] = c;
                let xp = (x + rng.gen_range(0..3)).min(width - 1);
                let end = (xp + rng.gen_range(1..4)).min(width);
                pred[y * width + xp..y * width + end].fill(c);
            }
        }
        let ignore = [None, Some(255), Some(0)][case % 3];
        if let Some(i) = ignore {
            sprinkle(&mut rng, &mut truth, i as u16, 2);
        }
        if case % 4 == 0 {
            let at = rng.gen_range(0..n);
            pred[at] = 7;
        }
        let classes = [1, 2];
        check(
            &truth,
            &pred,
            &request(width, 3, ignore, &classes),
            "curves",
        );
    }
}

#[test]
fn bands_report_the_lowest_error_and_concatenate() {
    // Large enough to be split into bands with the `parallel` feature.
    let (width, height) = (1024, 1100);
    let mut rng = SmallRng::seed_from_u64(3);
    let truth = random_map(&mut rng, width * height, 3, 2);
    let pred = random_map(&mut rng, width * height, 3, 1);
    let classes = [0, 2];
    let req = request(width, 3, Some(255), &classes);
    check(&truth, &pred, &req, "large clean maps");
    let mut late = pred.clone();
    late[width * 1000 + 5] = 9;
    check(&truth, &late, &req, "one error near the end");
    let mut two = late.clone();
    two[width * 600 + 1] = 200;
    let mut truth_two = truth.clone();
    truth_two[width * 600 + 1] = 201;
    check(&truth_two, &two, &req, "errors in two bands");
}

/// The transpose one pixel at a time.
fn transposed_per_pixel(set: &Runs) -> Runs {
    let mut grid = vec![false; set.line_len * set.lines];
    for y in 0..set.lines {
        for run in set.line(y) {
            for x in run.start..run.end {
                grid[x as usize * set.lines + y] = true;
            }
        }
    }
    let mut columns = RunsBuilder::new(set.lines, set.line_len);
    for x in 0..set.line_len {
        for y in 0..set.lines {
            if grid[x * set.lines + y] {
                columns.push(y, y + 1);
            }
        }
        columns.end_line();
    }
    columns.finish()
}

fn random_runs(rng: &mut SmallRng, line_len: usize, lines: usize, density: f64) -> Runs {
    let mut set = RunsBuilder::new(line_len, lines);
    for _ in 0..lines {
        let mut x = 0;
        while x < line_len {
            let len = rng.gen_range(1..=line_len.min(12));
            if rng.gen_bool(density) {
                set.push(x, line_len.min(x + len));
            }
            x += len;
        }
        set.end_line();
    }
    set.finish()
}

#[test]
fn transpose_matches_the_per_pixel_transpose() {
    let mut rng = SmallRng::seed_from_u64(5);
    for case in 0..2000 {
        let line_len = rng.gen_range(1..=40);
        let lines = rng.gen_range(0..=40);
        let density = [0.0, 0.05, 0.3, 0.7, 1.0][case % 5];
        let set = random_runs(&mut rng, line_len, lines, density);
        let fast = set.transposed();
        assert_eq!(fast, transposed_per_pixel(&set), "case {case}");
        assert_eq!(fast.transposed(), set, "case {case}: transposing twice");
    }
}

#[test]
fn runs_are_maximal_after_the_scan() {
    // Two uniform blocks of a class meet across a block boundary: one run, not two.
    let width = 96;
    let truth: Vec<u8> = (0..width).map(|x| u8::from(x >= 10)).collect();
    let pred = vec![0u8; width];
    let classes = [1];
    let req = request(width, 2, None, &classes);
    for kernel in kernels() {
        let masks = build_with(kernel, Labels::U8(&truth), Labels::U8(&pred), &req).unwrap();
        assert_eq!(masks[0].truth.runs, vec![Run { start: 10, end: 96 }]);
        assert!(masks[0].pred.is_empty());
    }
}
