//! perclass-core: the counting kernels behind perclass.
//!
//! Kernels produce exact integer counts; scores, pooling and reports are computed elsewhere (in
//! TypeScript) from these counts. Counts are additive, so results for chunks, images, workers or
//! machines merge exactly with [`Confusion::merge`].
//!
//! No binding crate is a dependency here: `crates/napi` and `crates/wasm` wrap this crate.
//!
//! Kernels ([`Kernel`]): `scalar.rs` is the reference, one pixel at a time. The SIMD kernels
//! (`x86.rs`: SSE2, and run-time detected AVX2 and AVX-512BW; `neon.rs`; `wasm_simd.rs`: simd128) share one
//! block driver for u8 × u8 maps (`blocks.rs`, over the `vector.rs` trait) and one plain-Rust
//! driver for maps with a u16 side (`wide.rs`), and hand every block that holds an ignore pixel
//! or an out-of-range label to the scalar reference, so results and errors are the reference's
//! bit for bit. With the `parallel` feature, `parallel.rs` splits large maps over rayon.
//!
//! Thin-structure metrics (`thin/`): tolerant counts, curve-trace error, skeleton overlap (clDice)
//! and surface-distance histograms (HD95 / ASSD), from per-class run masks; see `thin/mod.rs`.

// Every unsafe operation sits in an `unsafe` block with its `// SAFETY:` reason, inside
// `unsafe fn`s too (their callers' contract is stated, not implied by the signature).
#![deny(unsafe_op_in_unsafe_fn)]

// The block drivers and their helpers exist only where some SIMD kernel uses them; the
// scalar reference alone serves every other target.
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
mod blocks;
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
mod cell;
mod confusion;
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
mod dense_small_k;
mod error;
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
mod histogram;
mod isa_cap;
mod kernel;
mod labels;
mod memory_read;
mod narrow;
#[cfg(target_arch = "aarch64")]
mod neon;
#[cfg(feature = "parallel")]
mod parallel;
mod scalar;
pub mod scores;
mod sweep;
mod thin;
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
mod vector;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm_simd;
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
mod wide;
#[cfg(target_arch = "x86_64")]
mod x86;

pub use confusion::{confusion_matrix, confusion_matrix_with, Confusion, MAX_CLASSES};
pub use error::{PerclassError, Side};
pub use isa_cap::{IsaCap, IsaCapError, MAX_ISA_VAR};
pub use kernel::Kernel;
pub use labels::Labels;
pub use memory_read::memory_read_sum;
#[cfg(feature = "parallel")]
pub use memory_read::memory_read_sum_parallel;
#[cfg(feature = "parallel")]
pub use narrow::narrow_labels_parallel;
pub use narrow::{narrow_labels, IntegerLabel, NarrowLabel, NARROWED_IGNORE, NARROWED_IGNORE_U8};
#[cfg(feature = "parallel")]
pub use parallel::{
    confusion_matrix_parallel, confusion_matrix_parallel_with, PARALLEL_MIN_PIXELS,
};
pub use sweep::{sweep_counts, ClassSweep, Scores, SweepCounts, SweepError, SweepRequest};
pub use thin::{
    flat_fields, thin_counts, thin_counts_with, ClassThin, CornerBin, CornerSurfaceCounts,
    DepthAxis, Distance, FlatFields, Metrics, SkeletonCounts, SurfaceCounts, ThinCounts, ThinPath,
    ThinRequest, ThinStream, TolerantCounts, TraceCounts, SPACING_BOUNDS,
};
