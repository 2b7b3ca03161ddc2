//! Command-line flags (clap derive). Flags only: resolution into a `Config` happens in `config`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Ketamine / esketamine and anxiety: PubMed records → quoted outcomes → evidence tables.
#[derive(Debug, Parser)]
#[command(name = "ketamine-evidence", version, about, propagate_version = true)]
pub struct Cli {
    /// Only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More detail on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The whole job: refresh the store from PubMed (unless --offline), then write every table.
    Run(RunArgs),
    /// Refresh the store from PubMed only; write no tables.
    Fetch(FetchArgs),
    /// The offline pipeline over any PubMed XML files (efetch downloads, baseline files).
    Extract(ExtractArgs),
    /// Check claims (a TOML file) against the evidence extracted from the store.
    Check(CheckArgs),
}

#[derive(Debug, Args, Clone)]
pub struct QueryArgs {
    /// A query name from queries/ (e.g. ketamine-anxiety) or a path to a query .toml file.
    #[arg(long, default_value = "ketamine-anxiety")]
    pub query: String,
    /// The record store (raw XML + manifest.json).
    #[arg(long, default_value = "data")]
    pub store: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct NetArgs {
    /// E-utilities base URL (a mirror or a local mock).
    #[arg(
        long,
        env = "NCBI_EUTILS_URL",
        default_value = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
    )]
    pub eutils_url: String,
    /// Contact email sent to NCBI with every request (NCBI asks for one).
    #[arg(long, env = "NCBI_EMAIL")]
    pub email: Option<String>,
    /// Records per efetch request (1..=10000); default: the query file's batch_size.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub batch_size: Option<u32>,
    /// Refetch every record, not only new and revised ones.
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    #[command(flatten)]
    pub net: NetArgs,
    /// Output folder; default out/<query name>/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Do not contact PubMed; use the stored records as they are.
    #[arg(long, conflicts_with = "require_fresh")]
    pub offline: bool,
    /// Fail (exit 2) when PubMed cannot be reached, instead of going on with stored records.
    #[arg(long)]
    pub require_fresh: bool,
    /// Worker threads for parsing and extraction (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct FetchArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    #[command(flatten)]
    pub net: NetArgs,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// PubMed XML files (.xml, .xml.gz, or - for stdin).
    #[arg(long, required = true, num_args = 1..)]
    pub xml: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "out/extract")]
    pub out: PathBuf,
    /// Worker threads for parsing and extraction (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The claims file (TOML), e.g. queries/claims/seed-article.toml.
    pub claims: PathBuf,
    #[command(flatten)]
    pub query: QueryArgs,
    /// Output folder; default out/check/.
    #[arg(long, default_value = "out/check")]
    pub out: PathBuf,
}
