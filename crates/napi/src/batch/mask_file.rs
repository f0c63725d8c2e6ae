//! Reading one mask file for the batch path: only a regular file (a symlink is followed, its
//! target checked), never more bytes than a mask within `maxPixels` can take. A FIFO would block
//! a batch thread forever and `/dev/zero` would grow memory without end, so the type and the size
//! are checked before reading (on the path, then again on the open file, which may have been
//! swapped in between) and the read itself is bounded. The messages are the ones the worker path
//! (src/files/read-mask-file.ts) builds, so every path lists the same failure.

use std::fs::{File, Metadata};
use std::io::Read;

use crate::KernelFailure;

/// The bytes of `path`, or a listed failure naming it: `E_IO` (unreadable, not a regular file)
/// or `E_LIMIT_PIXELS` (larger than `max_bytes`, the bound derived from `max_pixels`).
pub(crate) fn read_mask_file(
    path: &str,
    max_pixels: f64,
    max_bytes: u64,
) -> Result<Vec<u8>, KernelFailure> {
    let cannot_read = |error: std::io::Error| KernelFailure {
        code: "E_IO".to_owned(),
        message: format!("{path}: cannot read the file: {error}"),
    };
    check(
        path,
        &std::fs::metadata(path).map_err(cannot_read)?,
        max_pixels,
        max_bytes,
    )?;
    let file = open(path).map_err(cannot_read)?;
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
fn open(path: &str) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &str) -> std::io::Result<File> {
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
