//! The pipeline's sink for `run`, `extract` and `check`: streams `articles`, `studies` and
//! `outcomes` to CSV + Parquet in chunks, collects rejects, and spills what the summaries need
//! (each study's findings and compact metadata) to a temporary file in the output folder, so
//! memory does not grow with the number of records or studies. It never keeps a study in memory.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::seen::SeenPmids;
use crate::extract::Findings;
use crate::pipeline::{Event, Sink};
use crate::pubmed::{Article, Pmid};
use crate::tables::{records, ArticleMeta, RejectRow, Spill, SpillWriter, TableSink};

/// Rows buffered per table before a chunk is written. A chunk of `articles` (abstracts included)
/// is copied twice while it is written, so this sets most of the sink's memory: about 10 MB at
/// 1024 rows, four times that at 4096, for no gain in speed.
const CHUNK_ROWS: usize = 1024;

/// The studies spilled for the summaries; removed once they are written (see `tables::spill`).
const SPILL_FILE: &str = ".studies.spill";

/// Decides whether a parsed article is the copy to keep (a store may hold several copies of a
/// revised record; the newest wins).
pub type Keep<'a> = Box<dyn Fn(Pmid, usize) -> bool + 'a>;

pub struct Outputs<'a> {
    pub dir: PathBuf,
    articles: TableSink,
    studies: TableSink,
    outcomes: TableSink,
    pub rejects: Vec<RejectRow>,
    pub deleted: Vec<Pmid>,
    keep: Option<Keep<'a>>,
    seen: SeenPmids,
    pub duplicates: u64,
    pub skipped: u64,
    /// Records that look like studies of a ketamine-family drug, for the summaries.
    spill: SpillWriter,
    pub counts: Counts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub articles: u64,
    pub studies: u64,
    pub outcomes: u64,
}

impl<'a> Outputs<'a> {
    pub fn create(dir: &Path, keep: Option<Keep<'a>>) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create output folder {}", dir.display()))?;
        let table = |stem: &str, schema| {
            TableSink::create(dir, stem, schema, CHUNK_ROWS)
                .with_context(|| format!("cannot create {stem} tables in {}", dir.display()))
        };
        Ok(Outputs {
            dir: dir.to_path_buf(),
            articles: table("articles", records::ARTICLES)?,
            studies: table("studies", records::STUDIES)?,
            outcomes: table("outcomes", records::OUTCOMES)?,
            rejects: Vec::new(),
            deleted: Vec::new(),
            keep,
            seen: SeenPmids::default(),
            duplicates: 0,
            skipped: 0,
            spill: SpillWriter::create(&dir.join(SPILL_FILE))?,
            counts: Counts::default(),
        })
    }

    fn article(&mut self, source: usize, article: &Article, findings: &Findings) -> anyhow::Result<()> {
        if let Some(keep) = &self.keep {
            if !keep(article.pmid, source) {
                self.skipped += 1;
                return Ok(());
            }
        }
        if !self.seen.insert(article.pmid) {
            // The same PMID twice in the inputs: the first copy is the one written.
            self.duplicates += 1;
            return Ok(());
        }
        let c = &mut self.counts;
        c.articles += 1;
        records::push_article(&mut self.articles.rows, article);
        self.articles.maybe_flush()?;
        records::push_study(&mut self.studies.rows, &findings.study, findings.outcomes.len());
        self.studies.maybe_flush()?;
        for o in &findings.outcomes {
            records::push_outcome(&mut self.outcomes.rows, o);
        }
        self.outcomes.maybe_flush()?;
        if findings.study.is_study && !findings.study.drugs.is_empty() {
            c.studies += 1;
            c.outcomes += findings.outcomes.len() as u64;
            self.spill.push(&ArticleMeta::from_article(article), findings)?;
        }
        Ok(())
    }

    /// Close the streamed tables and write `rejects.csv`; returns the files written, and the
    /// spilled studies for the summaries.
    pub fn finish(self) -> anyhow::Result<(Finished, Spill)> {
        let mut files = Vec::new();
        for t in [self.articles, self.studies, self.outcomes] {
            let (_, paths) = t.finish()?;
            files.extend(paths);
        }
        let mut rejects = TableSink::create(&self.dir, "rejects", records::REJECTS, CHUNK_ROWS)?;
        for r in &self.rejects {
            records::push_reject(&mut rejects.rows, r);
        }
        let (_, paths) = rejects.finish()?;
        files.push(paths[0].clone());
        std::fs::remove_file(&paths[1]).ok();
        let spill = self.spill.finish()?;
        let finished = Finished {
            files,
            rejects: self.rejects,
            deleted: self.deleted,
            counts: self.counts,
            duplicates: self.duplicates,
            skipped: self.skipped,
        };
        Ok((finished, spill))
    }
}

/// What is left once the streamed tables are closed: the inputs of the summaries.
pub struct Finished {
    pub files: Vec<PathBuf>,
    pub rejects: Vec<RejectRow>,
    pub deleted: Vec<Pmid>,
    pub counts: Counts,
    pub duplicates: u64,
    pub skipped: u64,
}

impl Sink for Outputs<'_> {
    fn accept(&mut self, event: Event<'_>) -> anyhow::Result<()> {
        match event {
            Event::Article { source, article, findings } => self.article(source, article, findings),
            Event::Deleted { pmids, .. } => {
                self.deleted.extend_from_slice(pmids);
                Ok(())
            }
            Event::Reject(r) => {
                self.rejects.push(r);
                Ok(())
            }
        }
    }
}
