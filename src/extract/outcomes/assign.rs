//! Turns each value of a sentence into outcome rows: its arm (found by `bind`: "group M 95.9%",
//! "73.46% in MK", "(5% vs. 27.5%)", "respectively", else the nearest named group), its kind,
//! scale, time point and p-value. Pure; sentence-local plus the study's group table.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::re;

use super::arms::{self, ArmMention, StudyArms};
use super::bind::{bind_nearest, bind_runs, bind_tight, vs_runs, Bound};
use super::kinds;
use super::timepoints;
use super::values::{self, Shape, Value};
use crate::extract::model::{Arm, OutcomeKind};
use crate::extract::numbers;
use crate::extract::scales::{self, Defined};

/// One outcome row before it gets its article and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: OutcomeKind,
    pub arm: Arm,
    pub scale: Option<String>,
    pub timepoint: Option<String>,
    pub value: f64,
    pub ci: Option<(f64, f64)>,
    pub p_value: Option<f64>,
    pub events: Option<u32>,
    pub n: Option<u32>,
    pub rule: &'static str,
    pub confidence: f32,
}


/// Rows for every value in one sentence.
pub fn sentence_rows(sentence: &str, study: &StudyArms, defined: &[Defined]) -> Vec<Row> {
    let (vals, pvals) = values::values_and_p(sentence);
    let vals: Vec<Value> = vals.into_iter().filter(|v| keep(sentence, v)).collect();
    if vals.is_empty() {
        return Vec::new();
    }
    let mentions = arms::arm_mentions(sentence, study);
    let in_vs = vs_runs(sentence, &vals, &mentions);
    // In a "respectively" list the groups come after all the values, in order.
    let respectively = says_respectively(sentence);
    let mut bound: Vec<Option<Bound>> = vals
        .iter()
        .enumerate()
        .map(|(i, v)| if in_vs[i] || respectively { None } else { bind_tight(sentence, v, &mentions) })
        .collect();
    share_from_to(sentence, &vals, &mut bound);
    bind_runs(sentence, &vals, &mut bound, &mentions, study);
    let points = timepoints::timepoints(sentence);
    let scale_ms = scales::scale_mentions_with(sentence, defined);
    let mut rows = Vec::new();
    for (i, v) in vals.iter().enumerate() {
        let b = bound[i].clone().unwrap_or_else(|| bind_nearest(sentence, v, &mentions, study));
        let mut all = vec![b.clone()];
        all.extend(b.also.iter().map(|(arm, label)| Bound { arm: *arm, label: label.clone(), ..b.clone() }));
        for b in all {
            if let Some(row) = make_row(sentence, &vals, i, b, study, &mentions, &pvals, &points, &scale_ms) {
                rows.extend(shared_with(sentence, v, &row, &scale_ms, defined));
                rows.push(row);
            }
        }
    }
    rows
}

pub(super) fn says_respectively(sentence: &str) -> bool {
    sentence.as_bytes().windows(12).any(|w| w.eq_ignore_ascii_case(b"respectively"))
}

/// Drops rates that describe participants or thresholds rather than results.
fn keep(sentence: &str, v: &Value) -> bool {
    match v.shape {
        Shape::Effect(k) if k != OutcomeKind::PercentChange => true,
        _ => {
            !kinds::describes_participants(sentence)
                && !kinds::is_threshold(&sentence[..v.start])
                && !kinds::is_definition(sentence)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn make_row(
    sentence: &str, vals: &[Value], i: usize, b: Bound, study: &StudyArms, mentions: &[ArmMention],
    pvals: &[numbers::PValue], points: &[timepoints::TimePoint], scale_ms: &[scales::ScaleMention],
) -> Option<Row> {
    let v = &vals[i];
    let mut arm = b.arm;
    // In a study with one arm, "the ketamine group" is everyone.
    if !study.has_comparator && !study.is_review && arm == Arm::Ketamine && b.rule != "pair_within_ketamine" && b.rule != "effect_between_arms" {
        arm = Arm::Overall;
    }
    let (mut value, mut events, mut n) = (v.value, v.events, v.n);
    // The words that belong to this number: back to the previous value, and on to the end of
    // its clause (a bracket, ';', a conjunction or the next value), at most 90 bytes.
    let window_start = if i > 0 { vals[i - 1].end } else { 0 };
    let limit = sentence.floor_char_boundary(limit_after(sentence, vals, i).min(v.end + 90).max(v.end));
    let tail = &sentence[v.end..limit.max(v.end)];
    // "Seven (14%) of the children …": the bracket around the rate does not end its clause.
    let inner = &sentence[v.start..v.end];
    let opened_inside = inner.matches('(').count() > inner.matches(')').count();
    let skip = if tail.starts_with(')') && (opened_inside || sentence[..v.start].trim_end().ends_with('(')) { 1 } else { 0 };
    let next_is_close = vals.get(i + 1).is_some_and(|w| w.start <= v.end + 90);
    let after = &tail[skip..skip + clause_end_at(&tail[skip..], next_is_close)];
    let before = &sentence[window_start.min(v.start)..v.start];
    let head = &sentence[..v.start];
    let kind = match v.shape {
        Shape::Rate => kinds::rate_kind(before, after, head),
        Shape::Mean if CHANGE_IN.is_match(head) && !in_from_to(sentence, vals, i) => OutcomeKind::MeanChange,
        Shape::Mean => OutcomeKind::MeanScore,
        Shape::Effect(k) => k,
        Shape::Count => {
            let mention = ArmMention { start: 0, end: 0, arm: b.arm, label: b.label.clone(), weak: false };
            let size = study.n_of(&mention)?;
            if size == 0 || v.value > size as f64 {
                return None;
            }
            events = Some(v.value as u32);
            n = Some(size);
            value = (10000.0 * v.value / size as f64).round() / 100.0;
            kinds::rate_kind(before, after, head)
        }
    };
    let _ = mentions;
    if kind == OutcomeKind::MeanDifference && v.shape == Shape::Effect(OutcomeKind::MeanDifference) {
        value = signed_difference(&sentence[v.end..], value);
    }
    Some(Row {
        kind,
        arm,
        scale: nearest_scale(scale_ms, sentence, v.start),
        timepoint: timepoints::nearest(points, sentence, v.start, v.end, limit_after(sentence, vals, i)),
        value,
        ci: v.ci,
        p_value: p_for(sentence, vals, i, pvals),
        events,
        n,
        rule: b.rule,
        confidence: b.confidence,
    })
}

static CHANGE_IN: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\bchanges?\s+(?:in|of|from)\b|\bmean\s+(?:changes?|reductions?|decreases?|improvements?|drops?)\b|\bchange\s+scores?\b").unwrap()
});

/// "from 24.1 ± 5.2 to 12.3 ± 6.0 in the ketamine group": both ends of a from–to pair belong
/// to the group named with either end.
fn share_from_to(sentence: &str, vals: &[Value], bound: &mut [Option<Bound>]) {
    for i in 1..vals.len() {
        if !from_to_pair(sentence, &vals[i - 1], &vals[i]) {
            continue;
        }
        match (bound[i - 1].is_some(), bound[i].is_some()) {
            (true, false) => bound[i] = bound[i - 1].clone(),
            (false, true) => bound[i - 1] = bound[i].clone(),
            _ => {}
        }
    }
}

/// "from an average of 18.9 to 9.5": both numbers are scores, whatever "change" said before.
fn in_from_to(sentence: &str, vals: &[Value], i: usize) -> bool {
    (i > 0 && from_to_pair(sentence, &vals[i - 1], &vals[i]))
        || vals.get(i + 1).is_some_and(|w| from_to_pair(sentence, &vals[i], w))
}

fn from_to_pair(sentence: &str, a: &Value, b: &Value) -> bool {
    static TO: LazyLock<Regex> = LazyLock::new(|| re::compile(r"(?i)^[^;]{0,50}?\bto\b[^;\d]{0,30}$").unwrap());
    a.shape == Shape::Mean && b.shape == Shape::Mean && TO.is_match(&sentence[a.end..b.start])
}

/// "11.88 points lower in the ketamine group than …" is −11.88 (ketamine minus comparator).
fn signed_difference(after: &str, value: f64) -> f64 {
    static DIR: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(r"(?i)^\s*(?:points?)?\s*(?:\([^)]*\)\s*)?(lower|less|fewer|smaller|higher|greater|more|larger)\b([^.;]{0,80})").unwrap()
    });
    let Some(c) = DIR.captures(after) else { return value };
    let lower = matches!(c[1].to_lowercase().as_str(), "lower" | "less" | "fewer" | "smaller");
    let first = arms::arm_of_words(&c[2]);
    let ketamine_first = first != Some(Arm::Comparator);
    let magnitude = value.abs();
    if lower == ketamine_first { -magnitude } else { magnitude }
}

static BOTH: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\bfor\s+both\s+(?:the\s+)?([a-z-]+)[^.;()]{0,40}?\band\b").unwrap()
});
static AS_DID: LazyLock<Regex> = LazyLock::new(|| re::compile(r"(?i)^[^;]{0,30}?,?\s*as\s+(?:did|were|was)\s+").unwrap());

/// One number stated for two outcomes: "… responded for both anxiety and depression" (one
/// more row), "FQ ratings decreased by ~50%, as did Hamilton Anxiety ratings" (a row for HAM-A).
fn shared_with(sentence: &str, v: &Value, row: &Row, scale_ms: &[scales::ScaleMention], _d: &[Defined]) -> Option<Row> {
    let tail = &sentence[v.end..];
    let tail = &tail[..clause_end_at(tail, false)];
    if let Some(c) = BOTH.captures(tail) {
        let word = c[1].to_lowercase();
        if !matches!(word.as_str(), "group" | "groups" | "arms" | "arm" | "conditions") {
            return Some(Row { rule: "one_value_two_outcomes", ..row.clone() });
        }
    }
    if let Some(m) = AS_DID.find(tail) {
        let at = v.end + m.end();
        let scale = scale_ms.iter().find(|s| s.start >= at && s.start <= at + 5)?;
        return Some(Row { scale: Some(scale.canonical.clone()), rule: "one_value_two_outcomes", ..row.clone() });
    }
    None
}

static CONJUNCTION: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^\s(?:and|or|whereas|while|compared|vs\b|versus|than)\b").unwrap()
});

/// Where a number's clause ends in the text after it: a ';' or a bracket that closes one
/// opened before the number ("(5% vs 27.5%)"), not one it opens itself ("ketamine (n=8) met").
/// With `at_conjunctions` false it keeps going past commas and "and" ("for both anxiety and …").
fn clause_end_at(tail: &str, at_conjunctions: bool) -> usize {
    let mut depth = 0i32;
    for (i, c) in tail.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth == 0 => return i,
            ')' | ']' => depth -= 1,
            ';' => return i,
            ',' if at_conjunctions && depth == 0 => return i,
            _ => {}
        }
        if at_conjunctions && depth == 0 && CONJUNCTION.is_match(&tail[i..]) {
            return i;
        }
    }
    tail.len()
}

/// Where the stretch of value `i` ends: at the next value, or the sentence end.
pub(super) fn limit_after(sentence: &str, vals: &[Value], i: usize) -> usize {
    vals.get(i + 1).map_or(sentence.len(), |w| w.start)
}

/// The scale named nearest before the value, else the first one after it.
fn nearest_scale(ms: &[scales::ScaleMention], _sentence: &str, at: usize) -> Option<String> {
    ms.iter().rev().find(|m| m.end <= at).or_else(|| ms.iter().find(|m| m.start >= at)).map(|m| m.canonical.clone())
}

/// The p-value of the contrast a value belongs to: the first one after it and before the next
/// value that is not its pair; else the sentence's only p-value.
fn p_for(sentence: &str, vals: &[Value], i: usize, pvals: &[numbers::PValue]) -> Option<f64> {
    let v = &vals[i];
    let mut limit = sentence.len();
    for w in vals.iter().skip(i + 1) {
        let gap = &sentence[v.end.min(w.start)..w.start];
        if pvals.iter().any(|p| p.start >= v.end && p.end <= w.start) || gap.contains(';') {
            limit = w.start;
            break;
        }
    }
    let _ = limit;
    if let Some(p) = pvals.iter().find(|p| p.start >= v.end) {
        return p.value;
    }
    match pvals {
        [only] => only.value,
        _ => None,
    }
}

#[cfg(test)]
#[path = "assign_tests.rs"]
mod tests;
