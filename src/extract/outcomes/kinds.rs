//! What a rate measures, read from the outcome noun nearest to it ("response", "remission",
//! "incidence of", "developed"), and which sentences report participants rather than results
//! ("10 women (50%)"). Pure word rules on one sentence.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::model::OutcomeKind;

static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:respon(?:se|ses|ders?|ded|d)|response\s+rates?)\b").unwrap()
});
static NOT_RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdose[\s-]respon|\b(?:no|low|high|intense|behaviou?ral|emotional|stress|physiological|hemodynamic|inflammatory)\s+responses?\b|\bresponses\s+such\b").unwrap()
});
static REMISSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bremi(?:ssion|tted|tters?)\b").unwrap());
static INCIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:incidences?|occurr\w*|occurred|developed|prevalence|rates?\s+of|risk\s+of|adverse|side\s+effects?|complications?|agitation|delirium|nausea|vomiting|PONV|hypotension|hypertension|tachycardia|bradycardia|desaturation|hypoxemia|laryngospasm|dissociat\w*|nightmares?|hallucinations?|emergence\s+(?:phenomena|reactions?)|sialorrh\w*|salivation|dizziness|headache|diplopia|NPOBCs?|insomnia|relapse\w*|cried|vomited|agitated)\b").unwrap()
});
static PERCENT_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:reduc\w*|decreas\w*|improv\w*|declin\w*)\s+(?:of|by)\s*$").unwrap()
});

/// The kind of a printed rate, from the words in `window` (the stretch of the sentence that
/// belongs to this number), falling back to the whole sentence.
pub fn rate_kind(window: &str, sentence: &str) -> OutcomeKind {
    cue(window).or_else(|| cue(sentence)).unwrap_or(OutcomeKind::Proportion)
}

fn cue(text: &str) -> Option<OutcomeKind> {
    if REMISSION.is_match(text) {
        return Some(OutcomeKind::RemissionRate);
    }
    if RESPONSE.is_match(text) && !NOT_RESPONSE.is_match(text) {
        return Some(OutcomeKind::ResponseRate);
    }
    if PERCENT_CHANGE.is_match(text) {
        return Some(OutcomeKind::PercentChange);
    }
    if INCIDENCE.is_match(text) {
        return Some(OutcomeKind::Incidence);
    }
    None
}

static PARTICIPANTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)\b(?:women|men|females?|males?|white|caucasian|black|hispanic|asian|married|employed|smokers?|years\s+old|mean\s+age|aged|were\s+found\s+to\s+have|met\s+(?:the\s+)?(?:DSM[\w-]*\s+)?criteria\s+for\s+(?:GAD|SAD|PTSD|OCD|MDD|TRD|anxious|DSM|major|generali[sz]ed|social|panic)|diagnosed\s+with|history\s+of|comorbid\w*|dropped\s+out|lost\s+to\s+follow|completed\s+the\s+(?:study|trial)|were\s+(?:included|enrolled|randomi[sz]ed|excluded)|risk\s+of\s+bias|studies|trials|heterogeneity|I\^?2)\b").unwrap()
});

/// Sentences that describe who took part (or which studies), not what happened to them.
pub fn describes_participants(sentence: &str) -> bool {
    PARTICIPANTS.is_match(sentence)
}

/// Percentages that are thresholds in a definition ("⩾35% Y-BOCS reduction", "above 80%").
pub fn is_threshold(before: &str) -> bool {
    static T: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:[⩾≥>≤⩽<]|greater\s+than|more\s+than|less\s+than|at\s+least|above|below|over|under|exceeding)\s*(?:a\s+)?$").unwrap()
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
            ("a relatively lower antianhedonic response (47.8 % versus 51.2 %", ResponseRate),
            ("showed no response", Proportion),
            ("A dose-response profile was noted", Proportion),
        ];
        for (s, want) in cases {
            assert_eq!(rate_kind(s, ""), *want, "{s}");
        }
    }

    #[test]
    fn tells_participants_from_results() {
        assert!(describes_participants("There were 10 women (50%) and 10 men (50%)"));
        assert!(describes_participants("15 patients (75%) met criteria for GAD and 18 (90%) for SAD."));
        assert!(describes_participants("In this study, 68.1 % of patients were found to have anxious depression."));
        assert!(!describes_participants("50% met criteria for treatment response"));
        assert!(!describes_participants("Ninety minutes after infusion, 88% of the ketamine group had achieved remission"));
    }

    #[test]
    fn spots_thresholds() {
        assert!(is_threshold("criteria for treatment response (⩾"));
        assert!(is_threshold("defined as a greater than "));
        assert!(!is_threshold("response was "));
    }
}
