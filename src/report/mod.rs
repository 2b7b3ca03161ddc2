//! Writers: CSV, Parquet, Markdown, HTML report, RIS and BibTeX. Writers never compute: they
//! render tables and values handed to them, and every file is written through a temporary
//! sibling renamed into place (`frame::write_atomic`, or `stream::AtomicFile` for one written
//! a chunk at a time).

use std::path::{Path, PathBuf};

pub mod citations;
mod escape;
pub mod forest;
pub mod frame;
pub mod html;
pub mod stream;
pub mod write;

pub use frame::{Format, write_atomic, write_frame, write_frame_stamped};
pub use write::{write_streamed, write_summaries};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot encode the table for {path}")]
    Polars {
        path: PathBuf,
        #[source]
        source: polars::prelude::PolarsError,
    },
    #[error("cannot draw the forest plot: {0}")]
    Plot(String),
    #[error("cannot encode provenance.json")]
    Json(#[source] serde_json::Error),
    #[error("cannot build the tables")]
    Tables(#[source] polars::prelude::PolarsError),
    #[error(transparent)]
    Summary(#[from] crate::tables::SummaryError),
}

impl ReportError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        ReportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
