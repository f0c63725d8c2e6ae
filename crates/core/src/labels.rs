/// A borrowed label map: one label per pixel, 8 or 16 bits wide.
#[derive(Clone, Copy, Debug)]
pub enum Labels<'a> {
    U8(&'a [u8]),
    U16(&'a [u16]),
}

impl<'a> Labels<'a> {
    pub fn len(&self) -> usize {
        match self {
            Labels::U8(s) => s.len(),
            Labels::U16(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sub-map `[start, end)`; used to split work across threads.
    pub fn slice(&self, start: usize, end: usize) -> Labels<'a> {
        match *self {
            Labels::U8(s) => Labels::U8(&s[start..end]),
            Labels::U16(s) => Labels::U16(&s[start..end]),
        }
    }
}
