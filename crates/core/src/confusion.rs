#[cfg(target_arch = "aarch64")]
use crate::neon;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use crate::wasm_simd;
#[cfg(target_arch = "x86_64")]
use crate::x86;
use crate::{kernel::Kernel, scalar, Labels, PerclassError};

/// The largest supported number of classes (a K×K matrix of u64 is 8 MiB at this size).
pub const MAX_CLASSES: u32 = 1024;

/// Exact counts of one evaluation: the confusion matrix (rows truth, columns prediction), the
/// per-class count of valid truth pixels predicted as the ignore index, and the ignored pixels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confusion {
    pub num_classes: usize,
    /// `num_classes * num_classes`, row-major, `matrix[t * K + p]`.
    pub matrix: Vec<u64>,
    /// Per truth class: pixels whose prediction is the ignore index (a miss of that class).
    pub void_predicted: Vec<u64>,
    /// Pixels whose truth is the ignore index: left out of every count.
    pub ignored: u64,
}

impl Confusion {
    pub fn new(num_classes: usize) -> Self {
        Confusion {
            num_classes,
            matrix: vec![0; num_classes * num_classes],
            void_predicted: vec![0; num_classes],
            ignored: 0,
        }
    }

    /// The blocks of the flat form, in order, by their JavaScript names: the one definition of
    /// the layout (`to_flat` writes these; crates/core/tests/abi_ts.rs generates the table
    /// `src/backends/kernel-output.ts` splits it by).
    pub fn named_blocks(&self) -> [(&'static str, &[u64]); 3] {
        [
            ("matrix", &self.matrix),
            ("voidPredicted", &self.void_predicted),
            ("ignored", std::slice::from_ref(&self.ignored)),
        ]
    }

    /// The flat form the bindings hand to JavaScript (float64, exact below 2^53):
    /// `[matrix (K*K, rows truth)…, void_predicted (K)…, ignored]`, as [`Confusion::named_blocks`]
    /// lists them.
    pub fn to_flat(&self) -> Vec<f64> {
        let mut out = Vec::new();
        self.write_flat(&mut out);
        out
    }

    /// [`Confusion::to_flat`] into `out` (cleared first), reusing its allocation.
    pub fn write_flat(&self, out: &mut Vec<f64>) {
        out.clear();
        let blocks = self.named_blocks();
        out.reserve(blocks.iter().map(|(_, cells)| cells.len()).sum());
        for (_, cells) in blocks {
            out.extend(cells.iter().map(|&n| n as f64));
        }
    }

    /// Adds `other`'s counts to these. Counts are additive, so this is exact.
    pub fn merge(&mut self, other: &Confusion) {
        assert_eq!(self.num_classes, other.num_classes, "merging different K");
        for (a, b) in self.matrix.iter_mut().zip(&other.matrix) {
            *a += b;
        }
        for (a, b) in self.void_predicted.iter_mut().zip(&other.void_predicted) {
            *a += b;
        }
        self.ignored += other.ignored;
    }
}

/// Counts the confusion of `truth` against `pred` with the fastest kernel this CPU supports
/// (see [`Kernel::detect`]; `PERCLASS_MAX_ISA` caps it, `scalar` forces the reference).
pub fn confusion_matrix(
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
) -> Result<Confusion, PerclassError> {
    confusion_matrix_with(Kernel::detect(), truth, pred, num_classes, ignore_index)
}

/// Counts with a chosen kernel. Every kernel gives bit-for-bit the scalar reference's result,
/// errors included. A kernel this CPU cannot run falls back to the scalar reference.
pub fn confusion_matrix_with(
    kernel: Kernel,
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
) -> Result<Confusion, PerclassError> {
    check_arguments(&truth, &pred, num_classes)?;
    let mut counts = Confusion::new(num_classes as usize);
    accumulate(
        kernel,
        truth,
        pred,
        num_classes,
        ignore_index,
        0,
        &mut counts,
    )?;
    Ok(counts)
}

pub(crate) fn check_arguments(
    truth: &Labels<'_>,
    pred: &Labels<'_>,
    num_classes: u32,
) -> Result<(), PerclassError> {
    check_sizes(truth.len(), pred.len(), num_classes)
}

/// The argument checks every entry point makes, in this order: `num_classes`, then lengths.
pub(crate) fn check_sizes(
    truth_len: usize,
    pred_len: usize,
    num_classes: u32,
) -> Result<(), PerclassError> {
    if num_classes == 0 || num_classes > MAX_CLASSES {
        return Err(PerclassError::NumClasses { value: num_classes });
    }
    if truth_len != pred_len {
        return Err(PerclassError::Shape {
            truth: truth_len,
            pred: pred_len,
        });
    }
    Ok(())
}

/// Counting a map that arrives in pieces (the wasm binding streams maps through small buffers):
/// [`Confusion::for_maps`] checks the whole maps' arguments, [`Confusion::add_chunk`] adds each
/// piece in place. The result, errors included, is that of one [`confusion_matrix`] call.
impl Confusion {
    /// Zeroed counts for maps of these lengths, after the same checks `confusion_matrix` makes.
    pub fn for_maps(
        truth_len: usize,
        pred_len: usize,
        num_classes: u32,
    ) -> Result<Confusion, PerclassError> {
        check_sizes(truth_len, pred_len, num_classes)?;
        Ok(Confusion::new(num_classes as usize))
    }

    /// Adds the pair of chunks that starts at `offset` in the whole maps; a label error names
    /// its position in the whole maps. Uses the kernel [`Kernel::detect`] picks.
    pub fn add_chunk(
        &mut self,
        truth: Labels<'_>,
        pred: Labels<'_>,
        ignore_index: Option<u32>,
        offset: usize,
    ) -> Result<(), PerclassError> {
        let num_classes = self.num_classes as u32;
        check_arguments(&truth, &pred, num_classes)?;
        accumulate(
            Kernel::detect(),
            truth,
            pred,
            num_classes,
            ignore_index,
            offset,
            self,
        )
    }
}

/// Adds the counts of one chunk to `counts`. `offset` is the chunk's position in the whole map,
/// so that a label error names the position in the caller's array.
pub(crate) fn accumulate(
    kernel: Kernel,
    truth: Labels<'_>,
    pred: Labels<'_>,
    num_classes: u32,
    ignore_index: Option<u32>,
    offset: usize,
    counts: &mut Confusion,
) -> Result<(), PerclassError> {
    match kernel {
        #[cfg(target_arch = "x86_64")]
        Kernel::Sse2 => {
            x86::accumulate_sse2(truth, pred, num_classes, ignore_index, offset, counts)
        }
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => {
            x86::accumulate_avx2(truth, pred, num_classes, ignore_index, offset, counts)
        }
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx512 => {
            x86::accumulate_avx512(truth, pred, num_classes, ignore_index, offset, counts)
        }
        #[cfg(target_arch = "aarch64")]
        Kernel::Neon => {
            neon::accumulate_neon(truth, pred, num_classes, ignore_index, offset, counts)
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Kernel::Simd128 => {
            // K <= 4 first: the branch-free counter (dense_small_k.rs), out of line as on the
            // other kernels (see dense_small_k::count_small_k).
            if wasm_simd::count_small_k(truth, pred, num_classes, ignore_index, counts) {
                return Ok(());
            }
            wasm_simd::accumulate_simd128(truth, pred, num_classes, ignore_index, offset, counts)
        }
        // The reference itself, and the fallback for a kernel this build or CPU cannot run (the
        // x86 and NEON entry points also check the CPU themselves).
        _ => scalar::accumulate(truth, pred, num_classes, ignore_index, offset, counts),
    }
}
