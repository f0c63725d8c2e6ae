//! `PERCLASS_MAX_ISA` set in the environment caps `Kernel::detect`. Its own test binary: the
//! detected kernel is cached per process, so the variable is set before anything detects.

use perclass_core::{IsaCap, Kernel};

#[test]
fn the_environment_caps_detect_at_the_second_level() {
    // The level just above scalar (sse2 on x86_64, neon on aarch64), in capitals: names are
    // case-insensitive. Scalar-only targets cap at scalar.
    let level = IsaCap::levels().nth(1).unwrap_or(IsaCap::SCALAR);
    std::env::set_var("PERCLASS_MAX_ISA", level.name().to_ascii_uppercase());
    assert_eq!(Kernel::environment_error(), None);
    assert_eq!(Kernel::detect(), Kernel::best_under(Some(level)));
    #[cfg(target_arch = "x86_64")]
    assert_eq!(Kernel::detect(), Kernel::Sse2);
}
