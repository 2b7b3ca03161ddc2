//! Runs the stages in order — refresh, read, extract, tables, summaries — and owns the progress
//! display, the rejects and the exit status. Each command is one function reading as a list of
//! verb-named steps.

mod fetch;
mod outputs;
mod seen;

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::config::{Config, Job, StoreJob, Verbosity};
use crate::pipeline::{self, Source, Totals};
use crate::store::{self, Store};
use crate::tables::{PrismaCounts, Provenance, Spill, Studies, SummaryInput};

pub use fetch::Fetched;
pub use outputs::{Finished, Outputs};

/// How a finished run ended (fatal errors are `Err`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything read and written.
    Clean,
    /// Finished, but some records were rejected: see rejects.csv.
    WithRejects,
}

/// User-facing messages on stderr, with the tool's prefix; silent under `-q` (warnings too,
/// except the stale-records warning, which `-q` also silences: the stamp in every output stays).
pub struct Messages {
    verbosity: Verbosity,
}

impl Messages {
    pub fn say(&self, msg: impl AsRef<str>) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("ketamine-evidence: {}", msg.as_ref());
        }
    }

    pub fn warn(&self, msg: impl AsRef<str>) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("ketamine-evidence: warning: {}", msg.as_ref());
        }
    }
}

pub fn run(cfg: Config) -> anyhow::Result<Status> {
    let msg = Messages { verbosity: cfg.verbosity };
    match &cfg.job {
        Job::Extract { inputs, out } => extract(&cfg, &msg, inputs, out),
        Job::Run { job, out } => run_job(&cfg, &msg, job, out),
        Job::Fetch { job } => fetch_only(&cfg, &msg, job),
        Job::Check { job, claims, out } => check(&cfg, &msg, job, claims, out),
    }
}

/// `extract`: the pipeline over the given XML files, no store and no network.
fn extract(cfg: &Config, msg: &Messages, inputs: &[PathBuf], out: &Path) -> anyhow::Result<Status> {
    let sources: Vec<Source> = inputs.iter().cloned().map(Source::new).collect();
    let mut outputs = Outputs::create(out, None)?;
    let totals = pipeline::run(&sources, cfg.threads, &mut outputs)?;
    let (finished, studies) = outputs.finish().context("cannot finish the tables")?;
    let provenance = Provenance {
        query_name: "extract".into(),
        term: format!("files: {}", sources.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join(", ")),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        ..Provenance::default()
    };
    write_summaries(out, &summary_input(&finished, studies, &totals, provenance, None))?;
    report_totals(msg, &totals, &finished, out);
    Ok(status_of(&finished))
}

/// `fetch`: refresh the store only.
fn fetch_only(cfg: &Config, msg: &Messages, job: &StoreJob) -> anyhow::Result<Status> {
    match fetch::refresh_step(cfg, job)? {
        Fetched::Refreshed(r) => {
            msg.say(format!(
                "refreshed {} from {}: {} match, {} new, {} revised, {} removed, {} missing; {} requests",
                job.store.display(),
                r.base_url,
                r.esearch_count,
                r.new.len(),
                r.revised.len(),
                r.removed.len(),
                r.missing.len(),
                r.requests
            ));
            Ok(Status::Clean)
        }
        Fetched::Stale { .. } => unreachable!("fetch requires a fresh store"),
    }
}

/// `run`: refresh (unless offline), then the offline pipeline over the store, then summaries.
fn run_job(cfg: &Config, msg: &Messages, job: &StoreJob, out: &Path) -> anyhow::Result<Status> {
    let fetched = fetch::refresh_step(cfg, job)?;
    let (input, finished) = read_store(cfg, msg, job, out, &fetched)?;
    write_summaries(out, &input)?;
    Ok(status_of(&finished))
}

/// `check`: the claims against the evidence in the store (offline), with the tables behind it.
fn check(cfg: &Config, msg: &Messages, job: &StoreJob, claims: &Path, out: &Path) -> anyhow::Result<Status> {
    let claims = crate::check::load_claims(claims)?;
    let (input, finished) = read_store(cfg, msg, job, out, &Fetched::Stale { unreachable: None })?;
    let verdicts = crate::check::check_claims(&claims, &input).context("cannot read the studies back")?;
    crate::check::write_claims(out, &verdicts, Some(&input.provenance.stamp()))?;
    for v in &verdicts {
        let pmids: Vec<String> = v.evidence.iter().map(|f| f.pmid.to_string()).collect();
        msg.say(format!("claim {}: {} {}", v.id, v.verdict.as_str(), pmids.join(" ")));
    }
    msg.say(format!("verdicts in {}", out.join("claims.md").display()));
    Ok(status_of(&finished))
}

/// The pipeline over the store's current records: the per-record tables in `out`, `missing.csv`,
/// and what the summaries need.
fn read_store(cfg: &Config, msg: &Messages, job: &StoreJob, out: &Path, fetched: &Fetched) -> anyhow::Result<(SummaryInput, Finished)> {
    let store = Store::open(&job.store).with_context(|| format!("cannot open the store {}", job.store.display()))?;
    let files = store.record_files();
    let sources: Vec<Source> = files.iter().cloned().map(Source::new).collect();
    let keep = Box::new(|pmid, i: usize| store.is_current(pmid, &files[i]));
    let mut outputs = Outputs::create(out, Some(keep))?;
    let totals = pipeline::run(&sources, cfg.threads, &mut outputs)?;
    let (finished, studies) = outputs.finish().context("cannot finish the tables")?;
    let provenance = provenance_of(&store, fetched);
    // One line about freshness, and the date of the records the tables use.
    if let Fetched::Stale { unreachable } = fetched {
        let as_of = provenance.records_as_of.as_deref().unwrap_or("an unknown date");
        match unreachable {
            Some(why) => msg.warn(format!("PubMed cannot be reached ({why}); going on with the stored records as of {as_of}")),
            None => msg.say(format!("did not refresh (offline): the tables use the stored records as of {as_of} ({})", store.manifest().source)),
        }
    }
    write_missing(out, &store)?;
    report_totals(msg, &totals, &finished, out);
    let input = summary_input(&finished, studies, &totals, provenance, store.manifest().esearch_count);
    Ok((input, finished))
}

fn provenance_of(store: &Store, fetched: &Fetched) -> Provenance {
    let m = store.manifest();
    let retrieved = m.retrieved_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Provenance {
        query_name: m.query.name.clone(),
        term: m.query.term.clone(),
        esearch_count: m.esearch_count,
        retrieved_at: Some(retrieved.clone()),
        refreshed: matches!(fetched, Fetched::Refreshed(_)),
        records_as_of: Some(m.retrieved_at.format("%Y-%m-%d").to_string()),
        base_url: m.base_url.clone(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// `missing.csv`: PMIDs the search found that efetch never returned (a header alone if none).
fn write_missing(out: &Path, store: &Store) -> anyhow::Result<()> {
    let path = out.join(store::MISSING_CSV);
    let file = std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    store::write_missing_csv(std::io::BufWriter::new(file), &store.manifest().missing)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The summaries' input; the studies stay in their spill file, read back a study at a time.
fn summary_input(f: &Finished, studies: Spill, totals: &Totals, provenance: Provenance, identified: Option<u64>) -> SummaryInput {
    let mut rejected: Vec<(String, u64)> = Vec::new();
    if !f.rejects.is_empty() {
        rejected.push(("unreadable record".into(), f.rejects.len() as u64));
    }
    SummaryInput {
        studies: Studies::Spilled(studies),
        prisma: PrismaCounts { identified, fetched: Some(totals.records), rejected },
        provenance,
    }
}

/// The summary tables, citations and report.html, stamped with the provenance.
fn write_summaries(out: &Path, input: &SummaryInput) -> anyhow::Result<()> {
    crate::report::write_streamed(out, input)
        .with_context(|| format!("cannot write the summaries in {}", out.display()))?;
    Ok(())
}

fn status_of(f: &Finished) -> Status {
    if f.rejects.is_empty() { Status::Clean } else { Status::WithRejects }
}

fn report_totals(msg: &Messages, totals: &Totals, f: &Finished, out: &Path) {
    msg.say(format!(
        "read {} records from {} file(s): {} articles written, {} rejected, {} deleted citations; \
         {} ketamine studies with {} outcome rows; tables in {}",
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
    if f.duplicates > 0 {
        msg.say(format!("{} PMID(s) appeared more than once in the input: the first copy of each was written", f.duplicates));
    }
}
