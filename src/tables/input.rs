//! What the lead hands the summary stage: article facts and findings (in memory, or spilled to a
//! file by the pipeline), PRISMA counts the search and parse stages know, and the provenance
//! every output is stamped with. Plain data, no polars.

use std::collections::HashMap;

use serde::Serialize;

use super::meta::ArticleMeta;
use super::spill::{Spill, SpillError};
use crate::extract::Findings;
use crate::pubmed::Pmid;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PrismaCounts {
    /// The esearch count; `None` for an offline run on stored records.
    pub identified: Option<u64>,
    /// Records fetched (stored); `None` means "the articles given", `metas.len()`.
    pub fetched: Option<u64>,
    /// Rejected records by reason ("parse error", "not a study", …), in display order.
    pub rejected: Vec<(String, u64)>,
}

/// Where the numbers come from; `stamp()` is printed on every output.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Provenance {
    pub query_name: String,
    pub term: String,
    pub esearch_count: Option<u64>,
    /// When the records were fetched (RFC 3339), when known.
    pub retrieved_at: Option<String>,
    /// True when this run fetched from PubMed; false for a run on stored records.
    pub refreshed: bool,
    /// Date of the stored records a non-refreshed run used.
    pub records_as_of: Option<String>,
    pub base_url: Option<String>,
    pub tool_version: String,
}

impl Provenance {
    /// One line: query, term, count, and whether the records are fresh.
    pub fn stamp(&self) -> String {
        let count = match self.esearch_count {
            Some(n) => format!("{n} records identified"),
            None => "count not queried".to_string(),
        };
        let when = if self.refreshed {
            format!(
                "refreshed {}",
                self.retrieved_at.as_deref().unwrap_or("at an unknown time")
            )
        } else {
            format!(
                "not refreshed, records as of {}",
                self.records_as_of
                    .as_deref()
                    .or(self.retrieved_at.as_deref())
                    .unwrap_or("an unknown date")
            )
        };
        format!(
            "ketamine-evidence {} · query {} ({}) · {} · {}",
            self.tool_version,
            self.query_name,
            short_term(&self.term),
            count,
            when
        )
    }
}

/// A search term cut to one readable line; the whole term is in `provenance.json`.
fn short_term(term: &str) -> String {
    const MAX: usize = 80;
    let flat = term.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX {
        return flat;
    }
    let cut: String = flat.chars().take(MAX - 1).collect();
    format!("{cut}…")
}

/// Everything the summaries, the report and the claim check read.
#[derive(Debug, Default)]
pub struct SummaryInput {
    pub studies: Studies,
    pub prisma: PrismaCounts,
    pub provenance: Provenance,
}

impl SummaryInput {
    /// Records held in memory (tests and library callers): `metas` and `findings` are matched by
    /// PMID, and `findings` may include records that are not studies.
    pub fn in_memory(
        metas: Vec<ArticleMeta>,
        findings: Vec<Findings>,
        prisma: PrismaCounts,
        provenance: Provenance,
    ) -> Self {
        SummaryInput {
            studies: Studies::Memory { metas, findings },
            prisma,
            provenance,
        }
    }
}

/// Where the per-study records live: in memory, or spilled to a file by the pipeline so memory
/// does not grow with their number. Each record has an id (`for_each`) that `get` takes back.
#[derive(Debug)]
pub enum Studies {
    Memory {
        metas: Vec<ArticleMeta>,
        findings: Vec<Findings>,
    },
    Spilled(Spill),
}

impl Default for Studies {
    fn default() -> Self {
        Studies::Memory {
            metas: Vec::new(),
            findings: Vec::new(),
        }
    }
}

impl Studies {
    /// Every record in input order, with its id and its metadata when known.
    pub fn for_each(
        &self,
        f: &mut dyn FnMut(u64, Option<&ArticleMeta>, &Findings),
    ) -> Result<(), SpillError> {
        match self {
            Studies::Memory { metas, findings } => {
                let index: HashMap<Pmid, &ArticleMeta> =
                    metas.iter().map(|m| (m.pmid, m)).collect();
                for (i, fi) in findings.iter().enumerate() {
                    f(i as u64, index.get(&fi.study.pmid).copied(), fi);
                }
                Ok(())
            }
            Studies::Spilled(spill) => spill.for_each(&mut |at, m, fi| f(at, Some(m), fi)),
        }
    }

    /// The record with this id, owned (a spilled one is read back from its file).
    pub fn get(&self, id: u64) -> Result<(Option<ArticleMeta>, Findings), SpillError> {
        match self {
            Studies::Memory { metas, findings } => {
                let f = findings[id as usize].clone();
                // Callers usually keep the two lists aligned; else search.
                let m = match metas.get(id as usize) {
                    Some(m) if m.pmid == f.study.pmid => Some(m.clone()),
                    _ => metas.iter().find(|m| m.pmid == f.study.pmid).cloned(),
                };
                Ok((m, f))
            }
            Studies::Spilled(spill) => spill.get(id).map(|(m, f)| (Some(m), f)),
        }
    }

    /// How many records carry metadata, and how many of those have an abstract, when known
    /// without a pass over the records (in memory); a spilled input counts them in its pass.
    pub fn meta_counts(&self) -> Option<(u64, u64)> {
        match self {
            Studies::Memory { metas, .. } => Some((
                metas.len() as u64,
                metas.iter().filter(|m| m.has_abstract).count() as u64,
            )),
            Studies::Spilled(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamp_says_when_not_refreshed() {
        let p = Provenance {
            query_name: "core".into(),
            term: "ketamine AND anxiety".into(),
            esearch_count: Some(812),
            records_as_of: Some("2026-11-01".into()),
            tool_version: "0.1.0".into(),
            ..Default::default()
        };
        assert_eq!(
            p.stamp(),
            "ketamine-evidence 0.1.0 · query core (ketamine AND anxiety) · 812 records identified · not refreshed, records as of 2026-11-01"
        );
        let fresh = Provenance {
            refreshed: true,
            retrieved_at: Some("2026-11-27T18:00:00Z".into()),
            ..p
        };
        assert!(fresh.stamp().ends_with("refreshed 2026-11-27T18:00:00Z"));
        let long = Provenance {
            term: "x OR ".repeat(40),
            ..fresh
        };
        let stamp = long.stamp();
        assert!(
            stamp.contains(&format!("({}…)", &"x OR ".repeat(16)[..79])),
            "{stamp}"
        );
    }

    #[test]
    fn short_terms_are_kept_whole() {
        assert_eq!(short_term("ketamine\n AND anxiety"), "ketamine AND anxiety");
    }
}
