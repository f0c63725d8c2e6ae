//! A `PERCLASS_MAX_ISA` that names no level: `detect` falls back to the scalar reference (a cap
//! asks for less, never more) and `environment_error` says why, for the bindings to report. Its
//! own test binary: the detected kernel is cached per process.

use perclass_core::Kernel;

#[test]
fn an_unknown_level_is_reported_and_detect_runs_scalar() {
    std::env::set_var("PERCLASS_MAX_ISA", "avx9");
    let message = Kernel::environment_error()
        .expect("avx9 is no level")
        .to_string();
    assert!(message.contains("PERCLASS_MAX_ISA=\"avx9\""), "{message}");
    assert!(message.contains(std::env::consts::ARCH), "{message}");
    assert_eq!(Kernel::detect(), Kernel::Scalar);
}
