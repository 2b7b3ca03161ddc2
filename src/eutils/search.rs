//! esearch past the 9,999-PMID cap: a query whose count is over the cap is split into PMID
//! ranges (`AND lo:hi[UID]`, as EDirect does) until every part is under it; the union of the
//! parts is the answer.
//!
//! Never fetches records; it only finds ids and history-server entries.

use super::ESEARCH_CAP;
use super::client::{Client, EutilsError, SearchParams};
use crate::pubmed::Pmid;

/// Above every PMID PubMed has issued (about 41 million in 2026), with room to grow.
const MAX_UID: u64 = 99_999_999;

/// One esearch that stayed under the cap: its term, ids and history-server entry.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPart {
    pub term: String,
    pub count: u64,
    pub ids: Vec<Pmid>,
    pub webenv: Option<String>,
    pub query_key: Option<String>,
}

/// Runs `base` (its term and dates) and returns the count of the whole query and its parts.
/// One request when the count is under the cap.
pub async fn search_all(
    client: &Client<'_>,
    base: &SearchParams,
) -> Result<(u64, Vec<SearchPart>), EutilsError> {
    let first = search_part(client, base, &base.term).await?;
    let total = first.count;
    if total <= ESEARCH_CAP {
        return Ok((total, vec![first]));
    }
    let mut parts = Vec::new();
    // Newest ranges first, like esearch's own order; a stack keeps the recursion flat.
    let mut ranges = vec![(1, MAX_UID)];
    while let Some((lo, hi)) = ranges.pop() {
        let term = format!("({}) AND {lo}:{hi}[UID]", base.term);
        let part = search_part(client, base, &term).await?;
        if part.count > ESEARCH_CAP && lo < hi {
            let mid = lo + (hi - lo) / 2;
            ranges.push((lo, mid));
            ranges.push((mid + 1, hi));
        } else if part.count > 0 {
            if part.count > ESEARCH_CAP {
                tracing::warn!(%term, count = part.count, "one PMID range is still over the esearch cap");
            }
            parts.push(part);
        }
    }
    Ok((total, parts))
}

/// One esearch with the history server, asking for as many ids as esearch gives.
pub async fn search_part(
    client: &Client<'_>,
    base: &SearchParams,
    term: &str,
) -> Result<SearchPart, EutilsError> {
    let p = SearchParams {
        term: term.to_string(),
        retmax: ESEARCH_CAP as u32,
        usehistory: true,
        ..base.clone()
    };
    let b = client.esearch(&p).await?;
    for w in &b.warnings {
        tracing::warn!(term, "esearch: {w}");
    }
    Ok(SearchPart {
        term: term.to_string(),
        count: b.count,
        ids: b.ids,
        webenv: b.webenv,
        query_key: b.query_key,
    })
}
