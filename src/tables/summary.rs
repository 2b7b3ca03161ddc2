//! The summary tables a person reads: the evidence table, studies per population × route, and
//! the PRISMA flow counts. Pooled and timing tables live in `pooled.rs` and `timing.rs`; every
//! choice of which number to show is made in `rates.rs`; the counting pass is `digest.rs`.
//! Listing tables are built from rows a chunk at a time (`stream.rs`), never from all studies.

use polars::prelude::{DataFrame, PolarsError, PolarsResult};

use super::build::{FrameBuilder, joined};
use super::digest::{Cell, Digest, RatePoint};
use super::input::{PrismaCounts, SummaryInput};
use super::meta::ArticleMeta;
use super::pooled::PooledRow;
use super::rates::{describe, headline};
use super::spill::SpillError;
use super::stream::{Listing, SummaryStream};
use crate::extract::Findings;

/// Every summary table, built whole (tests and library callers; `app` streams through
/// `SummaryStream` instead), with what the citations and the forest plot need.
#[derive(Debug, Clone)]
pub struct Summaries {
    pub evidence_table: DataFrame,
    pub summary_by_population_route: DataFrame,
    pub pooled: DataFrame,
    pub onset: DataFrame,
    pub durability: DataFrame,
    pub prisma: DataFrame,
    /// The evidence table's studies, in its order.
    pub cited: Vec<ArticleMeta>,
    pub rates: Vec<RatePoint>,
    pub pooled_rows: Vec<PooledRow>,
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

#[derive(Debug, thiserror::Error)]
pub enum SummaryError {
    #[error(transparent)]
    Spill(#[from] SpillError),
    #[error("cannot build a summary table")]
    Polars(#[from] PolarsError),
}

pub fn build_summaries(input: &SummaryInput) -> Result<Summaries, SummaryError> {
    let s = SummaryStream::new(input)?;
    let whole = |which| -> Result<(DataFrame, Vec<ArticleMeta>), SummaryError> {
        let mut out = None;
        s.chunks(which, usize::MAX, &mut |df, metas| {
            out = Some((df.clone(), metas.to_vec()));
            Ok::<(), SummaryError>(())
        })?;
        Ok(out.expect("a listing always yields one chunk"))
    };
    let (evidence_table, cited) = whole(Listing::Evidence)?;
    Ok(Summaries {
        evidence_table,
        onset: whole(Listing::Onset)?.0,
        durability: whole(Listing::Durability)?.0,
        summary_by_population_route: s.by_route.clone(),
        pooled: s.pooled.clone(),
        prisma: s.prisma.clone(),
        cited,
        rates: s.digest.rates.clone(),
        pooled_rows: s.pooled_rows.clone(),
    })
}

/// Evidence-table rows for these studies, already in table order.
pub fn evidence_frame(rows: &[(Option<ArticleMeta>, Findings)]) -> PolarsResult<DataFrame> {
    let meta = |i: usize| rows[i].0.as_ref();
    let text = |g: &dyn Fn(&Findings) -> Option<String>| rows.iter().map(|r| g(&r.1)).collect();
    let meta_text = |g: &dyn Fn(&ArticleMeta) -> Option<String>| {
        (0..rows.len()).map(|i| meta(i).and_then(g)).collect()
    };
    FrameBuilder::new(rows.len())
        .text(
            "population",
            text(&|f| Some(f.study.population.to_string())),
        )
        .int(
            "year",
            (0..rows.len())
                .map(|i| meta(i).and_then(|m| m.year).map(i64::from))
                .collect(),
        )
        .text("pmid", text(&|f| Some(f.study.pmid.to_string())))
        .text("study", meta_text(&|m| Some(m.label())))
        .text("title", meta_text(&|m| m.title.clone()))
        .text("design", text(&|f| Some(f.study.design.to_string())))
        .text("blinding", text(&|f| Some(f.study.blinding.to_string())))
        .int(
            "n",
            rows.iter()
                .map(|r| r.1.study.n_total.map(i64::from))
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
            (0..rows.len())
                .map(|i| meta(i).is_some_and(|m| m.retracted))
                .collect(),
        )
        .text("doi", meta_text(&|m| m.doi.clone()))
        .build()
}

/// Studies per population × route (the cells are counted in `Digest`).
pub fn summary_by_population_route(d: &Digest) -> PolarsResult<DataFrame> {
    let keys: Vec<_> = d.cells.keys().cloned().collect();
    let vals: Vec<&Cell> = d.cells.values().collect();
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
pub fn prisma(p: &PrismaCounts, d: &Digest) -> PolarsResult<DataFrame> {
    let count = |x: u64| Some(x as i64);
    let mut rows: Vec<(String, Option<i64>)> = vec![
        (
            "identified by the search".into(),
            p.identified.map(|n| n as i64),
        ),
        (
            "fetched".into(),
            Some(p.fetched.unwrap_or(d.records) as i64),
        ),
        ("with an abstract".into(), count(d.with_abstract)),
        ("classified as a study".into(), count(d.studies)),
        ("with at least one outcome".into(), count(d.with_outcome)),
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
