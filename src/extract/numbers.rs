//! Reading numbers as abstracts print them: signs (−), ±, ×10^n, thousands separators, ranges,
//! percentages, fractions ("18/20", "18 of 20"), confidence intervals, p-values and effect
//! names. Pure and sentence-local; it never decides what a number means for a study.
//!
//! API (all offsets are byte offsets into the `text` passed in):
//! - `numbers(text) -> Vec<Num>`: every number with its sign, span, and whether `%` follows.
//! - `parse_number(s) -> Option<f64>`: one number written alone ("−0.67", "1,234", "2.1×10^-5").
//! - `p_values(text) -> Vec<PValue>`: `p = .03`, `P<0.001`, `p-value of 0.03`; `value` is `None`
//!   for `p > 0.05` (not a p-value to report).
//! - `intervals(text) -> Vec<Interval>`: "95% CI 1.2–3.4", "95% CI [−0.67, −0.06]", "(0.40-0.80)".
//! - `effect_name(word) -> Option<OutcomeKind>`: SMD, Cohen's d, Hedges' g, OR, RR, HR, MD, WMD.
//! - `fraction_at(text, at) -> Option<(u32, u32, usize)>`: "18/20" or "18 of 20" starting at `at`.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::{re, scan};

use super::model::OutcomeKind;

/// One number in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// A `%` (or "percent") follows the number.
    pub percent: bool,
}

static NUM: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?x)
        (?: \d{1,3}(?:,\d{3})+(?:\.\d+)? | \d+(?:\.\d+)? | \.\d+ )
        (?: \s*[×x]\s*10\^?\s*[−-]?\d+ )?
        (?: \s*(?:%|percent\b|per\ cent\b) )?")
    .unwrap()
});

/// Whether `text` has an ASCII digit. Every number this module returns is parsed from ASCII
/// digits (`parse_number`; a match of other scripts' digits fails there and is dropped), so a
/// text without one is answered without running the patterns.
pub(crate) fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// Every number in `text`, left to right.
pub fn numbers(text: &str) -> Vec<Num> {
    let mut out = Vec::new();
    if !has_digit(text) {
        return out;
    }
    for m in NUM.find_iter(text) {
        // A digit glued to a letter is part of a name ("HAMD6", "GAD-7", "K1", "IL-6", "F5,35").
        let before = text[..m.start()].chars().next_back();
        if before.is_some_and(|c| c.is_alphabetic() || c == '_' || c == '^') {
            continue;
        }
        if before == Some('-') && preceded_by_name(text, m.start()) {
            continue;
        }
        let s = m.as_str();
        let percent = s.trim_end().ends_with('%') || s.ends_with("percent") || s.ends_with("per cent");
        let digits = s.trim_end_matches(|c: char| !c.is_ascii_digit());
        let Some(mut value) = parse_number(digits) else { continue };
        let mut start = m.start();
        if let Some(sign) = negative_sign(text, m.start()) {
            value = -value;
            start = sign;
        }
        out.push(Num { start, end: m.end(), value, percent });
    }
    out
}

/// "GAD-7", "PCL-5", "IL-6": a hyphen joining a number to a word is a name, not a minus.
fn preceded_by_name(text: &str, at: usize) -> bool {
    let head = &text[..at - 1];
    head.chars().next_back().is_some_and(|c| c.is_alphabetic())
}

/// The byte offset of a minus sign that belongs to the number starting at `at`.
fn negative_sign(text: &str, at: usize) -> Option<usize> {
    let head = &text[..at];
    let c = head.chars().next_back()?;
    if !matches!(c, '−' | '-' | '–') {
        return None;
    }
    let sign_at = at - c.len_utf8();
    // A dash after a digit is a range ("0.2-0.5"), and an en dash is only a sign after '[', '('
    // or ':' ("[–0.4" is rare, so only '−' and '-' count after a space).
    match head[..sign_at].chars().next_back() {
        None => Some(sign_at),
        Some(p) if p.is_ascii_digit() || p.is_alphabetic() || p == '.' || p == '%' => None,
        Some(p) if c == '–' && p.is_whitespace() => None,
        Some(_) => Some(sign_at),
    }
}

/// One number written alone, with the forms abstracts use.
pub fn parse_number(s: &str) -> Option<f64> {
    // Digits and a point, nearly every number: nothing to trim, replace or split off.
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return s.parse().ok();
    }
    parse_written(s)
}

/// `parse_number` for any form: signs, separators, spaces and a power of ten.
fn parse_written(s: &str) -> Option<f64> {
    let t = s.trim().replace('−', "-").replace('–', "-");
    let (mantissa, exp) = match t.find(['×', 'x']) {
        Some(i) => {
            let e = t[i..].trim_start_matches(['×', 'x']).trim();
            let e = e.strip_prefix("10")?.trim_start_matches('^').trim();
            (t[..i].trim().to_string(), Some(e.parse::<i32>().ok()?))
        }
        None => (t.clone(), None),
    };
    let plain = mantissa.replace(',', "");
    // Through the decimal parser, so "2.1×10^-5" is exactly the float of "2.1e-5".
    match exp {
        Some(e) => format!("{plain}e{e}").parse().ok(),
        None => plain.parse().ok(),
    }
}

/// A p-value in a text; `value` is `None` when the comparison is `>` (not significant).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PValue {
    pub start: usize,
    pub end: usize,
    pub value: Option<f64>,
}

const P_PATTERN: &str = r"(?ix)
        \b(?:all\s+)?p(?:\s*-?\s*values?)?\s*
        (?: (=|<|≤|<=|>|≥|>=|of|was|were|was\s+less\s+than|less\s+than) \s* )
        ([−-]?(?:\d+(?:\.\d+)?|\.\d+)(?:\s*[×x]\s*10\^?\s*[−-]?\d+)?)";

/// `P_PATTERN`, searched only where `p_starts` says a match can start.
static P: LazyLock<re::AnchoredPattern> = LazyLock::new(|| re::AnchoredPattern::new(P_PATTERN).unwrap());

/// Where a match of `P_PATTERN` can start, in order: each 'p' that starts a word and is followed
/// (spaces, hyphens and "value" or "values" passed over) by a comparison sign or the start of
/// "of", "was", "were" or "less than"; and before such a 'p', the "all" of "all p" when there is
/// one. Most sentences with numbers have no p-value. Checked in ASCII case only for letters whose
/// `(?i)` matches are all ASCII.
fn p_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'p', b'P', b)
        .filter(move |&i| {
            if !scan::boundary_before(b, i) {
                return false;
            }
            let mut rest = text[i + 1..].trim_start_matches(|c: char| c.is_whitespace() || c == '-');
            if scan::word_at(rest.as_bytes(), 0, "value").is_some() {
                rest = rest[5..].trim_start_matches(['s', 'S', 'ſ']).trim_start();
            }
            rest.starts_with(['=', '<', '≤', '>', '≥'])
                || ["of", "wa", "we", "le"].iter().any(|w| scan::word_at(rest.as_bytes(), 0, w).is_some())
        })
        .flat_map(move |i| {
            // "all p": "all", whitespace, then this 'p'.
            let head = text[..i].trim_end();
            let all = head.len() < i
                && scan::ends_with_word(head.as_bytes(), "all")
                && scan::boundary_before(b, head.len() - 3);
            all.then(|| head.len() - 3).into_iter().chain([i])
        })
}

/// Whether `text` can hold a match of `P_PATTERN` (`p_starts`).
#[cfg(test)]
fn may_hold_p(text: &str) -> bool {
    p_starts(text).next().is_some()
}

/// Every p-value, left to right: `P_PATTERN`'s matches, each tried at its possible starts.
pub fn p_values(text: &str) -> Vec<PValue> {
    let mut out = Vec::new();
    if !has_digit(text) {
        return out;
    }
    let mut end = 0;
    for at in p_starts(text) {
        if at < end {
            continue;
        }
        let Some(c) = P.captures_at(text, at) else { continue };
        let ((start, stop), (o1, o2), (v1, v2)) = (c.get(0).unwrap(), c.get(1).unwrap(), c.get(2).unwrap());
        end = stop;
        out.extend(p_value(start, stop, &text[o1..o2], &text[v1..v2]));
    }
    out
}

/// The p-value of a match at `start..end` with comparison `op` and number `number`; `None` when
/// the number does not parse.
fn p_value(start: usize, end: usize, op: &str, number: &str) -> Option<PValue> {
    let op = op.to_lowercase();
    let v = parse_number(number)?;
    let value = (!op.starts_with('>') && op != "≥" && (0.0..=1.0).contains(&v)).then_some(v);
    Some(PValue { start, end, value })
}

/// A confidence interval (or a bracketed range right after an effect).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub start: usize,
    pub end: usize,
    pub low: f64,
    pub high: f64,
}

static CI: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?ix)
        (?:\d{2}\s*%\s*)?(?:CI|confidence\s+interval)(?:\s*\(CI\))?\s*[:=,]?\s*(?:of\s+)?
        [\[(]?\s*
        ([−-]?\d*\.?\d+)\s*(?:–|—|-|,|;|\bto\b)\s*([−-]?\d*\.?\d+)
        \s*[\])]?")
    .unwrap()
});

/// Every confidence interval, left to right.
pub fn intervals(text: &str) -> Vec<Interval> {
    if !has_digit(text) {
        return Vec::new();
    }
    CI.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let low = parse_number(c.get(1)?.as_str())?;
            let high = parse_number(c.get(2)?.as_str())?;
            Some(Interval { start: m.start(), end: m.end(), low, high })
        })
        .collect()
}

/// The kind an effect name stands for ("Cohen's d" → `Smd`, "aOR" → `OddsRatio`).
pub fn effect_name(word: &str) -> Option<OutcomeKind> {
    let w = word.trim().trim_end_matches([':', '=']).trim();
    let lower = w.to_lowercase().replace('’', "'");
    Some(match lower.as_str() {
        "smd" | "standardized mean difference" | "standardised mean difference"
        | "standard mean difference" | "d" | "cohen's d" | "cohen d" | "g" | "hedges' g"
        | "hedges g" | "hedge's g" | "effect size" | "es" => OutcomeKind::Smd,
        "or" | "aor" | "odds ratio" | "adjusted odds ratio" => OutcomeKind::OddsRatio,
        "rr" | "risk ratio" | "relative risk" => OutcomeKind::RiskRatio,
        "hr" | "hazard ratio" => OutcomeKind::HazardRatio,
        "md" | "wmd" | "mean difference" | "weighted mean difference" => OutcomeKind::MeanDifference,
        _ => return None,
    })
    // "or" only counts when written upper-case; the caller passes the original spelling.
    .filter(|k| *k != OutcomeKind::OddsRatio || w != "or")
}

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"^(\d+)\s*(?:/|\bof\b|\bout\s+of\b)\s*(?:the\s+)?(\d+)\b").unwrap()
});

/// "18/20" or "18 of 20" starting exactly at `at`: (events, n, end).
pub fn fraction_at(text: &str, at: usize) -> Option<(u32, u32, usize)> {
    let c = FRACTION.captures(&text[at..])?;
    let e: u32 = c.get(1)?.as_str().parse().ok()?;
    let n: u32 = c.get(2)?.as_str().parse().ok()?;
    (e <= n && n > 0).then_some((e, n, at + c.get(0)?.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_searched_for_p_values_unless_none_can_match() {
        let cases = [
            ("p = 0.03", true),
            ("(P<.001)", true),
            ("all p-values < 0.05", true),
            ("p value of 0.2", true),
            ("P-VALUES WERE 0.01", true),
            ("p was less than 0.05", true),
            ("p\u{2009}≤\u{2009}0.05", true),
            ("placebo 20 patients", false),
            ("ketamine group (n = 30)", false),
            ("HAM-A fell 5 points", false),
        ];
        for (text, may) in cases {
            assert_eq!(may_hold_p(text), may, "{text}");
        }
        // Every line of the bundled store, and its halves: a skipped one has no match.
        let reference = re::compile(P_PATTERN).unwrap();
        let mut skipped = 0;
        for piece in crate::extract::store_line_pieces() {
            if !may_hold_p(&piece) {
                skipped += 1;
                assert!(!reference.is_match(&piece), "{piece:?}");
            }
        }
        assert!(skipped > 1000, "the test reached only {skipped} skipped lines");
    }

    /// `p_values` as the pattern's own search finds them: what the anchored search must equal.
    fn p_values_by_pattern(text: &str) -> Vec<PValue> {
        static REFERENCE: LazyLock<Regex> = LazyLock::new(|| re::compile(P_PATTERN).unwrap());
        REFERENCE
            .captures_iter(text)
            .filter_map(|c| {
                let m = c.get(0)?;
                p_value(m.start(), m.end(), c.get(1)?.as_str(), c.get(2)?.as_str())
            })
            .collect()
    }

    #[test]
    fn p_values_tried_at_their_possible_starts_are_the_patterns_matches() {
        let cases = [
            "all p < 0.05; ALL  P = 0.01, overall p=0.2, small p = 0.3, all\u{a0}p-values < .001",
            "p = 0.03 p < 0.01 (p<.001) p > 0.05 P ≥ 0.1 p of 0.2 p was less than 0.05",
            "all all p = 0.04, all,p = 0.02, all p all p = 0.5, _all p = 0.6, 1all p = 0.7",
            "p = −0.5, p = 1.2, p = 3 × 10^-4, p-value = 0.05, p - values were 0.01",
            "app = 0.1, p=, p = ., pp = 0.2, p\u{2009}≤\u{2009}0.05",
        ];
        let pieces = crate::extract::store_line_pieces();
        crate::extract::assert_same(p_values, p_values_by_pattern, &cases, &pieces);
        assert_eq!(p_values(cases[0]).len(), 5);
    }

    #[test]
    fn plain_digits_parse_as_the_general_reader_parses_them() {
        for s in ["12", "0.05", ".5", "1.", "", ".", "1.2.3", "007", "123456789012345678901234"] {
            assert_eq!(parse_number(s), parse_written(s), "{s:?}");
        }
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("−0.67"), Some(-0.67));
    }

    #[test]
    fn texts_without_an_ascii_digit_hold_no_number() {
        // The premise of `has_digit`: other scripts' digits match `\d` but never parse.
        assert_eq!(parse_number("٠.٠٥"), None);
        assert_eq!(parse_number("３０"), None);
        for text in ["٣٠ patients (p < ٠.٠٥, ٩٥% CI ١-٢)", "thirty patients, p < .", "p < ０.０５", ""] {
            assert!(numbers(text).is_empty(), "{text}");
            assert!(p_values(text).is_empty(), "{text}");
            assert!(intervals(text).is_empty(), "{text}");
        }
        assert_eq!(p_values("p < 0.05").len(), 1);
    }

    fn vals(text: &str) -> Vec<(f64, bool)> {
        numbers(text).into_iter().map(|n| (n.value, n.percent)).collect()
    }

    #[test]
    fn reads_numbers_in_context() {
        let cases: &[(&str, &[(f64, bool)])] = &[
            ("SMD: −1.17", &[(-1.17, false)]),
            ("mean change -3.5 points", &[(-3.5, false)]),
            ("range 0.2-0.5", &[(0.2, false), (0.5, false)]),
            ("range 0.2–0.5", &[(0.2, false), (0.5, false)]),
            ("1,234 patients", &[(1234.0, false)]),
            ("33.33% response", &[(33.33, true)]),
            ("68.1 % of patients", &[(68.1, true)]),
            ("fifty percent or 50 percent", &[(50.0, true)]),
            ("2.1×10^-5", &[(2.1e-5, false)]),
            ("HAMD6 and GAD-7 and PCL-5 and K1", &[]),
            ("mg·kg-1", &[]),
            ("[−0.67, −0.06]", &[(-0.67, false), (-0.06, false)]),
            ("P = .03", &[(0.03, false)]),
        ];
        for (text, want) in cases {
            assert_eq!(vals(text), want.to_vec(), "{text}");
        }
    }

    #[test]
    fn reads_p_values() {
        let cases: &[(&str, Option<f64>)] = &[
            ("(P<.001)", Some(0.001)),
            ("p = 0.02", Some(0.02)),
            ("P ≤ 0.05", Some(0.05)),
            ("a p-value of 0.03", Some(0.03)),
            ("p <.05", Some(0.05)),
            ("(p > 0.05)", None),
            ("P=0.151", Some(0.151)),
            ("p = 2.1×10^-5", Some(2.1e-5)),
        ];
        for (text, want) in cases {
            let got = p_values(text);
            assert_eq!(got.len(), 1, "{text}");
            assert_eq!(got[0].value, *want, "{text}");
        }
        assert!(p_values("the population was 1,200").is_empty());
        assert!(p_values("group P received placebo").is_empty());
    }

    #[test]
    fn reads_intervals() {
        let cases: &[(&str, (f64, f64))] = &[
            ("95% CI 1.2–3.4", (1.2, 3.4)),
            ("95% CI [−0.67, −0.06]", (-0.67, -0.06)),
            ("95% CI=1.09–5.9", (1.09, 5.9)),
            ("95% confidence interval: [0.40-0.80]", (0.40, 0.80)),
            ("95% CI=0.36, 1.91", (0.36, 1.91)),
            ("(95% CI, 0.2 to 0.5)", (0.2, 0.5)),
            ("95% confidence interval (CI) [−1.89, −0.44]", (-1.89, -0.44)),
        ];
        for (text, (lo, hi)) in cases {
            let got = intervals(text);
            assert_eq!(got.len(), 1, "{text}");
            assert_eq!((got[0].low, got[0].high), (*lo, *hi), "{text}");
        }
    }

    #[test]
    fn names_effects() {
        let cases: &[(&str, Option<OutcomeKind>)] = &[
            ("SMD", Some(OutcomeKind::Smd)),
            ("Cohen's d", Some(OutcomeKind::Smd)),
            ("Hedges’ g", Some(OutcomeKind::Smd)),
            ("OR", Some(OutcomeKind::OddsRatio)),
            ("or", None),
            ("RR", Some(OutcomeKind::RiskRatio)),
            ("HR", Some(OutcomeKind::HazardRatio)),
            ("WMD", Some(OutcomeKind::MeanDifference)),
            ("MD", Some(OutcomeKind::MeanDifference)),
            ("mean", None),
        ];
        for (w, want) in cases {
            assert_eq!(effect_name(w), *want, "{w}");
        }
    }

    #[test]
    fn reads_fractions() {
        assert_eq!(fraction_at("18 of 20 patients", 0), Some((18, 20, 8)));
        assert_eq!(fraction_at("108/218 [50%]", 0), Some((108, 218, 7)));
        assert_eq!(fraction_at("6 out of 60", 0), Some((6, 60, 11)));
        assert_eq!(fraction_at("20 of 18", 0), None);
        assert_eq!(fraction_at("18 patients", 0), None);
    }
}
