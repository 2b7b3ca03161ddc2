//! Runs the stages in order — refresh, read, extract, tables, summaries — and owns the progress
//! display, the rejects and the exit status. Each command is one function reading as a list of
//! verb-named steps.

mod outputs;

use std::path::PathBuf;

use anyhow::Context;

use crate::config::{Config, Job, Verbosity};
use crate::pipeline::{self, Source, Totals};

pub use outputs::{Finished, Outputs};

/// How a finished run ended (fatal errors are `Err`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything read and written.
    Clean,
    /// Finished, but some records were rejected or missing: see rejects.csv / missing.csv.
    WithRejects,
}

/// User-facing messages on stderr, with the tool's prefix; silent under `-q`.
pub struct Messages {
    verbosity: Verbosity,
}

impl Messages {
    pub fn say(&self, msg: impl AsRef<str>) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("ketamine-evidence: {}", msg.as_ref());
        }
    }
}

pub fn run(cfg: Config) -> anyhow::Result<Status> {
    let msg = Messages { verbosity: cfg.verbosity };
    match &cfg.job {
        Job::Extract { inputs, out } => extract(&cfg, &msg, inputs, out),
        Job::Run { .. } | Job::Fetch { .. } | Job::Check { .. } => {
            anyhow::bail!("this command is not wired yet")
        }
    }
}

/// `extract`: the pipeline over the given XML files, no store and no network.
fn extract(cfg: &Config, msg: &Messages, inputs: &[PathBuf], out: &std::path::Path) -> anyhow::Result<Status> {
    let sources: Vec<Source> = inputs.iter().cloned().map(Source::new).collect();
    let mut outputs = Outputs::create(out, None)?;
    let totals = pipeline::run(&sources, cfg.threads, &mut outputs)?;
    let finished = outputs.finish().context("cannot finish the tables")?;
    report_totals(msg, &totals, &finished, out);
    Ok(status_of(&finished))
}

fn status_of(f: &Finished) -> Status {
    if f.rejects.is_empty() { Status::Clean } else { Status::WithRejects }
}

fn report_totals(msg: &Messages, totals: &Totals, f: &Finished, out: &std::path::Path) {
    msg.say(format!(
        "read {} records from {} file(s): {} articles written, {} rejected, {} deleted citations; \
         {} studies with {} outcome rows; tables in {}",
        totals.records,
        totals.sources,
        f.counts.articles,
        f.rejects.len(),
        f.deleted.len(),
        f.counts.studies,
        f.counts.outcomes,
        out.display()
    ));
    if !f.rejects.is_empty() {
        msg.say(format!("{} record(s) rejected: see {}", f.rejects.len(), out.join("rejects.csv").display()));
    }
}
