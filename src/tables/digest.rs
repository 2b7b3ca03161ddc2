//! One streaming pass over the studies that keeps only what the summaries need: counts, the
//! population × route cells, each study's chosen rates and contrasts as plain numbers, and sort
//! keys (with the record's id) for the tables that list studies. The text those tables quote is
//! fetched again by id when they are written, a chunk at a time; so memory is a few dozen bytes
//! per study, never its sentences. The choices themselves are made in `rates.rs` and `timing.rs`.

use std::collections::BTreeMap;

use super::input::SummaryInput;
use super::rates::{contrast_scale, contrasts, is_review, rates};
use super::spill::SpillError;
use super::time::hours;
use super::timing::is_anxiety_result;
use crate::extract::{Design, Findings, OutcomeKind, Population};
use crate::pubmed::Pmid;

/// One study's place in the evidence table: population, then year, then PMID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct EvidenceKey {
    pub population: Population,
    pub year: Option<i32>,
    pub pmid: Pmid,
    pub id: u64,
}

/// A study's earliest or latest timed anxiety result: which record, which outcome, when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedKey {
    pub hours: f64,
    pub pmid: Pmid,
    pub id: u64,
    pub outcome: usize,
}

/// A study's rate (`rates::Rate` without the borrowed outcome), with what the forest plot shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RatePoint {
    pub pmid: Pmid,
    pub population: Population,
    pub kind: OutcomeKind,
    pub events: u32,
    pub n: u32,
    pub percent: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub year: Option<i32>,
    pub label: String,
}

/// A study's between-arm contrast (`rates::Contrast` without the borrowed outcome).
#[derive(Debug, Clone, PartialEq)]
pub struct ContrastPoint {
    pub pmid: Pmid,
    pub population: Population,
    pub kind: OutcomeKind,
    pub scale: Option<String>,
    pub value: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub n: Option<u32>,
}

/// Studies, participants and reviews of one population × route cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub studies: i64,
    pub rcts: i64,
    pub participants: i64,
    pub with_n: i64,
    pub reviews: i64,
}

#[derive(Debug, Default)]
pub struct Digest {
    /// Records with metadata, and those with an abstract (PRISMA).
    pub records: u64,
    pub with_abstract: u64,
    pub studies: u64,
    pub with_outcome: u64,
    /// Sorted in table order.
    pub evidence: Vec<EvidenceKey>,
    pub cells: BTreeMap<(Population, String), Cell>,
    /// In input order.
    pub rates: Vec<RatePoint>,
    pub contrasts: Vec<ContrastPoint>,
    /// Sorted in table order: earliest first for onset, latest first for durability.
    pub onset: Vec<TimedKey>,
    pub durability: Vec<TimedKey>,
}

impl Digest {
    pub fn of(input: &SummaryInput) -> Result<Digest, SpillError> {
        let mut d = Digest::default();
        (d.records, d.with_abstract) = input.studies.meta_counts()?;
        input.studies.for_each(&mut |id, meta, f| {
            let year = meta.and_then(|m| m.year);
            let label = || meta.map(|m| m.label()).unwrap_or_else(|| format!("PMID {}", f.study.pmid));
            d.rates.extend(rates(std::slice::from_ref(f)).into_iter().map(|r| RatePoint {
                pmid: r.pmid,
                population: r.population,
                kind: r.kind,
                events: r.events,
                n: r.n,
                percent: r.percent,
                ci_low: r.ci_low,
                ci_high: r.ci_high,
                year,
                label: label(),
            }));
            d.contrasts.extend(contrasts(std::slice::from_ref(f)).into_iter().map(|c| ContrastPoint {
                pmid: c.pmid,
                population: c.population,
                kind: c.kind,
                scale: contrast_scale(c.outcome).map(str::to_string),
                value: c.outcome.value,
                ci_low: c.outcome.ci_low,
                ci_high: c.outcome.ci_high,
                n: c.outcome.n,
            }));
            if f.study.is_study {
                d.add_study(id, year, f);
            }
        })?;
        d.evidence.sort();
        let by = |latest: bool| {
            move |a: &TimedKey, b: &TimedKey| {
                let ord = a.hours.total_cmp(&b.hours);
                (if latest { ord.reverse() } else { ord }).then(a.pmid.cmp(&b.pmid))
            }
        };
        d.onset.sort_by(by(false));
        d.durability.sort_by(by(true));
        Ok(d)
    }

    fn add_study(&mut self, id: u64, year: Option<i32>, f: &Findings) {
        let s = &f.study;
        self.studies += 1;
        self.with_outcome += u64::from(!f.outcomes.is_empty());
        self.evidence.push(EvidenceKey { population: s.population, year, pmid: s.pmid, id });
        self.add_cells(f);
        if is_review(s.design) {
            return;
        }
        let timed = || {
            f.outcomes.iter().enumerate().filter(|(_, o)| is_anxiety_result(f, o)).filter_map(|(i, o)| {
                Some(TimedKey { hours: hours(o.timepoint.as_deref()?)?, pmid: s.pmid, id, outcome: i })
            })
        };
        // Ties keep the first in abstract order, as `timing::extreme_times` does.
        self.onset.extend(timed().reduce(|a, b| if b.hours < a.hours { b } else { a }));
        self.durability.extend(timed().reduce(|a, b| if b.hours > a.hours { b } else { a }));
    }

    /// Primary studies and reviews are counted apart, and only primary studies add participants;
    /// a study with several routes counts under each, one with none under `not_reported`.
    fn add_cells(&mut self, f: &Findings) {
        let routes: Vec<String> = if f.study.routes.is_empty() {
            vec!["not_reported".to_string()]
        } else {
            f.study.routes.iter().map(|r| r.to_string()).collect()
        };
        for route in routes {
            let c = self.cells.entry((f.study.population, route)).or_default();
            if is_review(f.study.design) {
                c.reviews += 1;
                continue;
            }
            c.studies += 1;
            c.rcts += i64::from(matches!(f.study.design, Design::Rct | Design::CrossoverRct));
            if let Some(n) = f.study.n_total {
                c.participants += i64::from(n);
                c.with_n += 1;
            }
        }
    }
}
