//! The per-record tables: `articles`, `studies`, `outcomes` and `rejects`, their columns in the
//! order the README and `GUIDE.md` promise, and how one record becomes one row.

use crate::extract::{Outcome, Study};
use crate::pubmed::Article;

use super::columns::{Columns, Kind};

pub const ARTICLES: &[(&str, Kind)] = &[
    ("pmid", Kind::Text),
    ("title", Kind::Text),
    ("abstract", Kind::Text),
    ("journal", Kind::Text),
    ("year", Kind::Int),
    ("doi", Kind::Text),
    ("pmcid", Kind::Text),
    ("publication_types", Kind::List),
    ("mesh_terms", Kind::List),
    ("authors", Kind::List),
    ("language", Kind::List),
    ("nct_ids", Kind::List),
    ("record_kind", Kind::Text),
    ("retracted", Kind::Bool),
];

pub fn push_article(t: &mut Columns, a: &Article) {
    let abstract_text = a.abstract_text();
    t.text(Some(a.pmid.to_string()))
        .text(a.title.clone())
        .text((!abstract_text.is_empty()).then_some(abstract_text))
        .text(a.journal_title.clone())
        .int(a.year())
        .text(a.doi())
        .text(a.pmcid())
        .list(a.publication_types.iter().cloned())
        .list(a.mesh_headings.iter().map(|m| m.descriptor.clone()))
        .list(a.authors.iter().filter_map(|au| au.display_name()))
        .list(a.languages.iter().cloned())
        .list(a.nct_ids())
        .text(Some(a.kind.as_str()))
        .bool(a.is_retracted())
        .end_row();
}

/// `GUIDE.md`'s columns first and in its order; extra columns after them.
pub const STUDIES: &[(&str, Kind)] = &[
    ("pmid", Kind::Text),
    ("design", Kind::Text),
    ("blinding", Kind::Text),
    ("n_total", Kind::Int),
    ("n_studies", Kind::Int),
    ("population", Kind::Text),
    ("age_group", Kind::Text),
    ("drugs", Kind::List),
    ("routes", Kind::List),
    ("comparators", Kind::List),
    ("scales", Kind::List),
    ("doses", Kind::List),
    ("is_study", Kind::Bool),
    ("n_outcomes", Kind::Int),
];

pub fn push_study(t: &mut Columns, s: &Study, n_outcomes: usize) {
    t.text(Some(s.pmid.to_string()))
        .text(Some(s.design.as_str()))
        .text(Some(s.blinding.as_str()))
        .int(s.n_total)
        .int(s.n_studies)
        .text(Some(s.population.as_str()))
        .text(Some(s.age_group.as_str()))
        .list(s.drugs.iter().map(|d| d.as_str()))
        .list(s.routes.iter().map(|r| r.as_str()))
        .list(s.comparators.iter().map(|c| c.as_str()))
        .list(s.scales.iter().cloned())
        .list(s.doses.iter().cloned())
        .bool(s.is_study)
        .int(Some(n_outcomes as i64))
        .end_row();
}

pub const OUTCOMES: &[(&str, Kind)] = &[
    ("pmid", Kind::Text),
    ("kind", Kind::Text),
    ("arm", Kind::Text),
    ("scale", Kind::Text),
    ("timepoint", Kind::Text),
    ("value", Kind::Float),
    ("ci_low", Kind::Float),
    ("ci_high", Kind::Float),
    ("p_value", Kind::Float),
    ("events", Kind::Int),
    ("n", Kind::Int),
    ("evidence", Kind::Text),
    ("section", Kind::Text),
    ("evidence_start", Kind::Int),
    ("evidence_end", Kind::Int),
    ("rule", Kind::Text),
    ("confidence", Kind::Float),
];

pub fn push_outcome(t: &mut Columns, o: &Outcome) {
    let offset = |x: Option<usize>| x.map(|v| v as i64);
    t.text(Some(o.pmid.to_string()))
        .text(Some(o.kind.as_str()))
        .text(Some(o.arm.as_str()))
        .text(o.scale.clone())
        .text(o.timepoint.clone())
        .float(Some(o.value))
        .float(o.ci_low)
        .float(o.ci_high)
        .float(o.p_value)
        .int(o.events)
        .int(o.n)
        .text(Some(o.evidence.text.clone()))
        .text(o.evidence.section.clone())
        .int(offset(o.evidence.start))
        .int(offset(o.evidence.end))
        .text(Some(o.rule))
        // f32 → f64 would print 0.8999999761581421; two decimals is what the number means.
        .float(Some((f64::from(o.confidence) * 100.0).round() / 100.0))
        .end_row();
}

pub const REJECTS: &[(&str, Kind)] = &[
    ("pmid", Kind::Text),
    ("file", Kind::Text),
    ("byte_offset", Kind::Int),
    ("stage", Kind::Text),
    ("reason", Kind::Text),
];

/// One record (or file) that could not be read, and why. Partial failure is data.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectRow {
    pub pmid: Option<String>,
    pub file: String,
    pub byte_offset: Option<u64>,
    pub stage: &'static str,
    pub reason: String,
}

pub fn push_reject(t: &mut Columns, r: &RejectRow) {
    t.text(r.pmid.clone())
        .text(Some(r.file.clone()))
        .int(r.byte_offset.map(|o| o as i64))
        .text(Some(r.stage))
        .text(Some(r.reason.clone()))
        .end_row();
}
