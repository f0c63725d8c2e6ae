//! Exact nearest values under any [`Metric`]: for each query pixel, the least rule value to any
//! site pixel, whatever the distance and the pixel size.
//!
//! The column phase is `edt.rs`'s sweep: rows are swept top to bottom keeping, per column, the
//! nearest site row above and below, so g(c) (the rows from the current one to the nearest site
//! in column c) is two reads. Every metric's value grows with |dy| at a fixed |dx| (see
//! `Metric::within`), so column c's best is `value(g(c), |x − c|)`, and the query's is the least
//! of those. Columns are visited outward from the query, nearest first, and the visit stops once
//! `value(0, dx)` alone is no better than the best found: a column farther out has at least that
//! value. This is plain float arithmetic on the rule's own expression, so the value found is the
//! rule's value for the nearest pair, bit for bit; no integer shortcut is involved.
//!
//! The integer kernels (`edt.rs`, `tolerance/nearest.rs`) are faster on unit pixels and serve
//! the default metric; this one serves every other.

use super::edt::{Sweep, FAR};
use super::metric::Metric;
use super::Runs;

/// For each query pixel, the least `metric.value` to a site pixel, as `(value, pixels)` pairs
/// ascending by value, without zero counts. Both sets cover the same image; `sites` is not empty.
pub(crate) fn nearest_values(queries: &Runs, sites: &Runs, metric: &Metric) -> Vec<(f64, u64)> {
    nearest_values_up_to(queries, sites, metric, f64::INFINITY)
}

/// `nearest_values` for a caller that needs no value above `limit`: a query whose least value
/// is above it may be given any value above it (infinity included), and its search stops once
/// the columns' offset alone passes `limit`. The tolerant counts' far pixels pass their largest
/// τ's bound, so a stray pixel costs the columns within τ, not the image's width.
pub(crate) fn nearest_values_up_to(
    queries: &Runs,
    sites: &Runs,
    metric: &Metric,
    limit: f64,
) -> Vec<(f64, u64)> {
    debug_assert!(!sites.is_empty());
    debug_assert!(queries.line_len < FAR as usize && queries.lines < FAR as usize);
    let mut sweep = Sweep::new(sites);
    let mut values: Vec<f64> = Vec::with_capacity(queries.pixels() as usize);
    for y in 0..queries.lines {
        let line = queries.line(y);
        if line.is_empty() {
            continue;
        }
        sweep.advance_to(y, sites);
        for run in line {
            for x in run.start..run.end {
                values.push(nearest(&sweep, i64::from(x) - sweep.x0, metric, limit));
            }
        }
    }
    histogram(values)
}

/// The least value from query column `q` (counted from the sites' first column; it may lie
/// outside them) on the sweep's current row to a site, or some value above `limit`.
fn nearest(sweep: &Sweep, q: i64, metric: &Metric, limit: f64) -> f64 {
    let columns = sweep.columns();
    let mut best = f64::INFINITY;
    // The next columns to look at on either side of the query.
    let (mut right, mut left) = (q.max(0), (q - 1).min(columns - 1));
    loop {
        let dr = (right < columns).then(|| (right - q) as u64);
        let dl = (left >= 0).then(|| (q - left) as u64);
        let (dx, c, go_right) = match (dr, dl) {
            (None, None) => return best,
            (Some(dr), Some(dl)) if dl < dr => (dl, left, false),
            (Some(dr), _) => (dr, right, true),
            (None, Some(dl)) => (dl, left, false),
        };
        let offset = metric.value(0, dx);
        if offset >= best || offset > limit {
            return best;
        }
        let g = sweep.g(c);
        // A column without a site reads as at least FAR rows away: it holds no candidate.
        if g < FAR as u64 {
            best = best.min(metric.value(g, dx));
        }
        if go_right {
            right += 1;
        } else {
            left -= 1;
        }
    }
}

/// Values as `(value, count)` pairs, ascending, without zero counts. Values are never NaN
/// (products and sums of finite non-negative numbers, or infinity), so the order is total.
fn histogram(mut values: Vec<f64>) -> Vec<(f64, u64)> {
    values.sort_unstable_by(f64::total_cmp);
    let mut pairs: Vec<(f64, u64)> = Vec::new();
    for v in values {
        match pairs.last_mut() {
            Some((last, n)) if *last == v => *n += 1,
            _ => pairs.push((v, 1)),
        }
    }
    pairs
}

/// The values from the definition: every query pixel against every site pixel. Slow; the
/// reference of every metric's surface distances and the check of `nearest_values`.
pub(crate) fn brute_force(
    queries: &[(i64, i64)],
    sites: &[(i64, i64)],
    metric: &Metric,
) -> Vec<(f64, u64)> {
    if sites.is_empty() {
        return Vec::new();
    }
    let values = queries
        .iter()
        .map(|&(qx, qy)| {
            sites
                .iter()
                .map(|&(sx, sy)| metric.value(qy.abs_diff(sy), qx.abs_diff(sx)))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    histogram(values)
}

#[cfg(test)]
mod tests {
    use super::super::masks::RunsBuilder;
    use super::super::Distance;
    use super::*;

    fn set(width: usize, height: usize, pixels: &[(i64, i64)]) -> Runs {
        let mut b = RunsBuilder::new(width, height);
        for y in 0..height as i64 {
            let mut xs: Vec<i64> = pixels.iter().filter(|p| p.1 == y).map(|p| p.0).collect();
            xs.sort_unstable();
            xs.dedup();
            for x in xs {
                b.push(x as usize, x as usize + 1);
            }
            b.end_line();
        }
        b.finish()
    }

    #[test]
    fn agrees_with_brute_force_under_every_metric_and_spacing() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let spacings = [
            [1.0, 1.0],
            [0.5, 0.25],
            [0.3, 1.7],
            [1.7, 0.3],
            [1e-3, 250.0],
            [250.0, 1e-3],
            [0.1, 0.1],
        ];
        for case in 0..400 {
            let (w, h) = (1 + next(30) as usize, 1 + next(30) as usize);
            let most_sites = 1 + next(25);
            let mut pick = |most: u64| -> Vec<(i64, i64)> {
                let count = 1 + next(most);
                let mut v: Vec<(i64, i64)> = (0..count)
                    .map(|_| (next(w as u64) as i64, next(h as u64) as i64))
                    .collect();
                v.sort_unstable_by_key(|&(x, y)| (y, x));
                v.dedup();
                v
            };
            let sites = pick(most_sites);
            let queries = pick(150);
            let (q, s) = (set(w, h, &queries), set(w, h, &sites));
            let spacing = spacings[case % spacings.len()];
            for (distance, _, _) in Distance::CODES {
                let metric = Metric::new(distance, spacing).unwrap();
                let want = brute_force(&queries, &sites, &metric);
                assert_eq!(
                    nearest_values(&q, &s, &metric),
                    want,
                    "case {case}, {distance:?}, spacing {spacing:?}"
                );
                // Up to a limit (one of the values, so some fall either side): the values up to
                // it exact, the rest above it.
                let limit = want[want.len() / 2].0;
                let capped = nearest_values_up_to(&q, &s, &metric, limit);
                let split = |h: &[(f64, u64)]| -> (Vec<(f64, u64)>, u64) {
                    let (low, high): (Vec<_>, Vec<_>) =
                        h.iter().copied().partition(|p| p.0 <= limit);
                    (low, high.iter().map(|p| p.1).sum())
                };
                assert_eq!(split(&capped), split(&want), "case {case}, limit {limit}");
            }
        }
    }
}
