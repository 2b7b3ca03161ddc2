//! ketamine-evidence: PubMed records on ketamine and anxiety, turned into quotable evidence tables.
//!
//! The pipeline runs one way, and each stage is a module:
//!
//! ```text
//! queries/*.toml ──> eutils (esearch + efetch, HTTP only) ──> store (raw XML batches + manifest)
//!        ──> pubmed (XML → Article, pure) ──> extract (Article → Findings, pure)
//!        ──> tables (Findings → polars DataFrames) ──> report (CSV, Parquet, Markdown, HTML, RIS)
//! ```
//!
//! I/O lives at the edges (`eutils`, `store`, `report`); `pubmed`, `extract` and `stats` are pure
//! and take `&str` / `impl Read`. `app` runs the stages in order and owns progress, rejects and
//! the exit status; `main.rs` only parses flags and maps errors to exit codes.

pub mod app;
pub mod check;
pub mod cli;
pub mod config;
pub mod eutils;
pub mod extract;
pub mod pipeline;
pub mod pubmed;
pub mod query;
pub mod refresh;
pub mod report;
pub mod stats;
pub mod store;
pub mod tables;
