//! One streaming pass over the studies that keeps only what the summaries need: counts, the
//! population × route cells, each study's chosen rates and contrasts as plain numbers, and sort
//! keys (with the record's id) for the tables that list studies. The text those tables quote is
//! fetched again by id when they are written, a chunk at a time; so memory is a few dozen bytes
//! per study, never its sentences. The choices themselves are made in `rates.rs` and `timing.rs`.

use std::collections::BTreeMap;

use super::input::SummaryInput;
use super::meta::ArticleMeta;
use super::rates::{contrasts, is_review, rates, Contrast, Rate};
use super::spill::SpillError;
use super::time::hours;
use super::timing::is_anxiety_result;
use crate::extract::{Design, Findings, Population};
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

/// A study's rate with what the forest plot shows beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct RatePoint {
    pub rate: Rate,
    pub year: Option<i32>,
    pub label: String,
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
    pub contrasts: Vec<Contrast>,
    /// Sorted in table order: earliest first for onset, latest first for durability.
    pub onset: Vec<TimedKey>,
    pub durability: Vec<TimedKey>,
}

impl Digest {
    /// The digest of `input`'s studies, in one pass after the records are written. (Made during
    /// the pass instead, beside the spill, it saved 1 % of the instructions but kept its memory
    /// beside the pass's: peak RSS on 2 GB rose by 10 MB with one thread.)
    pub fn of(input: &SummaryInput) -> Result<Digest, SpillError> {
        let mut d = Digest::default();
        input.studies.for_each(&mut |id, meta, f| d.add(id, meta, f))?;
        if let Some(counts) = input.studies.meta_counts() {
            (d.records, d.with_abstract) = counts;
        }
        Ok(d.finish())
    }

    /// Adds one record, in input order, with its id for `Studies::get`.
    fn add(&mut self, id: u64, meta: Option<&ArticleMeta>, f: &Findings) {
        self.records += u64::from(meta.is_some());
        self.with_abstract += u64::from(meta.is_some_and(|m| m.has_abstract));
        let year = meta.and_then(|m| m.year);
        let label = || meta.map(|m| m.label()).unwrap_or_else(|| format!("PMID {}", f.study.pmid));
        self.rates.extend(rates(f).into_iter().map(|rate| RatePoint { rate, year, label: label() }));
        self.contrasts.extend(contrasts(f));
        if f.study.is_study {
            self.add_study(id, year, f);
        }
    }

    /// Sorts the keys into table order once every record is added.
    fn finish(mut self) -> Digest {
        self.evidence.sort();
        let by = |latest: bool| {
            move |a: &TimedKey, b: &TimedKey| {
                let ord = a.hours.total_cmp(&b.hours);
                (if latest { ord.reverse() } else { ord }).then(a.pmid.cmp(&b.pmid))
            }
        };
        self.onset.sort_by(by(false));
        self.durability.sort_by(by(true));
        self
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{AgeGroup, Arm, Blinding, Evidence, Outcome, OutcomeKind, Route, Study};
    use crate::tables::input::{PrismaCounts, Provenance};
    use crate::tables::meta::ArticleMeta;

    /// A study: (pmid, year, population, design, routes, n_total, [(kind, arm, value, timepoint)]).
    type Case = (u64, i32, Population, Design, &'static [Route], Option<u32>, &'static [(OutcomeKind, Arm, f64, &'static str)]);

    fn input(cases: &[Case]) -> SummaryInput {
        let mut metas = Vec::new();
        let mut findings = Vec::new();
        for &(pmid, year, population, design, routes, n_total, outcomes) in cases {
            let mut a = crate::pubmed::Article::new(Pmid(pmid));
            a.pub_date.year = Some(year);
            metas.push(ArticleMeta::from_article(&a));
            let study = Study {
                pmid: Pmid(pmid), design, blinding: Blinding::NotReported, n_total, n_studies: None, population,
                age_group: AgeGroup::Adult, drugs: vec![], routes: routes.to_vec(), comparators: vec![],
                scales: vec![], doses: vec![], is_study: true,
            };
            let outcomes = outcomes
                .iter()
                .map(|&(kind, arm, value, tp)| Outcome {
                    pmid: Pmid(pmid), kind, arm, scale: Some("HAM-A".into()), timepoint: Some(tp.into()), value,
                    ci_low: None, ci_high: None, p_value: None, events: None, n: Some(20),
                    evidence: Evidence { text: format!("{value} at {tp}"), section: None, start: None, end: None },
                    rule: "test", confidence: 1.0,
                })
                .collect();
            findings.push(Findings { study, outcomes });
        }
        SummaryInput::in_memory(metas, findings, PrismaCounts::default(), Provenance::default())
    }

    const RR: OutcomeKind = OutcomeKind::ResponseRate;

    #[test]
    fn keeps_keys_and_numbers_not_records() {
        use Population::{Gad, Ptsd};
        let cases: &[Case] = &[
            (3, 2020, Ptsd, Design::Rct, &[Route::Iv], Some(30), &[(RR, Arm::Ketamine, 50.0, "day 7"), (RR, Arm::Ketamine, 60.0, "24 h")]),
            (1, 2021, Gad, Design::SingleArm, &[], Some(12), &[(RR, Arm::Overall, 75.0, "2 weeks")]),
            (2, 2019, Gad, Design::MetaAnalysis, &[Route::Iv, Route::Oral], None, &[(RR, Arm::Ketamine, 40.0, "1 h")]),
            (4, 2019, Gad, Design::Rct, &[Route::Oral], None, &[]),
        ];
        let d = Digest::of(&input(cases)).unwrap();
        let order: Vec<u64> = d.evidence.iter().map(|k| k.pmid.0).collect();
        assert_eq!(order, [2, 4, 1, 3], "population, then year, then PMID");
        assert_eq!((d.records, d.studies, d.with_outcome), (4, 4, 3));
        // The review counts apart and adds no participants; a study without routes is under not_reported.
        let cell = |p, r: &str| d.cells.get(&(p, r.to_string())).cloned().unwrap_or_default();
        assert_eq!(cell(Gad, "iv"), Cell { reviews: 1, ..Cell::default() });
        assert_eq!(cell(Gad, "not_reported"), Cell { studies: 1, participants: 12, with_n: 1, ..Cell::default() });
        assert_eq!(cell(Gad, "oral"), Cell { studies: 1, rcts: 1, reviews: 1, ..Cell::default() });
        // One rate per primary study and kind: the first usable, in abstract order; none from the review.
        let rates: Vec<(u64, f64)> = d.rates.iter().map(|r| (r.rate.pmid.0, r.rate.percent)).collect();
        assert_eq!(rates, [(3, 50.0), (1, 75.0)]);
        // Onset is the earliest result, durability the latest; reviews have neither.
        let keys = |ks: &[TimedKey]| ks.iter().map(|k| (k.pmid.0, k.outcome, k.hours)).collect::<Vec<_>>();
        assert_eq!(keys(&d.onset), [(3, 1, 24.0), (1, 0, 336.0)]);
        assert_eq!(keys(&d.durability), [(1, 0, 336.0), (3, 0, 168.0)]);
    }
}
