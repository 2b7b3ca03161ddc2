//! Picks, from the findings, the numbers the summaries pool and plot: one ketamine-arm rate per
//! study and kind, one between-arm contrast per study and kind, and each study's headline result.
//! Pure and polars-free, so the report's forest plot and the claim check read the same choices.
//!
//! Rules, in words:
//! - a rate is a `response_rate`, `remission_rate` or `incidence` row of arm `ketamine`, or of arm
//!   `overall` (single-arm or all-participant rows), from a record that is a study but not a
//!   review or meta-analysis (their numbers are already pooled);
//! - it needs a denominator: `events`/`n` as written; else `n` with the percent
//!   (`events = round(value · n / 100)`); else, for arm `overall` only, the study's `n_total`
//!   (for arm `ketamine` the total would count the comparator arm too);
//! - one rate per study and kind: the first usable row in abstract order, so a study reporting
//!   24 h and day 7 rates contributes its first-reported one;
//! - a contrast is an `smd` or `mean_difference` row of arm `between` with both CI bounds;
//!   mean differences are only pooled within one scale.

use crate::extract::{Arm, Design, Findings, Outcome, OutcomeKind, Population};
use crate::pubmed::Pmid;
use crate::stats;

pub const RATE_KINDS: &[OutcomeKind] = &[
    OutcomeKind::ResponseRate,
    OutcomeKind::RemissionRate,
    OutcomeKind::Incidence,
];

/// A study-level rate with its count and Wilson 95% CI (percent).
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub pmid: Pmid,
    pub population: Population,
    pub kind: OutcomeKind,
    pub events: u32,
    pub n: u32,
    /// As printed in the abstract (percent).
    pub percent: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// A between-arm contrast with a CI.
#[derive(Debug, Clone, PartialEq)]
pub struct Contrast {
    pub pmid: Pmid,
    pub population: Population,
    pub kind: OutcomeKind,
    /// What it is grouped by (`contrast_scale`).
    pub scale: Option<String>,
    pub value: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub n: Option<u32>,
}

pub fn is_review(design: Design) -> bool {
    matches!(design, Design::SystematicReview | Design::MetaAnalysis)
}

fn primary(f: &Findings) -> bool {
    f.study.is_study && !is_review(f.study.design)
}

/// `(events, n)` for a rate row, by the denominator rule above.
pub fn count(o: &Outcome, n_total: Option<u32>) -> Option<(u32, u32)> {
    let n = o.n.or(if o.arm == Arm::Overall { n_total } else { None })?;
    let events = match o.events {
        Some(e) if o.n.is_some() => e,
        _ => (o.value * f64::from(n) / 100.0).round() as u32,
    };
    (n > 0 && events <= n).then_some((events, n))
}

/// A study's usable rate of each kind: one per kind; none for reviews and non-studies.
pub fn rates(f: &Findings) -> Vec<Rate> {
    if !primary(f) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &kind in RATE_KINDS {
        let chosen = f.outcomes.iter().filter(|o| o.kind == kind).find_map(|o| {
            if !matches!(o.arm, Arm::Ketamine | Arm::Overall) {
                return None;
            }
            let (events, n) = count(o, f.study.n_total)?;
            let (lo, hi) = stats::wilson(events, n)?;
            Some(Rate {
                pmid: f.study.pmid,
                population: f.study.population,
                kind,
                events,
                n,
                percent: o.value,
                ci_low: 100.0 * lo,
                ci_high: 100.0 * hi,
            })
        });
        out.extend(chosen);
    }
    out
}

/// A study's first between-arm contrast with a CI, per kind (and scale for mean differences).
pub fn contrasts(f: &Findings) -> Vec<Contrast> {
    let mut out: Vec<Contrast> = Vec::new();
    if !primary(f) {
        return out;
    }
    for o in &f.outcomes {
        let usable = matches!(o.kind, OutcomeKind::Smd | OutcomeKind::MeanDifference)
            && o.arm == Arm::Between
            && matches!((o.ci_low, o.ci_high), (Some(l), Some(h)) if h > l);
        let seen = out
            .iter()
            .any(|c| c.kind == o.kind && c.scale.as_deref() == contrast_scale(o));
        if usable && !seen {
            out.push(Contrast {
                pmid: f.study.pmid,
                population: f.study.population,
                kind: o.kind,
                scale: contrast_scale(o).map(str::to_string),
                value: o.value,
                ci_low: o.ci_low,
                ci_high: o.ci_high,
                n: o.n,
            });
        }
    }
    out
}

/// The scale a contrast is grouped by: none for SMDs (unit-free), the scale for mean differences.
pub fn contrast_scale(o: &Outcome) -> Option<&str> {
    match o.kind {
        OutcomeKind::MeanDifference => o.scale.as_deref(),
        _ => None,
    }
}

fn kind_rank(kind: OutcomeKind) -> usize {
    use OutcomeKind as K;
    [
        K::ResponseRate,
        K::RemissionRate,
        K::Smd,
        K::MeanDifference,
        K::PercentChange,
        K::MeanChange,
        K::Incidence,
        K::Proportion,
        K::OddsRatio,
        K::RiskRatio,
        K::HazardRatio,
        K::MeanScore,
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or(usize::MAX)
}

fn arm_rank(arm: Arm) -> usize {
    [Arm::Ketamine, Arm::Between, Arm::Overall, Arm::Comparator]
        .iter()
        .position(|a| *a == arm)
        .unwrap_or(9)
}

/// The result a reader sees first: response before remission before effect sizes, the ketamine
/// arm first, then the rule's confidence, then abstract order.
pub fn headline(f: &Findings) -> Option<&Outcome> {
    f.outcomes
        .iter()
        .enumerate()
        .min_by(|(i, a), (j, b)| {
            (kind_rank(a.kind), arm_rank(a.arm))
                .cmp(&(kind_rank(b.kind), arm_rank(b.arm)))
                .then(b.confidence.total_cmp(&a.confidence))
                .then(i.cmp(j))
        })
        .map(|(_, o)| o)
}

pub fn is_percent(kind: OutcomeKind) -> bool {
    use OutcomeKind as K;
    matches!(
        kind,
        K::ResponseRate | K::RemissionRate | K::Incidence | K::Proportion | K::PercentChange
    )
}

/// "response_rate, ketamine: 83.3% (24/29; HAM-A; 24 h; p = 0.01)".
pub fn describe(o: &Outcome) -> String {
    let unit = if is_percent(o.kind) { "%" } else { "" };
    let mut s = format!("{}, {}: {}{unit}", o.kind, o.arm, short(o.value));
    if let (Some(l), Some(h)) = (o.ci_low, o.ci_high) {
        s.push_str(&format!(" [95% CI {}, {}]", short(l), short(h)));
    }
    let mut extra = Vec::new();
    if let (Some(e), Some(n)) = (o.events, o.n) {
        extra.push(format!("{e}/{n}"));
    }
    extra.extend(o.scale.clone());
    extra.extend(o.timepoint.clone());
    if let Some(p) = o.p_value {
        extra.push(format!("p = {p}"));
    }
    if !extra.is_empty() {
        s.push_str(&format!(" ({})", extra.join("; ")));
    }
    s
}

use super::text::short_float as short;
