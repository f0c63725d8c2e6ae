//! Helpers shared by the fuzz targets: turning fuzz bytes into label maps and options
//! (`input.rs`), and the saved verdicts of the TypeScript PNG decoder (`verdicts.rs`).

pub mod input;
pub mod verdicts;
