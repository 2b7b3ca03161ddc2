//! How each value of a sentence finds its arm: a group named right before or after the number,
//! pairs and lists mapped in order to the groups the sentence names ("5% vs. 27.5%",
//! "respectively"), else the nearest named group. Pure; sentence-local plus the study's groups.

use std::sync::LazyLock;

use regex::Regex;

use super::arms::{ArmMention, StudyArms};
use super::assign::{limit_after, says_respectively};
use super::timepoints;
use super::values::{Shape, Value};
use crate::extract::model::{Arm, OutcomeKind};
use crate::extract::re;

/// How a value found its arm.
#[derive(Debug, Clone)]
pub(super) struct Bound {
    pub(super) arm: Arm,
    pub(super) label: Option<String>,
    pub(super) rule: &'static str,
    pub(super) confidence: f32,
    /// Further groups the same number is given for ("20% … in the M-A or M-K-A groups").
    pub(super) also: Vec<(Arm, Option<String>)>,
}

pub(super) fn bound(arm: Arm, label: Option<String>, rule: &'static str, confidence: f32) -> Bound {
    Bound {
        arm,
        label,
        rule,
        confidence,
        also: Vec::new(),
    }
}

static GAP_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"^\s*(?:groups?)?\s*(?:[:=]|\(|,)?\s*(?:\(\s*)?(?:mean\s*(?:±\s*)?(?:SD|\(SD\))?\s*[:=]?\s*)?$").unwrap()
});
static GAP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^\s*\)?\s*(?:(?:response|remission|responders?)\s+)?(?:(?:of|among)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?)?(?:(?:responded|remitted|improved|were|was|had)\s+)?(?:(?:in|for|with|among|of|receiving)\s+(?:the\s+)?)?(?:groups?\s+)?$").unwrap()
});

static VS_GAP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(
        r"(?i)^\s*(?:±\s*[\d.]+\s*)?(?:%\s*)?(?:[a-zµ]+\s*)?(?:,\s*)?(?:vs\b\s*\.?|versus\b)\s*$",
    )
    .unwrap()
});

static BRACKET_AND: LazyLock<Regex> =
    LazyLock::new(|| re::compile(r"^\s*(?:%\s*)?(?:and|,|/)\s*$").unwrap());

/// Values printed as a bare pair ("(5% vs. 27.5%", "17.2 ± 2.7 vs . 15.5 ± 2.3"): the groups
/// are named elsewhere in the sentence, so the group just before the bracket is not theirs.
pub(super) fn vs_runs(sentence: &str, vals: &[Value], mentions: &[ArmMention]) -> Vec<bool> {
    let mut marks = vec![false; vals.len()];
    for i in 1..vals.len() {
        let (a, b) = (&vals[i - 1], &vals[i]);
        let gap = &sentence[a.end..b.start];
        let named_inside = mentions
            .iter()
            .any(|m| m.start >= a.end && m.end <= b.start);
        let bracket_pair =
            BRACKET_AND.is_match(gap) && sentence[..a.start].trim_end().ends_with('(');
        if same_family(a.shape, b.shape) && (VS_GAP.is_match(gap) || bracket_pair) && !named_inside
        {
            marks[i - 1] = true;
            marks[i] = true;
        }
    }
    marks
}

/// A group named right before ("group M 95.9%", "K1: 23") or right after ("41% in group M").
pub(super) fn bind_tight(sentence: &str, v: &Value, mentions: &[ArmMention]) -> Option<Bound> {
    if let Shape::Effect(k) = v.shape {
        if k != OutcomeKind::MeanChange && k != OutcomeKind::PercentChange {
            return None;
        }
    }
    let before = mentions
        .iter()
        .rev()
        .find(|m| m.end <= v.start && !m.weak && GAP_BEFORE.is_match(&sentence[m.end..v.start]));
    if let Some(m) = before {
        return Some(bound(m.arm, m.label.clone(), "group_before_value", 0.9));
    }
    let after = mentions
        .iter()
        .position(|m| m.start >= v.end && GAP_AFTER.is_match(&sentence[v.end..m.start]));
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
    let before_weak = mentions
        .iter()
        .rev()
        .find(|m| m.end <= v.start && m.weak && GAP_BEFORE.is_match(&sentence[m.end..v.start]));
    before_weak.map(|m| bound(m.arm, m.label.clone(), "drug_before_value", 0.7))
}

static LIST_GAP: LazyLock<Regex> =
    LazyLock::new(|| re::compile(r"^\s*(?:,|or|and|&|/)\s*(?:the\s+)?$").unwrap());

static PAIR_GAP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^[^;]{0,40}?(?:\bvs\b\s*\.?|\bversus\b|\bcompared\s+(?:with|to)\b|\band\b|\bor\b|,|/|;)\s*(?:\w+\s*)?$").unwrap()
});
static CONTRAST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\bvs\b|\bversus\b|\bcompared\s+(?:with|to)\b|\bthan\b").unwrap()
});

static FROM_TO: LazyLock<Regex> =
    LazyLock::new(|| re::compile(r"(?i)^[^;]{0,40}?\bto\s*$").unwrap());

/// Runs of unbound values ("5% vs. 27.5%", "… respectively") mapped in order to the groups the
/// sentence names; a pair with one named group gets the other arm for its second value.
pub(super) fn bind_runs(
    sentence: &str,
    vals: &[Value],
    bound: &mut [Option<Bound>],
    mentions: &[ArmMention],
    study: &StudyArms,
) {
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

pub(super) fn is_between(shape: Shape) -> bool {
    matches!(shape, Shape::Effect(k) if !matches!(k, OutcomeKind::MeanChange | OutcomeKind::PercentChange))
}

pub(super) fn same_family(a: Shape, b: Shape) -> bool {
    matches!(
        (a, b),
        (Shape::Rate, Shape::Rate) | (Shape::Mean, Shape::Mean) | (Shape::Count, Shape::Count)
    ) || a == b
}

/// The distinct groups the sentence names, in order; strong names only when there are two.
fn arm_order(sentence: &str, mentions: &[ArmMention], _at: usize) -> Vec<(Arm, Option<String>)> {
    let pick = |weak_ok: bool| {
        let mut order: Vec<(Arm, Option<String>)> = Vec::new();
        for m in mentions.iter().filter(|m| weak_ok || !m.weak) {
            let key = (m.arm, m.label.clone());
            let dup = order
                .iter()
                .any(|o| *o == key || (o.1.is_none() && key.1.is_none() && o.0 == key.0));
            if !dup {
                order.push(key);
            }
        }
        order
    };
    let strong = pick(false);
    let mut order = if strong.len() >= 2 {
        strong
    } else {
        pick(true)
    };
    // "Compared with the control group, the ketamine group had …": the subject comes first.
    let is_object = |key: &(Arm, Option<String>)| {
        mentions
            .iter()
            .filter(|m| m.arm == key.0 && m.label == key.1)
            .all(|m| OBJECT_OF_COMPARISON.is_match(&sentence[..m.start]))
    };
    let (subjects, objects): (Vec<_>, Vec<_>) = order.drain(..).partition(|k| !is_object(k));
    subjects.into_iter().chain(objects).collect()
}

fn run_arms(
    len: usize,
    order: &[(Arm, Option<String>)],
    study: &StudyArms,
    sentence: &str,
    vals: &[Value],
    i: usize,
) -> Vec<Bound> {
    let respectively = says_respectively(sentence);
    let b = bound;
    // A "respectively" list longer than the groups named lists outcomes, not groups.
    if respectively && order.len() != len {
        return Vec::new();
    }
    let strong_named = order.len() >= 2;
    if !strong_named && OVERALL.is_match(&sentence[..vals[i].start]) {
        return (0..len)
            .map(|_| b(Arm::Overall, None, "overall_named", 0.7))
            .collect();
    }
    if order.len() >= len {
        return (0..len)
            .map(|k| {
                let (arm, label) = order.get(k).cloned().unwrap_or((order[0].0, None));
                b(
                    arm,
                    label,
                    if respectively {
                        "respectively_list"
                    } else {
                        "pair_in_group_order"
                    },
                    0.75,
                )
            })
            .collect();
    }
    if !study.has_comparator {
        // Subgroups of one ketamine-treated sample, or the same sample at two times.
        let t = timepoints::timepoints(sentence);
        let t0 = timepoints::nearest(&t, sentence, vals[i].start, vals[i].end, vals[i + 1].start);
        let t1 = timepoints::nearest(
            &t,
            sentence,
            vals[i + 1].start,
            vals[i + 1].end,
            limit_after(sentence, vals, i + 1),
        );
        let contrast = CONTRAST_GAP.is_match(&sentence[vals[i].end..vals[i + 1].start]);
        let pooled = study.is_review && order.iter().any(|o| o.0 == Arm::Ketamine);
        let arm = if pooled || (t0 == t1 && contrast) {
            Arm::Ketamine
        } else {
            Arm::Overall
        };
        return (0..len)
            .map(|_| b(arm, None, "pair_within_ketamine", 0.6))
            .collect();
    }
    let first = order.first().map_or(Arm::Ketamine, |o| o.0);
    let other = if first == Arm::Comparator {
        Arm::Ketamine
    } else {
        Arm::Comparator
    };
    let mut out = vec![b(
        first,
        order.first().and_then(|o| o.1.clone()),
        "pair_subject_first",
        0.65,
    )];
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
pub(super) fn bind_nearest(
    sentence: &str,
    v: &Value,
    mentions: &[ArmMention],
    study: &StudyArms,
) -> Bound {
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
    let before = mentions
        .iter()
        .rev()
        .find(|m| m.end <= v.start && !m.weak)
        .or_else(|| mentions.iter().rev().find(|m| m.end <= v.start));
    // "lower in the esketamine group than the control group at T2 (10%)": one number after a
    // comparison belongs to the subject, not to the group it is compared with.
    if let Some(m) = before {
        if OBJECT_OF_COMPARISON.is_match(&sentence[..m.start]) {
            if let Some(subject) = mentions
                .iter()
                .find(|s| s.end <= m.start && s.arm != m.arm && (!s.weak || m.weak))
            {
                return bound(
                    subject.arm,
                    subject.label.clone(),
                    "subject_of_comparison",
                    0.7,
                );
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
