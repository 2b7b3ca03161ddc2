//! The result numbers of one sentence: rates, means (± SD), changes, effect sizes, counts in a
//! named group, each with what it measures (its `OutcomeKind`). Doses, ages, durations, sample
//! sizes, years and bare test statistics are never values. Pure; sentence-local.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::re;
use crate::extract::scan::{boundary_before, spaces_at, word_at};

use crate::extract::model::OutcomeKind;
use crate::extract::numbers::{self, Num};

/// What shape a value was printed in; decides its kind together with the sentence's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// "33.3%", "18 of 20", "108/218 [50%]".
    Rate,
    /// "17.2 ± 2.7", "mean 16.7; SD 5.8", "20 points".
    Mean,
    /// "SMD: −1.17", "d=1.14", "OR 2.3", "mean Δ=3.5", "11.88 points lower … than".
    Effect(OutcomeKind),
    /// "26 patients in K2", "K1: 23": a count to divide by its group's size.
    Count,
}

/// One result number in a sentence (byte offsets into the sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub shape: Shape,
    pub events: Option<u32>,
    pub n: Option<u32>,
    pub ci: Option<(f64, f64)>,
}

static SKIP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?ix)^\s*(?:
        mg|µg|μg|ug|mcg|g\b|kg|ml|mL|l\b|mmol|mm\s*Hg|mmHg|bpm|beats|breaths|ng|pg|mEq|units?\b|IU\b|cc\b
        | h\b|hrs?\b|hours?|min\b|mins\b|minutes?|s\b|sec|seconds?|days?|d\b|weeks?|wk|months?|mo\b|years?|yr|y\b|y/o
        | -(?:item|point|week|day|month|year|hour|minute|min|h|dose|session)s?\b
        | times|infusions?|doses?|sessions?|treatments?|visits?|centers?|centres?|sites?|studies|trials|articles|RCTs
        | (?:patients|participants|subjects|children|women|men|adults|veterans|individuals|people|cases|persons|adolescents|infants|mothers)\b
        | (?:to|-|–)\s*\d+\s*(?:years|yr|months|mg|h\b)
        | [:]\s*1\b | ratio
    )").unwrap()
});

static SKIP_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?ix)(?:
        \b[nN]\s*(?:=|¼)\s* | \b(?:F|t|z|U|H|W|χ2|χ\^2|X2|R2|R\^2|r|rho|η2|η\^2|df|β|beta|B|SE|SD|ICC|I2|I\^2|k)\s*(?:\([^)]*\))?\s*(?:=|:)\s*
        | \bF\d+,\d+\s*=\s* | \baged?\s+(?:of\s+)?(?:between\s+)?
        | \b(?:day|days|week|weeks|month|months|year|years|POD|T|phase|grade|stage|class|ASA|step|dose|level|version|visit|session|infusion|n)\s*
        | \b(?:at|after|within|over|for|during|every|until|before|by\s+day)\s+
        | [×x]\s* | \b(?:top|first|last|past)\s+
    )$").unwrap()
});

/// `text` starts with `word` in any ASCII case.
fn starts_with_ci(text: &str, word: &str) -> bool {
    text.as_bytes().get(..word.len()).is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
}

/// "30 and 41%", "12 vs 20%": the sign printed once belongs to both numbers.
fn share_percent_signs(sentence: &str, nums: &mut [Num]) {
    static JOIN: LazyLock<Regex> = LazyLock::new(|| re::compile(r"^\s*(?:and|vs\.?|versus|or)\s*$").unwrap());
    for i in (0..nums.len().saturating_sub(1)).rev() {
        if !nums[i].percent && nums[i + 1].percent && JOIN.is_match(&sentence[nums[i].end..nums[i + 1].start]) {
            nums[i].percent = true;
        }
    }
}

/// Numbers that are not results whatever the sentence says around them.
fn is_excluded(sentence: &str, n: &Num) -> bool {
    let before = &sentence[..n.start];
    let after = &sentence[n.end..];
    if !n.percent && SKIP_AFTER.is_match(after) {
        return true;
    }
    if SKIP_BEFORE.is_match(before) {
        return true;
    }
    // Years, and "95%" of a confidence level.
    let year = !n.percent && n.value.fract() == 0.0 && (1900.0..=2100.0).contains(&n.value);
    let ci_level = n.percent && after.trim_start().starts_with(|c: char| c == 'C')
        || n.percent && starts_with_ci(after.trim_start(), "confidence");
    let variance = n.percent && VARIANCE.is_match(after);
    year || ci_level || variance
}

static VARIANCE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^\s*(?:of|in)\s+(?:the\s+)?(?:total\s+)?variance").unwrap()
});

static PM: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"^\s*(?:±|\+/-|\+-|\(\s*(?:SD|s\.d\.|SE|SEM)\s*[=:]?\s*|;?\s*(?:SD|SE)\s*[=:]\s*)\s*\d").unwrap()
});

/// "from an average of 18.9 to 9.5": the second number of a from–to pair of means.
static FROM_TO_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^\s*(?:points?)?\s*(?:\([^)]*\)\s*)?(?:at\s+[^,;]{0,30}?\s*)?to\s+(?:an?\s+)?(?:average\s+of\s+|mean\s+of\s+)?$").unwrap()
});

static SD_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:mean|M)\s*[(\[]\s*(?:SD|SE|SEM)\s*[)\]]|\bmean\s*±\s*(?:SD|SE)").unwrap()
});
static BRACKET_SD: LazyLock<Regex> = LazyLock::new(|| re::compile(r"^\s*[(\[]\s*\d+(?:\.\d+)?\s*[)\]]").unwrap());

static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^\s*(?:\)\s*)?(?:\(mean\s*(?:±|\+/-)\s*SD\)\s*)?(?:min\b|mins\b|minutes|s\b|sec|seconds|h\b|hrs?\b|hours|days|yr|years|months|mg|µg|μg|ml|mL|mm\s*Hg|mmHg|bpm|beats|kg|cm|%)").unwrap()
});

static EFFECT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?ix)
        \b(SMD|standardi[sz]ed\s+mean\s+difference|standard\s+mean\s+difference|Cohen[’']?s\s+d|d|Hedges[’']?\s*g|g|effect\s+size(?:\s+of\s+[^,;()]{0,40}?)?|ES|a?OR|odds\s+ratio|RR|risk\s+ratio|relative\s+risk|a?HR|hazard\s+ratio|W?MD|(?:weighted\s+)?mean\s+difference|mean\s+(?:Δ|change|reduction|decrease|improvement)|Δ)
        (?:\s+(?:for|of|in)\s+[^,;()=]{0,30}?)?
        \s*(?:\([^)]{0,40}\))?\s*(?:=|:|of|was|is|were)?\s*(?:=\s*)?$").unwrap()
});

static POINTS_CONTRAST: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)^\s*(?:points?)?\s*(?:\([^)]*\)\s*)?(?:lower|higher|greater|less|more|better|worse)\b[^.;]{0,60}\bthan\b").unwrap()
});

static CHANGE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:decreas\w*|reduc\w*|improv\w*|declin\w*|drop\w*|fell|increas\w*|chang\w*)\s+(?:of|by)\s+(?:an?\s+)?(?:(?:mean|average)\s+(?:of\s+)?)?(?:~|≈|about|approximately\s+)?$").unwrap()
});

/// Result values in `sentence`, left to right, and its p-values (`numbers::p_values`), which
/// the values are read around and the rows need too.
pub fn values_and_p(sentence: &str) -> (Vec<Value>, Vec<numbers::PValue>) {
    let mut nums = numbers::numbers(sentence);
    share_percent_signs(sentence, &mut nums);
    let pvals = numbers::p_values(sentence);
    let cis = numbers::intervals(sentence);
    let inside = |n: &Num, spans: &[(usize, usize)]| spans.iter().any(|&(a, b)| n.start >= a && n.start < b);
    let p_spans: Vec<(usize, usize)> = pvals.iter().map(|p| (p.start, p.end)).collect();
    let ci_spans: Vec<(usize, usize)> = cis.iter().map(|c| (c.start, c.end)).collect();
    let mut out: Vec<Value> = Vec::new();
    let mut consumed_until = 0usize;
    let mut sd_header: Option<bool> = None;
    for (i, n) in nums.iter().enumerate() {
        if n.start < consumed_until || inside(n, &p_spans) || inside(n, &ci_spans) {
            continue;
        }
        let after = &sentence[n.end..];
        let before = &sentence[..n.start];
        // "108/218 [50%]" and "18 of 20": a fraction, with the printed rate when there is one.
        if !n.percent {
            if let Some((e, d, fend)) = numbers::fraction_at(sentence, n.start) {
                // "108/218 [50%]", "11 of 21 ketamine-treated patients (52.4%)": the printed rate.
                let printed = nums.iter().skip(i + 2).find(|m| m.start >= fend && m.start <= fend + 45).filter(|m| {
                    let gap = sentence[fend..m.start].trim();
                    m.percent
                        && (sentence[..m.start].trim_end().ends_with(['(', '[']) || matches!(gap, "," | "=" | ":" | ""))
                        && !sentence[fend..m.start].contains([';', ')'])
                });
                let value = printed.map_or(rate(e, d), |m| m.value);
                consumed_until = printed.map_or(fend, |m| m.end);
                out.push(Value { start: n.start, end: consumed_until, value, shape: Shape::Rate, events: Some(e), n: Some(d), ci: None });
                continue;
            }
        }
        if n.percent {
            if is_excluded(sentence, n) {
                continue;
            }
            let ci = cis.iter().find(|c| c.start >= n.end && c.start <= n.end + 6).map(|c| (c.low, c.high));
            let mut v = Value { start: n.start, end: n.end, value: n.value, shape: Shape::Rate, events: None, n: None, ci };
            // "3 (7.5%) patients": the count behind the rate.
            if let Some(prev) = i.checked_sub(1).map(|k| nums[k]) {
                let gap = &sentence[prev.end..n.start];
                if !prev.percent && prev.value.fract() == 0.0 && prev.value >= 0.0 && gap.trim() == "(" {
                    v.events = Some(prev.value as u32);
                }
            }
            // "10% 6 of 60" / "(6/60)": the count behind a printed rate.
            if let Some(next) = nums.get(i + 1) {
                let gap = &sentence[n.end..next.start];
                if gap.len() <= 3 && !gap.contains(';') {
                    if let Some((e, d, fend)) = numbers::fraction_at(sentence, next.start) {
                        v.events = Some(e);
                        v.n = Some(d);
                        consumed_until = fend;
                    }
                }
            }
            let next_word = after.trim_start();
            if CHANGE_CUE.is_match(before) || ["reduction", "decrease", "improvement"].iter().any(|w| starts_with_ci(next_word, w)) {
                v.shape = Shape::Effect(OutcomeKind::PercentChange);
            }
            out.push(v);
            continue;
        }
        if let Some(c) = EFFECT_BEFORE.captures(before) {
            let name = c.get(1).unwrap().as_str();
            let kind = effect_kind(name);
            if let Some(kind) = kind {
                let ci = cis.iter().find(|c| c.start >= n.end && c.start <= n.end + 40).map(|c| (c.low, c.high));
                out.push(Value { start: n.start, end: n.end, value: n.value, shape: Shape::Effect(kind), events: None, n: None, ci });
                continue;
            }
        }
        if is_count(before, after) && n.value.fract() == 0.0 && !SKIP_BEFORE.is_match(before) {
            out.push(Value { start: n.start, end: n.end, value: n.value, shape: Shape::Count, events: None, n: None, ci: None });
            continue;
        }
        if is_excluded(sentence, n) {
            continue;
        }
        if PM.is_match(after) {
            // Skip the SD that follows.
            consumed_until = nums.get(i + 1).map_or(n.end, |m| m.end);
            // "17.2 ± 2.7 vs . 15.5 ± 2.3 min": times and vital signs are not outcomes here.
            if UNIT_AFTER.is_match(&sentence[consumed_until..]) {
                if out.last().is_some_and(|p| p.shape == Shape::Mean && sentence[p.end..n.start].len() < 40) {
                    out.pop();
                }
                continue;
            }
            out.push(Value { start: n.start, end: consumed_until, value: n.value, shape: Shape::Mean, events: None, n: None, ci: None });
            continue;
        }
        // "mean (SD) … 28.4 [12.1] vs 41.2 [13.6]": the header says what the brackets hold.
        if *sd_header.get_or_insert_with(|| SD_HEADER.is_match(sentence)) && BRACKET_SD.is_match(after) {
            consumed_until = nums.get(i + 1).map_or(n.end, |m| m.end);
            out.push(Value { start: n.start, end: consumed_until, value: n.value, shape: Shape::Mean, events: None, n: None, ci: None });
            continue;
        }
        if POINTS_CONTRAST.is_match(after) {
            let ci = cis.iter().find(|c| c.start >= n.end && c.start <= n.end + 80).map(|c| (c.low, c.high));
            out.push(Value { start: n.start, end: n.end, value: n.value, shape: Shape::Effect(OutcomeKind::MeanDifference), events: None, n: None, ci });
            continue;
        }
        if CHANGE_CUE.is_match(before) {
            out.push(Value { start: n.start, end: n.end, value: n.value, shape: Shape::Effect(OutcomeKind::MeanChange), events: None, n: None, ci: None });
            continue;
        }
        let follows_mean = out.last().is_some_and(|p| p.shape == Shape::Mean && FROM_TO_NEXT.is_match(&sentence[p.end..n.start]));
        if is_mean_word(before, after) || follows_mean {
            out.push(Value { start: n.start, end: n.end, value: n.value, shape: Shape::Mean, events: None, n: None, ci: None });
            continue;
        }
    }
    out.extend(word_values(sentence));
    out.extend(table_effects(sentence, &out));
    out.extend(of_the_values(sentence, &out));
    out.sort_by_key(|v| v.start);
    // Spans never overlap, so the text between two values is always well defined.
    let mut kept: Vec<Value> = Vec::with_capacity(out.len());
    for v in out {
        if kept.last().is_none_or(|p| v.start >= p.end) {
            kept.push(v);
        }
    }
    (kept, pvals)
}

/// "The following effects (RR (95% CI)) were observed: anxiolysis (1.2 (0.94–1.52); …":
/// the effect is named once, then each value follows its outcome with its interval.
fn table_effects(sentence: &str, found: &[Value]) -> Vec<Value> {
    static HEADER: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(r"\b(SMD|WMD|MD|RR|OR|HR)\s*[(\[]\s*95\s*%\s*CI\s*[)\]]").unwrap()
    });
    static ROW: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(r"\(\s*([−-]?\d+(?:\.\d+)?)\s*[(\[]\s*([−-]?\d+(?:\.\d+)?)\s*(?:–|-|to|,)\s*([−-]?\d+(?:\.\d+)?)\s*[)\]]").unwrap()
    });
    let Some(h) = HEADER.captures(sentence) else { return Vec::new() };
    let Some(kind) = numbers::effect_name(&h[1]) else { return Vec::new() };
    let mut out = Vec::new();
    for c in ROW.captures_iter(&sentence[h.get(0).unwrap().end()..]) {
        let off = h.get(0).unwrap().end();
        let m = c.get(1).unwrap();
        let (start, end) = (off + m.start(), off + m.end());
        if found.iter().any(|v| v.start <= start && end <= v.end) {
            continue;
        }
        let (Some(value), Some(lo), Some(hi)) = (numbers::parse_number(&c[1]), numbers::parse_number(&c[2]), numbers::parse_number(&c[3])) else { continue };
        out.push(Value { start, end, value, shape: Shape::Effect(kind), events: None, n: None, ci: Some((lo, hi)) });
    }
    out
}

/// "Of the 20 patients, 18 reported improved functioning" → 90% of 20.
fn of_the_values(sentence: &str, found: &[Value]) -> Vec<Value> {
    static OF_THE: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(r"(?i)\bof\s+(?:the|all|these|those)\s+(\d+)\s+(?:[a-z-]+\s+){0,3}?(?:patients|participants|subjects|children|individuals|people|women|men|adults|veterans)\b[^,;]{0,40},\s*(\d+)\b(?:\s*\(\s*(\d+(?:\.\d+)?)\s*%\s*\))?").unwrap()
    });
    let mut out = Vec::new();
    // The counts are read as ASCII digits (`parse`), so a sentence without one gives nothing.
    if !numbers::has_digit(sentence) || !may_say_of_the(sentence) {
        return out;
    }
    for c in OF_THE.captures_iter(sentence) {
        let (Some(d), Some(e)) = (c.get(1), c.get(2)) else { continue };
        let (Ok(n), Ok(k)) = (d.as_str().parse::<u32>(), e.as_str().parse::<u32>()) else { continue };
        if k > n || n == 0 || found.iter().any(|v| v.start <= e.start() && e.end() <= v.end) {
            continue;
        }
        let printed = c.get(3).and_then(|p| p.as_str().parse::<f64>().ok());
        let value = printed.unwrap_or(rate(k, n));
        let end = c.get(0).unwrap().end();
        out.push(Value { start: e.start(), end, value, shape: Shape::Rate, events: Some(k), n: Some(n), ci: None });
    }
    out
}

/// Whether `of_the_values`' pattern can match `sentence`: each match starts with the word "of",
/// whitespace, "the", "all", "these" or "those", whitespace and a digit (in any case, unless a
/// char folds to an ASCII letter: "theſe"). Most sentences with "of" have no such run, and the
/// pattern's search stopped at every "of".
fn may_say_of_the(sentence: &str) -> bool {
    if !re::folds_as_ascii(sentence) {
        return true;
    }
    let b = sentence.as_bytes();
    // At each 'f' (rarer than 'o'), the 'o' before it.
    memchr::memchr2_iter(b'f', b'F', b).any(|f| {
        let of = f >= 1 && b[f - 1] | 0x20 == b'o' && boundary_before(b, f - 1);
        let Some(at) = of.then(|| spaces_at(sentence, f + 1)).flatten() else {
            return false;
        };
        ["the", "all", "these", "those"].iter().any(|w| {
            word_at(b, at, w)
                .and_then(|e| spaces_at(sentence, e))
                .is_some_and(|d| sentence[d..].chars().next().is_some_and(char::is_numeric))
        })
    })
}

/// A rate computed from a count, to two decimals as abstracts print them.
pub fn rate(events: u32, n: u32) -> f64 {
    (10000.0 * events as f64 / n as f64).round() / 100.0
}

const WORD_NUMBERS: &[(&str, u32)] = &[
    ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
    ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12), ("thirteen", 13),
    ("fourteen", 14), ("fifteen", 15), ("sixteen", 16), ("seventeen", 17), ("eighteen", 18),
    ("nineteen", 19), ("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50), ("sixty", 60),
    ("seventy", 70), ("eighty", 80), ("ninety", 90),
];

/// "Sixty-seven", "one hundred", "ten" → the number.
fn word_number(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    if s == "one hundred" || s == "a hundred" {
        return Some(100);
    }
    let mut total = 0;
    for part in s.split('-') {
        total += WORD_NUMBERS.iter().find(|(w, _)| *w == part)?.1;
    }
    Some(total)
}

/// Rates written in words: "Ten of 12 patients", "Sixty-seven percent of participants".
fn word_values(sentence: &str) -> Vec<Value> {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(r"(?i)\b((?:one|a)\s+hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\s+(?:(percent|per\s+cent)|(?:of|out\s+of)\s+(?:the\s+)?(\d+)\b)").unwrap()
    });
    let mut out = Vec::new();
    for c in WORDS.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let Some(k) = word_number(c.get(1).unwrap().as_str()) else { continue };
        if c.get(2).is_some() {
            out.push(Value { start: m.start(), end: m.end(), value: k as f64, shape: Shape::Rate, events: None, n: None, ci: None });
        } else if let Some(d) = c.get(3).and_then(|d| d.as_str().parse::<u32>().ok()).filter(|d| *d >= k && *d > 0) {
            let value = rate(k, d);
            out.push(Value { start: m.start(), end: m.end(), value, shape: Shape::Rate, events: Some(k), n: Some(d), ci: None });
        }
    }
    out
}

fn effect_kind(name: &str) -> Option<OutcomeKind> {
    let lower = name.to_lowercase();
    if lower.starts_with("mean") && !lower.contains("difference") || lower == "δ" {
        return Some(OutcomeKind::MeanChange);
    }
    if lower.starts_with("effect size") {
        return Some(OutcomeKind::Smd);
    }
    numbers::effect_name(name)
}

/// "mean: 16.7", "mean score of 37.5", "20 points", "scores were 12.1".
fn is_mean_word(before: &str, after: &str) -> bool {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(r"(?i)(?:\bM\s*=\s*$)|\b(?:scores?|ratings?|mean|average)\b[^.;\d]{0,40}?\bfrom\s+(?:an?\s+)?(?:(?:average|mean)\s+(?:of\s+)?)?$|\b(?:mean|average|scores?|total\s+scores?)\s*(?:\([^)]*\)\s*)?(?:[:=]|of|was|were|is)?\s*(?:mean\s*)?(?:SD\s*)?(?:[:=])?\s*\(?$").unwrap()
    });
    static AFTER: LazyLock<Regex> = LazyLock::new(|| re::compile(r"^\s*points?\b").unwrap());
    BEFORE.is_match(before) || AFTER.is_match(after)
}

/// "26 patients in K2", "(K1: 23": a count a group size can turn into a rate.
fn is_count(before: &str, after: &str) -> bool {
    static LABEL_COLON: LazyLock<Regex> = LazyLock::new(|| re::compile(r"\b[A-Z][A-Za-z0-9-]{0,5}\s*:\s*$").unwrap());
    static IN_GROUP: LazyLock<Regex> = LazyLock::new(|| {
        re::compile(r"^\s*(?:patients|children|participants|subjects|cases)?\s*(?:\([^)]*\)\s*)?(?:in|of)\s+(?:the\s+)?(?:group\s+)?(?:[A-Z]|(?i:(?:s-|es)?ketamine|placebo|control|midazolam|saline|dexmedetomidine|propofol|combination)\s+group)").unwrap()
    });
    LABEL_COLON.is_match(before) || IN_GROUP.is_match(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OutcomeKind::*;

    fn values(s: &str) -> Vec<Value> {
        values_and_p(s).0
    }

    fn shapes(s: &str) -> Vec<(f64, Shape)> {
        values(s).into_iter().map(|v| (v.value, v.shape)).collect()
    }

    #[test]
    fn reads_result_values() {
        let cases: &[(&str, &[(f64, Shape)])] = &[
            ("(5% vs . 27.5%, p = 0.006)", &[(5.0, Shape::Rate), (27.5, Shape::Rate)]),
            ("(17.2 ± 2.7 vs . 15.5 ± 2.3 min, p = 0.005)", &[]),
            ("HAM-A scores (17.2 ± 2.7 vs . 15.5 ± 2.3, p = 0.005)", &[(17.2, Shape::Mean), (15.5, Shape::Mean)]),
            ("subacute (24 h; SMD: −0.44, 95% CI [−0.65, −0.22], p < 0.01)", &[(-0.44, Shape::Effect(Smd))]),
            ("(mean Δ=3.5, d=1.14, 95% CI=1.09–5.9, p=0.01)", &[(3.5, Shape::Effect(MeanChange)), (1.14, Shape::Effect(Smd))]),
            ("the mean CAPS-5 total score was 11.88 points (SE=3.96) lower in the ketamine group than in the midazolam group", &[(11.88, Shape::Effect(MeanDifference))]),
            ("Adverse events occurred at 1 week in 108/218 [50%] patients", &[(50.0, Shape::Rate)]),
            ("lower than the control group at T2 (10% 6 of 60; P < 0.001)", &[(10.0, Shape::Rate)]),
            ("Fear Questionnaire ratings decreased by ~50%", &[(50.0, Shape::Effect(PercentChange))]),
            ("from 20 points at week 1 to 8.8 points at week 14", &[(20.0, Shape::Mean), (8.8, Shape::Mean)]),
            ("(PHQ-9: mean: 16.7; SD: 5.8; GAD-7: mean: 12.0; SD: 5.8)", &[(16.7, Shape::Mean), (12.0, Shape::Mean)]),
            ("Induction conditions were acceptable in 26 patients in K2 (P < 0.05 vs M) (K1: 23; M: 19).", &[(26.0, Shape::Count), (23.0, Shape::Count), (19.0, Shape::Count)]),
            ("The effect size of the main endpoint was 0.61 (95% confidence interval: [0.40-0.80]; P < 0.001).", &[(0.61, Shape::Effect(Smd))]),
            ("Of the 20 patients, 18 reported improved social functioning", &[(90.0, Shape::Rate)]),
            ("decreased significantly from an average of 18.9 to 9.5 (P < .001)", &[(18.9, Shape::Mean), (9.5, Shape::Mean)]),
            ("a change in the CAPS-5 score at post-assessment (M = −18.00; SE = 6.48)", &[(-18.0, Shape::Mean)]),
            ("were lower than in the propofol group (30 and 41%, and 29.9 and 32.7 min)", &[(30.0, Shape::Rate), (41.0, Shape::Rate)]),
            ("accounting for up to 19% in the variance of ideation change", &[]),
            ("The following effects (RR (95% CI)) were observed: anxiolysis (1.2 (0.94–1.52);p = 0.15; I2 = 80%); facial mask acceptance (1.13 (1.04–1.24); p = 0.007)",
             &[(1.2, Shape::Effect(RiskRatio)), (1.13, Shape::Effect(RiskRatio))]),
            ("At 24 hours, 11 of 21 ketamine-treated patients (52.4%) responded", &[(52.4, Shape::Rate)]),
            ("lower PCL-5 scores than the midazolam group (mean [SD], 28.4 [12.1] vs 41.2 [13.6]; P = .004)", &[(28.4, Shape::Mean), (41.2, Shape::Mean)]),
            ("Mean HAM-A scores fell from 25.3 at baseline to 14.1 at 24 hours (P < 0.001).", &[(25.3, Shape::Mean), (14.1, Shape::Mean)]),
            ("The pooled response rate was 45.2% (95% CI 38.1–52.4%).", &[(45.2, Shape::Rate)]),
            ("Mask acceptance was satisfactory in 34 children in the ketamine group and 25 in the midazolam group.", &[(34.0, Shape::Count), (25.0, Shape::Count)]),
            ("Emergence delirium was less frequent in the K group (4/35, 11.4%) than in the D group (11/35, 31.4%; P = 0.04).", &[(11.4, Shape::Rate), (31.4, Shape::Rate)]),
            ("The hazard ratio for relapse was 0.49 (95% CI, 0.29-0.84).", &[(0.49, Shape::Effect(HazardRatio))]),
            ("PCL-5 scores decreased by a mean of 18.4 points (95% CI 12.1–24.7) from baseline to day 14.", &[(18.4, Shape::Effect(MeanChange))]),
            ("Ten of 12 patients were treatment responders", &[(83.33, Shape::Rate)]),
            ("Sixty-seven percent of participants in the ketamine group", &[(67.0, Shape::Rate)]),
            ("One hundred percent of subjects responded", &[(100.0, Shape::Rate)]),
        ];
        for (s, want) in cases {
            assert_eq!(shapes(s), want.to_vec(), "{s}");
        }
    }

    #[test]
    fn leaves_non_results_alone() {
        for s in [
            "A total of 176 preschool children aged 3 to 7 years were assigned.",
            "received 0.5 mg/kg esketamine over 40 min",
            "data were collected from December 2015-June 2017",
            "(F5,35=8.03, p=0.002, η2=0.534)",
            "Wilcoxon signed-rank test z=2.24, p=0.025",
            "assessed at 24 hours and on day 7",
            "99 subjects with TRD were randomized to one of five arms",
            "(95% CI 1.2–3.4)",
        ] {
            assert!(values(s).is_empty(), "{s}: {:?}", values(s));
        }
    }

    #[test]
    fn no_of_the_value_where_no_of_the_number_occurs() {
        let cases = [
            ("Of the 20 patients, 18 improved.", true),
            ("OF  THOSE\u{a0}12 children, 3 vomited.", true),
            ("of all 7 adults, 2 left", true),
            ("of theſe 9 women, 1 left", true),
            ("Of the patients, 18 improved.", false),
            ("proof the 20 patients, 18 improved.", false),
            ("of the20 patients", false),
            ("Two of 20 patients responded.", false),
        ];
        let pieces = crate::extract::store_line_pieces();
        crate::extract::assert_gate(may_say_of_the, |p| !of_the_values(p, &[]).is_empty(), &cases, &pieces);
        assert_eq!(of_the_values("of theſe 9 women, 1 left", &[]).len(), 1, "(?i) reads ſ as s");
    }

    #[test]
    fn keeps_fraction_counts() {
        let v = values("Adverse events occurred at 1 week in 108/218 [50%] patients");
        assert_eq!((v[0].events, v[0].n), (Some(108), Some(218)));
        let v = values("18 of 20 patients responded");
        assert_eq!((v[0].value, v[0].events, v[0].n), (90.0, Some(18), Some(20)));
    }
}
