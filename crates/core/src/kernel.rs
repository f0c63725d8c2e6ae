use std::sync::OnceLock;

use crate::isa_cap::{IsaCap, IsaCapError};

/// The counting kernels. `Scalar` is the reference every other kernel is tested against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    Scalar,
    Sse2,
    Avx2,
    Avx512,
    Neon,
    Simd128,
}

impl Kernel {
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Scalar => "scalar",
            Kernel::Sse2 => "sse2",
            Kernel::Avx2 => "avx2",
            Kernel::Avx512 => "avx512",
            Kernel::Neon => "neon",
            Kernel::Simd128 => "simd128",
        }
    }

    /// The fastest kernel this CPU runs within the environment's cap ([`IsaCap::from_env`]:
    /// `PERCLASS_MAX_ISA`, or `PERCLASS_SIMD=off` for scalar). A cap that names no level of this
    /// architecture gives the scalar reference (the user asked for less, never for more); the
    /// bindings report that error through [`Kernel::environment_error`].
    ///
    /// Detected once per process: the environment and the CPU do not change under us, and
    /// callers count thousands of small masks, so the answer is cached.
    pub fn detect() -> Kernel {
        static DETECTED: OnceLock<Kernel> = OnceLock::new();
        *DETECTED.get_or_init(|| match IsaCap::from_env() {
            Ok(cap) => Kernel::best_under(cap),
            Err(_) => Kernel::Scalar,
        })
    }

    /// Why the environment's cap is unusable, if it is (what [`Kernel::detect`] read).
    pub fn environment_error() -> Option<IsaCapError> {
        IsaCap::from_env().err()
    }

    /// The kernel the dispatcher picks under `cap` (`None`: no cap): the fastest this CPU runs
    /// that the cap allows.
    pub fn best_under(cap: Option<IsaCap>) -> Kernel {
        Kernel::available()
            .into_iter()
            .rfind(|&k| cap.is_none_or(|cap| cap.allows(k)))
            .unwrap_or(Kernel::Scalar)
    }

    /// The kernel's place in its architecture's order of levels (scalar 0), which an
    /// [`IsaCap`] compares against.
    pub fn rank(self) -> u8 {
        match self {
            Kernel::Scalar => 0,
            Kernel::Sse2 | Kernel::Neon | Kernel::Simd128 => 1,
            Kernel::Avx2 => 2,
            Kernel::Avx512 => 3,
        }
    }

    /// Every kernel this CPU can run, `Scalar` first and the fastest last. Ignores
    /// `PERCLASS_MAX_ISA` and `PERCLASS_SIMD`: tests use this to hold every runnable kernel to the scalar reference.
    pub fn available() -> Vec<Kernel> {
        [
            Kernel::Scalar,
            Kernel::Sse2,
            Kernel::Avx2,
            Kernel::Avx512,
            Kernel::Neon,
            Kernel::Simd128,
        ]
        .into_iter()
        .filter(|k| k.is_supported())
        .collect()
    }

    /// Whether this CPU (and this build) can run the kernel.
    pub fn is_supported(self) -> bool {
        match self {
            Kernel::Scalar => true,
            // SSE2 is part of the x86_64 baseline.
            Kernel::Sse2 => cfg!(target_arch = "x86_64"),
            Kernel::Avx2 => avx2_detected(),
            Kernel::Avx512 => avx512_detected(),
            Kernel::Neon => neon_detected(),
            // wasm has no run-time feature detection: a module either was compiled with simd128
            // (and then only loads on engines that have it) or was not.
            Kernel::Simd128 => cfg!(all(target_arch = "wasm32", target_feature = "simd128")),
        }
    }
}

#[cfg(target_arch = "x86_64")]
pub(crate) fn avx2_detected() -> bool {
    // The AVX2 kernel also uses POPCNT (every AVX2 CPU has it, but it is its own flag).
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt")
}

#[cfg(not(target_arch = "x86_64"))]
fn avx2_detected() -> bool {
    false
}

/// What the AVX-512 kernel enables: AVX-512F (the 512-bit registers) and AVX-512BW (byte
/// compares, min/max, SAD); AVX2 and POPCNT too, because the code it shares with the AVX2 kernel
/// (the run count of a block; the wide driver, the thin and score paths, which run their AVX2
/// builds under this kernel) uses them. Every AVX-512BW CPU has both; each is its own flag.
#[cfg(target_arch = "x86_64")]
pub(crate) fn avx512_detected() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512bw")
        && avx2_detected()
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn avx512_detected() -> bool {
    false
}

#[cfg(target_arch = "aarch64")]
fn neon_detected() -> bool {
    std::arch::is_aarch64_feature_detected!("neon")
}

#[cfg(not(target_arch = "aarch64"))]
fn neon_detected() -> bool {
    false
}
