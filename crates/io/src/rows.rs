//! From decompressed image data (filtered rows, pass after pass) to one label per pixel:
//! unfiltering, unpacking samples (sub-byte grey is NOT rescaled: the raw value is the label),
//! de-interlacing, and colour mapping.

use crate::colour::{ColourLookup, ColourMap};
use crate::error::MaskError;
use crate::header::{Colour, Header, LabelKind, Pass};
use crate::Labels;

/// Undoes a row filter in place. `prev` is the previous row of the same pass, already
/// unfiltered (`None` for a pass's first row); `distance` is the filter's byte distance.
pub(crate) fn unfilter(
    filter: u8,
    prev: Option<&[u8]>,
    row: &mut [u8],
    distance: usize,
) -> Result<(), u8> {
    let n = row.len();
    let d = distance.min(n);
    match (filter, prev) {
        (0, _) | (2, None) => {}
        (1, _) => {
            for i in d..n {
                row[i] = row[i].wrapping_add(row[i - d]);
            }
        }
        (2, Some(up)) => {
            for (byte, &above) in row.iter_mut().zip(up) {
                *byte = byte.wrapping_add(above);
            }
        }
        (3, None) => {
            for i in d..n {
                row[i] = row[i].wrapping_add(row[i - d] >> 1);
            }
        }
        (3, Some(up)) => {
            for i in 0..d {
                row[i] = row[i].wrapping_add(up[i] >> 1);
            }
            for i in d..n {
                let average = (u16::from(row[i - d]) + u16::from(up[i])) >> 1;
                row[i] = row[i].wrapping_add(average as u8);
            }
        }
        // Paeth with no row above predicts from the left byte only: the Sub filter.
        (4, None) => {
            for i in d..n {
                row[i] = row[i].wrapping_add(row[i - d]);
            }
        }
        (4, Some(up)) => {
            for i in 0..d {
                row[i] = row[i].wrapping_add(up[i]);
            }
            for i in d..n {
                row[i] = row[i].wrapping_add(paeth(row[i - d], up[i], up[i - d]));
            }
        }
        (other, _) => return Err(other),
    }
    Ok(())
}

#[inline]
fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (ia, ib, ic) = (i16::from(a), i16::from(b), i16::from(c));
    let p = ia + ib - ic;
    let (pa, pb, pc) = ((p - ia).abs(), (p - ib).abs(), (p - ic).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn bad_filter(filter: u8, pass: &Pass, row: u32, interlaced: bool) -> MaskError {
    let y = pass.y0 + row * pass.dy;
    MaskError::Corrupt(if interlaced {
        format!("unknown row filter type {filter} in image row {y} (an Adam7 pass starting at column {})", pass.x0)
    } else {
        format!("unknown row filter type {filter} in image row {y}")
    })
}

/// Unfilters every row in place and hands each to `emit(pass, row index in the pass, bytes)`.
fn for_each_row(
    header: &Header,
    raw: &mut [u8],
    mut emit: impl FnMut(&Pass, u32, &[u8]),
) -> Result<(), MaskError> {
    let distance = header.filter_distance();
    let mut offset = 0;
    for pass in header.passes() {
        let row_bytes = header.row_bytes(pass.width);
        for r in 0..pass.height {
            // The row's data follows its filter byte; the previous row's data ends at the filter
            // byte, so `before` holds the previous row and `after` this one.
            let (before, after) = raw.split_at_mut(offset + 1);
            let filter = before[offset];
            let prev = (r > 0).then(|| &before[offset - row_bytes..offset]);
            let row = &mut after[..row_bytes];
            unfilter(filter, prev, row, distance)
                .map_err(|filter| bad_filter(filter, &pass, r, header.interlaced))?;
            emit(&pass, r, row);
            offset += 1 + row_bytes;
        }
    }
    Ok(())
}

/// The labels of a decoded image. `raw` is the image data, exactly `header.raw_len()` bytes.
pub(crate) fn labels(
    header: &Header,
    kind: LabelKind,
    mut raw: Vec<u8>,
    colours: Option<&ColourMap>,
) -> Result<Labels, MaskError> {
    let width = header.width as usize;
    let pixels = width * header.height as usize;
    match kind {
        LabelKind::U8
            if header.bit_depth == 8 && header.colour.channels() == 1 && !header.interlaced =>
        {
            compact_bytes(header, raw).map(Labels::U8)
        }
        LabelKind::U8 => {
            let mut labels = vec![0u8; pixels];
            let depth = usize::from(header.bit_depth);
            let step = header.colour.channels() * depth / 8; // bytes per pixel when depth >= 8
            for_each_row(header, &mut raw, |pass, r, row| {
                let y = (pass.y0 + r * pass.dy) as usize;
                let base = y * width + pass.x0 as usize;
                let dx = pass.dx as usize;
                if depth >= 8 {
                    for (i, pixel) in row.chunks_exact(step).enumerate() {
                        labels[base + i * dx] = pixel[0];
                    }
                } else {
                    let mask = (1u8 << depth) - 1;
                    for i in 0..pass.width as usize {
                        let bit = i * depth;
                        let shift = 8 - depth - bit % 8;
                        labels[base + i * dx] = (row[bit / 8] >> shift) & mask;
                    }
                }
            })?;
            Ok(Labels::U8(labels))
        }
        LabelKind::U16 => {
            let mut labels = vec![0u16; pixels];
            let step = 2 * header.colour.channels();
            for_each_row(header, &mut raw, |pass, r, row| {
                let y = (pass.y0 + r * pass.dy) as usize;
                let base = y * width + pass.x0 as usize;
                let dx = pass.dx as usize;
                for (i, pixel) in row.chunks_exact(step).enumerate() {
                    labels[base + i * dx] = u16::from_be_bytes([pixel[0], pixel[1]]);
                }
            })?;
            Ok(Labels::U16(labels))
        }
        LabelKind::Colour { wide } => {
            let map = colours.ok_or_else(|| {
                MaskError::Unsupported("an RGB mask needs a colour map".to_owned())
            })?;
            let mut lookup = ColourLookup::new(map);
            let step = if header.colour == Colour::Rgba { 4 } else { 3 };
            let mut wide_labels = vec![0u16; if wide { pixels } else { 0 }];
            let mut narrow_labels = vec![0u8; if wide { 0 } else { pixels }];
            for_each_row(header, &mut raw, |pass, r, row| {
                let y = (pass.y0 + r * pass.dy) as usize;
                let base = y * width + pass.x0 as usize;
                let dx = pass.dx as usize;
                for (i, pixel) in row.chunks_exact(step).enumerate() {
                    let colour =
                        u32::from(pixel[0]) << 16 | u32::from(pixel[1]) << 8 | u32::from(pixel[2]);
                    let at = base + i * dx;
                    let label = lookup.label(colour, at as u64);
                    if wide {
                        wide_labels[at] = label;
                    } else {
                        // The map's labels all fit a byte (that is what `wide == false` means).
                        narrow_labels[at] = label as u8;
                    }
                }
            })?;
            if let Some((at, colour)) = lookup.first_missing {
                return Err(MaskError::Palette {
                    colour,
                    x: (at % width as u64) as u32,
                    y: (at / width as u64) as u32,
                });
            }
            Ok(if wide {
                Labels::U16(wide_labels)
            } else {
                Labels::U8(narrow_labels)
            })
        }
    }
}

/// 8-bit grey or palette, not interlaced: each row is unfiltered in place and moved down over
/// the filter bytes, so the image data's own buffer becomes the labels (no second image-sized
/// allocation).
fn compact_bytes(header: &Header, mut raw: Vec<u8>) -> Result<Vec<u8>, MaskError> {
    let width = header.width as usize;
    let pass = Pass {
        x0: 0,
        y0: 0,
        dx: 1,
        dy: 1,
        width: header.width,
        height: header.height,
    };
    for r in 0..header.height {
        let y = r as usize;
        let offset = y * (width + 1);
        // Rows before y are already compacted: the previous one sits at [(y-1)·w, y·w), which
        // ends before this row's filter byte at y·w + y.
        let (before, after) = raw.split_at_mut(offset + 1);
        let filter = before[offset];
        let prev = (y > 0).then(|| &before[(y - 1) * width..y * width]);
        unfilter(filter, prev, &mut after[..width], 1)
            .map_err(|filter| bad_filter(filter, &pass, r, false))?;
        raw.copy_within(offset + 1..offset + 1 + width, y * width);
    }
    raw.truncate(width * header.height as usize);
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The filters as the PNG specification defines them, byte by byte, as an encoder applies
    /// them: an independent reference for `unfilter`.
    fn filter_row(filter: u8, prev: &[u8], row: &[u8], d: usize) -> Vec<u8> {
        (0..row.len())
            .map(|i| {
                let a = if i >= d { row[i - d] } else { 0 };
                let b = prev[i];
                let c = if i >= d { prev[i - d] } else { 0 };
                let predicted = match filter {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                    _ => paeth(a, b, c),
                };
                row[i].wrapping_sub(predicted)
            })
            .collect()
    }

    #[test]
    fn unfilter_inverts_every_filter() {
        let mut seed = 12345u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as u8
        };
        for d in [1, 2, 3, 4, 6, 8] {
            for filter in 0..5u8 {
                let prev: Vec<u8> = (0..37).map(|_| next()).collect();
                let row: Vec<u8> = (0..37).map(|_| next()).collect();
                let mut encoded = filter_row(filter, &prev, &row, d);
                unfilter(filter, Some(&prev), &mut encoded, d).unwrap();
                assert_eq!(encoded, row, "filter {filter} distance {d}");
                // The first row of a pass: the row above counts as zeros.
                let zeros = vec![0u8; row.len()];
                let mut encoded = filter_row(filter, &zeros, &row, d);
                unfilter(filter, None, &mut encoded, d).unwrap();
                assert_eq!(encoded, row, "first row, filter {filter} distance {d}");
            }
        }
    }

    #[test]
    fn unfilter_rejects_unknown_types() {
        assert_eq!(unfilter(5, None, &mut [1, 2], 1), Err(5));
        assert_eq!(unfilter(255, Some(&[0, 0]), &mut [1, 2], 1), Err(255));
    }
}
