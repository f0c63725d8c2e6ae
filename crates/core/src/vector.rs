//! The byte-lane operations the SIMD block driver (`blocks.rs`) needs, implemented once per
//! instruction set (`x86.rs`, `neon.rs`, `wasm_simd.rs`). Writing the driver once, generic over
//! this trait, keeps the four kernels from drifting apart: they differ only in these few lines.

/// A vector of `LANES` unsigned bytes. Masks are vectors whose lanes are `0x00` or `0xFF`.
///
/// Every method is `#[inline(always)]` in the implementations so that it is compiled inside the
/// caller, a function built with the instruction set enabled (`#[target_feature]`, or a
/// build-wide target feature on wasm32); on its own it would be an out-of-line call that cannot
/// use the instructions at all.
///
/// # Safety
///
/// Every method wraps intrinsics of one instruction set: call them only from code compiled with
/// that instruction set enabled, running on a CPU that has it. `load` additionally reads
/// `LANES` bytes from a pointer (see there).
pub(crate) trait Vector: Copy {
    /// Bytes per vector.
    const LANES: usize;
    /// Bits per lane in [`Vector::lane_bits`] (1, or 4 where the ISA has no byte movemask).
    const BIT_STRIDE: u32;

    /// # Safety
    /// `ptr` must be valid for reading `LANES` bytes (no alignment needed); and see the trait.
    unsafe fn load(ptr: *const u8) -> Self;
    /// # Safety
    /// See the trait.
    unsafe fn splat(v: u8) -> Self;
    /// Lane-wise `==`, as a mask.
    ///
    /// # Safety
    /// See the trait.
    unsafe fn eq(self, other: Self) -> Self;
    /// # Safety
    /// See the trait.
    unsafe fn and(self, other: Self) -> Self;
    /// # Safety
    /// See the trait.
    unsafe fn or(self, other: Self) -> Self;
    /// Lane-wise unsigned maximum.
    ///
    /// # Safety
    /// See the trait.
    unsafe fn max(self, other: Self) -> Self;
    /// Lane-wise unsigned minimum.
    ///
    /// # Safety
    /// See the trait.
    unsafe fn min(self, other: Self) -> Self;
    /// Lane-wise wrapping addition.
    ///
    /// # Safety
    /// See the trait.
    unsafe fn add(self, other: Self) -> Self;
    /// Lane-wise wrapping subtraction.
    ///
    /// # Safety
    /// See the trait.
    unsafe fn sub(self, other: Self) -> Self;
    /// Whether every lane of a mask is set.
    ///
    /// # Safety
    /// See the trait.
    unsafe fn all_set(self) -> bool;
    /// Whether any lane of a mask is set.
    ///
    /// # Safety
    /// See the trait.
    unsafe fn any_set(self) -> bool;
    /// One bit per lane of a mask, lane `j` at bit `j * BIT_STRIDE`; all other bits clear.
    ///
    /// # Safety
    /// See the trait.
    unsafe fn lane_bits(self) -> u64;
    /// The sum of all lanes, as unsigned bytes.
    ///
    /// # Safety
    /// See the trait.
    unsafe fn sum(self) -> u64;
}
