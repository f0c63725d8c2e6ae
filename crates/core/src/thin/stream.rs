//! Thin-structure counts of maps that arrive a few rows at a time.
//!
//! The wasm binding copies maps into wasm memory; copying a whole 4096×4096 pair and then
//! scanning it reads it from memory twice. Streamed through small buffers, each chunk of rows is
//! still in the cache when the mask scan reads it, and the instance's memory stays small. The
//! mask scan only ever looks at one row at a time, so rows can come in pieces: [`ThinStream::new`]
//! makes every check `thin_counts` makes on the whole maps, [`ThinStream::add_rows`] scans the
//! next rows, [`ThinStream::finish`] counts. The result, errors and their positions included, is
//! that of one [`crate::thin_counts`] call.

use super::class_table::ClassTable;
use super::masks::SetsBuilder;
use super::{
    check_request, counts_from_masks, row_scan, DepthAxis, Distance, Metrics, ThinCounts, ThinPath,
    ThinRequest,
};
use crate::confusion::check_sizes;
use crate::{Kernel, Labels, PerclassError};

/// A thin-structure count in progress over maps arriving in whole rows, in order.
pub struct ThinStream {
    width: usize,
    num_classes: u32,
    ignore_index: Option<u32>,
    classes: Vec<u32>,
    tolerance: Vec<f64>,
    distance: Distance,
    spacing: [f64; 2],
    depth_axis: DepthAxis,
    metrics: Metrics,
    height: usize,
    rows_done: usize,
    kernel: Kernel,
    table: ClassTable,
    sets: SetsBuilder,
}

impl ThinStream {
    /// Starts counting maps of these lengths, after the checks `thin_counts` makes (in its order).
    pub fn new(
        truth_len: usize,
        pred_len: usize,
        request: &ThinRequest<'_>,
    ) -> Result<ThinStream, PerclassError> {
        check_sizes(truth_len, pred_len, request.num_classes)?;
        check_request(truth_len, request)?;
        let height = truth_len / request.width;
        Ok(ThinStream {
            width: request.width,
            num_classes: request.num_classes,
            ignore_index: request.ignore_index,
            classes: request.classes.to_vec(),
            tolerance: request.tolerance.to_vec(),
            distance: request.distance,
            spacing: request.spacing,
            depth_axis: request.depth_axis,
            metrics: request.metrics,
            height,
            rows_done: 0,
            kernel: Kernel::detect(),
            table: ClassTable::new(request),
            sets: SetsBuilder::new(request.classes.len(), request.width, height),
        })
    }

    /// Scans the next whole rows: `truth` and `pred` hold rows `rows_done..rows_done + n` of the
    /// maps. A label error names its position in the whole maps.
    ///
    /// # Panics
    /// When the pieces are not whole rows of equal length, or go past the maps' end: a bug in the
    /// caller (the binding), not bad input.
    pub fn add_rows(&mut self, truth: Labels<'_>, pred: Labels<'_>) -> Result<(), PerclassError> {
        assert_eq!(truth.len(), pred.len(), "row pieces of different lengths");
        assert!(
            truth.len().is_multiple_of(self.width),
            "a row piece that is not whole rows"
        );
        let rows = truth.len() / self.width;
        assert!(
            self.rows_done + rows <= self.height,
            "rows past the maps' end"
        );
        let offset = self.rows_done * self.width;
        row_scan::scan_rows(
            self.kernel,
            truth,
            pred,
            self.width,
            0..rows,
            &self.table,
            &mut self.sets,
        )
        .map_err(|error| error.at_offset(offset))?;
        self.rows_done += rows;
        Ok(())
    }

    /// The counts of the whole maps.
    ///
    /// # Panics
    /// When rows are missing (a bug in the caller).
    pub fn finish(self) -> ThinCounts {
        assert_eq!(self.rows_done, self.height, "rows missing at finish");
        let ThinStream {
            width,
            num_classes,
            ignore_index,
            classes,
            tolerance,
            distance,
            spacing,
            depth_axis,
            metrics,
            sets,
            ..
        } = self;
        let masks = sets.finish(&classes);
        let request = ThinRequest {
            width,
            num_classes,
            ignore_index,
            classes: &classes,
            tolerance: &tolerance,
            distance,
            spacing,
            depth_axis,
            metrics,
        };
        counts_from_masks(ThinPath::Fast, &masks, &request)
    }
}
