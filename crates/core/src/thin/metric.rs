//! THE distance rule (src/thin/types.ts), written once for the Rust core: a distance and a pixel
//! size `[sy, sx]` give every pair of pixels `dy` rows and `dx` columns apart a float64 `value`,
//! and "within τ" compares that value with τ (or τ² for Euclidean). Every backend evaluates the
//! same expressions in the same order, so every backend finds the same values bit for bit.

use super::Distance;
use crate::PerclassError;

/// The pixel sizes allowed, `[min, max]`: any unit, but bounded so that the rule's squares stay
/// finite and non-zero (`(s * s) * (d * d)` overflows to Infinity near s = 1.3e154, and
/// `Infinity * 0` is NaN at a zero offset, which no two backends need agree on).
/// `src/generated/abi.ts` carries it to the TypeScript facade's check.
pub const SPACING_BOUNDS: [f64; 2] = [1e-100, 1e100];

/// A distance under a pixel size. Built only through [`Metric::new`], so the spacing is always
/// within [`SPACING_BOUNDS`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Metric {
    distance: Distance,
    sy: f64,
    sx: f64,
}

impl Metric {
    /// The metric of `distance` on pixels `spacing = [sy, sx]` in size; a spacing outside
    /// [`SPACING_BOUNDS`] (NaN included) is an `E_OPTION` error naming `spacing`.
    pub fn new(distance: Distance, spacing: [f64; 2]) -> Result<Metric, PerclassError> {
        check_spacing(spacing)?;
        let [sy, sx] = spacing;
        Ok(Metric { distance, sy, sx })
    }

    /// The default metric: Euclidean on unit pixels.
    #[cfg(test)]
    pub fn unit(distance: Distance) -> Metric {
        Metric {
            distance,
            sy: 1.0,
            sx: 1.0,
        }
    }

    pub fn distance(&self) -> Distance {
        self.distance
    }

    /// The rule's value for two pixels `dy` rows and `dx` columns apart, in exactly the order
    /// types.ts gives: the squared distance for Euclidean, the distance itself otherwise.
    /// `dy as f64` is exact for any image (< 2^53 pixels), and `dy * dy` is taken in f64 as the
    /// TypeScript backend takes it.
    #[inline]
    pub fn value(&self, dy: u64, dx: u64) -> f64 {
        let (dy, dx) = (dy as f64, dx as f64);
        match self.distance {
            Distance::Euclidean => {
                (self.sy * self.sy) * (dy * dy) + (self.sx * self.sx) * (dx * dx)
            }
            Distance::Chebyshev => (self.sy * dy).max(self.sx * dx),
            Distance::Taxicab => self.sy * dy + self.sx * dx,
        }
    }

    /// Whether a value is within `tau`: `value <= tau * tau` for Euclidean, `value <= tau`
    /// otherwise. Monotone in the value, and `value` is monotone in `dy` and in `dx` (products and
    /// sums of non-negative floats round monotonically), so "within" never comes back further out.
    #[inline]
    pub fn within(&self, value: f64, tau: f64) -> bool {
        match self.distance {
            Distance::Euclidean => value <= tau * tau,
            Distance::Chebyshev | Distance::Taxicab => value <= tau,
        }
    }

    /// Whether the pair `dy`, `dx` apart is within `tau`.
    #[inline]
    pub fn pair_within(&self, dy: u64, dx: u64, tau: f64) -> bool {
        self.within(self.value(dy, dx), tau)
    }

    /// Whether pixels are unit squares: then every value is an exact integer (below 2^53) and
    /// the integer kernels give the rule's values.
    pub fn is_unit(&self) -> bool {
        self.sy == 1.0 && self.sx == 1.0
    }

    /// The integer kernel that computes this metric exactly, if any: Euclidean (squared) and
    /// Chebyshev on unit pixels.
    pub fn integer_distance(&self) -> Option<Distance> {
        match self.distance {
            Distance::Euclidean | Distance::Chebyshev if self.is_unit() => Some(self.distance),
            _ => None,
        }
    }

    /// The smaller pixel side: τ over it bounds, in pixels, how far a τ reaches along either axis.
    pub fn min_side(&self) -> f64 {
        self.sy.min(self.sx)
    }

    /// The pixel side across depth lines, for the trace: `sx` when depth runs down the rows (a
    /// line is a row, offsets along it are columns), `sy` when it runs along the columns.
    pub fn across(&self, depth_axis: super::DepthAxis) -> f64 {
        match depth_axis {
            super::DepthAxis::Rows => self.sx,
            super::DepthAxis::Columns => self.sy,
        }
    }
}

/// `spacing` must be two numbers within [`SPACING_BOUNDS`] (the TypeScript facade checks the
/// same bounds first, in its own words: its spacing is `[depth, across]`).
pub(crate) fn check_spacing(spacing: [f64; 2]) -> Result<(), PerclassError> {
    let [min, max] = SPACING_BOUNDS;
    if spacing.iter().all(|&s| s >= min && s <= max) {
        return Ok(());
    }
    let [sy, sx] = spacing.map(super::js_number);
    // `{:e}` prints 1e-100 and 1e100, as the TypeScript check writes them.
    let [min, max] = SPACING_BOUNDS.map(|b| format!("{b:e}"));
    Err(PerclassError::Option {
        message: format!(
            "spacing must be two positive numbers from {min} to {max}, got [{sy}, {sx}]"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_values_are_the_integer_distances() {
        let e = Metric::unit(Distance::Euclidean);
        let c = Metric::unit(Distance::Chebyshev);
        let t = Metric::unit(Distance::Taxicab);
        for dy in 0..20u64 {
            for dx in 0..20u64 {
                assert_eq!(e.value(dy, dx), (dy * dy + dx * dx) as f64);
                assert_eq!(c.value(dy, dx), dy.max(dx) as f64);
                assert_eq!(t.value(dy, dx), (dy + dx) as f64);
            }
        }
    }

    #[test]
    fn values_follow_the_rule_s_float_order() {
        let m = Metric::new(Distance::Euclidean, [0.3, 1.7]).unwrap();
        assert_eq!(m.value(3, 2), (0.3 * 0.3) * 9.0 + (1.7 * 1.7) * 4.0);
        let m = Metric::new(Distance::Taxicab, [0.3, 1.7]).unwrap();
        assert_eq!(m.value(3, 2), 0.3 * 3.0 + 1.7 * 2.0);
        let m = Metric::new(Distance::Chebyshev, [0.3, 1.7]).unwrap();
        assert_eq!(m.value(7, 1), 2.1f64.max(1.7));
        assert!(m.within(m.value(7, 1), 0.3 * 7.0));
        let m = Metric::new(Distance::Euclidean, [1.0, 1.0]).unwrap();
        // sqrt(2)'s float square is just above 2: the diagonal is within it.
        assert!(m.pair_within(1, 1, std::f64::consts::SQRT_2));
        assert!(!m.pair_within(1, 1, 1.414));
    }

    #[test]
    fn spacing_must_be_positive_and_finite() {
        for bad in [
            [0.0, 1.0],
            [1.0, -2.0],
            [f64::NAN, 1.0],
            [1.0, f64::INFINITY],
        ] {
            let err = Metric::new(Distance::Euclidean, bad).unwrap_err();
            assert_eq!(err.code(), "E_OPTION");
            assert!(err.to_string().starts_with("spacing must be"), "{err}");
        }
        assert_eq!(
            check_spacing([0.0, f64::NAN]).unwrap_err().to_string(),
            "spacing must be two positive numbers from 1e-100 to 1e100, got [0, NaN]"
        );
        assert!(Metric::new(Distance::Taxicab, [1e-3, 250.0]).is_ok());
    }
}
