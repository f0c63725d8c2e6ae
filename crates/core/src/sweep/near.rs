//! "Within τ" on the image's grid, for the sweep: which pixels lie within τ of the truth set G
//! (G dilated once, line by line), and each truth pixel's τ-neighbourhood (to take the largest
//! score a predicted pixel could reach it with).

use super::IGNORED;
use crate::thin::reach::Reach;

/// The image's grid and how far τ reaches on it (`Reach`: per line distance `dy`, the widest
/// column offset within τ).
pub(crate) struct Plane {
    pub width: usize,
    pub height: usize,
    pub reach: Reach,
}

impl Plane {
    /// The lines within reach of line `y`, with the reach along each: `(line, width)`.
    fn lines_near(&self, y: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let r = self.reach.lines();
        (0..=r).flat_map(move |d| {
            let w = self.reach.widths[d] as usize;
            let below = (d > 0 && y + d < self.height).then_some((y + d, w));
            let above = y.checked_sub(d).map(|line| (line, w));
            above.into_iter().chain(below)
        })
    }

    /// Whether τ reaches no pixel but the pixel itself (τ below one pixel).
    pub fn is_point(&self) -> bool {
        self.reach.lines() == 0 && self.reach.widths[0] == 0
    }

    /// Per pixel, whether it is within τ of a pixel labelled `class`.
    pub fn near_class(&self, labels: &[u32], class: u32) -> Vec<bool> {
        if self.is_point() {
            return labels.iter().map(|&l| l == class).collect();
        }
        let width = self.width;
        let runs: Vec<Vec<(usize, usize)>> = labels
            .chunks_exact(width)
            .map(|row| runs_of(row, class))
            .collect();
        let mut near = vec![false; labels.len()];
        // Coverage depth per column, as differences: +1 where a dilated run starts, -1 past it.
        let mut diff = vec![0i32; width + 1];
        for (y, out) in near.chunks_exact_mut(width).enumerate() {
            diff.fill(0);
            let mut any = false;
            for (line, w) in self.lines_near(y) {
                for &(start, end) in &runs[line] {
                    diff[start.saturating_sub(w)] += 1;
                    diff[(end + w).min(width)] -= 1;
                    any = true;
                }
            }
            if !any {
                continue;
            }
            let mut depth = 0;
            for (x, flag) in out.iter_mut().enumerate() {
                depth += diff[x];
                *flag = depth > 0;
            }
        }
        near
    }

    /// Calls `visit` with every non-ignored pixel within τ of pixel `i` (itself included).
    #[inline]
    pub fn for_each_near(&self, labels: &[u32], i: usize, mut visit: impl FnMut(usize)) {
        let (y, x) = (i / self.width, i % self.width);
        for (line, w) in self.lines_near(y) {
            let from = line * self.width + x.saturating_sub(w);
            let to = line * self.width + (x + w).min(self.width - 1);
            for (j, &label) in labels[from..=to].iter().enumerate() {
                if label != IGNORED {
                    visit(from + j);
                }
            }
        }
    }
}

/// The runs `[start, end)` of `class` on one line.
fn runs_of(row: &[u32], class: u32) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut x = 0;
    while x < row.len() {
        if row[x] != class {
            x += 1;
            continue;
        }
        let start = x;
        while x < row.len() && row[x] == class {
            x += 1;
        }
        runs.push((start, x));
    }
    runs
}
