//! `PERCLASS_SIMD=off` forces the scalar reference. Its own test binary: the detected kernel is
//! cached per process, so the variable must be set before anything detects.

use perclass_core::Kernel;

#[test]
fn perclass_simd_off_forces_scalar() {
    std::env::set_var("PERCLASS_SIMD", "off");
    assert_eq!(Kernel::detect(), Kernel::Scalar);
    // Still listed for the tests, whatever the variable says.
    assert!(!Kernel::available().is_empty());
}
