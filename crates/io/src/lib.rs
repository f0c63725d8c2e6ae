//! perclass-io: reading mask files (PNG label maps) for the native batch path. To be written.
