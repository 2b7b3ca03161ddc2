//! Findings → polars DataFrames. The only module that imports polars (`build`, `summary`,
//! `pooled`, `timing`); `meta`, `input`, `rates`, `time` and `text` are plain Rust that `report`
//! and `check` share.

mod build;
pub mod input;
pub mod meta;
pub mod pooled;
pub mod rates;
pub mod summary;
pub mod text;
pub mod time;
pub mod timing;

pub use input::{PrismaCounts, Provenance, SummaryInput};
pub use meta::ArticleMeta;
pub use summary::{Summaries, build_summaries};
