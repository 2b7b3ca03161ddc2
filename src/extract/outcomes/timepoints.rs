//! Time points as written ("24 h", "day 7", "week 2", "POD 7", "parental separation"), found
//! in a sentence and tied to the nearest number. Pure; never reads anything but the sentence.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::re;

/// One time expression (byte offsets into the sentence) and its written form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimePoint {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

const NUMBER_WORD: &str = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|twenty-four|thirty|sixty|ninety)";
const UNIT: &str = r"(?:h|hrs?|hours?|min|minutes?|days?|weeks?|months?|years?|wk|wks)";

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(&format!(
        r"(?ix)
        \b(?:postoperative\s+day|post-?operative\s+day|POD)\s*\d+
        | \b(?:day|week|month|year)s?\s+\d+(?:\s*(?:,|and|or)\s*\d+)*
        | \b{n}[\s-]*(?:{u})[\s-]+follow[\s-]?up
        | \b{n}[\s-]*{u}\b(?:\s+(?:after|post[\s-]?(?:infusion|dose|dosing|treatment|operatively|surgery)|postoperatively|postinfusion|following|later))?
        | \bbaseline\b
        | \bparental\s+separation\b | \bseparation\s+from\s+(?:the\s+)?parents?\b
        | \b(?:mask\s+)?induction\b | \bemergence\b | \bextubation\b | \bdischarge\b
        | \bend\s+of\s+(?:treatment|the\s+study|infusion|surgery)\b
        | \blast\s+(?:available\s+)?(?:treatment|infusion|visit|follow-up)\b
        | \bT\d\b",
        n = NUMBER_WORD,
        u = UNIT
    ))
    .unwrap()
});

/// Every time expression in `sentence`, left to right.
pub fn timepoints(sentence: &str) -> Vec<TimePoint> {
    static OUTCOME_NAME: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(r"(?i)^[\s-]+(?:delirium|agitation|phenomena|reactions?|time|times|scores?|conditions|doses?|of\s+an(?:a)?esthesia\s+(?:was|were))").unwrap()
    });
    TIME.find_iter(sentence)
        .filter(|m| !(starts_with_number(m.as_str()) && is_duration(sentence, m.start())))
        // "emergence delirium", "induction time" name an outcome, not a moment.
        .filter(|m| starts_with_number(m.as_str()) || !OUTCOME_NAME.is_match(&sentence[m.end()..]))
        .map(|m| TimePoint {
            start: m.start(),
            end: m.end(),
            text: tidy(m.as_str()),
        })
        .collect()
}

/// "over 40 min", "for 3 months", "a 28-day" describe how long, not when.
fn is_duration(sentence: &str, at: usize) -> bool {
    // The last few chars are enough for the longest cue (" lasting").
    let t = sentence[..at].trim_end();
    let from = t.char_indices().rev().nth(9).map_or(0, |(i, _)| i);
    let before = t[from..].to_lowercase();
    [
        "over", "for", "during", "within", "a", "lasting", "every", "per", "than",
    ]
    .iter()
    .any(|w| before.ends_with(&format!(" {w}")) || before == *w)
}

fn starts_with_number(s: &str) -> bool {
    static N: LazyLock<Regex> =
        LazyLock::new(|| re::compile(&format!("(?i)^{NUMBER_WORD}")).unwrap());
    N.is_match(s)
}

/// Whitespace collapsed, and a trailing "after"/"following"/"later" dropped ("24 h after" →
/// "24 h") so the time point reads as the guide writes it.
fn tidy(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let keep = match words.last() {
        Some(w)
            if words.len() > 1
                && ["after", "following", "later"].contains(&w.to_lowercase().as_str()) =>
        {
            words.len() - 1
        }
        _ => words.len(),
    };
    words[..keep].join(" ")
}

/// The time point tied to a number spanning `at..end`: one written after it in the same stretch
/// (before `limit`, the next value, and before any ';'), else the nearest one before it, else
/// the first one after it.
pub fn nearest(
    points: &[TimePoint],
    sentence: &str,
    at: usize,
    end: usize,
    limit: usize,
) -> Option<String> {
    let after_here = points.iter().find(|p| {
        p.start >= end
            && p.end <= limit
            && !sentence[end..p.start].contains(';')
            && p.start - end <= 60
    });
    let before = points.iter().rev().find(|p| p.end <= at);
    let later = points
        .iter()
        .find(|p| p.start >= end && !sentence[end..p.start].contains(';'));
    after_here.or(before).or(later).map(|p| p.text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_time_points_as_written() {
        let cases: &[(&str, &[&str])] = &[
            (
                "At week 2, the mean CAPS-5 total score was lower",
                &["week 2"],
            ),
            (
                "significantly lower rates of depression at POD 7",
                &["POD 7"],
            ),
            ("remission at 24 h and on day 7", &["24 h", "day 7"]),
            (
                "Ninety minutes after infusion, 88% had remitted",
                &["Ninety minutes"],
            ),
            (
                "from 20 points at week 1 to 8.8 points at week 14",
                &["week 1", "week 14"],
            ),
            (
                "conditions for parental separation were acceptable",
                &["parental separation"],
            ),
            ("One hour after dosing, ratings decreased", &["One hour"]),
            (
                "The incidence of emergence delirium was lower at induction",
                &["induction"],
            ),
            ("at the 2-week follow-up", &["2-week follow-up"]),
        ];
        for (s, want) in cases {
            let got: Vec<String> = timepoints(s).into_iter().map(|t| t.text).collect();
            assert_eq!(
                got,
                want.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
                "{s}"
            );
        }
    }

    #[test]
    fn leaves_durations_alone() {
        for s in [
            "infused over 40 min",
            "weekly ketamine for 3 months",
            "within 1 h of dosing",
            "a 28-day trial",
        ] {
            assert!(timepoints(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn ties_the_nearest_point() {
        let s = "At week 2, the mean score was 11.9 points lower; at day 7 it was 5.0";
        let pts = timepoints(s);
        let at = s.find("11.9").unwrap();
        assert_eq!(
            nearest(&pts, s, at, at + 4, s.find("5.0").unwrap()).as_deref(),
            Some("week 2")
        );
        let at = s.find("5.0").unwrap();
        assert_eq!(
            nearest(&pts, s, at, at + 3, s.len()).as_deref(),
            Some("day 7")
        );
    }
}
