//! The one resolved configuration, built once from flags and the environment: every later stage
//! reads this, never the raw flags or environment variables.

use std::path::PathBuf;

use crate::cli::{Cli, Command, NetArgs, QueryArgs};
use crate::query::{Query, QueryError};

/// What to do about PubMed before reading the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// `--offline`: do not contact PubMed, say nothing about it.
    Offline,
    /// Default for `run`: refresh; when PubMed is unreachable, warn and go on with stored records.
    BestEffort,
    /// `--require-fresh`: an unreachable PubMed is fatal.
    Required,
}

/// Verbosity of stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose(u8),
}

/// How to reach E-utilities. The API key is read from `NCBI_API_KEY` only (never a flag, so it
/// never shows in `ps`), and is never printed.
#[derive(Clone)]
pub struct Net {
    pub base_url: String,
    pub email: Option<String>,
    pub api_key: Option<String>,
    pub batch_size: u32,
    pub full: bool,
}

impl std::fmt::Debug for Net {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Net")
            .field("base_url", &self.base_url)
            .field("email", &self.email)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("batch_size", &self.batch_size)
            .field("full", &self.full)
            .finish()
    }
}

/// The store-backed commands (`run`, `fetch`, `check`) share these.
#[derive(Debug, Clone)]
pub struct StoreJob {
    pub query: Query,
    pub store: PathBuf,
    pub net: Net,
    pub refresh: Refresh,
}

#[derive(Debug, Clone)]
pub enum Job {
    Run {
        job: StoreJob,
        out: PathBuf,
    },
    Fetch {
        job: StoreJob,
    },
    Extract {
        inputs: Vec<PathBuf>,
        out: PathBuf,
    },
    Check {
        job: StoreJob,
        claims: PathBuf,
        out: PathBuf,
    },
}

#[derive(Debug, Clone)]
pub struct Config {
    pub job: Job,
    pub threads: usize,
    pub verbosity: Verbosity,
    /// Show a progress bar: stderr is a terminal and not `-q`.
    pub progress: bool,
}

/// Where named queries live: `queries/` under the working directory.
pub const QUERIES_DIR: &str = "queries";

impl Config {
    pub fn from_cli(cli: Cli) -> Result<Config, QueryError> {
        let verbosity = match (cli.quiet, cli.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, 0) => Verbosity::Normal,
            (false, n) => Verbosity::Verbose(n),
        };
        let api_key = std::env::var("NCBI_API_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty());
        let store_job =
            |q: QueryArgs, n: NetArgs, refresh: Refresh| -> Result<StoreJob, QueryError> {
                let query = Query::load(&q.query, std::path::Path::new(QUERIES_DIR))?;
                let net = Net {
                    base_url: n.eutils_url,
                    email: n.email.filter(|e| !e.trim().is_empty()),
                    api_key: api_key.clone(),
                    batch_size: n.batch_size.unwrap_or(query.batch_size),
                    full: n.full,
                };
                Ok(StoreJob {
                    query,
                    store: q.store,
                    net,
                    refresh,
                })
            };
        let mut threads = None;
        let job = match cli.command {
            Command::Run(a) => {
                threads = a.threads;
                let refresh = if a.offline {
                    Refresh::Offline
                } else if a.require_fresh {
                    Refresh::Required
                } else {
                    Refresh::BestEffort
                };
                let job = store_job(a.query, a.net, refresh)?;
                let out = a
                    .out
                    .unwrap_or_else(|| PathBuf::from("out").join(&job.query.name));
                Job::Run { job, out }
            }
            Command::Fetch(a) => Job::Fetch {
                job: store_job(a.query, a.net, Refresh::Required)?,
            },
            Command::Extract(a) => {
                threads = a.threads;
                Job::Extract {
                    inputs: a.xml,
                    out: a.out,
                }
            }
            Command::Check(a) => {
                let net = NetArgs {
                    eutils_url: String::new(),
                    email: None,
                    batch_size: None,
                    full: false,
                };
                Job::Check {
                    job: store_job(a.query, net, Refresh::Offline)?,
                    claims: a.claims,
                    out: a.out,
                }
            }
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Config {
            job,
            threads: threads.unwrap_or(cores).max(1),
            verbosity,
            progress: verbosity != Verbosity::Quiet
                && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        })
    }
}
