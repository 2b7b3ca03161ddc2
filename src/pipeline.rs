//! The offline pipeline over PubMed XML sources: record bytes → `Article` → `Findings`, parsed
//! and extracted in batches on a thread pool, then handed to a sink one record at a time in input
//! order — so results are identical whatever the thread count, and memory is bounded by the
//! batch, not the input. Never writes files itself.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::extract::{self, Findings};
use crate::pubmed::{self, Article, Pmid, ReadError, Record, RecordBytes};
use crate::tables::RejectRow;

/// Records parsed per batch: large enough to keep every core busy, small enough for memory.
const BATCH: usize = 512;

/// One input file (or `-` for stdin), and the name shown for it in rejects.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub label: String,
}

impl Source {
    pub fn new(path: PathBuf) -> Self {
        let label = path.display().to_string();
        Source { path, label }
    }
}

/// What the pipeline hands to its sink, in input order.
pub enum Event<'a> {
    Article {
        source: usize,
        article: &'a Article,
        findings: &'a Findings,
    },
    Deleted {
        source: usize,
        pmids: &'a [Pmid],
    },
    Reject(RejectRow),
}

/// Receives the pipeline's output; the caller decides what to keep and what to write.
pub trait Sink {
    fn accept(&mut self, event: Event<'_>) -> anyhow::Result<()>;
}

/// Counts over the whole run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub sources: usize,
    pub records: u64,
    pub articles: u64,
    pub deleted: u64,
    pub rejected: u64,
}

/// Errors that stop the run: the input cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file} is not PubMed XML: {reason}")]
    NotPubmed { file: String, reason: String },
    #[error("cannot start {threads} worker threads: {source}")]
    Threads {
        threads: usize,
        source: rayon::ThreadPoolBuildError,
    },
    #[error(transparent)]
    Sink(#[from] anyhow::Error),
}

type Parsed = Result<(Record, Option<Findings>), pubmed::Reject>;

fn parse_and_extract(chunk: &RecordBytes) -> Parsed {
    let record = chunk.parse()?;
    let findings = match &record {
        Record::Article(a) => Some(extract::extract(a)),
        Record::Deleted(_) => None,
    };
    Ok((record, findings))
}

/// Run every source through parse and extract, feeding `sink` in input order.
pub fn run(
    sources: &[Source],
    threads: usize,
    sink: &mut dyn Sink,
) -> Result<Totals, PipelineError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("extract-{i}"))
        .build()
        .map_err(|source| PipelineError::Threads { threads, source })?;
    let mut totals = Totals::default();
    for (index, src) in sources.iter().enumerate() {
        let input = pubmed::open_input(&src.path).map_err(|source| PipelineError::Io {
            file: src.label.clone(),
            source,
        })?;
        let mut chunks = pubmed::RecordChunks::new(input);
        let mut batch: Vec<RecordBytes> = Vec::with_capacity(BATCH);
        // With a pool, batch N+1 is parsed while this thread hands batch N to the sink.
        let mut pending: Option<Vec<Parsed>> = None;
        loop {
            let next = chunks.next();
            let at_end = next.is_none();
            match next {
                Some(Ok(chunk)) => batch.push(chunk),
                Some(Err(e)) => {
                    // The reject goes after the batches already parsed, as it does with one thread.
                    if let Some(prev) = pending.take() {
                        deliver(prev, index, src, sink, &mut totals)?;
                    }
                    fatal_or_reject(e, src, sink, &mut totals)?
                }
                None => {}
            }
            if batch.len() >= BATCH || (at_end && !batch.is_empty()) {
                if threads <= 1 {
                    let parsed = batch.iter().map(parse_and_extract).collect();
                    deliver(parsed, index, src, sink, &mut totals)?;
                } else {
                    let prev = pending.take();
                    let mut parsed: Vec<Parsed> = Vec::new();
                    let delivered = pool.in_place_scope(|scope| {
                        let work = &batch;
                        let out = &mut parsed;
                        scope.spawn(move |_| {
                            *out = work.par_iter().map(parse_and_extract).collect()
                        });
                        match prev {
                            Some(prev) => deliver(prev, index, src, sink, &mut totals),
                            None => Ok(()),
                        }
                    });
                    delivered?;
                    pending = Some(parsed);
                }
                batch.clear();
            }
            if at_end {
                break;
            }
        }
        if let Some(prev) = pending.take() {
            deliver(prev, index, src, sink, &mut totals)?;
        }
        totals.sources += 1;
    }
    Ok(totals)
}

fn fatal_or_reject(
    e: ReadError,
    src: &Source,
    sink: &mut dyn Sink,
    totals: &mut Totals,
) -> Result<(), PipelineError> {
    match e {
        ReadError::Reject(r) => {
            totals.records += 1;
            totals.rejected += 1;
            sink.accept(Event::Reject(reject_row(r, src)))?;
            Ok(())
        }
        ReadError::NotPubmed { reason } => Err(PipelineError::NotPubmed {
            file: src.label.clone(),
            reason,
        }),
        ReadError::Io(source) => Err(PipelineError::Io {
            file: src.label.clone(),
            source,
        }),
    }
}

fn reject_row(r: pubmed::Reject, src: &Source) -> RejectRow {
    RejectRow {
        pmid: r.pmid.map(|p| p.to_string()),
        file: src.label.clone(),
        byte_offset: Some(r.byte_offset),
        stage: "parse",
        reason: r.reason,
    }
}

fn deliver(
    parsed: Vec<Parsed>,
    source: usize,
    src: &Source,
    sink: &mut dyn Sink,
    totals: &mut Totals,
) -> Result<(), PipelineError> {
    for p in parsed {
        totals.records += 1;
        match p {
            Ok((Record::Article(article), Some(findings))) => {
                totals.articles += 1;
                sink.accept(Event::Article {
                    source,
                    article: &article,
                    findings: &findings,
                })?;
            }
            Ok((Record::Deleted(pmids), _)) => {
                totals.deleted += pmids.len() as u64;
                sink.accept(Event::Deleted {
                    source,
                    pmids: &pmids,
                })?;
            }
            Ok((Record::Article(_), None)) => unreachable!("every article is extracted"),
            Err(r) => {
                totals.rejected += 1;
                sink.accept(Event::Reject(reject_row(r, src)))?;
            }
        }
    }
    Ok(())
}
