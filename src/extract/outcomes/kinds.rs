//! What a rate measures, read from the outcome noun nearest to it ("response", "remission",
//! "incidence of", "developed"), and which sentences report participants rather than results
//! ("10 women (50%)"). Pure word rules on one sentence.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::re;

use crate::extract::model::OutcomeKind;

static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:respon(?:se|ses|ders?|ded|d)|response\s+rates?)\b").unwrap()
});
static NOT_RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\bdose[\s-]respon|\b(?:no|low|high|intense|behaviou?ral|emotional|stress|physiological|hemodynamic|inflammatory)\s+responses?\b|\bresponses\s+such\b").unwrap()
});
static REMISSION: LazyLock<Regex> =
    LazyLock::new(|| re::compile(r"(?i)\bremi(?:ssion|tted|tters?)\b").unwrap());
static INCIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:incidences?|occurr\w*|occurred|developed|prevalence|rates?\s+of|risk\s+of|adverse|side\s+effects?|complications?|agitation|delirium|nausea|vomiting|PONV|hypotension|hypertension|tachycardia|bradycardia|desaturation|hypoxemia|laryngospasm|dissociat\w*|nightmares?|hallucinations?|emergence\s+(?:phenomena|reactions?)|sialorrh\w*|salivation|dizziness|headache|diplopia|NPOBCs?|insomnia|relapse\w*|cried|vomited|agitated|hallucinat\w*|requir\w*|need\s+for|needed|postoperative\s+(?:anxiety|depression|sleep\s+disturbance))\b").unwrap()
});
static PERCENT_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:reduc\w*|decreas\w*|improv\w*|declin\w*)\s+(?:of|by)\s*$|\b(?:percent(?:age)?|%)\s+(?:reduction|decrease|improvement|change)").unwrap()
});

static SUCCESS: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:efficacy|success\w*|satisfactory|acceptable|adequate\w*|effective\w*|prevent\w*)\b").unwrap()
});

/// The kind of a printed rate: the outcome word nearest to the number, in `before` (the words
/// since the previous value) or `after` (the rest of its clause); else the nearest one in
/// `head` (the sentence before the number); else `proportion`. A success word ("efficacy in
/// preventing agitation") makes an event word describe a proportion, not an incidence.
pub fn rate_kind(before: &str, after: &str, head: &str) -> OutcomeKind {
    let kind = nearest_cue(before, after).or_else(|| nearest_cue(head, ""));
    match kind {
        Some(OutcomeKind::Incidence) if SUCCESS.is_match(before) || SUCCESS.is_match(after) => {
            OutcomeKind::Proportion
        }
        Some(k) => k,
        None => OutcomeKind::Proportion,
    }
}

fn nearest_cue(before: &str, after: &str) -> Option<OutcomeKind> {
    let cues: [(&Regex, OutcomeKind); 4] = [
        (&REMISSION, OutcomeKind::RemissionRate),
        (&RESPONSE, OutcomeKind::ResponseRate),
        (&PERCENT_CHANGE, OutcomeKind::PercentChange),
        (&INCIDENCE, OutcomeKind::Incidence),
    ];
    let not_response: Vec<(usize, usize)> = NOT_RESPONSE
        .find_iter(before)
        .map(|m| (m.start(), m.end()))
        .collect();
    let not_response_after: Vec<(usize, usize)> = NOT_RESPONSE
        .find_iter(after)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut best: Option<(usize, OutcomeKind)> = None;
    for (re, kind) in cues {
        for m in re.find_iter(before) {
            if kind == OutcomeKind::ResponseRate
                && not_response
                    .iter()
                    .any(|&(a, b)| a < m.end() && m.start() < b)
            {
                continue;
            }
            let d = before.len() - m.end();
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, kind));
            }
        }
        for m in re.find_iter(after) {
            if kind == OutcomeKind::ResponseRate
                && not_response_after
                    .iter()
                    .any(|&(a, b)| a < m.end() && m.start() < b)
            {
                continue;
            }
            let d = m.start();
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, kind));
            }
        }
    }
    best.map(|(_, k)| k)
}

static PARTICIPANTS: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?ix)\b(?:women|men|females?|males?|white|caucasian|black|hispanic|asian|married|employed|smokers?|years\s+old|mean\s+age|aged|were\s+found\s+to\s+have|met\s+(?:the\s+)?(?:DSM[\w-]*\s+)?criteria\s+for\s+(?:GAD|SAD|PTSD|OCD|MDD|TRD|anxious|DSM|major|generali[sz]ed|social|panic)|diagnosed\s+with|history\s+of|comorbid\w*|dropped\s+out|lost\s+to\s+follow|completed\s+the\s+(?:study|trial)|were\s+(?:included|enrolled|randomi[sz]ed|excluded)|risk\s+of\s+bias|heterogeneity)\b").unwrap()
});

/// Sentences that describe who took part (or which studies), not what happened to them.
pub fn describes_participants(sentence: &str) -> bool {
    PARTICIPANTS.is_match(sentence)
}

/// Sentences that define an outcome ("we defined response as a 35% LSAS reduction").
pub fn is_definition(sentence: &str) -> bool {
    static D: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(
            r"(?i)\b(?:defined|definition\s+of|was\s+considered|were\s+considered|cut-?off)\b",
        )
        .unwrap()
    });
    D.is_match(sentence)
}

/// Percentages that are thresholds in a definition ("⩾35% Y-BOCS reduction", "above 80%").
pub fn is_threshold(before: &str) -> bool {
    static T: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(r"(?i)(?:[⩾≥>≤⩽<]|greater\s+than|more\s+than|less\s+than|at\s+least|above|below|over|under|exceeding)\s*(?:a\s+)?$").unwrap()
    });
    T.is_match(before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OutcomeKind::*;

    #[test]
    fn names_the_kind_of_a_rate() {
        let cases: &[(&str, OutcomeKind)] = &[
            ("33.33% response ketamine", ResponseRate),
            ("were treatment responders", ResponseRate),
            ("had achieved remission of suicidal ideation", RemissionRate),
            ("The incidence of emergence agitation was lower", Incidence),
            ("lower rates of depression (7.0% vs. 31.0%", Incidence),
            ("Adverse events occurred at 1 week in", Incidence),
            ("separated easily from their parents", Proportion),
            ("were cooperative when putting on the mask", Proportion),
            (
                "a relatively lower antianhedonic response (47.8 % versus 51.2 %",
                ResponseRate,
            ),
            ("showed no response", Proportion),
            ("A dose-response profile was noted", Proportion),
        ];
        for (s, want) in cases {
            assert_eq!(rate_kind(s, "", ""), *want, "{s}");
        }
        // The nearest word decides; a success word turns an event into a proportion.
        assert_eq!(
            rate_kind("(depression response rate: ", "", ""),
            ResponseRate
        );
        assert_eq!(rate_kind("; PTSD response rate: ", "", ""), ResponseRate);
        assert_eq!(rate_kind(" and remission rate: ", "", ""), RemissionRate);
        assert_eq!(
            rate_kind(
                "The efficacy of Ketamine in preventing Emergence Agitation was ",
                "",
                ""
            ),
            Proportion
        );
        assert_eq!(
            rate_kind("patients in group M required rescue analgesic (", "", ""),
            Incidence
        );
        assert_eq!(
            rate_kind("The mean percentage reduction in Y-BOCS score was ", "", ""),
            PercentChange
        );
        assert_eq!(
            rate_kind(
                "The proportion of patients with postoperative anxiety was lower (",
                "",
                ""
            ),
            Incidence
        );
    }

    #[test]
    fn tells_participants_from_results() {
        assert!(describes_participants(
            "There were 10 women (50%) and 10 men (50%)"
        ));
        assert!(describes_participants(
            "15 patients (75%) met criteria for GAD and 18 (90%) for SAD."
        ));
        assert!(describes_participants(
            "In this study, 68.1 % of patients were found to have anxious depression."
        ));
        assert!(!describes_participants(
            "50% met criteria for treatment response"
        ));
        assert!(!describes_participants(
            "Ninety minutes after infusion, 88% of the ketamine group had achieved remission"
        ));
    }

    #[test]
    fn spots_thresholds() {
        assert!(is_threshold("criteria for treatment response (⩾"));
        assert!(is_threshold("defined as a greater than "));
        assert!(!is_threshold("response was "));
    }
}
