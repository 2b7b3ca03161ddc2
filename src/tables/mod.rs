//! Findings → polars DataFrames, and their CSV / Parquet files. The only module that imports
//! polars: everything upstream hands over plain Rust values.

mod columns;
pub mod records;
mod sink;

pub use columns::{spreadsheet_safe, Columns, Kind};
pub use records::RejectRow;
pub use sink::TableSink;
