//! Ties each value of a sentence to an arm, a kind, a scale, a time point and a p-value, from
//! the sentence's structure: a group named right before or after the number ("group M 95.9%",
//! "73.46% in MK", "K1: 23"), pairs and lists mapped in order to the groups the sentence names
//! ("in the esketamine group compared with the control group (5% vs. 27.5%)", "respectively"),
//! else the nearest named group. Pure; sentence-local plus the study's group table.

use std::sync::LazyLock;

use regex::Regex;

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
}

static GAP_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:groups?)?\s*(?:[:=]|\(|,)?\s*(?:\(\s*)?(?:mean\s*(?:±\s*SD)?\s*[:=]?\s*)?$").unwrap()
});
static GAP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\)?\s*(?:(?:response|remission|responders?)\s+)?(?:(?:of|among)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?)?(?:(?:in|for|with|among|of|receiving)\s+(?:the\s+)?)?(?:groups?\s+)?$").unwrap()
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
    let respectively = sentence.to_lowercase().contains("respectively");
    let mut bound: Vec<Option<Bound>> = vals
        .iter()
        .enumerate()
        .map(|(i, v)| if in_vs[i] || respectively { None } else { bind_tight(sentence, v, &mentions) })
        .collect();
    bind_runs(sentence, &vals, &mut bound, &mentions, study);
    let pvals = numbers::p_values(sentence);
    let points = timepoints::timepoints(sentence);
    let scale_ms = scales::scale_mentions_with(sentence, defined);
    let mut rows = Vec::new();
    for (i, v) in vals.iter().enumerate() {
        let b = bound[i].clone().unwrap_or_else(|| bind_nearest(v, &mentions, study));
        let Some(row) = make_row(sentence, &vals, i, b, study, &mentions, &pvals, &points, &scale_ms) else {
            continue;
        };
        rows.push(row);
    }
    rows
}

/// Drops rates that describe participants or thresholds rather than results.
fn keep(sentence: &str, v: &Value) -> bool {
    match v.shape {
        Shape::Effect(_) => true,
        _ => !kinds::describes_participants(sentence) && !kinds::is_threshold(&sentence[..v.start]),
    }
}

static VS_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:±\s*[\d.]+\s*)?(?:%\s*)?(?:[a-zµ]+\s*)?(?:,\s*)?(?:vs\b\s*\.?|versus\b)\s*$").unwrap()
});

/// Values printed as a bare pair ("(5% vs. 27.5%", "17.2 ± 2.7 vs . 15.5 ± 2.3"): the groups
/// are named elsewhere in the sentence, so the group just before the bracket is not theirs.
fn vs_runs(sentence: &str, vals: &[Value], mentions: &[ArmMention]) -> Vec<bool> {
    let mut marks = vec![false; vals.len()];
    for i in 1..vals.len() {
        let (a, b) = (&vals[i - 1], &vals[i]);
        let gap = &sentence[a.end..b.start];
        let named_inside = mentions.iter().any(|m| m.start >= a.end && m.end <= b.start);
        if same_family(a.shape, b.shape) && VS_GAP.is_match(gap) && !named_inside {
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
        return Some(Bound { arm: m.arm, label: m.label.clone(), rule: "group_before_value", confidence: 0.9 });
    }
    let after = mentions.iter().find(|m| m.start >= v.end && GAP_AFTER.is_match(&sentence[v.end..m.start]));
    if let Some(m) = after {
        return Some(Bound { arm: m.arm, label: m.label.clone(), rule: "group_after_value", confidence: 0.85 });
    }
    let before_weak = mentions.iter().rev().find(|m| m.end <= v.start && m.weak && GAP_BEFORE.is_match(&sentence[m.end..v.start]));
    before_weak.map(|m| Bound { arm: m.arm, label: m.label.clone(), rule: "drug_before_value", confidence: 0.7 })
}

static PAIR_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^;]{0,40}?(?:\bvs\b\.?|\bversus\b|\bcompared\s+(?:with|to)\b|\band\b|\bor\b|,|/|;)\s*(?:\w+\s*)?$").unwrap()
});
static FROM_TO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^[^;]{0,40}?\bto\s*$").unwrap());

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
    let _ = sentence;
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
    if strong.len() >= 2 { strong } else { pick(true) }
}

fn run_arms(len: usize, order: &[(Arm, Option<String>)], study: &StudyArms, sentence: &str, vals: &[Value], i: usize) -> Vec<Bound> {
    let respectively = sentence.to_lowercase().contains("respectively");
    let b = |arm: Arm, label: Option<String>, rule: &'static str, c: f32| Bound { arm, label, rule, confidence: c };
    if order.len() >= len || (respectively && !order.is_empty()) {
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
        let arm = if t0 != t1 { Arm::Overall } else { Arm::Ketamine };
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

/// No structural cue: the nearest group named before the value, else after, else the sample.
fn bind_nearest(v: &Value, mentions: &[ArmMention], study: &StudyArms) -> Bound {
    if let Shape::Effect(k) = v.shape {
        if !matches!(k, OutcomeKind::MeanChange | OutcomeKind::PercentChange) {
            let arm = if study.has_comparator { Arm::Between } else { Arm::Overall };
            return Bound { arm, label: None, rule: "effect_between_arms", confidence: 0.8 };
        }
    }
    let before = mentions.iter().rev().find(|m| m.end <= v.start && !m.weak)
        .or_else(|| mentions.iter().rev().find(|m| m.end <= v.start));
    let found = before.or_else(|| mentions.iter().find(|m| m.start >= v.end));
    match found {
        Some(m) => Bound { arm: m.arm, label: m.label.clone(), rule: "nearest_group", confidence: 0.55 },
        None => Bound { arm: Arm::Overall, label: None, rule: "no_group_named", confidence: 0.4 },
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
    if !study.has_comparator && arm == Arm::Ketamine && b.rule != "pair_within_ketamine" {
        arm = Arm::Overall;
    }
    let (mut value, mut events, mut n) = (v.value, v.events, v.n);
    let window_start = if i > 0 { vals[i - 1].end } else { 0 };
    let window_end = (v.end + 50).min(sentence.len());
    let window_end = (window_end..=sentence.len()).find(|&e| sentence.is_char_boundary(e)).unwrap_or(sentence.len());
    let window = &sentence[window_start..window_end];
    let kind = match v.shape {
        Shape::Rate => kinds::rate_kind(window, sentence),
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
            value = 100.0 * v.value / size as f64;
            kinds::rate_kind(window, sentence)
        }
    };
    let _ = mentions;
    Some(Row {
        kind,
        arm,
        scale: nearest_scale(scale_ms, sentence, v.start),
        timepoint: timepoints::nearest(points, sentence, v.start, v.end, limit_after(sentence, vals, i)),
        value: (value * 100.0).round() / 100.0,
        ci: v.ci,
        p_value: p_for(sentence, vals, i, pvals),
        events,
        n,
        rule: b.rule,
        confidence: b.confidence,
    })
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
