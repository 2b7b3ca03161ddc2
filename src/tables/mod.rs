//! Findings → polars DataFrames, and their CSV / Parquet files. The only module that imports
//! polars (`build`, `summary`, `pooled`, `timing`, `stream`, `columns`, `sink`, `row_groups`);
//! `meta`, `input`, `digest`, `spill`, `rates`, `time` and `text` are plain Rust that `report`
//! and `check` share.

mod build;
mod columns;
pub mod digest;
pub mod input;
pub mod meta;
pub mod pooled;
pub mod rates;
pub mod records;
pub mod row_groups;
mod sink;
pub mod spill;
pub mod stream;
pub mod summary;
pub mod text;
pub mod time;
pub mod timing;

pub use build::text_frame;
pub use columns::{Columns, Kind, spreadsheet_safe};
pub use input::{PrismaCounts, Provenance, Studies, SummaryInput};
pub use meta::ArticleMeta;
pub use records::RejectRow;
pub use sink::TableSink;
pub use spill::{Spill, SpillError, SpillWriter};
pub use stream::{Listing, SummaryStream};
pub use summary::{Summaries, SummaryError, build_summaries};
