//! "Within τ", exactly as the specification computes it, and what it means for runs: how far a
//! run on a line `dy` lines away reaches along this line.

use super::Distance;

/// Whether two pixels `dx` columns and `dy` rows apart are within `tau`: Euclidean
/// `(d2 as f64) <= tau * tau` with the integer `d2 = dx² + dy²` and `tau * tau` in f64, or
/// Chebyshev `max(dx, dy) as f64 <= tau`. (u128: `d2` of any two u32 positions fits.)
#[inline]
pub(crate) fn within(dx: u64, dy: u64, tau: f64, distance: Distance) -> bool {
    match distance {
        Distance::Euclidean => {
            let d2 = u128::from(dx) * u128::from(dx) + u128::from(dy) * u128::from(dy);
            (d2 as f64) <= tau * tau
        }
        Distance::Chebyshev => (dx.max(dy) as f64) <= tau,
    }
}

/// Whether a pixel whose nearest other-side pixel is at `value` (the squared distance for
/// Euclidean, max(|dx|, |dy|) for Chebyshev) is within `tau`: the test `within` makes, on the
/// nearest pair (the test is monotone in the distance, so the nearest pair decides).
#[inline]
pub(crate) fn within_nearest(value: u64, tau: f64, distance: Distance) -> bool {
    match distance {
        Distance::Euclidean => (value as f64) <= tau * tau,
        Distance::Chebyshev => (value as f64) <= tau,
    }
}

/// For one tau on an image of `lines` lines of `line_len` positions: `widths[dy]` is the largest
/// `dx <= line_len - 1` with `within(dx, dy)`, for every `dy` from 0 to the last reachable line
/// distance (at most `lines - 1`). A pixel is within tau of a run `[s, e)` on a line `dy` away
/// exactly when its position is in `[s - widths[dy], e + widths[dy])`, since `within` grows
/// with neither `dx` nor `dy`.
pub(crate) struct Reach {
    pub widths: Vec<u32>,
    /// The largest `dy` whose width spans the whole line (`line_len - 1`): a run on a line at
    /// most this far away reaches every position of this line. `None` when not even `dy = 0`
    /// does.
    pub whole_line: Option<usize>,
}

impl Reach {
    /// Cost O(min(tau, line_len + lines)): a tau beyond the image is the image.
    pub fn new(tau: f64, distance: Distance, line_len: usize, lines: usize) -> Reach {
        let max_dx = line_len.saturating_sub(1) as u64;
        let max_dy = lines.saturating_sub(1) as u64;
        // within(0, 0) always holds (tau >= 0): search the largest dx at dy = 0.
        let (mut low, mut high) = (0u64, max_dx);
        while low < high {
            let mid = low + (high - low).div_ceil(2);
            if within(mid, 0, tau, distance) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        let mut width = low;
        let mut widths = vec![width as u32];
        for dy in 1..=max_dy {
            if !within(0, dy, tau, distance) {
                break;
            }
            while !within(width, dy, tau, distance) {
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
