//! The `ketamine-evidence` binary: parse flags, run, map the result to an exit code
//! (0 done, 1 done with rejects, 2 fatal).

use std::process::ExitCode;

use clap::Parser;
use ketamine_evidence::app::{self, Status};
use ketamine_evidence::cli::Cli;
use ketamine_evidence::config::{Config, Verbosity};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let cfg = match Config::from_cli(cli) {
        Ok(cfg) => cfg,
        Err(e) => return fatal(&e.into()),
    };
    init_logging(cfg.verbosity);
    match app::run(cfg) {
        Ok(Status::Clean) => ExitCode::SUCCESS,
        Ok(Status::WithRejects) => ExitCode::from(1),
        Err(e) => fatal(&e),
    }
}

fn fatal(e: &anyhow::Error) -> ExitCode {
    // `{:#}` prints the chain once: each context, then its cause.
    eprintln!("ketamine-evidence: error: {e:#}");
    ExitCode::from(2)
}

fn init_logging(v: Verbosity) {
    let level = match v {
        Verbosity::Quiet => "error",
        Verbosity::Normal => "warn",
        Verbosity::Verbose(1) => "info",
        Verbosity::Verbose(2) => "debug",
        Verbosity::Verbose(_) => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("KETAMINE_EVIDENCE_LOG")
        .unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(format!("ketamine_evidence={level}"))
        });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
