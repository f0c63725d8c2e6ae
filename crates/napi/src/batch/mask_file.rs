//! Reading one mask file for the batch path: only a regular file (a symlink is followed, its
//! target checked), never more bytes than a mask within `maxPixels` can take. A FIFO would block
//! a batch thread forever and `/dev/zero` would grow memory without end, so the type and the size
//! are checked before reading (on the path, then again on the open file, which may have been
//! swapped in between) and the read itself is bounded. The messages are the ones the worker path
//! (src/files/read-mask-file.ts) builds, so every path lists the same failure.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::KernelFailure;

/// A mask file: the path that is opened, and how messages name it (the same text, unless the
/// path's bytes are not UTF-8: then JavaScript's display form, with U+FFFD for those bytes).
pub(crate) struct MaskPath {
    pub(crate) shown: String,
    path: PathBuf,
}

impl MaskPath {
    /// `exact` holds the path's bytes when they are not UTF-8 (else `shown` is the path).
    pub(crate) fn new(shown: String, exact: Option<&[u8]>) -> MaskPath {
        let path = match exact {
            Some(bytes) => path_from_bytes(bytes),
            None => PathBuf::from(&shown),
        };
        MaskPath { shown, path }
    }
}

/// On Unix a path is any bytes.
#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

/// Elsewhere Node lists names as UTF-8 (Windows' UTF-16 names convert losslessly but for lone
/// surrogates, which Node itself cannot name either).
#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// The bytes of `path`, or a listed failure naming it: `E_IO` (unreadable, not a regular file)
/// or `E_LIMIT_PIXELS` (larger than `max_bytes`, the bound derived from `max_pixels`).
pub(crate) fn read_mask_file(
    file: &MaskPath,
    max_pixels: f64,
    max_bytes: u64,
) -> Result<Vec<u8>, KernelFailure> {
    let path = file.shown.as_str();
    let cannot_read = |error: std::io::Error| KernelFailure {
        code: "E_IO".to_owned(),
        message: format!("{path}: cannot read the file: {error}"),
    };
    check(
        path,
        &std::fs::metadata(&file.path).map_err(cannot_read)?,
        max_pixels,
        max_bytes,
    )?;
    let file = open(&file.path).map_err(cannot_read)?;
    let size = check(
        path,
        &file.metadata().map_err(cannot_read)?,
        max_pixels,
        max_bytes,
    )?;
    // `size` is at most `max_bytes`; one byte more tells a file that grew while being read.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(path, bytes.len() as u64, max_pixels, max_bytes));
    }
    Ok(bytes)
}

/// Opens without blocking: the type is checked before opening, but a FIFO swapped in afterwards
/// would otherwise block the open until a writer appears (the check after opening catches it).
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// The file's size if it is a regular file no larger than `max_bytes`.
fn check(
    path: &str,
    meta: &Metadata,
    max_pixels: f64,
    max_bytes: u64,
) -> Result<u64, KernelFailure> {
    if !meta.is_file() {
        return Err(KernelFailure {
            code: "E_IO".to_owned(),
            message: format!("{path}: not a regular file ({})", kind(meta)),
        });
    }
    if meta.len() > max_bytes {
        return Err(too_large(path, meta.len(), max_pixels, max_bytes));
    }
    Ok(meta.len())
}

fn too_large(path: &str, size: u64, max_pixels: f64, max_bytes: u64) -> KernelFailure {
    KernelFailure {
        code: "E_LIMIT_PIXELS".to_owned(),
        message: format!(
            "{path}: the file is {size} bytes, more than a mask of at most {max_pixels} pixels \
             can take ({max_bytes} bytes)"
        ),
    }
}

/// What a file that is not a regular file is, in the words of the worker path.
fn kind(meta: &Metadata) -> &'static str {
    if meta.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}
