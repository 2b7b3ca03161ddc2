//! Reads a time point as written ("24 h", "day 7", "2 weeks", "one year") into hours, so onset and
//! durability can be sorted and compared. Pure; a moment of a procedure ("induction") has no
//! hours and yields `None`.

use std::sync::LazyLock;

use regex::Regex;

const WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("twelve", 12.0),
    ("twenty-four", 24.0),
    ("a", 1.0),
    ("an", 1.0),
];

static NUM_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty-four|an?)[\s-]*(minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|years?|yrs?)\b",
    )
    .expect("valid regex")
});

static UNIT_NUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(minute|hour|day|week|month|year|pod)\s*(\d+(?:\.\d+)?)\b")
        .expect("valid regex")
});

fn unit_hours(unit: &str) -> Option<f64> {
    let u = unit.to_ascii_lowercase();
    Some(match u.trim_end_matches('s') {
        "minute" | "min" => 1.0 / 60.0,
        "hour" | "hr" | "h" => 1.0,
        "day" | "d" | "pod" => 24.0,
        "week" | "wk" => 24.0 * 7.0,
        "month" | "mo" => 24.0 * 30.4375,
        "year" | "yr" => 24.0 * 365.25,
        _ => return None,
    })
}

fn number(word: &str) -> Option<f64> {
    word.parse::<f64>().ok().or_else(|| {
        let w = word.to_ascii_lowercase();
        WORDS.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
    })
}

/// Hours from the start of treatment; the first duration written wins.
pub fn hours(timepoint: &str) -> Option<f64> {
    let a = NUM_UNIT
        .captures(timepoint)
        .and_then(|c| Some((c.get(0)?.start(), number(&c[1])? * unit_hours(&c[2])?)));
    let b = UNIT_NUM
        .captures(timepoint)
        .and_then(|c| Some((c.get(0)?.start(), number(&c[2])? * unit_hours(&c[1])?)));
    [a, b]
        .into_iter()
        .flatten()
        .min_by_key(|p| p.0)
        .map(|p| p.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_common_time_points() {
        let day = 24.0;
        for (text, want) in [
            ("24 h", Some(24.0)),
            ("2 hours", Some(2.0)),
            ("40 minutes", Some(40.0 / 60.0)),
            ("day 7", Some(7.0 * day)),
            ("2 weeks", Some(14.0 * day)),
            ("week 4", Some(28.0 * day)),
            ("1 year", Some(365.25 * day)),
            ("one year", Some(365.25 * day)),
            ("3-month follow-up", Some(3.0 * 30.4375 * day)),
            ("POD 1", Some(day)),
            ("induction", None),
            ("parental separation", None),
            ("", None),
        ] {
            let got = hours(text);
            match (got, want) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{text}: {g} vs {w}"),
                (g, w) => assert_eq!(g, w, "{text}"),
            }
        }
    }
}
