//! Zhang–Suen thinning exactly as scikit-image's 2-D `skeletonize` computes it.
//!
//! The process (Zhang & Suen 1984, as scikit-image runs it): the image is padded with background;
//! each iteration runs two sub-iterations; in each, every foreground pixel is tested against the
//! state at the START of the sub-iteration and the deletable ones are removed together; iterations
//! repeat until one removes nothing.
//!
//! The deletion test looks only at the 8 neighbours P2..P9 (N, NE, E, SE, S, SW, W, NW, clockwise
//! from north). The paper's test: with B = number of foreground neighbours and A = number of 0→1
//! transitions in the cyclic sequence P2, P3, …, P9, P2, a pixel is deletable when 2 ≤ B ≤ 6,
//! A = 1 and, in the first sub-iteration, P2·P4·P6 = 0 and P4·P6·P8 = 0 (in the second,
//! P2·P4·P8 = 0 and P2·P6·P8 = 0). [`paper_rule`] computes exactly that.
//!
//! scikit-image does not use the paper's test: its 256-entry table differs from it on 25
//! neighbourhoods with two to four foreground neighbours: it deletes some corner
//! pixels the paper keeps (A = 2 where the two neighbours touch diagonally), keeps some pixels the
//! paper deletes, and deletes some only in one of the two sub-iterations (scikit-image issue #6175:
//! the table cannot be generated from the paper). Its behaviour is the contract here, so
//! [`SKIMAGE_DEPARTURES`] lists those neighbourhoods with scikit-image's verdict, and [`rule`] is
//! the paper's test with those exceptions. The list was found by comparing [`paper_rule`] with
//! scikit-image 0.26's table, entry by entry; the thinning as a whole was then checked pixel for
//! pixel against `skimage.morphology.skeletonize` on thousands of random and structured images
//! (`scripts/check-skeleton.py`).
//!
//! Two implementations share the rule: [`thin_reference`] is the plain dense algorithm (full scans
//! of every sub-iteration) and [`thin`] the fast one, which only retests pixels whose
//! neighbourhood changed (on bit grids). Neither depends on anything else in the crate, so the
//! check script's harness can compile this file on its own.

/// Neighbour bits of a neighbourhood code: bit k is P(k + 2).
pub(crate) const N: u8 = 1 << 0;
pub(crate) const NE: u8 = 1 << 1;
pub(crate) const E: u8 = 1 << 2;
pub(crate) const SE: u8 = 1 << 3;
pub(crate) const S: u8 = 1 << 4;
pub(crate) const SW: u8 = 1 << 5;
pub(crate) const W: u8 = 1 << 6;
pub(crate) const NW: u8 = 1 << 7;

/// A rule's verdict: deletable in the first sub-iteration, in the second, in both, or never (0).
pub(crate) const FIRST: u8 = 1;
pub(crate) const SECOND: u8 = 2;
pub(crate) const BOTH: u8 = FIRST | SECOND;

/// The neighbourhoods on which scikit-image's table departs from the paper, with its verdict.
pub(crate) const SKIMAGE_DEPARTURES: [(u8, u8); 25] = [
    // The paper deletes these in both sub-iterations; scikit-image only in one, or never.
    (N | NW, FIRST),
    (N | NE, FIRST),
    (NE | E, FIRST),
    (N | NE | E, FIRST),
    (N | W | NW, FIRST),
    (E | SE, SECOND),
    (E | SE | S, SECOND),
    (S | SW, SECOND),
    (SW | W, SECOND),
    (S | SW | W, SECOND),
    (SE | S, 0),
    (W | NW, 0),
    // The paper keeps these (A = 2); scikit-image deletes them.
    (N | E, BOTH),
    (E | S, BOTH),
    (N | W, BOTH),
    (S | W, BOTH),
    (N | E | NW, FIRST),
    (N | NE | W, FIRST),
    (N | SW | W, FIRST),
    (N | NE | SW | W, FIRST),
    (S | W | NW, FIRST),
    (N | E | SE, SECOND),
    (E | S | SW, SECOND),
    (NE | E | S | SW, SECOND),
    (SE | S | W, SECOND),
];

/// The paper's deletion test for the neighbourhood `code` (bit k = P(k + 2)).
pub(crate) const fn paper_rule(code: u8) -> u8 {
    let b = code.count_ones();
    // A: 0→1 transitions in P2, P3, …, P9, P2, i.e. a background bit followed by a foreground
    // bit in the code rotated by one.
    let a = (!code & code.rotate_right(1)).count_ones();
    if b < 2 || b > 6 || a != 1 {
        return 0;
    }
    // P2·P4·P6 = 0 means "not all of N, E, S are foreground", and so on.
    let mut verdict = 0;
    if !all(code, N | E | S) && !all(code, E | S | W) {
        verdict |= FIRST;
    }
    if !all(code, N | E | W) && !all(code, N | S | W) {
        verdict |= SECOND;
    }
    verdict
}

const fn all(code: u8, bits: u8) -> bool {
    code & bits == bits
}

/// scikit-image's deletion test: the paper's, except on [`SKIMAGE_DEPARTURES`].
pub(crate) const fn rule(code: u8) -> u8 {
    let mut i = 0;
    while i < SKIMAGE_DEPARTURES.len() {
        if SKIMAGE_DEPARTURES[i].0 == code {
            return SKIMAGE_DEPARTURES[i].1;
        }
        i += 1;
    }
    paper_rule(code)
}

/// The verdict for every 3×3 window: bit 3·r + c of the index is the pixel in row r (0 = above),
/// column c (0 = left) of the window, so bit 4 is the pixel itself. A background pixel is never
/// deleted.
const fn build_window_table() -> [u8; 512] {
    let mut table = [0u8; 512];
    let mut window = 0;
    while window < 512 {
        if bit(window, 4) == 1 {
            let code = bit(window, 1)
                | bit(window, 2) << 1
                | bit(window, 5) << 2
                | bit(window, 8) << 3
                | bit(window, 7) << 4
                | bit(window, 6) << 5
                | bit(window, 3) << 6
                | bit(window, 0) << 7;
            table[window] = rule(code);
        }
        window += 1;
    }
    table
}

const fn bit(window: usize, k: usize) -> u8 {
    ((window >> k) & 1) as u8
}

static WINDOW_TABLE: [u8; 512] = build_window_table();

/// Bits `p - 1`, `p`, `p + 1` of a bit grid (bit `q` is bit `q % 8` of byte `q / 8`), as bits 0..3.
#[inline(always)]
fn three(bits: &[u8], p: usize) -> usize {
    let at = (p - 1) >> 3;
    let word = u64::from_le_bytes(bits[at..at + 8].try_into().expect("8 bytes"));
    ((word >> ((p - 1) & 7)) & 7) as usize
}

/// The 3×3 window around bit `p` (see `build_window_table`).
#[inline(always)]
fn window(bits: &[u8], stride: usize, p: usize) -> usize {
    three(bits, p - stride) | three(bits, p) << 3 | three(bits, p + stride) << 6
}

#[inline(always)]
fn set(bits: &mut [u8], p: usize) {
    bits[p >> 3] |= 1 << (p & 7);
}

#[inline(always)]
fn clear(bits: &mut [u8], p: usize) {
    bits[p >> 3] &= !(1 << (p & 7));
}

/// Lists reused from one thinning to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    current: Vec<usize>,
    next: Vec<usize>,
    deleted: Vec<usize>,
}

/// Thins a bit grid in place. `fg` holds rows of `stride` bits (bit `q` is bit `q % 8` of byte
/// `q / 8`), 1 = foreground, with a frame of background: its first and last rows, and the first
/// and last bit of every row, are 0; it has 8 spare bytes at the end (windows are read 8 bytes at
/// a time). `queued` has the same size and is all 0. `pixels` yields every foreground bit. On
/// return `fg` holds the skeleton and `queued` is all 0 again.
///
/// Bits, not bytes: a thin curve across a large picture touches few cache lines this way, and the
/// grid of a 4096 × 4096 picture (2 MiB) stays in the cache, where a byte grid (16 MiB) has every
/// neighbour lookup miss.
///
/// A pixel's verdict depends only on its 8 neighbours and the sub-iteration, so each sub-iteration
/// tests only the pixels that may have become deletable: those whose neighbourhood changed since
/// they were last tested, and those found deletable only in the other sub-iteration. Every other
/// pixel was tested with its current neighbourhood and found deletable in neither, so skipping it
/// changes nothing, and the sequence of states is exactly the dense algorithm's. When no pixel is
/// left to test, the image is a fixed point of both sub-iterations, where the dense algorithm
/// stops too.
pub(crate) fn thin(
    fg: &mut [u8],
    queued: &mut [u8],
    stride: usize,
    pixels: impl IntoIterator<Item = usize>,
    scratch: &mut Scratch,
) {
    let Scratch {
        current,
        next,
        deleted,
    } = scratch;
    current.clear();
    // A pixel whose 4 neighbours are all foreground is never deletable (P2·P4·P6 = P2·P4·P8 = 1),
    // so only the others start in the list; the rest join when a neighbour goes. For a blob this
    // keeps the lists to its outline instead of its area.
    const CROSS: usize = 0b010_101_010;
    for p in pixels {
        if window(fg, stride, p) & CROSS != CROSS {
            set(queued, p);
            current.push(p);
        }
    }
    // Offsets of the window's 9 bits from its centre, for walking a deleted pixel's neighbours.
    let offsets: [isize; 9] =
        std::array::from_fn(|k| (k as isize / 3 - 1) * stride as isize + (k as isize % 3 - 1));
    let mut pass = FIRST;
    while !current.is_empty() {
        next.clear();
        deleted.clear();
        for &p in current.iter() {
            clear(queued, p);
            let verdict = WINDOW_TABLE[window(fg, stride, p)];
            if verdict & pass != 0 {
                deleted.push(p);
            } else if verdict != 0 {
                // Deletable only in the other sub-iteration: test it there.
                set(queued, p);
                next.push(p);
            }
        }
        // Parallel deletion: every verdict above saw the state at the start of the sub-iteration.
        for &p in deleted.iter() {
            clear(fg, p);
        }
        for &p in deleted.iter() {
            // Foreground neighbours not yet queued (the centre is background now).
            let mut fresh = window(fg, stride, p) & !window(queued, stride, p);
            while fresh != 0 {
                let k = fresh.trailing_zeros() as usize;
                fresh &= fresh - 1;
                let q = p.wrapping_add_signed(offsets[k]);
                set(queued, q);
                next.push(q);
            }
        }
        std::mem::swap(current, next);
        pass ^= BOTH;
    }
}

/// The plain dense algorithm on an unpadded `width` × `height` image (true = foreground): every
/// sub-iteration tests every pixel, with out-of-image neighbours as background. Thins in place.
pub(crate) fn thin_reference(image: &mut [bool], width: usize, height: usize) {
    assert_eq!(image.len(), width * height);
    let at = |image: &[bool], x: usize, y: usize, dx: isize, dy: isize| -> u8 {
        let (nx, ny) = (x as isize + dx, y as isize + dy);
        let inside = nx >= 0 && ny >= 0 && (nx as usize) < width && (ny as usize) < height;
        u8::from(inside && image[ny as usize * width + nx as usize])
    };
    // P2..P9 as (dx, dy): N, NE, E, SE, S, SW, W, NW.
    const OFFSETS: [(isize, isize); 8] = [
        (0, -1),
        (1, -1),
        (1, 0),
        (1, 1),
        (0, 1),
        (-1, 1),
        (-1, 0),
        (-1, -1),
    ];
    let mut deletable = Vec::new();
    loop {
        let mut removed = false;
        for pass in [FIRST, SECOND] {
            deletable.clear();
            for y in 0..height {
                for x in 0..width {
                    if !image[y * width + x] {
                        continue;
                    }
                    let mut code = 0u8;
                    for (k, &(dx, dy)) in OFFSETS.iter().enumerate() {
                        code |= at(image, x, y, dx, dy) << k;
                    }
                    if rule(code) & pass != 0 {
                        deletable.push(y * width + x);
                    }
                }
            }
            for &i in &deletable {
                image[i] = false;
            }
            removed |= !deletable.is_empty();
        }
        if !removed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_rule_matches_the_papers_worked_cases() {
        // An isolated pixel and an end point with one neighbour stay (B < 2).
        assert_eq!(paper_rule(0), 0);
        assert_eq!(paper_rule(N), 0);
        // A pixel inside a straight 1-px line stays (A = 2).
        assert_eq!(paper_rule(N | S), 0);
        // The north-west corner of a block: deletable in both sub-iterations.
        assert_eq!(paper_rule(E | SE | S), BOTH);
        // The south-east corner of a block: every product holds a background neighbour.
        assert_eq!(paper_rule(N | W | NW), BOTH);
        // The top edge of a block (N background): P4·P6·P8 = 1 blocks the first sub-iteration.
        assert_eq!(paper_rule(E | SE | S | SW | W), SECOND);
        // The bottom edge (S background): P2·P4·P8 = 1 blocks the second sub-iteration.
        assert_eq!(paper_rule(W | NW | N | NE | E), FIRST);
        // Eight neighbours: B = 8 > 6.
        assert_eq!(paper_rule(0xff), 0);
    }

    #[test]
    fn departures_are_real_departures_and_distinct() {
        for (i, &(code, verdict)) in SKIMAGE_DEPARTURES.iter().enumerate() {
            assert_ne!(paper_rule(code), verdict, "entry {i} agrees with the paper");
            assert!(SKIMAGE_DEPARTURES[..i].iter().all(|&(c, _)| c != code));
        }
    }

    /// Runs the fast thinning on an unpadded image.
    fn fast(image: &[bool], width: usize, height: usize) -> Vec<bool> {
        // Rows of at least width + 2 bits, rounded up to whole bytes, plus the 8 spare bytes.
        let stride = (width + 2).div_ceil(8) * 8;
        let bytes = stride / 8 * (height + 2) + 8;
        let (mut fg, mut queued) = (vec![0u8; bytes], vec![0u8; bytes]);
        let at = |x: usize, y: usize| (y + 1) * stride + x + 1;
        let mut pixels = Vec::new();
        for y in 0..height {
            for x in 0..width {
                if image[y * width + x] {
                    set(&mut fg, at(x, y));
                    pixels.push(at(x, y));
                }
            }
        }
        thin(
            &mut fg,
            &mut queued,
            stride,
            pixels,
            &mut Scratch::default(),
        );
        assert!(queued.iter().all(|&b| b == 0), "a queued bit was left set");
        let mut out = vec![false; width * height];
        for y in 0..height {
            for x in 0..width {
                out[y * width + x] = fg[at(x, y) >> 3] >> (at(x, y) & 7) & 1 == 1;
            }
        }
        out
    }

    fn parse(rows: &[&str]) -> (Vec<bool>, usize, usize) {
        let width = rows[0].len();
        let image = rows
            .iter()
            .flat_map(|r| r.bytes().map(|b| b == b'#'))
            .collect();
        (image, width, rows.len())
    }

    fn both(rows: &[&str]) -> Vec<bool> {
        let (image, width, height) = parse(rows);
        let mut reference = image.clone();
        thin_reference(&mut reference, width, height);
        assert_eq!(fast(&image, width, height), reference);
        reference
    }

    #[test]
    fn a_three_pixel_bar_thins_to_its_centre_line_with_skimages_hook() {
        // skimage.morphology.skeletonize gives the centre line, ending in one pixel that steps up
        // to the right (checked with scikit-image 0.26).
        let got = both(&[
            "..........",
            ".########.",
            ".########.",
            ".########.",
            "..........",
        ]);
        let (want, _, _) = parse(&[
            "..........",
            ".......#..",
            ".######...",
            "..........",
            "..........",
        ]);
        assert_eq!(got, want);
    }

    #[test]
    fn a_two_by_two_square_keeps_its_top_row() {
        // skimage.morphology.skeletonize keeps the top two pixels, padded or touching the borders.
        let got = both(&["....", ".##.", ".##.", "...."]);
        let (want, _, _) = parse(&["....", ".##.", "....", "...."]);
        assert_eq!(got, want);
        assert_eq!(both(&["##", "##"]), parse(&["##", ".."]).0);
    }

    #[test]
    fn fast_equals_reference_on_random_images() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for case in 0..400 {
            let width = 1 + (next() % 24) as usize;
            let height = 1 + (next() % 24) as usize;
            let density = next() % 100;
            let image: Vec<bool> = (0..width * height)
                .map(|_| next() % 100 < density)
                .collect();
            let mut reference = image.clone();
            thin_reference(&mut reference, width, height);
            assert_eq!(fast(&image, width, height), reference, "case {case}");
        }
    }

    /// FNV-1a of the skeletons, as `scripts/check-skeleton.py` computes it with scikit-image's
    /// `skeletonize` over the same images: a change to the rule or the process that alters any
    /// skeleton fails here, without Python at test time.
    const SKIMAGE_DIGEST: u64 = 0x011f_3eb8_c2c5_6739;

    #[test]
    fn skeletons_match_scikit_image_digest() {
        // The images of check-skeleton.py's `digest_images`: noise, rectangles, thick curves.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut below = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut fast_hash, mut reference_hash) = (FNV_OFFSET, FNV_OFFSET);
        for i in 0..300 {
            let (w, h) = (3 + below(30), 3 + below(30));
            let mut image = vec![false; w * h];
            let fill = |image: &mut [bool], y: usize, x0: usize, x1: usize| {
                image[y * w + x0..y * w + x1.min(w)].fill(true);
            };
            match i % 3 {
                0 => {
                    let d = below(100);
                    for pixel in image.iter_mut() {
                        *pixel = below(100) < d;
                    }
                }
                1 => {
                    for _ in 0..1 + below(6) {
                        let (x0, y0) = (below(w), below(h));
                        let (rw, rh) = (1 + below(12), 1 + below(12));
                        for y in y0..(y0 + rh).min(h) {
                            fill(&mut image, y, x0, x0 + rw);
                        }
                    }
                }
                _ => {
                    for _ in 0..1 + below(3) {
                        let mut x = below(w);
                        let t = 1 + below(4);
                        for y in 0..h {
                            x = (x as i64 + below(5) as i64 - 2).clamp(0, w as i64 - 1) as usize;
                            fill(&mut image, y, x, x + t);
                        }
                    }
                }
            }
            let mut reference = image.clone();
            thin_reference(&mut reference, w, h);
            let header = [w as u8, h as u8];
            let bytes = |s: &[bool]| s.iter().map(|&b| u8::from(b)).collect::<Vec<u8>>();
            fast_hash = fnv1a(fnv1a(fast_hash, &header), &bytes(&fast(&image, w, h)));
            reference_hash = fnv1a(fnv1a(reference_hash, &header), &bytes(&reference));
        }
        assert_eq!(
            fast_hash, SKIMAGE_DIGEST,
            "fast thinning differs from scikit-image"
        );
        assert_eq!(
            reference_hash, SKIMAGE_DIGEST,
            "dense thinning differs from scikit-image"
        );
    }

    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

    fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash
    }
}
