//! `manifest.json`: what the store holds and where it came from. The raw files are the records;
//! the manifest is the index and the provenance, rewritten whole (atomically) after each batch.
//!
//! Never holds the API key, nor any request URL with a query string.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::pubmed::Pmid;
use crate::query::Query;

/// Bumped when a field changes meaning; `Store::open` refuses other versions.
pub const FORMAT: u32 = 1;

/// The whole manifest. Field order is the order in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub query: QueryInfo,
    /// Where the records came from, in words.
    pub source: String,
    /// E-utilities base URL of the last refresh; `None` for a seeded store.
    pub base_url: Option<String>,
    pub tool: String,
    pub tool_version: String,
    /// esearch `Count` of the last complete refresh; `None` before the first.
    pub esearch_count: Option<u64>,
    /// The records are as of this time (UTC): the start of the last complete refresh, or the
    /// time the store was seeded.
    pub retrieved_at: DateTime<Utc>,
    /// Start of the last complete refresh from PubMed: the `mdat` lower bound of the next one.
    pub last_refresh: Option<DateTime<Utc>>,
    /// Set while a refresh runs and cleared when it completes, so that a killed run resumes.
    pub in_progress: Option<InProgress>,
    /// Distinct PMIDs held (current copies, removed ones included).
    pub record_count: usize,
    /// Every PMID held, ascending.
    pub pmids: Vec<Pmid>,
    /// Raw files, oldest first. A PMID stored again later (a revision) is current in the
    /// last file that holds it.
    pub files: Vec<RawFile>,
    /// Held PMIDs that PubMed deleted or that no longer match the query: kept, marked.
    pub removed: Vec<Removed>,
    /// PMIDs the search found but efetch did not return, as of the last refresh.
    pub missing: Vec<Missing>,
}

/// The query a store was filled from (a copy: the TOML file may change later).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryInfo {
    pub name: String,
    pub term: String,
    pub datetype: Option<String>,
    pub mindate: Option<String>,
    pub maxdate: Option<String>,
}

impl From<&Query> for QueryInfo {
    fn from(q: &Query) -> QueryInfo {
        QueryInfo {
            name: q.name.clone(),
            term: q.term.clone(),
            datetype: q.datetype.clone(),
            mindate: q.mindate.clone(),
            maxdate: q.maxdate.clone(),
        }
    }
}

/// How a raw file was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Bundled records, not fetched from PubMed; the first refresh fetches them again.
    Seed,
    /// efetch from the history server (`WebEnv`, `retstart`, `retmax`).
    EfetchHistory,
    /// efetch by PMID list.
    EfetchIds,
}

/// One raw body, verbatim, under `raw/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Relative to the store directory, with `/`.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub origin: Origin,
    pub retrieved_at: DateTime<Utc>,
    /// The refresh (its start time) that wrote the file.
    pub run: DateTime<Utc>,
    /// Records in the file, in file order.
    pub pmids: Vec<Pmid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovedReason {
    /// efetch no longer returns the record, or a `DeleteCitation` named it.
    Deleted,
    /// PubMed still has the record but the query no longer finds it.
    NoLongerMatches,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removed {
    pub pmid: Pmid,
    pub reason: RemovedReason,
    pub noted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Missing {
    pub pmid: Pmid,
    pub reason: String,
}

/// The state of an unfinished refresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InProgress {
    pub started_at: DateTime<Utc>,
    pub full: bool,
    /// The `mdat` lower bound this refresh uses; kept so a resumed run asks the same.
    pub revised_since: Option<DateTime<Utc>>,
}

impl Manifest {
    /// An empty store for `query`.
    pub fn new(query: &Query, at: DateTime<Utc>) -> Manifest {
        Manifest {
            format: FORMAT,
            query: QueryInfo::from(query),
            source: "empty: no records yet".into(),
            base_url: None,
            tool: crate::eutils::TOOL.into(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            esearch_count: None,
            retrieved_at: at,
            last_refresh: None,
            in_progress: None,
            record_count: 0,
            pmids: Vec::new(),
            files: Vec::new(),
            removed: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// Recomputes `pmids` and `record_count` from `files`.
    pub fn reindex(&mut self) {
        let mut all: Vec<Pmid> = self
            .files
            .iter()
            .flat_map(|f| f.pmids.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        self.record_count = all.len();
        self.pmids = all;
    }

    pub fn is_removed(&self, pmid: Pmid) -> bool {
        self.removed.iter().any(|r| r.pmid == pmid)
    }
}
