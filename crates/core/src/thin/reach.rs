//! What "within τ" (`metric.rs`) means for runs: how far a run on a line `dy` lines away reaches
//! along this line.

use super::metric::Metric;

/// For one tau on an image of `lines` lines of `line_len` positions: `widths[dy]` is the largest
/// `dx <= line_len - 1` with `metric.pair_within(dy, dx, tau)`, for every `dy` from 0 to the last reachable line
/// distance (at most `lines - 1`). A pixel is within tau of a run `[s, e)` on a line `dy` away
/// exactly when its position is in `[s - widths[dy], e + widths[dy])`, since the rule's value
/// shrinks with neither `dx` nor `dy`. Lines are rows: a transposed set takes the transposed
/// metric.
pub(crate) struct Reach {
    pub widths: Vec<u32>,
    /// The largest `dy` whose width spans the whole line (`line_len - 1`): a run on a line at
    /// most this far away reaches every position of this line. `None` when not even `dy = 0`
    /// does.
    pub whole_line: Option<usize>,
}

impl Reach {
    /// Cost O(min(tau / side, line_len + lines)): a tau beyond the image is the image.
    pub fn new(tau: f64, metric: &Metric, line_len: usize, lines: usize) -> Reach {
        let max_dx = line_len.saturating_sub(1) as u64;
        let max_dy = lines.saturating_sub(1) as u64;
        // within(0, 0) always holds (tau >= 0): search the largest dx at dy = 0.
        let (mut low, mut high) = (0u64, max_dx);
        while low < high {
            let mid = low + (high - low).div_ceil(2);
            if metric.pair_within(0, mid, tau) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        let mut width = low;
        let mut widths = vec![width as u32];
        for dy in 1..=max_dy {
            if !metric.pair_within(dy, 0, tau) {
                break;
            }
            while !metric.pair_within(dy, width, tau) {
                width -= 1;
            }
            widths.push(width as u32);
        }
        let spanning = widths
            .iter()
            .take_while(|&&w| u64::from(w) >= max_dx)
            .count();
        Reach {
            widths,
            whole_line: spanning.checked_sub(1),
        }
    }

    /// The farthest reachable line distance.
    pub fn lines(&self) -> usize {
        self.widths.len() - 1
    }
}
