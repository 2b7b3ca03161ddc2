//! Which arm a phrase names: group definitions read from the whole abstract ("Group K1, n = 30",
//! "group MK received … ketamine", "the control group (A)"), then the arm mentions inside one
//! sentence ("in groups S1 and S2", "the esketamine group", "K2:", "placebo"). Pure; never keyed
//! to a record.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::re;

use crate::extract::model::Arm;
use crate::extract::text::whole_words;

/// A labelled group defined in the abstract ("K1", "M-K-A", "C", "II").
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    pub arm: Arm,
    pub n: Option<u32>,
}

/// What the abstract says about its arms as a whole.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StudyArms {
    pub groups: Vec<Group>,
    /// Some arm got something other than a ketamine-family drug (placebo, midazolam, control).
    pub has_comparator: bool,
    /// A review or meta-analysis: pooled ketamine arms stay `ketamine`, not the sample.
    pub is_review: bool,
    /// Size of every group when the abstract gives one number for all ("40 cases in each group").
    pub each_n: Option<u32>,
    /// Size of the ketamine / comparator arm when named by drug ("ketamine group (n = 33)").
    pub ketamine_n: Option<u32>,
    pub comparator_n: Option<u32>,
}

impl StudyArms {
    /// Group size of an arm mention: its label's n, else the per-arm or per-group size.
    pub fn n_of(&self, m: &ArmMention) -> Option<u32> {
        let by_label = m.label.as_deref().and_then(|l| self.groups.iter().find(|g| g.label == l)?.n);
        by_label.or(self.each_n).or(match m.arm {
            Arm::Ketamine => self.ketamine_n,
            Arm::Comparator => self.comparator_n,
            _ => None,
        })
    }
}

/// One phrase naming an arm inside a sentence (byte offsets into the sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct ArmMention {
    pub start: usize,
    pub end: usize,
    pub arm: Arm,
    pub label: Option<String>,
    /// A bare drug word ("ketamine") names an arm less surely than "the ketamine group".
    pub weak: bool,
}

const KETAMINE: &str = r"(?i)\b(?:s-?\s?ketamine|es-?ketamine|ar-?ketamine|r-ketamine|ketamine|katamine|ketamin|ketofol)\b";
const COMPARATOR: &str = r"(?i)\b(?:placebo|saline|control|sham|midazolam|dexmedetomidine|propofol|thiopental|fentanyl|sufentanil|remifentanil|clonidine|usual\s+care|standard\s+care|non-?exposed|unexposed|fruit|juice|no\s+ketamine)\b";

static KET: LazyLock<Regex> = LazyLock::new(|| re::compile(KETAMINE).unwrap());
static CMP: LazyLock<Regex> = LazyLock::new(|| re::compile(COMPARATOR).unwrap());

/// The arm a stretch of defining text points to, if it names a drug or a control.
pub fn arm_of_words(text: &str) -> Option<Arm> {
    if KET.is_match(text) {
        Some(Arm::Ketamine)
    } else if CMP.is_match(text) {
        Some(Arm::Comparator)
    } else {
        None
    }
}

const LABEL: &str = r"(?:[A-Z][A-Za-z]{0,2}[0-9]?(?:-[A-Z][0-9]?){0,3}|I{1,3}|IV)";

static GROUP_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(&format!(
        r"\b(?:[Gg]roups?|[Aa]rms?)\s+({LABEL})\b(?:\s*,?\s*n\s*=\s*(\d+))?(?:\s*\(\s*n\s*=\s*(\d+))?"
    ))
    .unwrap()
});

/// "(K group, n = 35)", "the D group": a label written before the word "group".
static LABEL_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\b([A-Z][A-Z0-9]{0,2}(?:-[A-Z0-9]{1,2})?)[\s-]+groups?\b(?:\s*[,(]\s*n\s*=\s*(\d+))?").unwrap()
});

/// Capitalised words that are not group labels before "group".
const NOT_LABELS: &[&str] = &["A", "AN", "THE", "ALL", "EACH", "ONE", "TWO", "OUR", "ANY", "NO", "RCT", "ASA"];

static PAREN_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(&format!(r"\((?:[Gg]roup\s+)?({LABEL})(?:\s*[,;]\s*n\s*=\s*(\d+))?\)")).unwrap()
});

static N_IN_BRACKET: LazyLock<Regex> = LazyLock::new(|| re::compile(r"^\s*\([^()]{0,80}?\bn\s*=\s*(\d+)\s*\)").unwrap());

static EACH: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(\d+)\s+(?:cases|patients|children|participants|subjects|women|in)?\s*(?:in\s+)?each(?:\s+group)?\b|\b(?:each|per)\s+group\s*(?:\(\s*)?n\s*=\s*(\d+)").unwrap()
});

static NAMED_N: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b((?:s-?|es-?)?ketamine|placebo|saline|midazolam|control)(?:\s+group)?\s*\(\s*n\s*(?:=|¼)\s*(\d+)\s*\)").unwrap()
});

/// Group definitions and sizes from the whole abstract.
pub fn study_arms(abstract_text: &str) -> StudyArms {
    let mut arms = StudyArms::default();
    let mut defs: Vec<(String, usize, usize, bool, Option<u32>)> = Vec::new();
    for c in GROUP_LABEL.captures_iter(abstract_text) {
        let (whole, m) = (c.get(0).unwrap(), c.get(1).unwrap());
        let n = c.get(2).or(c.get(3)).and_then(|x| x.as_str().parse().ok());
        // "group E (esketamine 0.2 mg/kg, n = 30)": the size closes the bracket after the label.
        let n = n.or_else(|| {
            N_IN_BRACKET.captures(&abstract_text[whole.end()..]).and_then(|c| c[1].parse().ok())
        });
        // "(Group K1, n = 30)" and "ketamine … in group K" are defined by the words before.
        let head = lower_window(&abstract_text[..whole.start()], false);
        let tail = lower_window(&abstract_text[whole.end()..], true);
        let defined_after = ["received", "receiving", "was ", "were ", "got ", "given", ":"].iter().any(|w| tail.starts_with(w));
        let in_paren = head.ends_with('(')
            || (!defined_after && (head.ends_with(" in") || head.ends_with(" as") || head.ends_with(" for")));
        defs.push((m.as_str().to_string(), whole.start(), whole.end(), in_paren, n));
    }
    for c in LABEL_GROUP.captures_iter(abstract_text) {
        let (whole, m) = (c.get(0).unwrap(), c.get(1).unwrap());
        if NOT_LABELS.contains(&m.as_str()) || defs.iter().any(|d| d.1 < whole.end() && whole.start() < d.2) {
            continue;
        }
        let n = c.get(2).and_then(|x| x.as_str().parse().ok());
        let head = abstract_text[..whole.start()].trim_end();
        defs.push((m.as_str().to_string(), whole.start(), whole.end(), head.ends_with('('), n));
    }
    for c in PAREN_LABEL.captures_iter(abstract_text) {
        let m = c.get(1).unwrap();
        let whole = c.get(0).unwrap();
        let from = abstract_text.ceil_char_boundary(whole.start().saturating_sub(160));
        let before = &abstract_text[from..whole.start()];
        let grouped = whole.as_str().contains("roup") || before.to_lowercase().contains("group");
        let dosed = before.contains("mg") || before.contains("receiv") || before.contains("administ");
        let overlaps = defs.iter().any(|d| d.1 < whole.end() && whole.start() < d.2);
        if !(grouped || dosed) || overlaps || is_known_abbreviation(m.as_str()) {
            continue;
        }
        let n = c.get(2).and_then(|x| x.as_str().parse().ok());
        defs.push((m.as_str().to_string(), whole.start(), whole.end(), true, n));
    }
    defs.sort_by_key(|d| d.1);
    let bounds: Vec<(usize, usize)> = defs.iter().map(|d| (d.1, d.2)).collect();
    for (i, (label, start, end, in_paren, n)) in defs.iter().enumerate() {
        let arm = define(abstract_text, &bounds, i, *in_paren).unwrap_or_else(|| default_arm(label));
        match arms.groups.iter_mut().find(|g| &g.label == label) {
            Some(g) => g.n = g.n.or(*n),
            None => arms.groups.push(Group { label: label.clone(), arm, n: *n }),
        }
        let _ = (start, end);
    }
    // Two whole-abstract patterns run only where a word each of their matches holds occurs.
    let lower = abstract_text.to_ascii_lowercase();
    if let Some(c) = may_say_each(&lower).then(|| EACH.captures(abstract_text)).flatten() {
        arms.each_n = c.get(1).or(c.get(2)).and_then(|x| x.as_str().parse().ok());
    }
    for c in may_name_n(abstract_text).then(|| NAMED_N.captures_iter(abstract_text)).into_iter().flatten() {
        let n = c[2].parse().ok();
        match arm_of_words(&c[1]) {
            Some(Arm::Ketamine) => arms.ketamine_n = arms.ketamine_n.or(n),
            _ => arms.comparator_n = arms.comparator_n.or(n),
        }
    }
    arms.is_review = may_say_review(&lower) && REVIEW.is_match(abstract_text);
    arms.has_comparator = arms.groups.iter().any(|g| g.arm == Arm::Comparator)
        || CONTROLLED.is_match(abstract_text);
    arms
}

/// Whether `NAMED_N` can match `text`: each match has a '(' then (whitespace aside) an 'n' and
/// '=' or '¼' ("(n = 33)"). No char but 'N' matches 'n' under `(?i)`.
fn may_name_n(text: &str) -> bool {
    memchr::memchr_iter(b'(', text.as_bytes()).any(|i| {
        let rest = text[i + 1..].trim_start();
        rest.strip_prefix(['n', 'N']).is_some_and(|r| r.trim_start().starts_with(['=', '¼']))
    })
}

/// Whether `lower`, a text in ASCII lower case, can match `EACH`: each match holds "each", or
/// "per" then spaces then "group". (No letter of these has a `(?i)` match outside ASCII.)
fn may_say_each(lower: &str) -> bool {
    let b = lower.as_bytes();
    memchr::memmem::find(b, b"each").is_some()
        || memchr::memmem::find_iter(b, b"group").any(|i| lower[..i].trim_end().ends_with("per"))
}

/// Whether `lower`, a text in ASCII lower case, can match `REVIEW`: each match holds
/// "tematic", "meta", "included" or "pooled" (not the 's's of "systematic": `(?i)` matches them
/// to 'ſ' too).
fn may_say_review(lower: &str) -> bool {
    ["tematic", "meta", "included", "pooled"].iter().any(|w| lower.contains(w))
}

static REVIEW: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)systematic\s+review|meta-?analy|\b(?:studies|trials|RCTs)\s+(?:were\s+)?included|\bincluded\s+\d+\s+(?:studies|trials|RCTs)|\bpooled\b").unwrap()
});

/// Some arm got a comparator: a placebo, a control condition, another drug.
static CONTROLLED: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:placebo|saline|sham|control\s+(?:group|arm|condition)|midazolam|dexmedetomidine|propofol|thiopental|compar\w*\s+(?:\w+\s+){0,3}?(?:with|to|versus|vs\.?)\s+(?:a\s+)?(?:the\s+)?(?:controls?|placebo|midazolam|usual\s+care)\b|\b(?:versus|vs\.?)\s+(?:a\s+)?(?:controls?|usual\s+care)\b)").unwrap()
});

/// The last (or first) few words of `text`, trimmed and lower-cased: enough for the
/// `ends_with` / `starts_with` tests on a label's context without copying the whole abstract.
fn lower_window(text: &str, leading: bool) -> String {
    const WINDOW: usize = 24;
    let t = if leading { text.trim_start() } else { text.trim_end() };
    let cut = if leading {
        t.char_indices().nth(WINDOW).map_or(t, |(i, _)| &t[..i])
    } else {
        t.char_indices().rev().nth(WINDOW - 1).map_or(t, |(i, _)| &t[i..])
    };
    cut.to_lowercase()
}

/// Abbreviations in brackets that are not group labels.
fn is_known_abbreviation(s: &str) -> bool {
    s.len() >= 2
        && !s.chars().any(|c| c.is_ascii_digit() || c == '-')
        && s.chars().all(|c| c.is_ascii_uppercase())
        && s.len() >= 3
}

/// The arm a label's defining text names: in brackets the drug is usually written before
/// ("… midazolam (Group M)"), after "group X" it usually follows ("group MK received …").
fn define(text: &str, bounds: &[(usize, usize)], i: usize, in_paren: bool) -> Option<Arm> {
    let (start, end) = bounds[i];
    let prev_end = if i > 0 { bounds[i - 1].1 } else { 0 };
    let next_start = bounds.get(i + 1).map_or(text.len(), |b| b.0);
    let sentence_start = text[..start].rfind(". ").map_or(0, |p| p + 2);
    let sentence_end = text[end..].find(". ").map_or(text.len(), |p| end + p);
    let before = &text[prev_end.max(sentence_start).min(start)..start];
    let before = before.rsplit(';').next().unwrap_or(before);
    let after = &text[end..next_start.min(sentence_end).max(end)];
    let (first, second) = if in_paren { (before, after) } else { (after, before) };
    arm_of_words(first).or_else(|| arm_of_words(second))
}

/// A label whose definition names no drug: controls are usually "C" or "P".
fn default_arm(label: &str) -> Arm {
    if label.starts_with('C') || label.starts_with('P') || label == "A" {
        Arm::Comparator
    } else {
        Arm::Ketamine
    }
}

static NAMED_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:(s-?\s?ketamine|es-?ketamine|ar-?ketamine|ketamine|katamine|ketofol|placebo|saline|control|sham|midazolam|dexmedetomidine|propofol|thiopental|case|observation|exposed|non-?exposed|unexposed|treatment|intervention|experimental|study|combination|combined|low[\s-]dose|standard[\s-]dose|high[\s-]dose)(?:[\s-]treated)?\s+(?:groups?|arms?|cohorts?|patients|participants|subjects))|\b(?:(?:those|patients|participants|subjects|children)\s+)?(?:receiving|given|treated\s+with)\s+(?:the\s+)?((?:s-|es)?ketamine|ketofol|placebo|saline|midazolam|dexmedetomidine|propofol|combination|combined)").unwrap()
});

/// What must come before a one-letter label: "groups K and", "in (the) (group)", "vs".
static ONE_LETTER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?:\b[Gg]roups?\s+(?:[A-Z0-9-]+\s*(?:,|and|or)\s*)*|\b(?:in|than|vs\.?|versus|and|or|to)\s+(?:the\s+)?(?:group\s+)?)$").unwrap()
});

/// …or after it: "K:", "K group".
static ONE_LETTER_AFTER: LazyLock<Regex> = LazyLock::new(|| re::compile(r"^(?:\s*:|\s+group\b)").unwrap());

static DRUG_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:s-?ketamine|es-?ketamine|arketamine|ketamine|katamine|ketofol|placebo|saline|midazolam|dexmedetomidine|propofol|thiopental)\b").unwrap()
});

/// Arm mentions in one sentence, left to right, without overlaps.
pub fn arm_mentions(sentence: &str, arms: &StudyArms) -> Vec<ArmMention> {
    let mut out: Vec<ArmMention> = Vec::new();
    let push = |m: ArmMention, out: &mut Vec<ArmMention>| {
        if out.iter().all(|o| m.end <= o.start || m.start >= o.end) {
            out.push(m);
        }
    };
    for g in &arms.groups {
        // One-letter labels only after "group"/"in"/"vs" or before ":" (not the article "A").
        let short = g.label.chars().count() == 1 || g.label == "I";
        for (start, end) in whole_words(sentence, &g.label) {
            if short && !(ONE_LETTER_BEFORE.is_match(&sentence[..start]) || ONE_LETTER_AFTER.is_match(&sentence[end..])) {
                continue;
            }
            push(ArmMention { start, end, arm: g.arm, label: Some(g.label.clone()), weak: false }, &mut out);
        }
    }
    for c in NAMED_GROUP.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let word = c.get(1).or(c.get(2)).map_or("", |x| x.as_str());
        let arm = arm_of_words(word).unwrap_or(Arm::Ketamine);
        push(ArmMention { start: m.start(), end: m.end(), arm, label: None, weak: false }, &mut out);
    }
    for m in DRUG_WORD.find_iter(sentence) {
        let arm = arm_of_words(m.as_str()).unwrap_or(Arm::Ketamine);
        push(ArmMention { start: m.start(), end: m.end(), arm, label: None, weak: true }, &mut out);
    }
    out.sort_by_key(|m| m.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_abstract_patterns_are_skipped_only_where_they_cannot_match() {
        let cases = [
            ("30 patients in each group", true, false),
            ("per  group (n = 12)", true, false),
            ("a group of 12 patients", false, false),
            ("a ſyſtematic review", false, true),
            ("Meta-analysis of 12 RCTs", false, true),
            ("12 trials were included", false, true),
            ("Ketamine reduced anxiety.", false, false),
        ];
        for (text, each, review) in cases {
            let lower = text.to_ascii_lowercase();
            assert_eq!(may_say_each(&lower), each, "{text}");
            assert_eq!(may_say_review(&lower), review, "{text}");
        }
        // Every line of the bundled store and its halves: a skipped one has no match.
        let mut skipped = 0;
        for piece in crate::extract::store_line_pieces() {
            let lower = piece.to_ascii_lowercase();
            for (may, re) in [(may_say_each(&lower), &EACH), (may_say_review(&lower), &REVIEW)] {
                if !may {
                    skipped += 1;
                    assert!(!re.is_match(&piece), "{piece:?}");
                }
            }
        }
        assert!(skipped > 1000, "the test reached only {skipped} skipped lines");
    }

    #[test]
    fn sizes_named_by_drug_are_read_only_where_an_n_equals_follows_a_bracket() {
        let cases = [
            ("ketamine group (n = 33)", true),
            ("placebo (\u{a0}N¼12)", true),
            ("ketamine (n=)", true),
            ("ketamine group, n = 33", false),
            ("ketamine (15 patients)", false),
        ];
        let pieces = crate::extract::store_line_pieces();
        crate::extract::assert_gate(may_name_n, |p| NAMED_N.is_match(p), &cases, &pieces);
    }

    const WEBER: &str = "Ninety children were randomly allocated to receive intranasally administered s-ketamine 1 mg·kg-1 and midazolam 0.2 mg·kg-1 (Group K1, n = 30), s-ketamine 2 mg·kg-1 and midazolam 0.2 mg·kg-1 (Group K2, n = 30), or midazolam 0.2 mg·kg-1 (Group M, n = 30) as premedicants.";

    fn arms_of(text: &str) -> Vec<(String, Arm, Option<u32>)> {
        study_arms(text).groups.into_iter().map(|g| (g.label, g.arm, g.n)).collect()
    }

    #[test]
    fn reads_group_definitions() {
        use Arm::*;
        let cases: &[(&str, &[(&str, Arm, Option<u32>)])] = &[
            (WEBER, &[("K1", Ketamine, Some(30)), ("K2", Ketamine, Some(30)), ("M", Comparator, Some(30))]),
            ("Sixty patients were randomly assigned to group E (esketamine 0.2 mg/kg, n = 30) or group C (normal saline, n = 30).",
             &[("E", Ketamine, Some(30)), ("C", Comparator, Some(30))]),
            ("Patients were allocated to ketamine (K group, n = 35) or dexmedetomidine (D group, n = 35).",
             &[("K", Ketamine, Some(35)), ("D", Comparator, Some(35))]),
            ("80 children received either ketamine 6 mg.kg(-1) per oral in group K or sour cherry juice alone in group C.",
             &[("K", Ketamine, None), ("C", Comparator, None)]),
            ("Group M received 0.5 oral midazolam and group MK received 0.25 oral midazolam with 2.5 oral ketamine.",
             &[("M", Comparator, None), ("MK", Ketamine, None)]),
            ("One group (M-K-A) received rectal midazolam (0.5 mg/kg), ketamine (3 mg/kg), and atropine. The other groups received midazolam and atropine (M-A) or ketamine and atropine (K-A) alone, and the control group (A) received only rectal atropine.",
             &[("M-K-A", Ketamine, None), ("M-A", Comparator, None), ("K-A", Ketamine, None), ("A", Comparator, None)]),
            ("divided into group C (3 mL of saline administered intravenously, 65 patients) or group K (0.5 mg/kg of esketamine administered intravenously, 55 patients).",
             &[("C", Comparator, None), ("K", Ketamine, None)]),
            ("Patients in group D received dexmedetomidine (2 µg/kg), and patients in group K received ketamine (2 mg/kg).",
             &[("D", Comparator, None), ("K", Ketamine, None)]),
            ("randomly divided into 3 groups that received 0.5 mg/kg (group S1), 1 mg/kg of esketamine (group S2), and the same volume of normal saline (group C) by nasal spray.",
             &[("S1", Ketamine, None), ("S2", Ketamine, None), ("C", Comparator, None)]),
            ("The control group (group C, n = 30), treatment group 1 (group D1, n = 30). Group D1 received an injection of 0.5 mg/kg of esketamine.",
             &[("C", Comparator, Some(30)), ("D1", Ketamine, Some(30))]),
        ];
        for (text, want) in cases {
            let want: Vec<_> = want.iter().map(|(l, a, n)| (l.to_string(), *a, *n)).collect();
            assert_eq!(arms_of(text), want, "{text}");
        }
    }

    #[test]
    fn ignores_bracketed_abbreviations() {
        let text = "Emergence delirium (ED) and the post-anesthesia care unit (PACU) and the Hospital Anxiety and Depression Scale (HADS) were recorded.";
        assert!(arms_of(text).is_empty());
    }

    #[test]
    fn reads_sizes_given_once_for_all_groups() {
        assert_eq!(study_arms("divided into the esketamine group and the control group (40 cases in each group).").each_n, Some(40));
        assert_eq!(study_arms("assigned to either group with 88 cases each.").each_n, Some(88));
        let a = study_arms("lower in the ketamine group (n ¼ 33) than the midazolam group (n ¼ 34)");
        assert_eq!((a.ketamine_n, a.comparator_n), (Some(33), Some(34)));
    }

    #[test]
    fn finds_mentions_in_order() {
        let arms = study_arms(WEBER);
        let got: Vec<(Arm, Option<String>)> = arm_mentions("Induction conditions were acceptable in 26 patients in K2 (P < 0.05 vs M) (K1: 23; M: 19).", &arms)
            .into_iter()
            .map(|m| (m.arm, m.label))
            .collect();
        let l = |s: &str| Some(s.to_string());
        assert_eq!(got, vec![(Arm::Ketamine, l("K2")), (Arm::Comparator, l("M")), (Arm::Ketamine, l("K1")), (Arm::Comparator, l("M"))]);
        let plain = StudyArms::default();
        let got: Vec<Arm> = arm_mentions("88% of the ketamine group had achieved remission compared with 33% in the placebo group", &plain)
            .into_iter().map(|m| m.arm).collect();
        assert_eq!(got, vec![Arm::Ketamine, Arm::Comparator]);
        let got: Vec<bool> = arm_mentions("33.33% response ketamine vs 0% response placebo", &plain).into_iter().map(|m| m.weak).collect();
        assert_eq!(got, vec![true, true]);
        assert!(arm_mentions("A total of 176 children were enrolled.", &plain).is_empty());
    }
}
