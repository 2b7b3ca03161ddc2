//! `onset` and `durability`: per study, the earliest and the latest time point (in hours) at which
//! an anxiety result is reported, to answer "within 24 hours?" and "up to a year?".
//!
//! An anxiety result is a row of arm `ketamine`, `overall` or `between` (a comparator arm alone
//! says nothing about ketamine) whose scale is an anxiety instrument, or which has no scale in a
//! study of an anxiety population. The table records when a result was REPORTED, not whether it
//! favoured ketamine: the quote is there so a reader can judge.

use polars::prelude::{DataFrame, PolarsResult};

use super::build::FrameBuilder;
use super::input::SummaryInput;
use super::rates::is_review;
use super::summary::meta_index;
use super::time::hours;
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

/// A study's anxiety result at a readable time point.
#[derive(Debug, Clone, PartialEq)]
pub struct Timed<'a> {
    pub findings: &'a Findings,
    pub outcome: &'a Outcome,
    pub hours: f64,
}

/// Per primary study, its earliest (`latest == false`) or latest timed anxiety result.
pub fn extreme_times(input: &SummaryInput, latest: bool) -> Vec<Timed<'_>> {
    let mut out: Vec<Timed<'_>> = input
        .studies()
        .filter(|f| !is_review(f.study.design))
        .filter_map(|f| {
            let timed = f
                .outcomes
                .iter()
                .filter(|o| is_anxiety_result(f, o))
                .filter_map(|o| {
                    Some(Timed {
                        findings: f,
                        outcome: o,
                        hours: hours(o.timepoint.as_deref()?)?,
                    })
                });
            if latest {
                timed.reduce(|a, b| if b.hours > a.hours { b } else { a })
            } else {
                timed.reduce(|a, b| if b.hours < a.hours { b } else { a })
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let ord = a.hours.total_cmp(&b.hours);
        (if latest { ord.reverse() } else { ord })
            .then(a.findings.study.pmid.cmp(&b.findings.study.pmid))
    });
    out
}

fn frame(
    input: &SummaryInput,
    rows: &[Timed<'_>],
    flags: &[(&str, f64)],
) -> PolarsResult<DataFrame> {
    let metas = meta_index(input);
    let text = |g: &dyn Fn(&Timed<'_>) -> Option<String>| rows.iter().map(g).collect();
    let mut b = FrameBuilder::new(rows.len())
        .text(
            "population",
            text(&|t| Some(t.findings.study.population.to_string())),
        )
        .text("pmid", text(&|t| Some(t.findings.study.pmid.to_string())))
        .text(
            "study",
            text(&|t| metas.get(&t.findings.study.pmid).map(|m| m.label())),
        )
        .text(
            "design",
            text(&|t| Some(t.findings.study.design.to_string())),
        )
        .float("hours", rows.iter().map(|t| Some(t.hours)).collect())
        .float("days", rows.iter().map(|t| Some(t.hours / 24.0)).collect())
        .text("timepoint", text(&|t| t.outcome.timepoint.clone()));
    for (name, limit) in flags {
        b = b.flag(name, rows.iter().map(|t| t.hours <= *limit).collect());
    }
    b.text("result", text(&|t| Some(super::rates::describe(t.outcome))))
        .text("quote", text(&|t| Some(t.outcome.evidence.text.clone())))
        .build()
}

pub fn onset(input: &SummaryInput) -> PolarsResult<DataFrame> {
    frame(input, &extreme_times(input, false), &[("within_24h", 24.0)])
}

pub fn durability(input: &SummaryInput) -> PolarsResult<DataFrame> {
    let rows = extreme_times(input, true);
    let df = frame(input, &rows, &[])?;
    // "Up to a year?" wants the opposite comparison to onset's "within".
    let mut b = FrameBuilder::new(rows.len());
    for (name, limit) in [
        ("at_least_1_month", 24.0 * 28.0),
        ("at_least_1_year", 24.0 * 365.0),
    ] {
        b = b.flag(name, rows.iter().map(|t| t.hours >= limit).collect());
    }
    df.hstack(b.build()?.columns())
}
