//! Exact squared Euclidean distances from query pixels to the nearest site pixel, without
//! touching the pixels in between.
//!
//! This is the separable Euclidean distance transform (Meijster et al. 2000; Felzenszwalb and
//! Huttenlocher 2004) evaluated only where it is asked for. Its two phases:
//! 1. per column x, g(x, y) = the distance from row y to the nearest site in column x;
//! 2. per row, d²(x, y) = min over columns x' of (x − x')² + g(x', y)².
//!
//! Phase 1 is never stored: rows are swept top to bottom, and for each column the sweep keeps the
//! last site row at or above the current row and the next one below it, updated only when the
//! sweep passes a site; g is then two reads. So the sweep costs the sites plus the rows, not the
//! image.
//!
//! Phase 2 is needed only at query pixels. A query looks at columns outward from its own, nearest
//! first, and stops once the column offset alone reaches the best distance found: further columns
//! can only be farther. On thin structures the nearest site is a few pixels away, so a query
//! costs a few steps. When the queries of a row would look at more than about twice as many
//! columns as hold sites (a site far away, a long row of queries), the row switches to the exact
//! lower envelope of the parabolas (x − x')² + g(x')² over the columns holding sites (Meijster's
//! integer formulation) and reads every remaining query off it. Either way a row costs at most a
//! constant times (those columns + its queries), so the whole is bounded by the image, and on
//! thin curves it is far less. Everything is integer arithmetic: the result is exact.

use super::histogram::Histogram;
use super::Runs;

/// Stands for "no site in this direction"; any real distance is far below it, and its square
/// still fits in a u64 alongside a squared column offset.
pub(super) const FAR: i64 = 1 << 31;

/// For each query pixel, the squared distance to the nearest site pixel, as a histogram. Both sets
/// cover the same image and `sites` is not empty.
pub(crate) fn nearest_histogram(queries: &Runs, sites: &Runs) -> Vec<(u64, u64)> {
    debug_assert!(queries.line_len < FAR as usize && queries.lines < FAR as usize);
    let mut sweep = Sweep::new(sites);
    let mut envelope = Envelope::default();
    let mut histogram = Histogram::new();
    let mut row: Vec<i64> = Vec::new();
    // A row's outward scans may look at this many columns before the row uses the envelope.
    let budget = 2 * sweep.occupied.len() + 32;
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
            match sweep.scan(row[i], budget - spent) {
                Some((d2, steps)) => {
                    histogram.add(d2);
                    spent += steps;
                    i += 1;
                }
                None => {
                    envelope.build(&sweep, row[i], row[row.len() - 1]);
                    for &x in &row[i..] {
                        histogram.add(envelope.next_value(x));
                    }
                    break;
                }
            }
        }
    }
    histogram.into_pairs()
}

/// The column phase, swept down the rows. Columns are counted from `x0`, the sites' leftmost.
/// Shared with the tolerant counts' far-pixel search (tolerance/nearest.rs), which adds block
/// indexes on top through `advance_with`.
pub(super) struct Sweep {
    pub(super) x0: i64,
    /// The current row: every site at or above it has been passed.
    pub(super) y: i64,
    /// Rows not yet passed start here, and their first site is `next_site` (row-major order).
    next_row: usize,
    next_site: usize,
    /// Per site in row-major order, the row of the next site below it in its column (or `FAR`):
    /// read in order as the sweep passes the sites, so the sweep never searches.
    next_below: Vec<i64>,
    /// Per column, the last passed site row (or `-FAR`) and the next site row (or `FAR`).
    above: Vec<i64>,
    below: Vec<i64>,
    /// The columns holding at least one site, ascending.
    pub(super) occupied: Vec<i64>,
}

impl Sweep {
    pub(super) fn new(sites: &Runs) -> Sweep {
        let x0 = sites
            .runs
            .iter()
            .map(|r| r.start)
            .min()
            .expect("sites is not empty");
        let x1 = sites
            .runs
            .iter()
            .map(|r| r.end)
            .max()
            .expect("sites is not empty");
        let columns = (x1 - x0) as usize;
        // Bottom-up: each site learns the row of the last site seen below it in its column, and
        // what is left at the top is each column's first site.
        let total = sites.runs.iter().map(|r| (r.end - r.start) as usize).sum();
        let mut next_below = vec![0i64; total];
        let mut below = vec![FAR; columns];
        let mut k = total;
        for y in (0..sites.lines).rev() {
            for run in sites.line(y).iter().rev() {
                for x in (run.start..run.end).rev() {
                    let c = (x - x0) as usize;
                    k -= 1;
                    next_below[k] = below[c];
                    below[c] = y as i64;
                }
            }
        }
        let occupied = (0..columns)
            .filter(|&c| below[c] != FAR)
            .map(|c| c as i64)
            .collect();
        Sweep {
            x0: i64::from(x0),
            y: 0,
            next_row: 0,
            next_site: 0,
            next_below,
            above: vec![-FAR; columns],
            below,
            occupied,
        }
    }

    pub(super) fn columns(&self) -> i64 {
        self.above.len() as i64
    }

    /// Passes every site row up to and including `y` (rows only ever increase).
    pub(super) fn advance_to(&mut self, y: usize, sites: &Runs) {
        self.advance_with(y, sites, |_, _, _| {});
    }

    /// `advance_to`, telling `passed` each site run passed: its columns `first..end` (counted
    /// from `x0`) and its row.
    pub(super) fn advance_with(
        &mut self,
        y: usize,
        sites: &Runs,
        mut passed: impl FnMut(i64, i64, i64),
    ) {
        while self.next_row <= y {
            let r = self.next_row;
            for run in sites.line(r) {
                for x in run.start..run.end {
                    let c = (i64::from(x) - self.x0) as usize;
                    self.above[c] = r as i64;
                    self.below[c] = self.next_below[self.next_site];
                    self.next_site += 1;
                }
                let (first, end) = (i64::from(run.start) - self.x0, i64::from(run.end) - self.x0);
                passed(first, end, r as i64);
            }
            self.next_row += 1;
        }
        self.y = y as i64;
    }

    /// The distance from the current row to the nearest site in column `c` (at least `FAR` when
    /// the column holds none).
    #[inline(always)]
    pub(super) fn g(&self, c: i64) -> u64 {
        let c = c as usize;
        (self.y - self.above[c]).min(self.below[c] - self.y) as u64
    }

    /// The squared distance from query column `q` (may lie outside the sites' columns) on the
    /// current row to the nearest site, and the columns looked at; `None` when that would exceed
    /// `budget` columns.
    fn scan(&self, q: i64, budget: usize) -> Option<(u64, usize)> {
        let columns = self.columns();
        let mut best = u64::MAX;
        // The next columns to look at on either side; columns without a site count too (they are
        // cheap and keep the walk simple).
        let (mut right, mut left) = (q.max(0), (q - 1).min(columns - 1));
        let mut steps = 0;
        loop {
            let dr = if right < columns {
                (right - q) as u64
            } else {
                u64::MAX
            };
            let dl = if left >= 0 {
                (q - left) as u64
            } else {
                u64::MAX
            };
            let (dx, c) = if dr <= dl { (dr, right) } else { (dl, left) };
            if dx == u64::MAX || dx * dx >= best {
                return Some((best, steps));
            }
            if steps == budget {
                return None;
            }
            steps += 1;
            let g = self.g(c);
            best = best.min(dx * dx + g * g);
            if dr <= dl {
                right += 1;
            } else {
                left -= 1;
            }
        }
    }
}

/// The lower envelope of the parabolas (x − c)² + g(c)² over a row's site columns c, on a range
/// of query columns; read left to right with `next_value`. (The tolerant counts' far pixels use it
/// too, through `build_over`.)
#[derive(Default)]
pub(super) struct Envelope {
    /// Per segment: its parabola's column, g², and the first query column where it is lowest.
    column: Vec<i64>,
    g2: Vec<i64>,
    start: Vec<i64>,
    /// The segment the last `next_value` ended in.
    at: usize,
}

impl Envelope {
    /// Builds the envelope over query columns `from..=to` on the sweep's current row.
    fn build(&mut self, sweep: &Sweep, from: i64, to: i64) {
        let parabolas = sweep.occupied.iter().map(|&c| {
            let g = sweep.g(c) as i64;
            (c, g * g)
        });
        self.build_over(parabolas, from, to);
    }

    /// Builds the envelope of the parabolas `(column, g²)` (columns ascending) over query columns
    /// `from..=to`.
    pub(super) fn build_over(
        &mut self,
        parabolas: impl IntoIterator<Item = (i64, i64)>,
        from: i64,
        to: i64,
    ) {
        self.column.clear();
        self.g2.clear();
        self.start.clear();
        self.at = 0;
        let f = |t: i64, c: i64, g2: i64| (t - c) * (t - c) + g2;
        for (c, g2) in parabolas {
            loop {
                let Some(&top_start) = self.start.last() else {
                    self.column.push(c);
                    self.g2.push(g2);
                    self.start.push(from);
                    break;
                };
                let (top_c, top_g2) = (*self.column.last().unwrap(), *self.g2.last().unwrap());
                if f(top_start, top_c, top_g2) > f(top_start, c, g2) {
                    // The new parabola is lower where the top segment starts, so (parabolas of
                    // equal opening cross once, and the new one's column is to the right) it is
                    // lower over the whole top segment.
                    self.column.pop();
                    self.g2.pop();
                    self.start.pop();
                    continue;
                }
                // The first column where the new parabola is strictly lower than the top one.
                let first = separation(top_c, top_g2, c, g2) + 1;
                if first <= to {
                    self.column.push(c);
                    self.g2.push(g2);
                    self.start.push(first);
                }
                break;
            }
        }
    }

    /// The envelope's value at `x`; calls must come with `x` ascending.
    pub(super) fn next_value(&mut self, x: i64) -> u64 {
        while self.at + 1 < self.start.len() && self.start[self.at + 1] <= x {
            self.at += 1;
        }
        let d = x - self.column[self.at];
        (d * d + self.g2[self.at]) as u64
    }
}

/// For columns a < b: the last integer x at which parabola a, (x − a)² + ga2, is at most
/// parabola b, (x − b)² + gb2 (the crossing is at (b² − a² + gb2 − ga2) / 2(b − a), rounded down).
fn separation(a: i64, ga2: i64, b: i64, gb2: i64) -> i64 {
    (b * b - a * a + gb2 - ga2).div_euclid(2 * (b - a))
}

#[cfg(test)]
mod tests {
    use super::super::masks::RunsBuilder;
    use super::*;

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

    fn brute(queries: &[(usize, usize)], sites: &[(usize, usize)]) -> Vec<(u64, u64)> {
        let mut h = Histogram::new();
        for &(qx, qy) in queries {
            let d = sites
                .iter()
                .map(|&(sx, sy)| {
                    ((qx as i64 - sx as i64).pow(2) + (qy as i64 - sy as i64).pow(2)) as u64
                })
                .min()
                .unwrap();
            h.add(d);
        }
        h.into_pairs()
    }

    #[test]
    fn scan_and_envelope_both_agree_with_brute_force() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for case in 0..300 {
            let (w, h) = (1 + next(40) as usize, 1 + next(40) as usize);
            // Up to `most` distinct random pixels, sorted by row then column.
            let mut pick = |most: u64| -> Vec<(usize, usize)> {
                let count = 1 + next(most);
                let mut v: Vec<(usize, usize)> = (0..count)
                    .map(|_| {
                        let x = next(w as u64) as usize;
                        (x, next(h as u64) as usize)
                    })
                    .collect();
                v.sort_unstable_by_key(|&(x, y)| (y, x));
                v.dedup();
                v
            };
            let sites = pick(30);
            let queries = pick(200);
            let want = brute(&queries, &sites);
            let (q, s) = (set(w, h, &queries), set(w, h, &sites));
            assert_eq!(nearest_histogram(&q, &s), want, "case {case}");
            // The envelope alone, for every row: what a budget of zero columns forces.
            let mut sweep = Sweep::new(&s);
            let mut envelope = Envelope::default();
            let mut hist = Histogram::new();
            for y in 0..h {
                let xs: Vec<i64> = queries
                    .iter()
                    .filter(|p| p.1 == y)
                    .map(|p| p.0 as i64 - sweep.x0)
                    .collect();
                if xs.is_empty() {
                    continue;
                }
                sweep.advance_to(y, &s);
                assert!(sweep.scan(xs[0], 0).is_none());
                envelope.build(&sweep, xs[0], xs[xs.len() - 1]);
                for &x in &xs {
                    hist.add(envelope.next_value(x));
                }
            }
            assert_eq!(hist.into_pairs(), want, "envelope, case {case}");
        }
    }

    #[test]
    fn separation_rounds_down_for_negative_crossings() {
        // Parabola at 0 with g² = 100 against one at 1 with g² = 0: b is lower everywhere from
        // (1 − 0 + 0 − 100) / 2 = −49.5 on, so a is at most b up to −50.
        assert_eq!(separation(0, 100, 1, 0), -50);
        assert_eq!(separation(0, 0, 2, 0), 1);
        assert_eq!(separation(0, 0, 3, 0), 1);
    }
}
