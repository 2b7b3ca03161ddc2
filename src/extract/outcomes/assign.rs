//! Ties each value of a sentence to an arm, a kind, a scale, a time point and a p-value, from
//! the sentence's structure: a group named right before or after the number ("group M 95.9%",
//! "73.46% in MK", "K1: 23"), pairs and lists mapped in order to the groups the sentence names
//! ("in the esketamine group compared with the control group (5% vs. 27.5%)", "respectively"),
//! else the nearest named group. Pure; sentence-local plus the study's group table.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::re;

use super::arms::{self, ArmMention, StudyArms};
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

/// How a value found its arm.
#[derive(Debug, Clone)]
struct Bound {
    arm: Arm,
    label: Option<String>,
    rule: &'static str,
    confidence: f32,
    /// Further groups the same number is given for ("20% … in the M-A or M-K-A groups").
    also: Vec<(Arm, Option<String>)>,
}

fn bound(arm: Arm, label: Option<String>, rule: &'static str, confidence: f32) -> Bound {
    Bound { arm, label, rule, confidence, also: Vec::new() }
}

static GAP_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"^\s*(?:groups?)?\s*(?:[:=]|\(|,)?\s*(?:\(\s*)?(?:mean\s*(?:±\s*)?(?:SD|\(SD\))?\s*[:=]?\s*)?$").unwrap()
});
static GAP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^\s*\)?\s*(?:(?:response|remission|responders?)\s+)?(?:(?:of|among)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?)?(?:(?:responded|remitted|improved|were|was|had)\s+)?(?:(?:in|for|with|among|of|receiving)\s+(?:the\s+)?)?(?:groups?\s+)?$").unwrap()
});

/// Rows for every value in one sentence.
pub fn sentence_rows(sentence: &str, study: &StudyArms, defined: &[Defined]) -> Vec<Row> {
    let vals: Vec<Value> = values::values(sentence)
        .into_iter()
        .filter(|v| keep(sentence, v))
        .collect();
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
    let pvals = numbers::p_values(sentence);
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

fn says_respectively(sentence: &str) -> bool {
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

static VS_GAP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^\s*(?:±\s*[\d.]+\s*)?(?:%\s*)?(?:[a-zµ]+\s*)?(?:,\s*)?(?:vs\b\s*\.?|versus\b)\s*$").unwrap()
});

static BRACKET_AND: LazyLock<Regex> = LazyLock::new(|| re::compile(r"^\s*(?:%\s*)?(?:and|,|/)\s*$").unwrap());

/// Values printed as a bare pair ("(5% vs. 27.5%", "17.2 ± 2.7 vs . 15.5 ± 2.3"): the groups
/// are named elsewhere in the sentence, so the group just before the bracket is not theirs.
fn vs_runs(sentence: &str, vals: &[Value], mentions: &[ArmMention]) -> Vec<bool> {
    let mut marks = vec![false; vals.len()];
    for i in 1..vals.len() {
        let (a, b) = (&vals[i - 1], &vals[i]);
        let gap = &sentence[a.end..b.start];
        let named_inside = mentions.iter().any(|m| m.start >= a.end && m.end <= b.start);
        let bracket_pair = BRACKET_AND.is_match(gap) && sentence[..a.start].trim_end().ends_with('(');
        if same_family(a.shape, b.shape) && (VS_GAP.is_match(gap) || bracket_pair) && !named_inside {
            marks[i - 1] = true;
            marks[i] = true;
        }
    }
    marks
}

/// A group named right before ("group M 95.9%", "K1: 23") or right after ("41% in group M").
fn bind_tight(sentence: &str, v: &Value, mentions: &[ArmMention]) -> Option<Bound> {
    if let Shape::Effect(k) = v.shape {
        if k != OutcomeKind::MeanChange && k != OutcomeKind::PercentChange {
            return None;
        }
    }
    let before = mentions.iter().rev().find(|m| m.end <= v.start && !m.weak && GAP_BEFORE.is_match(&sentence[m.end..v.start]));
    if let Some(m) = before {
        return Some(bound(m.arm, m.label.clone(), "group_before_value", 0.9));
    }
    let after = mentions.iter().position(|m| m.start >= v.end && GAP_AFTER.is_match(&sentence[v.end..m.start]));
    if let Some(k) = after {
        let m = &mentions[k];
        let mut b = bound(m.arm, m.label.clone(), "group_after_value", 0.85);
        // "in the M-A or M-K-A groups": one number for every group of the list.
        let mut prev = m;
        for next in &mentions[k + 1..] {
            if next.weak != m.weak || !LIST_GAP.is_match(&sentence[prev.end..next.start]) {
                break;
            }
            b.also.push((next.arm, next.label.clone()));
            prev = next;
        }
        return Some(b);
    }
    let before_weak = mentions.iter().rev().find(|m| m.end <= v.start && m.weak && GAP_BEFORE.is_match(&sentence[m.end..v.start]));
    before_weak.map(|m| bound(m.arm, m.label.clone(), "drug_before_value", 0.7))
}

static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| re::compile(r"^\s*(?:,|or|and|&|/)\s*(?:the\s+)?$").unwrap());

static PAIR_GAP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^[^;]{0,40}?(?:\bvs\b\s*\.?|\bversus\b|\bcompared\s+(?:with|to)\b|\band\b|\bor\b|,|/|;)\s*(?:\w+\s*)?$").unwrap()
});
static CONTRAST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\bvs\b|\bversus\b|\bcompared\s+(?:with|to)\b|\bthan\b").unwrap()
});

static FROM_TO: LazyLock<Regex> = LazyLock::new(|| re::compile(r"(?i)^[^;]{0,40}?\bto\s*$").unwrap());

/// Runs of unbound values ("5% vs. 27.5%", "… respectively") mapped in order to the groups the
/// sentence names; a pair with one named group gets the other arm for its second value.
fn bind_runs(sentence: &str, vals: &[Value], bound: &mut [Option<Bound>], mentions: &[ArmMention], study: &StudyArms) {
    let mut i = 0;
    while i < vals.len() {
        if bound[i].is_some() || is_between(vals[i].shape) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < vals.len()
            && bound[j].is_none()
            && same_family(vals[i].shape, vals[j].shape)
            && PAIR_GAP.is_match(&sentence[vals[j - 1].end..vals[j].start])
            && !FROM_TO.is_match(&sentence[vals[j - 1].end..vals[j].start])
        {
            j += 1;
        }
        if j - i >= 2 {
            let order = arm_order(sentence, mentions, vals[i].start);
            let arms_for = run_arms(j - i, &order, study, sentence, vals, i);
            // An empty answer leaves each value to the nearest-group rule.
            for (k, b) in arms_for.into_iter().enumerate() {
                bound[i + k] = Some(b);
            }
        }
        i = j;
    }
}

fn is_between(shape: Shape) -> bool {
    matches!(shape, Shape::Effect(k) if !matches!(k, OutcomeKind::MeanChange | OutcomeKind::PercentChange))
}

fn same_family(a: Shape, b: Shape) -> bool {
    matches!((a, b), (Shape::Rate, Shape::Rate) | (Shape::Mean, Shape::Mean) | (Shape::Count, Shape::Count))
        || a == b
}

/// The distinct groups the sentence names, in order; strong names only when there are two.
fn arm_order(sentence: &str, mentions: &[ArmMention], _at: usize) -> Vec<(Arm, Option<String>)> {
    let pick = |weak_ok: bool| {
        let mut order: Vec<(Arm, Option<String>)> = Vec::new();
        for m in mentions.iter().filter(|m| weak_ok || !m.weak) {
            let key = (m.arm, m.label.clone());
            let dup = order.iter().any(|o| *o == key || (o.1.is_none() && key.1.is_none() && o.0 == key.0));
            if !dup {
                order.push(key);
            }
        }
        order
    };
    let strong = pick(false);
    let mut order = if strong.len() >= 2 { strong } else { pick(true) };
    // "Compared with the control group, the ketamine group had …": the subject comes first.
    let is_object = |key: &(Arm, Option<String>)| {
        mentions.iter().filter(|m| m.arm == key.0 && m.label == key.1).all(|m| OBJECT_OF_COMPARISON.is_match(&sentence[..m.start]))
    };
    let (subjects, objects): (Vec<_>, Vec<_>) = order.drain(..).partition(|k| !is_object(k));
    subjects.into_iter().chain(objects).collect()
}

fn run_arms(len: usize, order: &[(Arm, Option<String>)], study: &StudyArms, sentence: &str, vals: &[Value], i: usize) -> Vec<Bound> {
    let respectively = says_respectively(sentence);
    let b = bound;
    // A "respectively" list longer than the groups named lists outcomes, not groups.
    if respectively && order.len() != len {
        return Vec::new();
    }
    let strong_named = order.len() >= 2;
    if !strong_named && OVERALL.is_match(&sentence[..vals[i].start]) {
        return (0..len).map(|_| b(Arm::Overall, None, "overall_named", 0.7)).collect();
    }
    if order.len() >= len {
        return (0..len)
            .map(|k| {
                let (arm, label) = order.get(k).cloned().unwrap_or((order[0].0, None));
                b(arm, label, if respectively { "respectively_list" } else { "pair_in_group_order" }, 0.75)
            })
            .collect();
    }
    if !study.has_comparator {
        // Subgroups of one ketamine-treated sample, or the same sample at two times.
        let t = timepoints::timepoints(sentence);
        let t0 = timepoints::nearest(&t, sentence, vals[i].start, vals[i].end, vals[i + 1].start);
        let t1 = timepoints::nearest(&t, sentence, vals[i + 1].start, vals[i + 1].end, limit_after(sentence, vals, i + 1));
        let contrast = CONTRAST_GAP.is_match(&sentence[vals[i].end..vals[i + 1].start]);
        let pooled = study.is_review && order.iter().any(|o| o.0 == Arm::Ketamine);
        let arm = if pooled || (t0 == t1 && contrast) { Arm::Ketamine } else { Arm::Overall };
        return (0..len).map(|_| b(arm, None, "pair_within_ketamine", 0.6)).collect();
    }
    let first = order.first().map_or(Arm::Ketamine, |o| o.0);
    let other = if first == Arm::Comparator { Arm::Ketamine } else { Arm::Comparator };
    let mut out = vec![b(first, order.first().and_then(|o| o.1.clone()), "pair_subject_first", 0.65)];
    for _ in 1..len {
        out.push(b(other, None, "pair_other_arm", 0.6));
    }
    out
}

static OVERALL: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\boverall\s+(?:incidence|rate|prevalence|response|remission|proportion)|\bin\s+all\s+(?:patients|participants|subjects|children)\b|\bof\s+all\s+(?:patients|participants|subjects|children)\b").unwrap()
});

static OBJECT_OF_COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:than|compared\s+(?:with|to)|versus|vs\.?|relative\s+to|from)\s+(?:that\s+(?:in|of)\s+)?(?:in\s+)?(?:the\s+)?(?:groups?\s+)?$").unwrap()
});

/// No structural cue: the nearest group named before the value, else after, else the sample.
fn bind_nearest(sentence: &str, v: &Value, mentions: &[ArmMention], study: &StudyArms) -> Bound {
    if let Shape::Effect(k) = v.shape {
        if !matches!(k, OutcomeKind::MeanChange | OutcomeKind::PercentChange) {
            // Without a control arm an effect contrasts subgroups of the ketamine sample ("melancholic
            // vs. anxious, OR 0.138") or is a within-group change (d of a change: the sample).
            let arm = if study.has_comparator {
                Arm::Between
            } else if CONTRAST_GAP.is_match(sentence) {
                Arm::Ketamine
            } else {
                Arm::Overall
            };
            return bound(arm, None, "effect_between_arms", 0.8);
        }
    }
    let before = mentions.iter().rev().find(|m| m.end <= v.start && !m.weak)
        .or_else(|| mentions.iter().rev().find(|m| m.end <= v.start));
    // "lower in the esketamine group than the control group at T2 (10%)": one number after a
    // comparison belongs to the subject, not to the group it is compared with.
    if let Some(m) = before {
        if OBJECT_OF_COMPARISON.is_match(&sentence[..m.start]) {
            if let Some(subject) = mentions.iter().find(|s| s.end <= m.start && s.arm != m.arm && (!s.weak || m.weak)) {
                return bound(subject.arm, subject.label.clone(), "subject_of_comparison", 0.7);
            }
        }
    }
    if mentions.iter().all(|m| m.weak) && OVERALL.is_match(&sentence[..v.start]) {
        return bound(Arm::Overall, None, "overall_named", 0.7);
    }
    let found = before.or_else(|| mentions.iter().find(|m| m.start >= v.end));
    match found {
        Some(m) => bound(m.arm, m.label.clone(), "nearest_group", 0.55),
        None => bound(Arm::Overall, None, "no_group_named", 0.4),
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
    let limit = limit_after(sentence, vals, i).min(v.end + 90).max(v.end);
    let mut limit = limit;
    while !sentence.is_char_boundary(limit) {
        limit -= 1;
    }
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
fn limit_after(sentence: &str, vals: &[Value], i: usize) -> usize {
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
