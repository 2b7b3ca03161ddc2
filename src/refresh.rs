//! The live refresh: esearch the query, efetch what the store lacks (or everything with
//! `full`), store each complete batch verbatim, mark records PubMed deleted or that left the
//! query, and report what happened. Synchronous for the caller; a tokio runtime runs inside.
//!
//! Never drops a PMID silently: each one the search found is stored, or listed as missing in
//! the manifest and `missing.csv`. Never parses records (that is `pubmed`, after storage).

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::eutils::{
    Client, ClientConfig, EutilsError, FetchEvent, Fetched, SearchParams, SearchPart, search_all,
    search_part,
};
use crate::pubmed::Pmid;
use crate::query::Query;
use crate::store::{
    InProgress, Missing, Origin, QueryInfo, Removed, RemovedReason, StoreError, StoreWriter,
};

/// How many times one refresh searches again after the history server forgot its WebEnv.
const MAX_RESEARCH: u32 = 3;
/// Hours US Eastern time is behind UTC in winter (the larger gap, so the `mdat` day never
/// starts after the last refresh did).
const EASTERN_OFFSET_HOURS: i64 = 5;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefreshOptions {
    /// Fetch every record again, not only new and revised ones.
    pub full: bool,
}

/// What one refresh did; every field is also in the manifest or derivable from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefreshReport {
    pub query_name: String,
    pub term: String,
    pub esearch_count: u64,
    pub base_url: String,
    pub tool_version: String,
    /// Start of the refresh (UTC): the stored records are as of this time.
    pub retrieved_at: DateTime<Utc>,
    /// HTTP requests sent, retries included.
    pub requests: usize,
    /// The most requests sent in any one-second window.
    pub max_requests_per_second: usize,
    /// PMIDs the store did not hold before.
    pub new: Vec<Pmid>,
    /// Held PMIDs fetched again because PubMed revised them since the last refresh.
    pub revised: Vec<Pmid>,
    /// Held PMIDs newly marked deleted or no longer matching.
    pub removed: Vec<Removed>,
    /// PMIDs marked removed earlier that the query finds again.
    pub reinstated: Vec<Pmid>,
    /// Found by esearch, not returned by efetch even when asked by id.
    pub missing: Vec<Missing>,
    pub files_written: usize,
    pub records_written: usize,
    /// The refresh continued one that was killed before it completed.
    pub resumed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// PubMed could not be reached at all: `run` goes on with the stored records.
    #[error(transparent)]
    Unreachable(EutilsError),
    #[error(transparent)]
    Eutils(EutilsError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

impl From<EutilsError> for RefreshError {
    fn from(e: EutilsError) -> RefreshError {
        match e {
            EutilsError::Unreachable { .. } => RefreshError::Unreachable(e),
            e => RefreshError::Eutils(e),
        }
    }
}

/// Refreshes the store at `store_dir` from PubMed for `query`. Holds the store lock throughout;
/// the manifest is saved after every batch, so a killed run loses at most one batch.
pub fn refresh(
    cfg: &ClientConfig,
    store_dir: &Path,
    query: &Query,
    opts: &RefreshOptions,
    on_event: &(dyn Fn(FetchEvent) + Sync),
) -> Result<RefreshReport, RefreshError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(RefreshError::Runtime)?;
    let mut writer = StoreWriter::open(store_dir, query)?;
    let client = Client::new(cfg.clone(), on_event)?;
    let batch = cfg.batch_size.unwrap_or(query.batch_size).clamp(1, 10_000);
    let mut run = Run::start(&client, &mut writer, query, opts, batch)?;
    let result = rt.block_on(run.execute());
    run.report.requests = client.log().count();
    run.report.max_requests_per_second = client.log().max_per_second();
    result.map(|()| run.report)
}

struct Run<'a, 'e> {
    client: &'a Client<'e>,
    writer: &'a mut StoreWriter,
    query: &'a Query,
    batch: u32,
    full: bool,
    revised_since: Option<DateTime<Utc>>,
    run_at: DateTime<Utc>,
    received: HashSet<Pmid>,
    total: usize,
    report: RefreshReport,
}

impl<'a, 'e> Run<'a, 'e> {
    /// Picks up the refresh a killed run left, or starts a new one. Nothing is written yet:
    /// a run that fails before its first batch leaves the store as it was.
    fn start(
        client: &'a Client<'e>,
        writer: &'a mut StoreWriter,
        query: &'a Query,
        opts: &RefreshOptions,
        batch: u32,
    ) -> Result<Self, RefreshError> {
        let m = writer.manifest();
        let resumed = m.in_progress.clone();
        let ip = resumed.clone().unwrap_or(InProgress {
            started_at: Utc::now(),
            full: opts.full,
            revised_since: m.last_refresh,
        });
        let (full, revised_since, run_at) = (ip.full || opts.full, ip.revised_since, ip.started_at);
        let report = RefreshReport {
            query_name: query.name.clone(),
            term: query.term.clone(),
            esearch_count: 0,
            base_url: client.config().base_url.clone(),
            tool_version: env!("CARGO_PKG_VERSION").into(),
            retrieved_at: run_at,
            requests: 0,
            max_requests_per_second: 0,
            new: Vec::new(),
            revised: Vec::new(),
            removed: Vec::new(),
            reinstated: Vec::new(),
            missing: Vec::new(),
            files_written: 0,
            records_written: 0,
            resumed: resumed.is_some(),
        };
        Ok(Run {
            client,
            writer,
            query,
            batch,
            full,
            revised_since,
            run_at,
            received: HashSet::new(),
            total: 0,
            report,
        })
    }

    async fn execute(&mut self) -> Result<(), RefreshError> {
        let base = base_search(self.query);
        let (count, parts) = search_all(self.client, &base).await?;
        self.report.esearch_count = count;
        let found: Vec<Pmid> = unique(parts.iter().flat_map(|p| p.ids.iter().copied()));
        let before = self.writer.view();
        // What this run must fetch: with `full`, all it has not fetched yet; else what the store
        // lacks or holds only as a bundled (seed) copy.
        let need = |p: &Pmid| match before.current_entry(*p) {
            None => true,
            Some(f) if self.full => f.run != self.run_at,
            Some(f) => f.origin == Origin::Seed,
        };
        let mut to_fetch: Vec<Pmid> = found.iter().copied().filter(|p| need(p)).collect();
        self.report.new = found
            .iter()
            .copied()
            .filter(|p| before.file_of(*p).is_none())
            .collect();
        if let (false, Some(since)) = (self.full, self.revised_since) {
            let revised = self.revised(since, &found, &to_fetch).await?;
            to_fetch.extend(&revised);
            self.report.revised = revised;
        }
        self.total = to_fetch.len();
        (self.client_event())(FetchEvent::Searched {
            count,
            to_fetch: self.total,
        });
        self.mark_in_progress()?;
        let wanted: HashSet<Pmid> = to_fetch.iter().copied().collect();
        for part in &parts {
            let whole = part.webenv.is_some() && part.count == part.ids.len() as u64;
            if whole && !part.ids.is_empty() && part.ids.iter().all(|p| wanted.contains(p)) {
                self.fetch_history(&base, part.clone()).await?;
            }
        }
        let rest: Vec<Pmid> = to_fetch
            .iter()
            .copied()
            .filter(|p| !self.received.contains(p))
            .collect();
        let not_returned = self.fetch_ids(&rest).await?;
        self.report.missing = not_returned
            .into_iter()
            .map(|pmid| Missing {
                pmid,
                reason: "found by esearch; efetch returned no record, also when asked by id".into(),
            })
            .collect();
        self.mark_removed(count, &found).await?;
        self.finish(count)
    }

    /// Records in the manifest that this run is under way, before it stores anything, so that a
    /// killed run is resumed with the same start time and revision window.
    fn mark_in_progress(&mut self) -> Result<(), RefreshError> {
        let ip = InProgress {
            started_at: self.run_at,
            full: self.full,
            revised_since: self.revised_since,
        };
        let q = QueryInfo::from(self.query);
        self.writer.update(|m| {
            m.in_progress = Some(ip);
            m.query = q;
        })?;
        Ok(())
    }

    fn client_event(&self) -> &(dyn Fn(FetchEvent) + Sync) {
        self.client.on_event()
    }

    /// Held PMIDs that PubMed modified since `since` (`mdat`), not already due for fetching.
    async fn revised(
        &self,
        since: DateTime<Utc>,
        found: &[Pmid],
        to_fetch: &[Pmid],
    ) -> Result<Vec<Pmid>, RefreshError> {
        // PubMed dates modifications in US Eastern time; a UTC date could start a day late.
        let day = (since - chrono::Duration::hours(EASTERN_OFFSET_HOURS))
            .format("%Y/%m/%d")
            .to_string();
        let mut p = base_search(self.query);
        if p.dates.is_some() {
            // esearch takes one date filter as parameters; the query's own is already there.
            p.term = format!("({}) AND (\"{day}\"[MDAT] : \"3000\"[MDAT])", p.term);
        } else {
            p.dates = Some(("mdat".into(), day, "3000".into()));
        }
        let (_, parts) = search_all(self.client, &p).await?;
        let view = self.writer.view();
        let (found, due): (HashSet<&Pmid>, HashSet<&Pmid>) =
            (found.iter().collect(), to_fetch.iter().collect());
        let done_here = |p: &Pmid| view.current_entry(*p).is_some_and(|f| f.run == self.run_at);
        Ok(unique(parts.iter().flat_map(|p| p.ids.iter().copied()))
            .into_iter()
            .filter(|p| {
                found.contains(p) && !due.contains(p) && view.file_of(*p).is_some() && !done_here(p)
            })
            .collect())
    }

    /// Fetches a whole search part from the history server, batch by batch; searches again
    /// when the WebEnv is forgotten. Records a short batch lacks are left for `fetch_ids`.
    async fn fetch_history(
        &mut self,
        base: &SearchParams,
        mut part: SearchPart,
    ) -> Result<(), RefreshError> {
        let (mut retstart, mut researched) = (0usize, 0u32);
        while retstart < part.ids.len() {
            let n = (part.ids.len() - retstart).min(self.batch as usize);
            let (webenv, key) = (
                part.webenv.clone().unwrap_or_default(),
                part.query_key.clone().unwrap_or_default(),
            );
            match self
                .client
                .efetch_history(&webenv, &key, retstart as u64, n as u32)
                .await
            {
                Ok(f) => {
                    self.commit(f, Origin::EfetchHistory)?;
                    retstart += n;
                }
                Err(EutilsError::History { message, .. }) if researched < MAX_RESEARCH => {
                    tracing::info!(%message, "history server lost the search; searching again");
                    (self.client_event())(FetchEvent::Researching);
                    researched += 1;
                    let fresh = search_part(self.client, base, &part.term).await?;
                    part.webenv = fresh.webenv;
                    part.query_key = fresh.query_key;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Fetches `ids` by PMID in batches; returns those efetch did not return.
    async fn fetch_ids(&mut self, ids: &[Pmid]) -> Result<Vec<Pmid>, RefreshError> {
        for chunk in ids.chunks(self.batch as usize) {
            let f = self.client.efetch_ids(chunk).await?;
            self.commit(f, Origin::EfetchIds)?;
        }
        Ok(ids
            .iter()
            .copied()
            .filter(|p| !self.received.contains(p))
            .collect())
    }

    fn commit(&mut self, f: Fetched, origin: Origin) -> Result<(), RefreshError> {
        let n = f.pmids.len();
        if n > 0 {
            self.writer
                .add_batch(&f.body, f.pmids.clone(), origin, self.run_at)?;
            self.report.files_written += 1;
            self.report.records_written += n;
        }
        if !f.deleted.is_empty() {
            let now = Utc::now();
            let marks: Vec<Removed> = f
                .deleted
                .iter()
                .map(|&pmid| Removed {
                    pmid,
                    reason: RemovedReason::Deleted,
                    noted_at: now,
                })
                .collect();
            self.writer
                .update(|m| merge_removed(&mut m.removed, &marks))?;
            self.report.removed.extend(marks);
        }
        self.received.extend(f.pmids);
        let done = self.received.len().min(self.total);
        (self.client_event())(FetchEvent::BatchDone {
            records: n,
            done,
            total: self.total,
        });
        Ok(())
    }

    /// Marks held PMIDs the search no longer finds: deleted when efetch returns nothing for
    /// them, else no longer matching. Skipped when the search listed fewer ids than its count.
    async fn mark_removed(&mut self, count: u64, found: &[Pmid]) -> Result<(), RefreshError> {
        let found: HashSet<Pmid> = found.iter().copied().collect();
        let m = self.writer.manifest();
        self.report.reinstated = m
            .removed
            .iter()
            .map(|r| r.pmid)
            .filter(|p| found.contains(p))
            .collect();
        if (found.len() as u64) < count {
            tracing::warn!(
                count,
                listed = found.len(),
                "esearch listed fewer ids than its count; not marking removed records"
            );
            return Ok(());
        }
        let gone: Vec<Pmid> = m
            .pmids
            .iter()
            .copied()
            .filter(|p| !found.contains(p) && !m.is_removed(*p))
            .collect();
        let mut still_there = HashSet::new();
        for chunk in gone.chunks(self.batch as usize) {
            still_there.extend(self.client.efetch_ids(chunk).await?.pmids);
        }
        let now = Utc::now();
        let marks: Vec<Removed> = gone
            .iter()
            .map(|&pmid| {
                let reason = if still_there.contains(&pmid) {
                    RemovedReason::NoLongerMatches
                } else {
                    RemovedReason::Deleted
                };
                Removed {
                    pmid,
                    reason,
                    noted_at: now,
                }
            })
            .collect();
        let back = self.report.reinstated.clone();
        self.writer.update(|m| {
            m.removed.retain(|r| !back.contains(&r.pmid));
            merge_removed(&mut m.removed, &marks);
        })?;
        self.report.removed.extend(marks);
        Ok(())
    }

    fn finish(&mut self, count: u64) -> Result<(), RefreshError> {
        let (run_at, base_url, missing) = (
            self.run_at,
            self.report.base_url.clone(),
            self.report.missing.clone(),
        );
        self.writer.update(|m| {
            m.source = "PubMed E-utilities efetch (retmode=xml); bodies stored verbatim".into();
            m.base_url = Some(base_url);
            m.tool = crate::eutils::TOOL.into();
            m.tool_version = env!("CARGO_PKG_VERSION").into();
            m.esearch_count = Some(count);
            m.retrieved_at = run_at;
            m.last_refresh = Some(run_at);
            m.in_progress = None;
            m.missing = missing;
        })?;
        self.writer.write_missing()?;
        Ok(())
    }
}

/// The query's own term and date filter as esearch parameters.
fn base_search(q: &Query) -> SearchParams {
    let dates = match (&q.mindate, &q.maxdate) {
        (Some(min), Some(max)) => Some((
            q.datetype.clone().unwrap_or_else(|| "pdat".into()),
            min.clone(),
            max.clone(),
        )),
        _ => None,
    };
    SearchParams {
        term: q.term.clone(),
        dates,
        ..SearchParams::default()
    }
}

fn unique(ids: impl Iterator<Item = Pmid>) -> Vec<Pmid> {
    let mut seen = HashSet::new();
    ids.filter(|p| seen.insert(*p)).collect()
}

fn merge_removed(list: &mut Vec<Removed>, marks: &[Removed]) {
    for m in marks {
        if !list.iter().any(|r| r.pmid == m.pmid) {
            list.push(m.clone());
        }
    }
}
