//! Article → outcome rows: every result number of the abstract with its kind, arm, scale, time
//! point, CI, p-value and counts, and the verbatim sentence it came from. Arms, kinds and time
//! points are read from the sentence's structure (group definitions, "in the X group", "vs",
//! "respectively", the nearest named group), never from rules keyed to a record. Pure.
//!
//! API: `extract_outcomes(&Article) -> Vec<Outcome>`.

mod arms;
mod assign;
mod bind;
mod kinds;
mod timepoints;
mod values;

use crate::extract::model::{Evidence, Outcome, OutcomeKind};
use crate::extract::cues::{Cues, LazyCues};
use crate::extract::{scales, text};
use crate::pubmed::Article;

pub use arms::{ArmMention, StudyArms, arm_mentions, study_arms};

/// Every reported result of one article, in reading order.
pub fn extract_outcomes(article: &Article) -> Vec<Outcome> {
    let scales = scales::article_scales(article);
    extract_outcomes_from(article, &text::sentences(article), &scales)
}

/// The same, with the article's sentences (`text::sentences`) and scales already found.
pub fn extract_outcomes_from(
    article: &Article,
    sentences: &[text::Sentence],
    scales: &scales::ArticleScales,
) -> Vec<Outcome> {
    // Title and abstract, as the scales read them: the title can say what the abstract does
    // not ("… a systematic review").
    let arms = arms::study_arms(&scales.text);
    let defined = &scales.defined;
    // A score named without its scale in an abstract that uses only one scale is on that scale.
    let only_scale = match scales.in_abstract.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    };
    let mut out = Vec::new();
    let mut results = text::PerSection::new();
    for s in sentences {
        if s.in_title || !results.get(s.section, is_result_section) {
            continue;
        }
        for mut row in assign::sentence_rows(s.text, &arms, defined) {
            if row.scale.is_none() && is_score_kind(row.kind) {
                row.scale = only_scale.clone();
            }
            out.push(Outcome {
                pmid: article.pmid,
                kind: row.kind,
                arm: row.arm,
                scale: row.scale,
                timepoint: row.timepoint,
                value: row.value,
                ci_low: row.ci.map(|c| c.0),
                ci_high: row.ci.map(|c| c.1),
                p_value: row.p_value,
                events: row.events,
                n: row.n,
                evidence: Evidence {
                    text: s.text.to_string(),
                    section: s.section.map(str::to_string),
                    start: Some(s.start),
                    end: Some(s.end),
                },
                rule: row.rule,
                confidence: row.confidence,
            });
        }
    }
    out
}

fn is_score_kind(kind: OutcomeKind) -> bool {
    matches!(
        kind,
        OutcomeKind::MeanScore
            | OutcomeKind::MeanChange
            | OutcomeKind::PercentChange
            | OutcomeKind::MeanDifference
            | OutcomeKind::Smd
    )
}

/// Sections that report results; an unlabelled abstract counts as one.
fn is_result_section(label: Option<&str>) -> bool {
    let Some(l) = label else { return true };
    let l = l.to_uppercase();
    const NOT: &[&str] = &[
        "BACKGROUND",
        "OBJECTIVE",
        "AIM",
        "PURPOSE",
        "INTRODUCTION",
        "CONTEXT",
        "METHOD",
        "DESIGN",
        "SETTING",
        "PARTICIPANT",
        "INTERVENTION",
        "MEASURE",
        "MATERIAL",
        "REGISTRATION",
        "IMPORTANCE",
        "RATIONALE",
        "HYPOTHES",
        "PATIENTS",
        "SUBJECTS",
        "POPULATION",
        "PROCEDURE",
        "LIMITATION",
        "FUNDING",
        "KEYWORD",
    ];
    static REPORTS: LazyCues = LazyCues::new(|| Cues::new(&["RESULT", "FINDING"]));
    static OTHER: LazyCues = LazyCues::new(|| Cues::new(NOT));
    // "METHODS AND RESULTS" reports results.
    REPORTS.any_in(&l) || !OTHER.any_in(&l)
}

#[cfg(test)]
mod tests {
    use super::is_result_section;

    #[test]
    fn result_sections_by_label() {
        let cases = [
            (None, true),
            (Some("RESULTS"), true),
            (Some("Methods and results"), true),
            (Some("Main findings"), true),
            (Some("CONCLUSIONS"), true),
            (Some("Background"), false),
            (Some("Materials and Methods"), false),
            (Some("Trial registration"), false),
            (Some("Patients"), false),
            (Some(""), true),
        ];
        for (label, want) in cases {
            assert_eq!(is_result_section(label), want, "{label:?}");
        }
    }
}
