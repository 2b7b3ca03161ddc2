//! Matching claims to findings. A study is in the claim's SETTING when every field the claim sets
//! agrees (population among `populations`, the route and drug among the study's, design, year,
//! number of included studies). Within the setting, each study offers candidate numbers:
//! reported outcomes of the claimed kinds (comparator arms excluded), or the earliest / latest
//! time of an anxiety result for `onset` / `durability`. Verdicts:
//! - `supported`: some study in the setting reports a number satisfying the claim's relation;
//! - `partly`: studies in the setting report numbers of that kind, but none satisfies it; the
//!   numbers found are listed;
//! - `not_found`: no study in the setting reports such a number.
//!
//! A claim that is not supported also gets NEAR MISSES: studies that match the population, route
//! and drug and report a satisfying number, but differ in the attribution fields (year, design,
//! number of included studies), each with what differs — "83.3% is in a 2017 study, not 2022"
//! is what a writer needs to fix a sentence.
//!
//! A `text` claim is supported when its pattern occurs in a quote, a dose or a title of a study
//! in the setting; it is never `partly`. Reads `SummaryInput` one study at a time (a spilled input
//! is read back from its file), returns verdicts; keeps only what each claim found.

use super::claims::{Claim, Relation, Target};
use crate::extract::{Arm, Findings, Outcome};
use crate::pubmed::Pmid;
use crate::tables::SpillError;
use crate::tables::rates::describe;
use crate::tables::text::short_float;
use crate::tables::time::hours;
use crate::tables::timing::is_anxiety_result;
use crate::tables::{ArticleMeta, SummaryInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Supported,
    Partly,
    NotFound,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Partly => "partly",
            Verdict::NotFound => "not_found",
        }
    }
}

/// One study's number (or phrase) offered for a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub pmid: Pmid,
    pub study: String,
    pub found: String,
    pub quote: String,
    pub satisfies: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClaimVerdict {
    pub id: String,
    pub sentence: String,
    pub verdict: Verdict,
    /// The supporting studies when supported, else every candidate in the setting.
    pub evidence: Vec<Found>,
    /// When not supported: satisfying numbers from studies that differ only in year, design or
    /// number of included studies; `found` ends with what differs.
    pub near_misses: Vec<Found>,
}

/// Population, route and drug: what the claim is about.
fn in_core_setting(c: &Claim, f: &Findings) -> bool {
    let s = &f.study;
    s.is_study
        && (c.populations.is_empty() || c.populations.contains(&s.population))
        && c.route.is_none_or(|r| s.routes.contains(&r))
        && c.drug.is_none_or(|d| s.drugs.contains(&d))
}

/// Year, design and review size: whom the claim attributes it to. Empty when all agree.
fn attribution_mismatches(c: &Claim, f: &Findings, meta: Option<&ArticleMeta>) -> Vec<String> {
    let s = &f.study;
    let year = meta.and_then(|m| m.year);
    let mut out = Vec::new();
    if c.year.is_some_and(|y| year != Some(y)) {
        out.push(match year {
            Some(y) => format!("year {y}"),
            None => "year unknown".to_string(),
        });
    }
    if !c.designs.is_empty() && !c.designs.contains(&s.design) {
        out.push(format!("design {}", s.design));
    }
    if c.n_studies.is_some_and(|n| s.n_studies != Some(n)) {
        out.push(match s.n_studies {
            Some(n) => format!("{n} studies"),
            None => "number of studies not stated".to_string(),
        });
    }
    out
}

fn satisfies(c: &Claim, v: f64) -> bool {
    let Some(x) = c.value else { return false };
    match c.relation {
        Relation::About | Relation::UpTo => (v - x).abs() <= c.tolerance,
        Relation::AtMost => v <= x + c.tolerance,
        Relation::AtLeast => v >= x - c.tolerance,
    }
}

/// The study's candidate `(number, description, outcome)`s for a numeric claim.
fn candidates<'a>(c: &Claim, f: &'a Findings) -> Vec<(f64, String, &'a Outcome)> {
    let timed = || {
        f.outcomes
            .iter()
            .filter(|o| is_anxiety_result(f, o))
            .filter_map(|o| {
                let h = hours(o.timepoint.as_deref()?)?;
                Some((h, format!("{} h: {}", short_float(h), describe(o)), o))
            })
    };
    match &c.target {
        Target::Outcome(kinds) => f
            .outcomes
            .iter()
            .filter(|o| kinds.contains(&o.kind) && o.arm != Arm::Comparator)
            .map(|o| (o.value, describe(o), o))
            .collect(),
        Target::Onset => timed()
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .into_iter()
            .collect(),
        Target::Durability => timed()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .into_iter()
            .collect(),
        Target::Text(_) => Vec::new(),
    }
}

fn text_hits(c: &Claim, f: &Findings, meta: Option<&ArticleMeta>) -> Vec<String> {
    let Target::Text(re) = &c.target else {
        return Vec::new();
    };
    let mut texts: Vec<String> = f.outcomes.iter().map(|o| o.evidence.text.clone()).collect();
    texts.extend(f.study.doses.iter().cloned());
    texts.extend(meta.and_then(|m| m.title.clone()));
    texts.dedup();
    texts.into_iter().filter(|t| re.is_match(t)).collect()
}

/// Matches every claim in one pass over the studies (read back from the spill file when the
/// input was spilled), keeping only what each claim found.
pub fn check_claims(
    claims: &[Claim],
    input: &SummaryInput,
) -> Result<Vec<ClaimVerdict>, SpillError> {
    let mut acc: Vec<(Vec<Found>, Vec<Found>)> = vec![(Vec::new(), Vec::new()); claims.len()];
    input.studies.for_each(&mut |_, meta, f| {
        for (c, (found, near)) in claims.iter().zip(acc.iter_mut()) {
            offer(c, f, meta, found, near);
        }
    })?;
    Ok(claims
        .iter()
        .zip(acc)
        .map(|(c, (found, near))| verdict(c, found, near))
        .collect())
}

/// What one study offers one claim: into `found` when it is in the setting, into `near` (the
/// satisfying numbers only) when it differs in attribution.
fn offer(
    c: &Claim,
    f: &Findings,
    meta: Option<&ArticleMeta>,
    found: &mut Vec<Found>,
    near: &mut Vec<Found>,
) {
    if !in_core_setting(c, f) {
        return;
    }
    let differs = attribution_mismatches(c, f, meta);
    let study = meta
        .map(ArticleMeta::label)
        .unwrap_or_else(|| format!("PMID {}", f.study.pmid));
    let found_here: Vec<Found> = match &c.target {
        Target::Text(re) => text_hits(c, f, meta)
            .into_iter()
            .map(|t| Found {
                pmid: f.study.pmid,
                study: study.clone(),
                found: re
                    .find(&t)
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_default(),
                quote: t,
                satisfies: true,
            })
            .collect(),
        _ => candidates(c, f)
            .into_iter()
            .map(|(v, found, o)| Found {
                pmid: f.study.pmid,
                study: study.clone(),
                found,
                quote: o.evidence.text.clone(),
                satisfies: satisfies(c, v),
            })
            .collect(),
    };
    if differs.is_empty() {
        found.extend(found_here);
    } else {
        let why = differs.join(", ");
        near.extend(
            found_here
                .into_iter()
                .filter(|x| x.satisfies)
                .map(|x| Found {
                    found: format!("{} [{why}]", x.found),
                    ..x
                }),
        );
    }
}

fn verdict(c: &Claim, mut found: Vec<Found>, mut near: Vec<Found>) -> ClaimVerdict {
    dedup(&mut found);
    dedup(&mut near);
    let verdict = if found.iter().any(|x| x.satisfies) {
        found.retain(|x| x.satisfies);
        near.clear();
        Verdict::Supported
    } else if found.is_empty() {
        Verdict::NotFound
    } else {
        Verdict::Partly
    };
    ClaimVerdict {
        id: c.id.clone(),
        sentence: c.sentence.clone(),
        verdict,
        evidence: found,
        near_misses: near,
    }
}

/// One entry per (study, number, sentence): an abstract stating one rate for two scales is one
/// piece of evidence, not two.
fn dedup(found: &mut Vec<Found>) {
    let mut seen = std::collections::HashSet::new();
    found.retain(|x| seen.insert((x.pmid, x.found.clone(), x.quote.clone())));
}
