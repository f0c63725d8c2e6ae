//! Colour maps: RGB colour → label, for masks saved as colour images.

use crate::error::{colour_name, MaskError};

/// Colour → label, colours packed as `0xRRGGBB`. Built from the two arrays the JavaScript side
/// hands over (`parsePaletteMap` in src/io/palette-map.ts has already checked the JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColourMap {
    /// Sorted by colour, for a binary search; lookups go through a one-entry cache first, since
    /// masks are long runs of one colour.
    entries: Vec<(u32, u16)>,
    max_label: u16,
}

impl ColourMap {
    /// Pairs `colours[i]` with `labels[i]`. The arrays must have the same, non-zero length, each
    /// colour at most `0xFFFFFF` and no colour twice (`E_OPTION` otherwise).
    pub fn new(colours: &[u32], labels: &[u16]) -> Result<ColourMap, MaskError> {
        if colours.len() != labels.len() {
            return Err(MaskError::Option(format!(
                "a colour map needs one label per colour, got {} colours and {} labels",
                colours.len(),
                labels.len()
            )));
        }
        if colours.is_empty() {
            return Err(MaskError::Option("the colour map is empty".to_owned()));
        }
        if let Some(&bad) = colours.iter().find(|&&c| c > 0xff_ffff) {
            return Err(MaskError::Option(format!(
                "colour map colours are packed 0xRRGGBB values, got 0x{bad:x}"
            )));
        }
        let mut entries: Vec<(u32, u16)> = colours
            .iter()
            .copied()
            .zip(labels.iter().copied())
            .collect();
        entries.sort_unstable_by_key(|&(colour, _)| colour);
        if let Some(pair) = entries.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(MaskError::Option(format!(
                "the colour map names {} twice",
                colour_name(pair[0].0)
            )));
        }
        let max_label = labels.iter().copied().max().unwrap_or(0);
        Ok(ColourMap { entries, max_label })
    }

    pub fn max_label(&self) -> u16 {
        self.max_label
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, colour: u32) -> Option<u16> {
        self.entries
            .binary_search_by_key(&colour, |&(c, _)| c)
            .ok()
            .map(|at| self.entries[at].1)
    }
}

/// Looks colours up with a cache of the last one (masks are runs of one colour) and remembers
/// the first pixel, in row-major order, whose colour the map does not name.
pub(crate) struct ColourLookup<'a> {
    map: &'a ColourMap,
    last: Option<(u32, Option<u16>)>,
    /// (row-major index, colour) of the earliest missing pixel seen so far.
    pub first_missing: Option<(u64, u32)>,
}

impl<'a> ColourLookup<'a> {
    pub fn new(map: &'a ColourMap) -> Self {
        ColourLookup {
            map,
            last: None,
            first_missing: None,
        }
    }

    /// The label of `colour` at row-major position `index`; 0 for a colour the map lacks (the
    /// decode then fails with `E_PALETTE`, so the value is never seen).
    #[inline]
    pub fn label(&mut self, colour: u32, index: u64) -> u16 {
        let found = match self.last {
            Some((c, found)) if c == colour => found,
            _ => {
                let found = self.map.get(colour);
                self.last = Some((colour, found));
                found
            }
        };
        match found {
            Some(label) => label,
            None => {
                // Interlaced images are decoded pass by pass, so the first miss met is not
                // necessarily the first in row-major order: keep the smallest index.
                if self.first_missing.is_none_or(|(at, _)| index < at) {
                    self.first_missing = Some((index, colour));
                }
                0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_colours_and_knows_its_largest_label() {
        let map = ColourMap::new(&[0x0000ff, 0x000000, 0xff0000], &[2, 0, 300]).unwrap();
        assert_eq!(map.get(0xff0000), Some(300));
        assert_eq!(map.get(0x0000ff), Some(2));
        assert_eq!(map.get(0x00ff00), None);
        assert_eq!(map.max_label(), 300);
        assert_eq!(map.len(), 3);
    }

    #[test]
    fn rejects_bad_arrays() {
        let codes = [
            ColourMap::new(&[1, 2], &[1]),
            ColourMap::new(&[], &[]),
            ColourMap::new(&[0x1000000], &[1]),
            ColourMap::new(&[5, 5], &[1, 2]),
        ];
        for result in codes {
            assert_eq!(result.unwrap_err().code(), "E_OPTION");
        }
        assert_eq!(
            ColourMap::new(&[0xabcdef, 0xabcdef], &[1, 2])
                .unwrap_err()
                .to_string(),
            "the colour map names #abcdef twice"
        );
    }

    #[test]
    fn lookup_keeps_the_first_missing_pixel_in_row_major_order() {
        let map = ColourMap::new(&[0], &[0]).unwrap();
        let mut lookup = ColourLookup::new(&map);
        assert_eq!(lookup.label(0, 0), 0);
        lookup.label(7, 40);
        lookup.label(9, 12);
        lookup.label(7, 50);
        assert_eq!(lookup.first_missing, Some((12, 9)));
    }
}
