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
    Article { source: usize, article: &'a Article, findings: &'a Findings },
    Deleted { source: usize, pmids: &'a [Pmid] },
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
    Io { file: String, source: std::io::Error },
    #[error("{file} is not PubMed XML: {reason}")]
    NotPubmed { file: String, reason: String },
    #[error("cannot start {threads} worker threads: {source}")]
    Threads { threads: usize, source: rayon::ThreadPoolBuildError },
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
pub fn run(sources: &[Source], threads: usize, sink: &mut dyn Sink) -> Result<Totals, PipelineError> {
    run_batched(sources, threads, BATCH, sink)
}

/// Record bytes as read, or why a record (or the file) could not be read, in input order.
type Batch = Vec<Result<RecordBytes, ReadError>>;

/// `run` with `batch` records per batch (tests use small batches to cross many boundaries).
fn run_batched(sources: &[Source], threads: usize, batch: usize, sink: &mut dyn Sink) -> Result<Totals, PipelineError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("extract-{i}"))
        .build()
        .map_err(|source| PipelineError::Threads { threads, source })?;
    let mut totals = Totals::default();
    for (index, src) in sources.iter().enumerate() {
        let input = pubmed::open_input(&src.path)
            .map_err(|source| PipelineError::Io { file: src.label.clone(), source })?;
        let mut batches = Batches { chunks: pubmed::RecordChunks::new(input), size: batch, stopped: false };
        let mut next = batches.next();
        if threads <= 1 {
            while !next.is_empty() {
                deliver(parse_batch(next, false), index, src, sink, &mut totals)?;
                next = batches.next();
            }
        } else {
            // While the pool parses batch N, this thread hands batch N-1 to the sink and reads
            // batch N+1, so the workers never wait for the file.
            let mut pending: Option<Vec<Item>> = None;
            while !next.is_empty() || pending.is_some() {
                let current = std::mem::take(&mut next);
                let prev = pending.take();
                let mut parsed = Vec::new();
                pool.in_place_scope(|scope| {
                    let out = &mut parsed;
                    scope.spawn(move |_| *out = parse_batch(current, true));
                    if let Some(prev) = prev {
                        deliver(prev, index, src, sink, &mut totals)?;
                    }
                    next = batches.next();
                    Ok::<(), PipelineError>(())
                })?;
                if !parsed.is_empty() {
                    pending = Some(parsed);
                }
            }
        }
        totals.sources += 1;
    }
    Ok(totals)
}

/// Reads a file's records a batch at a time, and nothing more after an error that ends the file.
struct Batches<R> {
    chunks: pubmed::RecordChunks<R>,
    size: usize,
    stopped: bool,
}

impl<R: std::io::BufRead> Batches<R> {
    /// The next `size` records, fewer at the end of the input; an error that ends the file is
    /// its batch's last item, so the records before it are still delivered. Empty at the end.
    fn next(&mut self) -> Batch {
        let mut batch = Vec::with_capacity(if self.stopped { 0 } else { self.size });
        while !self.stopped && batch.len() < self.size {
            match self.chunks.next() {
                Some(item) => {
                    self.stopped = matches!(item, Err(ReadError::NotPubmed { .. } | ReadError::Io(_)));
                    batch.push(item);
                }
                None => self.stopped = true,
            }
        }
        batch
    }
}

/// A record parsed and extracted, or why it (or the file) could not be read.
type Item = Result<Parsed, ReadError>;

/// Parse and extract each readable record of `batch`, across the current pool if `parallel`;
/// each record's bytes are freed once it is parsed.
fn parse_batch(batch: Batch, parallel: bool) -> Vec<Item> {
    let one = |item: Result<RecordBytes, ReadError>| item.map(|chunk| parse_and_extract(&chunk));
    if parallel { batch.into_par_iter().map(one).collect() } else { batch.into_iter().map(one).collect() }
}

fn fatal_or_reject(e: ReadError, src: &Source, sink: &mut dyn Sink, totals: &mut Totals) -> Result<(), PipelineError> {
    match e {
        ReadError::Reject(r) => {
            totals.records += 1;
            totals.rejected += 1;
            sink.accept(Event::Reject(reject_row(r, src)))?;
            Ok(())
        }
        ReadError::NotPubmed { reason } => Err(PipelineError::NotPubmed { file: src.label.clone(), reason }),
        ReadError::Io(source) => Err(PipelineError::Io { file: src.label.clone(), source }),
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

fn deliver(items: Vec<Item>, source: usize, src: &Source, sink: &mut dyn Sink, totals: &mut Totals) -> Result<(), PipelineError> {
    for item in items {
        let p = match item {
            Err(e) => {
                fatal_or_reject(e, src, sink, totals)?;
                continue;
            }
            Ok(p) => p,
        };
        totals.records += 1;
        match p {
            Ok((Record::Article(article), Some(findings))) => {
                totals.articles += 1;
                sink.accept(Event::Article { source, article: &article, findings: &findings })?;
            }
            Ok((Record::Deleted(pmids), _)) => {
                totals.deleted += pmids.len() as u64;
                sink.accept(Event::Deleted { source, pmids: &pmids })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps each event as a line: the article's PMID, or the rejected record's.
    #[derive(Default)]
    struct Lines(Vec<String>);

    impl Sink for Lines {
        fn accept(&mut self, event: Event<'_>) -> anyhow::Result<()> {
            self.0.push(match event {
                Event::Article { article, .. } => article.pmid.to_string(),
                Event::Deleted { pmids, .. } => format!("deleted {pmids:?}"),
                Event::Reject(r) => format!("reject {}", r.pmid.unwrap_or_default()),
            });
            Ok(())
        }
    }

    /// The bundled store's first raw file with records 2 and 7 broken (an end tag that does not
    /// match), and the lines a sink must see: every record in input order.
    fn broken_input(dir: &std::path::Path) -> (PathBuf, Vec<String>) {
        let raw = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/raw")).unwrap();
        let mut files: Vec<PathBuf> = raw.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "xml")).collect();
        files.sort();
        let mut text = std::fs::read_to_string(&files[0]).unwrap();
        let starts: Vec<usize> = text.match_indices("<PubmedArticle>").map(|m| m.0).collect();
        assert!(starts.len() > 10, "{} records", starts.len());
        let mut expected = Vec::new();
        for (i, &at) in starts.iter().enumerate() {
            let pmid_at = at + text[at..].find("<PMID").unwrap();
            let open = pmid_at + text[pmid_at..].find('>').unwrap() + 1;
            let pmid = text[open..open + text[open..].find('<').unwrap()].trim().to_string();
            expected.push(if i == 2 || i == 7 { format!("reject {pmid}") } else { pmid });
        }
        for &i in &[7, 2] {
            let end = starts[i] + text[starts[i]..].find("</ArticleTitle>").unwrap();
            text.insert_str(end, "</Bogus>");
        }
        let path = dir.join("broken.xml");
        std::fs::write(&path, text).unwrap();
        (path, expected)
    }

    #[test]
    fn the_sink_sees_every_record_in_input_order_whatever_the_batch_and_threads() {
        let dir = tempfile::tempdir().unwrap();
        let (path, expected) = broken_input(dir.path());
        let sources = [Source::new(path)];
        for batch in [1, 2, 3, 7, BATCH] {
            for threads in [1, 2] {
                let mut lines = Lines::default();
                let totals = run_batched(&sources, threads, batch, &mut lines).unwrap();
                assert_eq!(lines.0, expected, "batch {batch}, {threads} thread(s)");
                assert_eq!(totals.records as usize, expected.len());
                assert_eq!((totals.rejected, totals.sources), (2, 1));
            }
        }
    }

    #[test]
    fn a_file_that_is_not_pubmed_stops_the_run_after_the_files_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let (good, expected) = broken_input(dir.path());
        let bad = dir.path().join("page.html");
        std::fs::write(&bad, "<html><body>Service unavailable</body></html>").unwrap();
        for threads in [1, 2] {
            let mut lines = Lines::default();
            let err = run_batched(&[Source::new(good.clone()), Source::new(bad.clone())], threads, 4, &mut lines).unwrap_err();
            assert!(matches!(&err, PipelineError::NotPubmed { file, .. } if file.ends_with("page.html")), "{err}");
            assert_eq!(lines.0, expected, "{threads} thread(s)");
        }
    }
}
