//! `PERCLASS_MAX_ISA`'s caps: what each level name means, the kernel the dispatcher picks under
//! each, and that kernel's counts held bit for bit to the scalar reference. The environment
//! itself is read once per process, so the tests that set it are their own binaries
//! (isa_cap_env_*.rs).

mod common;

use common::*;
use perclass_core::{confusion_matrix_with, IsaCap, Kernel};
use rand::{rngs::SmallRng, SeedableRng};

fn cap(name: &str) -> IsaCap {
    IsaCap::parse(name).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn level_names_are_case_insensitive_and_lowest_first() {
    let names: Vec<&str> = IsaCap::levels().map(IsaCap::name).collect();
    assert_eq!(names[0], "scalar");
    #[cfg(target_arch = "x86_64")]
    assert_eq!(names, ["scalar", "sse2", "avx2", "avx512"]);
    #[cfg(target_arch = "aarch64")]
    assert_eq!(names, ["scalar", "neon"]);
    for name in names {
        assert_eq!(cap(&name.to_ascii_uppercase()).name(), name);
        assert_eq!(cap(&format!(" {name}\n")).name(), name);
    }
}

#[test]
fn a_name_that_is_no_level_here_is_an_error_naming_the_levels() {
    #[cfg(target_arch = "x86_64")]
    let foreign = "neon";
    #[cfg(not(target_arch = "x86_64"))]
    let foreign = "avx2";
    for bad in ["avx9", "sse4", "off", "", "2", foreign] {
        let message = IsaCap::parse(bad).unwrap_err().to_string();
        assert!(message.contains("PERCLASS_MAX_ISA"), "{message}");
        assert!(message.contains(&format!("{bad:?}")), "{message}");
        assert!(message.contains("scalar"), "{message}");
    }
}

/// The kernel under each cap: allowed by it, runnable here, and the fastest such.
#[test]
fn the_dispatcher_picks_the_fastest_kernel_the_cap_allows() {
    let available = Kernel::available();
    for level in IsaCap::levels() {
        let picked = Kernel::best_under(Some(level));
        assert!(picked.is_supported(), "{}", level.name());
        assert!(
            level.allows(picked),
            "{} picked {}",
            level.name(),
            picked.name()
        );
        for &k in &available {
            assert!(
                !level.allows(k) || k.rank() <= picked.rank(),
                "{} picked {} over {}",
                level.name(),
                picked.name(),
                k.name()
            );
        }
    }
    assert_eq!(Kernel::best_under(Some(IsaCap::SCALAR)), Kernel::Scalar);
    assert_eq!(Kernel::best_under(None), *available.last().unwrap());
}

/// x86_64 spelled out: SSE2 is the baseline; each of `avx2` and `avx512` gives its own kernel
/// where the CPU runs it, and the highest level below it the CPU runs otherwise.
#[cfg(target_arch = "x86_64")]
#[test]
fn x86_caps_map_to_these_kernels() {
    let avx2 = if Kernel::Avx2.is_supported() {
        Kernel::Avx2
    } else {
        Kernel::Sse2
    };
    let avx512 = if Kernel::Avx512.is_supported() {
        Kernel::Avx512
    } else {
        avx2
    };
    assert_eq!(Kernel::best_under(Some(cap("scalar"))), Kernel::Scalar);
    assert_eq!(Kernel::best_under(Some(cap("sse2"))), Kernel::Sse2);
    assert_eq!(Kernel::best_under(Some(cap("avx2"))), avx2);
    assert_eq!(Kernel::best_under(Some(cap("avx512"))), avx512);
    assert_eq!(Kernel::best_under(None), avx512);
}

/// The AVX-512 kernel is offered exactly where the CPU has the features it enables (the
/// `/proc/cpuinfo`-free check: std's detection, which the kernel's own detection must agree with).
#[cfg(target_arch = "x86_64")]
#[test]
fn avx512_is_available_exactly_on_avx512bw_cpus() {
    let cpu = std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512bw");
    assert_eq!(Kernel::Avx512.is_supported(), cpu);
    assert_eq!(Kernel::available().contains(&Kernel::Avx512), cpu);
    assert_eq!(Kernel::Avx512.name(), "avx512");
    assert!(Kernel::Avx512.rank() > Kernel::Avx2.rank());
}

/// Every cap's kernel against the scalar reference: counts and errors, bit for bit, over every
/// width mix, some class counts, and the three ignore cases.
#[test]
fn every_caps_kernel_counts_as_the_scalar_reference() {
    let mut rng = SmallRng::seed_from_u64(0x0015_ca5e);
    for level in IsaCap::levels() {
        let kernel = Kernel::best_under(Some(level));
        for (truth_wide, pred_wide) in [(false, false), (false, true), (true, false), (true, true)]
        {
            for k in [2, 5, 19, 256, 1024] {
                for style in STYLES {
                    // Odd lengths leave tails after every vector width.
                    let n = 4099;
                    let (mut t, mut p) = random_maps(&mut rng, n, k, style, truth_wide, pred_wide);
                    sprinkle_ignore(&mut rng, &mut t, &mut p, 255);
                    let maps = Maps::new(t, p);
                    let (t, p) = maps.labels(truth_wide, pred_wide);
                    for ignore in [None, Some(255), Some(0)] {
                        assert_eq!(
                            confusion_matrix_with(kernel, t, p, k, ignore),
                            confusion_matrix_with(Kernel::Scalar, t, p, k, ignore),
                            "cap {} ({}), k {k}, ignore {ignore:?}, {style:?}, wide {:?}",
                            level.name(),
                            kernel.name(),
                            (truth_wide, pred_wide),
                        );
                    }
                }
            }
        }
    }
}
