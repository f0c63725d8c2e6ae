//! Exact nearest distances from some pixels (the queries) to a set (the sites), Euclidean
//! (squared) or Chebyshev, at a cost that depends on the sets and never on τ: the tolerant counts
//! use it for the pixels that no site reaches within a small radius, when τ is larger.
//!
//! The method is the separable distance transform of `edt.rs`, evaluated only at the queries:
//! rows are swept top to bottom keeping, per column, the last site row at or above the current
//! row and the next one below it, so g(c) (the distance from the current row to the nearest site
//! in column c) is two reads; a query's distance is the least `combine(|x − c|, g(c))` over the
//! columns: dx² + g² (Euclidean, squared) or max(dx, g) (Chebyshev).
//!
//! A query far from every site (a stray pixel) would look at every column within its distance.
//! So columns are grouped in blocks of `COARSE` columns, each split into blocks of `FINE`, and
//! every block also keeps its nearest site rows above and below the current row: the distance to
//! them is the least g of the block's columns. A query visits coarse blocks outward, nearest
//! first, and stops when the column distance alone is no better than what it has; it skips a block
//! whose best possible value (its column distance combined with that least g) is no better, and
//! within a block it does the same with the fine blocks, then with the columns. Near a curve that
//! crosses the rows, only the blocks where the curve passes close to the query's row are opened.
//!
//! When a row's queries would still look at more than about twice as many columns as hold sites,
//! the row switches to a transform of the whole row over those columns (the lower envelope of
//! parabolas for Euclidean, two monotone stacks for Chebyshev) and reads every remaining query off
//! it. A row thus costs at most a constant times (the columns holding sites + its queries), plus
//! a binary search per query (its own row's nearest site), and the sweep costs the sites plus the
//! rows: bounded by the image whatever τ is. All integer.

use super::super::edt::{Envelope, Sweep as ColumnSweep, FAR};
use super::super::histogram::Histogram;
use super::super::{Distance, Runs};

/// Columns per coarse block, and per fine block within it.
const COARSE: i64 = 64;
const FINE: i64 = 8;

/// For each query pixel, its distance to the nearest site pixel (squared for Euclidean), as a
/// histogram ascending by distance; a distance above `cap` may be given as any value above `cap`
/// (the caller needs no more, and a query's search stops at `cap`). Both sets cover the same
/// image; `sites` is not empty.
pub(crate) fn nearest_histogram(
    queries: &Runs,
    sites: &Runs,
    distance: Distance,
    cap: u64,
) -> Vec<(u64, u64)> {
    nearest_with(queries, sites, distance, cap, false)
}

/// `nearest_histogram`; with `whole_rows`, every row takes the whole-row transform (for tests).
fn nearest_with(
    queries: &Runs,
    sites: &Runs,
    distance: Distance,
    cap: u64,
    whole_rows: bool,
) -> Vec<(u64, u64)> {
    debug_assert!(queries.line_len < FAR as usize && queries.lines < FAR as usize);
    let mut sweep = Sweep::new(sites);
    let mut histogram = Histogram::new();
    let mut row: Vec<i64> = Vec::new();
    let mut envelope = Envelope::default();
    // A row's scans may take this many steps before the row uses the whole-row transform.
    let budget = if whole_rows {
        0
    } else {
        2 * sweep.occupied.len() + 32
    };
    for y in 0..queries.lines {
        let line = queries.line(y);
        if line.is_empty() {
            continue;
        }
        sweep.advance_to(y, sites);
        row.clear();
        for run in line {
            row.extend((run.start..run.end).map(|x| i64::from(x) - sweep.x0));
        }
        let mut spent = 0;
        let mut i = 0;
        while i < row.len() {
            // The search starts from what it needs to beat: just above `cap`, or the nearest
            // site on the query's own row (its offset, g = 0) when that is nearer, so blocks far
            // from the row's sites are skipped rather than opened.
            let same_row = nearest_on_line(sites.line(y), row[i] + sweep.x0)
                .map_or(u64::MAX, |dx| combine(distance, dx, 0));
            let start = same_row.min(cap.saturating_add(1));
            match sweep.scan(distance, row[i], start, budget.saturating_sub(spent)) {
                Some((value, steps)) => {
                    histogram.add(value);
                    spent += steps;
                    i += 1;
                }
                None => {
                    let rest = &row[i..];
                    match distance {
                        Distance::Euclidean => {
                            let parabolas = sweep.occupied.iter().map(|&c| {
                                let g = sweep.g(c) as i64;
                                (c, g * g)
                            });
                            envelope.build_over(parabolas, rest[0], rest[rest.len() - 1]);
                            for &x in rest {
                                histogram.add(envelope.next_value(x));
                            }
                        }
                        // Taxicab has no whole-row transform here: `Metric::integer_distance`
                        // sends it to `nearest_values`.
                        Distance::Taxicab => unreachable!("taxicab takes nearest_values"),
                        Distance::Chebyshev => {
                            let columns: Vec<(i64, i64)> = sweep
                                .occupied
                                .iter()
                                .map(|&c| (c, sweep.g(c) as i64))
                                .collect();
                            for value in chebyshev_row(&columns, rest) {
                                histogram.add(value);
                            }
                        }
                    }
                    break;
                }
            }
        }
    }
    histogram.into_pairs()
}

#[inline(always)]
fn combine(distance: Distance, dx: u64, g: u64) -> u64 {
    match distance {
        Distance::Euclidean => dx * dx + g * g,
        Distance::Chebyshev => dx.max(g),
        Distance::Taxicab => dx + g,
    }
}

/// The column sweep of the surface distances (edt.rs), with the columns also in blocks of
/// `COARSE` and of `FINE`, so a scan can pass over whole blocks that cannot hold a nearer site.
struct Sweep {
    columns: ColumnSweep,
    coarse: Blocks,
    fine: Blocks,
}

/// Reads go straight to the column sweep (`x0`, `occupied`, `g`): the blocks only add to it.
impl std::ops::Deref for Sweep {
    type Target = ColumnSweep;
    fn deref(&self) -> &ColumnSweep {
        &self.columns
    }
}

/// The columns of the sites' span in blocks of `size`, each with the rows holding a site in one
/// of its columns, and which of them the sweep has passed.
struct Blocks {
    size: i64,
    /// Per block, its distinct site rows ascending: `rows[start[b]..start[b + 1]]`; `at[b]` is
    /// the first not passed yet.
    rows: Vec<i64>,
    start: Vec<usize>,
    at: Vec<usize>,
}

impl Blocks {
    fn new(sites: &Runs, x0: u32, columns: usize, size: i64) -> Blocks {
        let blocks = columns.div_ceil(size as usize);
        let mut last_row = vec![-1i64; blocks];
        let mut start = vec![0usize; blocks + 1];
        // Top-down, so each block's rows come ascending: counted first, then placed.
        let mut for_each_block_row = |f: &mut dyn FnMut(usize, i64)| {
            last_row.fill(-1);
            for y in 0..sites.lines {
                for run in sites.line(y) {
                    let first = (run.start - x0) as usize / size as usize;
                    let last = (run.end - 1 - x0) as usize / size as usize;
                    for (i, seen) in last_row[first..=last].iter_mut().enumerate() {
                        if *seen != y as i64 {
                            *seen = y as i64;
                            f(first + i, y as i64);
                        }
                    }
                }
            }
        };
        for_each_block_row(&mut |b, _| start[b + 1] += 1);
        for b in 0..blocks {
            start[b + 1] += start[b];
        }
        let mut rows = vec![0i64; start[blocks]];
        let mut fill = start[..blocks].to_vec();
        for_each_block_row(&mut |b, y| {
            rows[fill[b]] = y;
            fill[b] += 1;
        });
        Blocks {
            size,
            at: start[..blocks].to_vec(),
            rows,
            start,
        }
    }

    fn count(&self) -> i64 {
        self.at.len() as i64
    }

    /// Passes the site run on columns `[first, end)` (from x0) of row `r`.
    fn pass(&mut self, first: i64, end: i64, r: i64) {
        for b in (first / self.size) as usize..=((end - 1) / self.size) as usize {
            let at = &mut self.at[b];
            while *at < self.start[b + 1] && self.rows[*at] <= r {
                *at += 1;
            }
        }
    }

    /// The least g over block `b`'s columns on row `y`: the distance to its nearest site row.
    /// `None` when the block holds no site.
    #[inline(always)]
    fn g(&self, b: i64, y: i64) -> Option<u64> {
        let b = b as usize;
        let (first, end, at) = (self.start[b], self.start[b + 1], self.at[b]);
        if first == end {
            return None;
        }
        let above = if at > first { self.rows[at - 1] } else { -FAR };
        let below = if at < end { self.rows[at] } else { FAR };
        Some((y - above).min(below - y) as u64)
    }

    /// Column distance from `q` to block `b`'s columns (0 inside; past the last column, where
    /// the last block may be short, a lower bound).
    #[inline(always)]
    fn dx(&self, b: i64, q: i64) -> u64 {
        let (start, last) = (b * self.size, (b + 1) * self.size - 1);
        (start - q).max(q - last).max(0) as u64
    }
}

impl Sweep {
    fn new(sites: &Runs) -> Sweep {
        let columns = ColumnSweep::new(sites);
        let (x0, span) = (columns.x0 as u32, columns.columns() as usize);
        Sweep {
            coarse: Blocks::new(sites, x0, span, COARSE),
            fine: Blocks::new(sites, x0, span, FINE),
            columns,
        }
    }

    /// Passes every site row up to and including `y`, in the columns and in the blocks.
    fn advance_to(&mut self, y: usize, sites: &Runs) {
        let (coarse, fine) = (&mut self.coarse, &mut self.fine);
        self.columns.advance_with(y, sites, |first, end, row| {
            coarse.pass(first, end, row);
            fine.pass(first, end, row);
        });
    }

    /// The distance from query column `q` (may lie outside the sites' columns) on the current row
    /// to the nearest site, and the steps taken (blocks visited plus columns read); `None` when
    /// that would exceed `budget` steps. Only sites nearer than `start` are looked for: with none,
    /// the result is `start`.
    fn scan(&self, distance: Distance, q: i64, start: u64, budget: usize) -> Option<(u64, usize)> {
        let blocks = self.coarse.count();
        let mut best = start;
        // The next coarse blocks to visit on either side of q.
        let (mut right, mut left) = if q < 0 {
            (0, -1)
        } else if q >= self.columns() {
            (blocks, blocks - 1)
        } else {
            (q / COARSE, q / COARSE - 1)
        };
        let mut steps = 0;
        loop {
            let dr = if right < blocks {
                self.coarse.dx(right, q)
            } else {
                u64::MAX
            };
            let dl = if left >= 0 {
                self.coarse.dx(left, q)
            } else {
                u64::MAX
            };
            let go_right = dr <= dl;
            let (dx, b) = if go_right { (dr, right) } else { (dl, left) };
            // Blocks come nearest first: nothing left can beat `best`.
            if dx == u64::MAX || combine(distance, dx, 0) >= best {
                return Some((best, steps));
            }
            if steps >= budget {
                return None;
            }
            steps += 1;
            if self
                .coarse
                .g(b, self.y)
                .is_some_and(|g| combine(distance, dx, g) < best)
            {
                // Its fine blocks outward from q, each way until the offset alone loses.
                let ratio = COARSE / FINE;
                let (first, end) = (b * ratio, ((b + 1) * ratio).min(self.fine.count()));
                let at = q.div_euclid(FINE);
                self.open_fine(distance, q, first.max(at)..end, &mut best, &mut steps);
                self.open_fine(
                    distance,
                    q,
                    (first..end.min(at)).rev(),
                    &mut best,
                    &mut steps,
                );
            }
            if go_right {
                right += 1;
            } else {
                left -= 1;
            }
        }
    }

    /// Visits fine blocks in order of growing distance from `q`, reading the columns of those
    /// that can beat `best`.
    fn open_fine(
        &self,
        distance: Distance,
        q: i64,
        blocks: impl Iterator<Item = i64>,
        best: &mut u64,
        steps: &mut usize,
    ) {
        for f in blocks {
            let dx = self.fine.dx(f, q);
            if combine(distance, dx, 0) >= *best {
                break;
            }
            *steps += 1;
            match self.fine.g(f, self.y) {
                Some(g) if combine(distance, dx, g) < *best => {}
                _ => continue,
            }
            let (start, end) = (f * FINE, ((f + 1) * FINE).min(self.columns()));
            // Outward from q within the block, each way until the offset alone loses.
            for c in start.max(q)..end {
                let dx = (c - q) as u64;
                if combine(distance, dx, 0) >= *best {
                    break;
                }
                *best = (*best).min(combine(distance, dx, self.g(c)));
                *steps += 1;
            }
            for c in (start..end.min(q)).rev() {
                let dx = (q - c) as u64;
                if combine(distance, dx, 0) >= *best {
                    break;
                }
                *best = (*best).min(combine(distance, dx, self.g(c)));
                *steps += 1;
            }
        }
    }
}

/// The column offset from `x` to the nearest of `runs` (sorted, disjoint), if any.
fn nearest_on_line(runs: &[super::super::Run], x: i64) -> Option<u64> {
    let after = runs.partition_point(|r| i64::from(r.end) <= x);
    let right = runs
        .get(after)
        .map(|r| (i64::from(r.start) - x).max(0) as u64);
    let left = after
        .checked_sub(1)
        .map(|i| (x - i64::from(runs[i].end) + 1) as u64);
    match (left, right) {
        (Some(l), Some(r)) => Some(l.min(r)),
        (l, r) => l.or(r),
    }
}

/// Chebyshev distances on one row: for each query column `x` (ascending), the least
/// max(|x − c|, g) over `columns` `(c, g)` (ascending, not empty).
fn chebyshev_row(columns: &[(i64, i64)], xs: &[i64]) -> Vec<u64> {
    let left = one_side(columns.iter().copied(), xs.iter().copied());
    let right = one_side(
        columns.iter().rev().map(|&(c, g)| (-c, g)),
        xs.iter().rev().map(|&x| -x),
    );
    left.iter()
        .zip(right.iter().rev())
        .map(|(&l, &r)| l.min(r))
        .collect()
}

/// For each `x` (ascending), the least max(x − c, g) over the columns `(c, g)` (ascending) with
/// c ≤ x, or `u64::MAX` when there is none.
///
/// A column to the left of another and no nearer its site (g not smaller) never wins again, so
/// the candidates form a stack with both c and g strictly increasing. Along it x − c falls and g
/// rises: the least max is where they cross, the first candidate with c + g ≥ x (c + g increases
/// along the stack, so a binary search finds it), or the one before it.
fn one_side(columns: impl Iterator<Item = (i64, i64)>, xs: impl Iterator<Item = i64>) -> Vec<u64> {
    let mut columns = columns.peekable();
    let mut stack: Vec<(i64, i64)> = Vec::new();
    let mut out = Vec::new();
    for x in xs {
        while let Some(&(c, g)) = columns.peek() {
            if c > x {
                break;
            }
            columns.next();
            while stack.last().is_some_and(|&(_, top)| top >= g) {
                stack.pop();
            }
            stack.push((c, g));
        }
        let j = stack.partition_point(|&(c, g)| c + g < x);
        let mut best = u64::MAX;
        if let Some(&(_, g)) = stack.get(j) {
            best = g as u64;
        }
        if j > 0 {
            best = best.min((x - stack[j - 1].0) as u64);
        }
        out.push(best);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::super::masks::RunsBuilder;
    use super::*;
    use rand::{rngs::SmallRng, Rng, SeedableRng};

    fn set(width: usize, height: usize, pixels: &[(usize, usize)]) -> Runs {
        let mut b = RunsBuilder::new(width, height);
        for y in 0..height {
            let mut xs: Vec<usize> = pixels.iter().filter(|p| p.1 == y).map(|p| p.0).collect();
            xs.sort_unstable();
            xs.dedup();
            for x in xs {
                b.push(x, x + 1);
            }
            b.end_line();
        }
        b.finish()
    }

    fn brute(queries: &[(usize, usize)], sites: &[(usize, usize)], d: Distance) -> Vec<(u64, u64)> {
        let mut h = Histogram::new();
        for &(qx, qy) in queries {
            let best = sites
                .iter()
                .map(|&(sx, sy)| combine(d, qx.abs_diff(sx) as u64, qy.abs_diff(sy) as u64))
                .min()
                .unwrap();
            h.add(best);
        }
        h.into_pairs()
    }

    #[test]
    fn scans_and_whole_rows_agree_with_brute_force() {
        let mut rng = SmallRng::seed_from_u64(10);
        for case in 0..1500 {
            // Wide enough for many blocks; sites from a few pixels to dense, sometimes a curve.
            let (w, h) = (rng.gen_range(1..200), rng.gen_range(1..60));
            let pick = |rng: &mut SmallRng, most: usize| -> Vec<(usize, usize)> {
                let n = rng.gen_range(1..=most);
                let mut v: Vec<(usize, usize)> = (0..n)
                    .map(|_| (rng.gen_range(0..w), rng.gen_range(0..h)))
                    .collect();
                if rng.gen_bool(0.3) {
                    let mut x = rng.gen_range(0..w) as i64;
                    for y in 0..h {
                        x = (x + rng.gen_range(-2..=2)).clamp(0, w as i64 - 1);
                        v.push((x as usize, y));
                    }
                }
                v.sort_unstable_by_key(|&(x, y)| (y, x));
                v.dedup();
                v
            };
            let sites = pick(&mut rng, [3, 40, 600][case % 3]);
            let queries = pick(&mut rng, 300);
            let (q, s) = (set(w, h, &queries), set(w, h, &sites));
            for d in [Distance::Euclidean, Distance::Chebyshev] {
                let want = brute(&queries, &sites, d);
                let all = u64::MAX;
                assert_eq!(
                    nearest_with(&q, &s, d, all, false),
                    want,
                    "case {case}, {d:?}"
                );
                let rows = nearest_with(&q, &s, d, all, true);
                assert_eq!(rows, want, "rows, case {case}, {d:?}");
                // With a cap, distances up to it stay exact and the rest stay above it.
                let cap = rng.gen_range(0..40);
                let capped = |h: &[(u64, u64)]| -> Vec<(u64, u64)> {
                    let mut out: Vec<(u64, u64)> =
                        h.iter().copied().filter(|p| p.0 <= cap).collect();
                    let above: u64 = h.iter().filter(|p| p.0 > cap).map(|p| p.1).sum();
                    if above > 0 {
                        out.push((cap + 1, above));
                    }
                    out
                };
                let got = nearest_with(&q, &s, d, cap, false);
                assert_eq!(capped(&got), capped(&want), "cap {cap}, case {case}, {d:?}");
            }
        }
    }

    #[test]
    fn chebyshev_row_matches_the_definition() {
        let mut rng = SmallRng::seed_from_u64(11);
        for case in 0..3000 {
            let n = rng.gen_range(1..20);
            let mut cs: Vec<i64> = (0..n).map(|_| rng.gen_range(-30..30)).collect();
            cs.sort_unstable();
            cs.dedup();
            let columns: Vec<(i64, i64)> = cs.iter().map(|&c| (c, rng.gen_range(0..25))).collect();
            let mut xs: Vec<i64> = (0..rng.gen_range(1..30))
                .map(|_| rng.gen_range(-50..50))
                .collect();
            xs.sort_unstable();
            let want: Vec<u64> = xs
                .iter()
                .map(|&x| {
                    columns
                        .iter()
                        .map(|&(c, g)| x.abs_diff(c).max(g as u64))
                        .min()
                        .unwrap()
                })
                .collect();
            assert_eq!(
                chebyshev_row(&columns, &xs),
                want,
                "case {case}: {columns:?} {xs:?}"
            );
        }
    }
}
