//! One module per fuzz target: its `Input` and its `check`.

pub mod config;
pub mod ddp_frames;
pub mod file_names;
pub mod json_readers;
pub mod markup;
pub mod pictures;
