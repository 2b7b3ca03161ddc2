//! Command-line flags (clap derive). Flags only: resolution into a `Config` happens in `config`.
