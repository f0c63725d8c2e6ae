//! The border points of a set on the pixel-corner grid, sorted by contour piece.
//!
//! The corner grid of an image of `H` rows and `W` columns has `(H + 1) × (W + 1)` points; point
//! `(i, j)` is the top-left corner of pixel `(i, j)` and looks at the 2×2 pixels
//! `(i-1..=i, j-1..=j)` (outside the image: not in the set). Its code has DeepMind's bits: 8 top
//! left, 4 top right, 2 bottom left, 1 bottom right. A point is on the border when its code is
//! neither 0 nor 15, and its contour piece depends on the code (see [`Piece::of_code`]).
//!
//! [`border`] derives the points run by run: corner line `i` only depends on pixel lines `i - 1`
//! and `i`, and along the line the code only changes where a run of either line starts or ends.
//! Between two such places both pixel columns of a point's neighbourhood have the same state, so
//! the point is a horizontal edge when exactly one of the two lines holds that stretch and is not
//! on the border otherwise; only the points at the places themselves need their code worked out.

use crate::thin::masks::RunsBuilder;
use crate::thin::{Run, Runs};

/// The contour piece a border point stands for (DeepMind's 2-D contour-length table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// The two pixels on one side of a vertical line are set (codes 0101, 1010): length `sy`.
    Vertical,
    /// The two pixels on one side of a horizontal line are set (codes 0011, 1100): length `sx`.
    Horizontal,
    /// One or three pixels set: one half-diagonal, `0.5 * hypot(sy, sx)`.
    HalfDiagonal,
    /// Two diagonally opposite pixels set (0110, 1001): two half-diagonals.
    TwoHalfDiagonals,
}

impl Piece {
    /// Every piece, in the order of [`Border::pieces`].
    pub const ALL: [Piece; 4] = [
        Piece::Vertical,
        Piece::Horizontal,
        Piece::HalfDiagonal,
        Piece::TwoHalfDiagonals,
    ];

    /// The piece of a point with this neighbourhood code, `None` off the border (0 and 15).
    pub fn of_code(code: u8) -> Option<Piece> {
        match code {
            0 | 15 => None,
            0b0101 | 0b1010 => Some(Piece::Vertical),
            0b0011 | 0b1100 => Some(Piece::Horizontal),
            0b0110 | 0b1001 => Some(Piece::TwoHalfDiagonals),
            _ => Some(Piece::HalfDiagonal),
        }
    }

    /// Position in [`Piece::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The border points of one set on the corner grid (`line_len = W + 1`, `lines = H + 1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Border {
    /// The points of each piece, in [`Piece::ALL`] order.
    pub pieces: [Runs; 4],
    /// Every border point (the union of `pieces`).
    pub all: Runs,
}

impl Border {
    /// Number of border points.
    pub fn points(&self) -> u64 {
        self.all.pixels()
    }
}

/// Which of the two pixel lines around a corner line hold one pixel column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
struct Column {
    above: bool,
    below: bool,
}

/// The code of the corner point between pixel columns `left` and `right`.
fn code(left: Column, right: Column) -> u8 {
    (u8::from(left.above) << 3)
        | (u8::from(right.above) << 2)
        | (u8::from(left.below) << 1)
        | u8::from(right.below)
}

/// The border being built line by line: each piece's runs and their union.
struct BorderBuilder {
    pieces: [RunsBuilder; 4],
    all: RunsBuilder,
}

impl BorderBuilder {
    fn new(line_len: usize, lines: usize) -> BorderBuilder {
        let builder = || RunsBuilder::new(line_len, lines);
        BorderBuilder {
            pieces: [builder(), builder(), builder(), builder()],
            all: builder(),
        }
    }

    /// Adds points `[start, end)` of one piece to the current line (after the points so far).
    fn add(&mut self, piece: Piece, start: usize, end: usize) {
        self.pieces[piece.index()].push(start, end);
        self.all.push(start, end);
    }

    fn end_line(&mut self) {
        for piece in &mut self.pieces {
            piece.end_line();
        }
        self.all.end_line();
    }

    fn finish(self) -> Border {
        Border {
            pieces: self.pieces.map(RunsBuilder::finish),
            all: self.all.finish(),
        }
    }
}

/// The border of a set given as runs on rows (`set.line_len` = W, `set.lines` = H).
pub(crate) fn border(set: &Runs) -> Border {
    let (width, height) = (set.line_len, set.lines);
    let mut out = BorderBuilder::new(width + 1, height + 1);
    for i in 0..=height {
        let above = if i > 0 { set.line(i - 1) } else { &[] };
        let below = if i < height { set.line(i) } else { &[] };
        // The state of the pixel column left of the current corner (outside the image at first).
        let mut left = Column::default();
        for_each_stretch(above, below, width as u32, |start, end, state| {
            let (start, end) = (start as usize, end as usize);
            if let Some(piece) = Piece::of_code(code(left, state)) {
                out.add(piece, start, start + 1);
            }
            if state.above != state.below && start + 1 < end {
                out.add(Piece::Horizontal, start + 1, end);
            }
            left = state;
        });
        // The last corner, right of the image.
        if let Some(piece) = Piece::of_code(code(left, Column::default())) {
            out.add(piece, width, width + 1);
        }
        out.end_line();
    }
    out.finish()
}

/// Calls `f(start, end, state)` for consecutive stretches `[start, end)` of pixel columns that
/// cover `[0, width)`, each with one state; a new stretch begins wherever a run of `above` or of
/// `below` starts or ends (so there are at most `2 * (runs) + 1` of them).
fn for_each_stretch(above: &[Run], below: &[Run], width: u32, mut f: impl FnMut(u32, u32, Column)) {
    let (mut a, mut b) = (0, 0);
    let mut x = 0;
    while x < width {
        // Where the state of one line next changes, and whether `x` is inside one of its runs.
        let next = |runs: &[Run], k: usize| -> (bool, u32) {
            match runs.get(k) {
                Some(run) if run.start <= x => (true, run.end),
                Some(run) => (false, run.start),
                None => (false, width),
            }
        };
        let (in_above, above_next) = next(above, a);
        let (in_below, below_next) = next(below, b);
        let end = above_next.min(below_next);
        f(
            x,
            end,
            Column {
                above: in_above,
                below: in_below,
            },
        );
        x = end;
        if a < above.len() && above[a].end <= x {
            a += 1;
        }
        if b < below.len() && below[b].end <= x {
            b += 1;
        }
    }
}

/// The reference: the set as a dense image and every corner point's code from its four pixels.
/// Returns the codes row-major on the `(H + 1) × (W + 1)` grid.
pub(crate) fn reference_codes(set: &Runs) -> Vec<u8> {
    let (width, height) = (set.line_len, set.lines);
    let mut image = vec![false; width * height];
    for y in 0..height {
        for run in set.line(y) {
            for x in run.start..run.end {
                image[y * width + x as usize] = true;
            }
        }
    }
    let pixel = |y: usize, x: usize, dy: usize, dx: usize| -> bool {
        // Pixel (y - dy, x - dx), false outside the image.
        y >= dy && x >= dx && y - dy < height && x - dx < width && image[(y - dy) * width + x - dx]
    };
    let mut codes = Vec::with_capacity((width + 1) * (height + 1));
    for i in 0..=height {
        for j in 0..=width {
            let bits = [(1, 1, 8), (1, 0, 4), (0, 1, 2), (0, 0, 1)];
            codes.push(
                bits.iter()
                    .filter(|&&(dy, dx, _)| pixel(i, j, dy, dx))
                    .fold(0u8, |c, &(_, _, bit)| c | bit),
            );
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thin::masks::RunsBuilder;

    /// A set from rows of '#' (in) and '.' (out).
    pub(crate) fn set_of(rows: &[&str]) -> Runs {
        let width = rows.first().map_or(0, |r| r.len());
        let mut out = RunsBuilder::new(width, rows.len());
        for row in rows {
            for (x, c) in row.bytes().enumerate() {
                if c == b'#' {
                    out.push(x, x + 1);
                }
            }
            out.end_line();
        }
        out.finish()
    }

    /// The border as a dense grid of piece indices (4 = not on the border), for comparing.
    fn dense(border: &Border) -> Vec<u8> {
        let runs = &border.all;
        let mut grid = vec![4u8; runs.line_len * runs.lines];
        for (k, piece) in border.pieces.iter().enumerate() {
            for y in 0..piece.lines {
                for run in piece.line(y) {
                    for x in run.start..run.end {
                        let cell = &mut grid[y * runs.line_len + x as usize];
                        assert_eq!(*cell, 4, "a point in two pieces");
                        *cell = k as u8;
                    }
                }
            }
        }
        grid
    }

    fn reference_dense(set: &Runs) -> Vec<u8> {
        reference_codes(set)
            .into_iter()
            .map(|c| Piece::of_code(c).map_or(4, |p| p.index() as u8))
            .collect()
    }

    fn check(set: &Runs) {
        let fast = border(set);
        assert_eq!(dense(&fast), reference_dense(set));
        let union: u64 = fast.pieces.iter().map(Runs::pixels).sum();
        assert_eq!(union, fast.points());
    }

    #[test]
    fn one_pixel_has_four_half_diagonals() {
        let set = set_of(&["...", ".#.", "..."]);
        let b = border(&set);
        assert_eq!(b.pieces[Piece::HalfDiagonal.index()].pixels(), 4);
        assert_eq!(b.points(), 4);
        check(&set);
    }

    #[test]
    fn a_square_has_edges_and_corners() {
        // A 3×3 square: 4 corners (one pixel of four), 2 horizontal edge points on top and
        // bottom, 2 vertical on each side.
        let set = set_of(&[".....", ".###.", ".###.", ".###.", "....."]);
        let b = border(&set);
        assert_eq!(b.pieces[Piece::HalfDiagonal.index()].pixels(), 4);
        assert_eq!(b.pieces[Piece::Horizontal.index()].pixels(), 4);
        assert_eq!(b.pieces[Piece::Vertical.index()].pixels(), 4);
        check(&set);
    }

    #[test]
    fn diagonal_neighbours_make_two_half_diagonals() {
        let set = set_of(&["#.", ".#"]);
        assert_eq!(
            border(&set).pieces[Piece::TwoHalfDiagonals.index()].pixels(),
            1
        );
        check(&set);
    }

    #[test]
    fn edges_of_the_image_and_thin_shapes() {
        for rows in [
            &["####"][..],
            &["#", "#", "#"],
            &["#"],
            &["."],
            &["##", "##"],
            &["#.#.#", ".#.#.", "#####"],
        ] {
            check(&set_of(rows));
        }
        check(&set_of(&[]));
    }

    #[test]
    fn random_sets_match_the_reference() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for case in 0..300 {
            let width = 1 + (next() % 17) as usize;
            let height = 1 + (next() % 13) as usize;
            let density = next() % 100;
            let rows: Vec<String> = (0..height)
                .map(|_| {
                    (0..width)
                        .map(|_| if next() % 100 < density { '#' } else { '.' })
                        .collect()
                })
                .collect();
            let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
            let set = set_of(&refs);
            let fast = border(&set);
            assert_eq!(dense(&fast), reference_dense(&set), "case {case}: {rows:?}");
        }
    }
}
