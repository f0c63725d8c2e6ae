//! Where a run of identical (truth, prediction) pixels is counted. The block drivers count a run
//! of uniform blocks with one addition; this decides, with the scalar reference's rules, which
//! counter that addition goes to.

use crate::Confusion;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cell {
    /// `matrix[t * K + p]`.
    Matrix(usize),
    /// `void_predicted[t]`: valid truth predicted as the ignore index.
    Void(usize),
    /// Truth is the ignore index.
    Ignored,
    /// The pixel is an error; the scalar reference must locate and report it.
    Invalid,
}

impl Cell {
    /// The scalar reference's decision for one pixel (see `scalar::run`).
    #[inline(always)]
    pub(crate) fn of(t: u32, p: u32, num_classes: u32, ignore: u32) -> Cell {
        let k = num_classes;
        if (t >= k && t != ignore) || (p >= k && p != ignore) {
            Cell::Invalid
        } else if t == ignore {
            Cell::Ignored
        } else if p == ignore {
            Cell::Void(t as usize)
        } else {
            Cell::Matrix((t * k + p) as usize)
        }
    }

    /// Adds `n` pixels to this cell. Never called on `Invalid` (those pixels are errors).
    #[inline(always)]
    pub(crate) fn add(self, n: u64, counts: &mut Confusion) {
        match self {
            Cell::Matrix(i) => counts.matrix[i] += n,
            Cell::Void(t) => counts.void_predicted[t] += n,
            Cell::Ignored => counts.ignored += n,
            Cell::Invalid => debug_assert_eq!(n, 0, "counted pixels of an invalid cell"),
        }
    }
}
