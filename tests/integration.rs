//! All integration tests in one binary: each test file is a module here, so the crate and polars
//! are linked once for the lot (`autotests = false` in Cargo.toml). Run one file's tests with
//! `cargo test --release --test integration cli_extract::`.

mod common;
mod eutils_mock;
mod support {
    pub mod synthetic;
}

mod check_claims;
mod cli_extract;
mod cli_run;
mod dev_outcomes;
mod eutils_cli;
mod eutils_faults;
mod eutils_fetch;
mod parse_bad_input;
mod parse_corpus;
mod parse_fixtures;
mod parse_props;
mod report_summaries;
mod snapshots_bundled;
mod store_bundled;
mod store_refresh;
mod summaries_spilled;
