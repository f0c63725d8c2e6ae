//! `PERCLASS_MAX_ISA`: the highest instruction-set level the kernel dispatcher may pick, so that
//! every kernel path can be run (and tested) on one machine that supports them all, as BLAKE3's
//! feature caps allow. `PERCLASS_SIMD=off` is kept as another spelling of `scalar`.
//!
//! The levels are this architecture's, lowest first: x86_64 `scalar`, `sse2`, `avx2`, `avx512`;
//! aarch64 `scalar`, `neon`; elsewhere `scalar` only. A name is case-insensitive. `avx512` is the
//! AVX-512BW kernel (64-byte vectors), `avx2` caps just below it. A cap above what the CPU runs
//! is no error: the dispatcher still picks only what the CPU runs (AVX2 under `avx512` on a CPU
//! without AVX-512BW). A name that is not a level of this architecture (a typo, or `neon` on
//! x86_64) is an error: a CI job that meant to run the SSE2 path must not quietly run another
//! one.

use std::fmt;

use crate::Kernel;

/// The environment variable that caps the level.
pub const MAX_ISA_VAR: &str = "PERCLASS_MAX_ISA";

/// A cap on the kernel the dispatcher picks: kernels of a higher rank than the cap's are left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IsaCap {
    name: &'static str,
    rank: u8,
}

/// This architecture's levels, lowest first, each with its rank (see [`Kernel::rank`]).
#[cfg(target_arch = "x86_64")]
const LEVELS: &[(&str, u8)] = &[("scalar", 0), ("sse2", 1), ("avx2", 2), ("avx512", 3)];
#[cfg(target_arch = "aarch64")]
const LEVELS: &[(&str, u8)] = &[("scalar", 0), ("neon", 1)];
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
const LEVELS: &[(&str, u8)] = &[("scalar", 0)];

impl IsaCap {
    /// The scalar reference only.
    pub const SCALAR: IsaCap = IsaCap {
        name: "scalar",
        rank: 0,
    };

    /// Every level name of this architecture, lowest first.
    pub fn levels() -> impl Iterator<Item = IsaCap> {
        LEVELS.iter().map(|&(name, rank)| IsaCap { name, rank })
    }

    /// The cap a level name means here (case-insensitive, surrounding blanks ignored).
    pub fn parse(value: &str) -> Result<IsaCap, IsaCapError> {
        let wanted = value.trim();
        IsaCap::levels()
            .find(|cap| cap.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| IsaCapError {
                value: value.to_owned(),
            })
    }

    /// The cap the environment sets: `PERCLASS_MAX_ISA`, lowered to `scalar` by
    /// `PERCLASS_SIMD=off`; `None` when neither caps anything (unset or empty).
    /// wasm32-unknown-unknown has no environment: there the choice is the build's.
    pub fn from_env() -> Result<Option<IsaCap>, IsaCapError> {
        if cfg!(target_arch = "wasm32") {
            return Ok(None);
        }
        let cap = match std::env::var(MAX_ISA_VAR) {
            Ok(value) if !value.trim().is_empty() => Some(IsaCap::parse(&value)?),
            Ok(_) | Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(raw)) => {
                return Err(IsaCapError {
                    value: raw.to_string_lossy().into_owned(),
                })
            }
        };
        let simd_off =
            std::env::var_os("PERCLASS_SIMD").is_some_and(|v| v.eq_ignore_ascii_case("off"));
        Ok(if simd_off { Some(IsaCap::SCALAR) } else { cap })
    }

    /// The level's name (`scalar`, `sse2`, `avx2`, `avx512`, `neon`).
    pub fn name(self) -> &'static str {
        self.name
    }

    /// Whether the dispatcher may pick `kernel` under this cap.
    pub fn allows(self, kernel: Kernel) -> bool {
        kernel.rank() <= self.rank
    }
}

/// A `PERCLASS_MAX_ISA` value that is no level of this architecture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IsaCapError {
    value: String,
}

impl fmt::Display for IsaCapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = LEVELS.iter().map(|&(name, _)| name).collect();
        write!(
            f,
            "{MAX_ISA_VAR}={:?} is not an instruction-set level of this build ({}): use one of {} \
             (case-insensitive), or unset it",
            self.value,
            std::env::consts::ARCH,
            names.join(", ")
        )
    }
}

impl std::error::Error for IsaCapError {}
