//! `PERCLASS_SIMD=off`, the older spelling of `PERCLASS_MAX_ISA=scalar`, wins over a higher cap:
//! whichever variable asks for the scalar reference gets it. Its own test binary: the detected
//! kernel is cached per process.

use perclass_core::{IsaCap, Kernel};

#[test]
fn simd_off_lowers_any_cap_to_scalar() {
    let top = IsaCap::levels().last().unwrap();
    std::env::set_var("PERCLASS_MAX_ISA", top.name());
    std::env::set_var("PERCLASS_SIMD", "OFF");
    assert_eq!(IsaCap::from_env(), Ok(Some(IsaCap::SCALAR)));
    assert_eq!(Kernel::detect(), Kernel::Scalar);
}
