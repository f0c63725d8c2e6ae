//! Interval unions on one line: how much of a line's runs a set of (possibly overlapping)
//! intervals covers.

use super::Run;

/// The number of positions of `runs` (sorted, disjoint) inside the union of `intervals`
/// (half-open `(start, end)`, any order, overlaps allowed; sorted here in place).
pub(crate) fn covered_len(runs: &[Run], intervals: &mut [(u32, u32)]) -> u64 {
    if runs.is_empty() || intervals.is_empty() {
        return 0;
    }
    intervals.sort_unstable_by_key(|&(start, _)| start);
    let mut total = 0;
    let mut next_run = 0;
    let (mut start, mut end) = intervals[0];
    for &(s, e) in &intervals[1..] {
        if s <= end {
            end = end.max(e);
        } else {
            total += overlap(runs, &mut next_run, start, end);
            (start, end) = (s, e);
        }
    }
    total + overlap(runs, &mut next_run, start, end)
}

/// Positions of `runs[*next..]` inside `[start, end)`. Merged intervals come in increasing order
/// with gaps between them, so runs ending at or before `end` are done with; `*next` moves past
/// them (a run reaching beyond `end` may still meet the next interval).
fn overlap(runs: &[Run], next: &mut usize, start: u32, end: u32) -> u64 {
    while *next < runs.len() && runs[*next].end <= start {
        *next += 1;
    }
    let mut total = 0;
    for run in &runs[*next..] {
        if run.start >= end {
            break;
        }
        total += u64::from(run.end.min(end) - run.start.max(start));
        if run.end <= end {
            *next += 1;
        } else {
            break;
        }
    }
    total
}
