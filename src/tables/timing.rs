//! `onset` and `durability`: per study, the earliest and the latest time point (in hours) at which
//! an anxiety result is reported, to answer "within 24 hours?" and "up to a year?".
//!
//! An anxiety result is a row of arm `ketamine`, `overall` or `between` (a comparator arm alone
//! says nothing about ketamine) whose scale is an anxiety instrument, or which has no scale in a
//! study of an anxiety population. The table records when a result was REPORTED, not whether it
//! favoured ketamine: the quote is there so a reader can judge.

use polars::prelude::{DataFrame, PolarsResult};

use super::build::FrameBuilder;
use super::digest::TimedKey;
use super::meta::ArticleMeta;
use crate::extract::{Arm, Findings, Outcome, Population};

/// Instruments that measure anxiety (or an anxiety disorder's symptoms).
pub const ANXIETY_SCALES: &[&str] = &[
    "HAM-A", "GAD-7", "STAI", "STAI-S", "STAI-T", "HADS-A", "BAI", "LSAS", "FQ", "VAS-A", "mYPAS",
    "SAS", "CAPS-5", "PCL-5", "IES-R", "Y-BOCS", "DASS",
];

pub fn is_anxiety_population(p: Population) -> bool {
    use Population as P;
    matches!(
        p,
        P::Gad
            | P::Sad
            | P::Ptsd
            | P::Ocd
            | P::Panic
            | P::TreatmentResistantAnxiety
            | P::MixedAnxiety
    )
}

pub fn is_anxiety_result(f: &Findings, o: &Outcome) -> bool {
    let arm_ok = matches!(o.arm, Arm::Ketamine | Arm::Overall | Arm::Between);
    let about_anxiety = match o.scale.as_deref() {
        Some(s) => ANXIETY_SCALES.iter().any(|a| a.eq_ignore_ascii_case(s)),
        None => is_anxiety_population(f.study.population),
    };
    arm_ok && about_anxiety
}

/// One row of `onset` or `durability`: the study and which of its outcomes is timed, already
/// chosen and ordered by `Digest`.
pub type TimedRow = (Option<ArticleMeta>, Findings, TimedKey);

fn frame(rows: &[TimedRow], flags: &[(&str, f64)]) -> PolarsResult<DataFrame> {
    fn outcome(r: &TimedRow) -> &Outcome {
        &r.1.outcomes[r.2.outcome]
    }
    let text = |g: &dyn Fn(&TimedRow) -> Option<String>| rows.iter().map(g).collect();
    let mut b = FrameBuilder::new(rows.len())
        .text(
            "population",
            text(&|r| Some(r.1.study.population.to_string())),
        )
        .text("pmid", text(&|r| Some(r.1.study.pmid.to_string())))
        .text("study", text(&|r| r.0.as_ref().map(|m| m.label())))
        .text("design", text(&|r| Some(r.1.study.design.to_string())))
        .float("hours", rows.iter().map(|r| Some(r.2.hours)).collect())
        .float(
            "days",
            rows.iter().map(|r| Some(r.2.hours / 24.0)).collect(),
        )
        .text("timepoint", text(&|r| outcome(r).timepoint.clone()));
    for (name, limit) in flags {
        b = b.flag(name, rows.iter().map(|r| r.2.hours <= *limit).collect());
    }
    b.text(
        "result",
        text(&|r| Some(super::rates::describe(outcome(r)))),
    )
    .text("quote", text(&|r| Some(outcome(r).evidence.text.clone())))
    .build()
}

/// `onset` rows: each study's earliest timed anxiety result.
pub fn onset(rows: &[TimedRow]) -> PolarsResult<DataFrame> {
    frame(rows, &[("within_24h", 24.0)])
}

/// `durability` rows: each study's latest timed anxiety result.
pub fn durability(rows: &[TimedRow]) -> PolarsResult<DataFrame> {
    let df = frame(rows, &[])?;
    // "Up to a year?" wants the opposite comparison to onset's "within".
    let mut b = FrameBuilder::new(rows.len());
    for (name, limit) in [
        ("at_least_1_month", 24.0 * 28.0),
        ("at_least_1_year", 24.0 * 365.0),
    ] {
        b = b.flag(name, rows.iter().map(|r| r.2.hours >= limit).collect());
    }
    df.hstack(b.build()?.columns())
}
