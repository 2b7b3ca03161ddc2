//! The summary tables a person reads: the evidence table, studies per population × route, and
//! the PRISMA flow counts. Pooled and timing tables live in `pooled.rs` and `timing.rs`; every
//! choice of which number to show is made in `rates.rs`.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::{DataFrame, PolarsResult};

use super::build::{FrameBuilder, joined};
use super::input::SummaryInput;
use super::meta::ArticleMeta;
use super::rates::{describe, headline, is_review};
use crate::extract::{Design, Findings, Population};
use crate::pubmed::Pmid;

/// Every summary table, built once and written by `report`.
#[derive(Debug, Clone)]
pub struct Summaries {
    pub evidence_table: DataFrame,
    pub summary_by_population_route: DataFrame,
    pub pooled: DataFrame,
    pub onset: DataFrame,
    pub durability: DataFrame,
    pub prisma: DataFrame,
}

impl Summaries {
    /// `(file stem, table)` in the order the report shows them.
    pub fn named(&self) -> [(&'static str, &DataFrame); 6] {
        [
            ("prisma", &self.prisma),
            ("evidence_table", &self.evidence_table),
            (
                "summary_by_population_route",
                &self.summary_by_population_route,
            ),
            ("pooled", &self.pooled),
            ("onset", &self.onset),
            ("durability", &self.durability),
        ]
    }
}

pub fn build_summaries(input: &SummaryInput) -> PolarsResult<Summaries> {
    Ok(Summaries {
        evidence_table: evidence_table(input)?,
        summary_by_population_route: summary_by_population_route(input)?,
        pooled: super::pooled::pooled(input)?,
        onset: super::timing::onset(input)?,
        durability: super::timing::durability(input)?,
        prisma: prisma(input)?,
    })
}

pub(crate) fn meta_index(input: &SummaryInput) -> HashMap<Pmid, &ArticleMeta> {
    input.metas.iter().map(|m| (m.pmid, m)).collect()
}

/// The studies of the evidence table, in its order: population, then year, then PMID.
pub fn evidence_rows(input: &SummaryInput) -> Vec<&Findings> {
    let metas = meta_index(input);
    let mut rows: Vec<&Findings> = input.studies().collect();
    rows.sort_by_key(|f| {
        (
            f.study.population,
            metas.get(&f.study.pmid).and_then(|m| m.year),
            f.study.pmid,
        )
    });
    rows
}

pub fn evidence_table(input: &SummaryInput) -> PolarsResult<DataFrame> {
    let metas = meta_index(input);
    let rows = evidence_rows(input);
    let meta = |f: &Findings| metas.get(&f.study.pmid).copied();
    let text = |g: &dyn Fn(&Findings) -> Option<String>| rows.iter().map(|f| g(f)).collect();
    FrameBuilder::new(rows.len())
        .text(
            "population",
            text(&|f| Some(f.study.population.to_string())),
        )
        .int(
            "year",
            rows.iter()
                .map(|f| meta(f).and_then(|m| m.year).map(i64::from))
                .collect(),
        )
        .text("pmid", text(&|f| Some(f.study.pmid.to_string())))
        .text("study", text(&|f| meta(f).map(ArticleMeta::label)))
        .text("title", text(&|f| meta(f).and_then(|m| m.title.clone())))
        .text("design", text(&|f| Some(f.study.design.to_string())))
        .text("blinding", text(&|f| Some(f.study.blinding.to_string())))
        .int(
            "n",
            rows.iter()
                .map(|f| f.study.n_total.map(i64::from))
                .collect(),
        )
        .text("age_group", text(&|f| Some(f.study.age_group.to_string())))
        .text("drugs", text(&|f| joined(&f.study.drugs)))
        .text("routes", text(&|f| joined(&f.study.routes)))
        .text("doses", text(&|f| joined(&f.study.doses)))
        .text("comparators", text(&|f| joined(&f.study.comparators)))
        .text("scales", text(&|f| joined(&f.study.scales)))
        .text("headline", text(&|f| headline(f).map(describe)))
        .text(
            "quote",
            text(&|f| headline(f).map(|o| o.evidence.text.clone())),
        )
        .flag(
            "retracted",
            rows.iter()
                .map(|f| meta(f).is_some_and(|m| m.retracted))
                .collect(),
        )
        .text("doi", text(&|f| meta(f).and_then(|m| m.doi.clone())))
        .build()
}

#[derive(Default)]
struct Cell {
    studies: i64,
    rcts: i64,
    participants: i64,
    with_n: i64,
    reviews: i64,
}

/// Studies per population × route. Primary studies and reviews are counted apart, and only
/// primary studies add participants (a review's pooled N would count its trials twice). A study
/// with several routes counts once under each; one that names none is under `not_reported`.
pub fn summary_by_population_route(input: &SummaryInput) -> PolarsResult<DataFrame> {
    let mut cells: BTreeMap<(Population, String), Cell> = BTreeMap::new();
    for f in input.studies() {
        let routes: Vec<String> = if f.study.routes.is_empty() {
            vec!["not_reported".to_string()]
        } else {
            f.study.routes.iter().map(|r| r.to_string()).collect()
        };
        for route in routes {
            let c = cells.entry((f.study.population, route)).or_default();
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
    let keys: Vec<_> = cells.keys().cloned().collect();
    let vals: Vec<&Cell> = cells.values().collect();
    let int = |g: fn(&Cell) -> i64| vals.iter().map(|c| Some(g(c))).collect();
    FrameBuilder::new(keys.len())
        .text(
            "population",
            keys.iter().map(|k| Some(k.0.to_string())).collect(),
        )
        .text("route", keys.iter().map(|k| Some(k.1.clone())).collect())
        .int("studies", int(|c| c.studies))
        .int("rcts", int(|c| c.rcts))
        .int("participants", int(|c| c.participants))
        .int("studies_with_n", int(|c| c.with_n))
        .int("reviews", int(|c| c.reviews))
        .build()
}

/// The PRISMA flow: identified, fetched, with an abstract, studies, studies with an outcome,
/// then each rejection reason.
pub fn prisma(input: &SummaryInput) -> PolarsResult<DataFrame> {
    let p = &input.prisma;
    let count = |x: usize| Some(x as i64);
    let mut rows: Vec<(String, Option<i64>)> = vec![
        (
            "identified by the search".into(),
            p.identified.map(|n| n as i64),
        ),
        (
            "fetched".into(),
            Some(p.fetched.unwrap_or(input.metas.len() as u64) as i64),
        ),
        (
            "with an abstract".into(),
            count(input.metas.iter().filter(|m| m.has_abstract).count()),
        ),
        (
            "classified as a study".into(),
            count(input.studies().count()),
        ),
        (
            "with at least one outcome".into(),
            count(input.studies().filter(|f| !f.outcomes.is_empty()).count()),
        ),
    ];
    rows.extend(
        p.rejected
            .iter()
            .map(|(why, n)| (format!("rejected: {why}"), Some(*n as i64))),
    );
    FrameBuilder::new(rows.len())
        .text("stage", rows.iter().map(|r| Some(r.0.clone())).collect())
        .int("records", rows.iter().map(|r| r.1).collect())
        .build()
}
