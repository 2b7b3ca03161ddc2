//! The `pooled` table: for each population × kind with two or more studies, a REML random-effects
//! estimate with an HKSJ 95% CI and a 95% prediction interval (`stats`); a cell with one study is
//! listed with that study's own number and CI, not pooled. Rates are in percent (logit-pooled,
//! back-transformed); contrasts in their own units (SMD, or scale points for mean differences).
//!
//! A caveat the table cannot fix: SMDs and mean differences are pooled with the sign each
//! abstract prints, and abstracts do not agree on "ketamine minus control" versus the reverse.

use std::collections::BTreeMap;

use polars::prelude::{DataFrame, PolarsResult};

use super::build::FrameBuilder;
use super::digest::Digest;
use crate::extract::{OutcomeKind, Population};
use crate::stats;

/// One row of the pooled table, before it becomes a column.
#[derive(Debug, Clone, PartialEq)]
pub struct PooledRow {
    pub population: Population,
    pub kind: OutcomeKind,
    pub scale: Option<String>,
    pub k: usize,
    pub participants: Option<i64>,
    pub estimate: f64,
    pub ci: Option<(f64, f64)>,
    pub pi: Option<(f64, f64)>,
    pub tau2: Option<f64>,
    pub i2: Option<f64>,
    /// "pooled", "single study", or why pooling failed.
    pub status: String,
    pub unit: &'static str,
    pub pmids: String,
}

type Key = (Population, OutcomeKind, Option<String>);

/// The rows, from the rates and contrasts `Digest` chose (in input order).
pub fn pooled_rows(d: &Digest) -> Vec<PooledRow> {
    let mut out = Vec::new();
    let mut by_cell: BTreeMap<Key, Vec<_>> = BTreeMap::new();
    for r in d.rates.iter().map(|p| &p.rate) {
        by_cell
            .entry((r.population, r.kind, None))
            .or_default()
            .push(r);
    }
    for ((population, kind, scale), rs) in by_cell {
        let counts: Vec<(u32, u32)> = rs.iter().map(|r| (r.events, r.n)).collect();
        let base = PooledRow {
            population,
            kind,
            scale,
            k: rs.len(),
            participants: Some(counts.iter().map(|c| i64::from(c.1)).sum()),
            estimate: rs[0].percent,
            ci: Some((rs[0].ci_low, rs[0].ci_high)),
            pi: None,
            tau2: None,
            i2: None,
            status: "single study".into(),
            unit: "%",
            pmids: rs
                .iter()
                .map(|r| r.pmid.to_string())
                .collect::<Vec<_>>()
                .join(";"),
        };
        out.push(if rs.len() < 2 {
            base
        } else {
            with_pooled(base, stats::pool_proportions(&counts), 100.0)
        });
    }
    let mut by_cell: BTreeMap<Key, Vec<_>> = BTreeMap::new();
    for c in &d.contrasts {
        by_cell
            .entry((c.population, c.kind, c.scale.clone()))
            .or_default()
            .push(c);
    }
    for ((population, kind, scale), cs) in by_cell {
        let rows: Vec<(f64, f64, f64)> = cs
            .iter()
            .filter_map(|c| Some((c.value, c.ci_low?, c.ci_high?)))
            .collect();
        let ns: Option<Vec<i64>> = cs.iter().map(|c| c.n.map(i64::from)).collect();
        let base = PooledRow {
            population,
            kind,
            scale,
            k: rows.len(),
            participants: ns.map(|v| v.iter().sum()),
            estimate: rows[0].0,
            ci: Some((rows[0].1, rows[0].2)),
            pi: None,
            tau2: None,
            i2: None,
            status: "single study".into(),
            unit: if kind == OutcomeKind::Smd {
                "SMD"
            } else {
                "points"
            },
            pmids: cs
                .iter()
                .map(|c| c.pmid.to_string())
                .collect::<Vec<_>>()
                .join(";"),
        };
        out.push(if rows.len() < 2 {
            base
        } else {
            with_pooled(base, stats::pool_contrasts(&rows), 1.0)
        });
    }
    out.sort_by(|a, b| (a.population, a.kind, &a.scale).cmp(&(b.population, b.kind, &b.scale)));
    out
}

fn with_pooled(
    base: PooledRow,
    s: Result<stats::Summary, stats::MetaError>,
    scale: f64,
) -> PooledRow {
    match s {
        Ok(s) => PooledRow {
            estimate: scale * s.estimate,
            ci: Some((scale * s.ci_low, scale * s.ci_high)),
            pi: Some((scale * s.pi_low, scale * s.pi_high)),
            tau2: Some(s.tau2),
            i2: Some(s.i2),
            status: "pooled".into(),
            ..base
        },
        Err(e) => PooledRow {
            ci: None,
            status: format!("not pooled: {e}"),
            ..base
        },
    }
}

pub fn pooled(rows: &[PooledRow]) -> PolarsResult<DataFrame> {
    let f = |g: fn(&PooledRow) -> Option<f64>| rows.iter().map(g).collect();
    FrameBuilder::new(rows.len())
        .text(
            "population",
            rows.iter()
                .map(|r| Some(r.population.to_string()))
                .collect(),
        )
        .text(
            "kind",
            rows.iter().map(|r| Some(r.kind.to_string())).collect(),
        )
        .text("scale", rows.iter().map(|r| r.scale.clone()).collect())
        .text(
            "status",
            rows.iter().map(|r| Some(r.status.clone())).collect(),
        )
        .int("k", rows.iter().map(|r| Some(r.k as i64)).collect())
        .int(
            "participants",
            rows.iter().map(|r| r.participants).collect(),
        )
        .text(
            "unit",
            rows.iter().map(|r| Some(r.unit.to_string())).collect(),
        )
        .float("estimate", f(|r| Some(r.estimate)))
        .float("ci_low", f(|r| r.ci.map(|c| c.0)))
        .float("ci_high", f(|r| r.ci.map(|c| c.1)))
        .float("pi_low", f(|r| r.pi.map(|c| c.0)))
        .float("pi_high", f(|r| r.pi.map(|c| c.1)))
        .float("tau2", f(|r| r.tau2))
        .float("i2", f(|r| r.i2))
        .text(
            "pmids",
            rows.iter().map(|r| Some(r.pmids.clone())).collect(),
        )
        .build()
}
