//! How many took part, and for reviews how many studies: "a total of 150 participants were
//! randomly allocated", "Ninety children", "(n = 158)", group sizes summed when no total is
//! stated, "Seventeen studies (1515 patients)". Numbers written as words are read. Must never
//! count doses, ages, percentages or numbers from sentences about other work.

use super::words::{TENS, Tok, UNITS, number_at, tokenize};
use super::{Doc, Part, Sent};
use crate::extract::cues::{Cues, LazyCues};
use crate::extract::vocab::{PERSON_NOUNS, STUDY_NOUNS};

/// Sample size and number of included studies, when stated.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Counts {
    pub participants: Option<u32>,
    pub studies: Option<u32>,
}

const STOP: &[&str] = &[
    "of", "in", "to", "from", "with", "were", "was", "had", "have", "at", "for", "by", "on", "per",
    "than", "or", "vs", "who", "that", "which", "each", "mg", "kg", "years", "year", "months",
    "days", "weeks", "hours", "min", "minutes", "the", "a", "an", "these", "those", "all", "both",
];

fn is_person(w: &str) -> bool {
    PERSON_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(w))
}

fn is_study_noun(w: &str) -> bool {
    STUDY_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Number followed, after at most `gap` modifier words, by a noun accepted by `noun`.
fn counted_nouns(toks: &[Tok], gap: usize, noun: fn(&str) -> bool) -> Vec<(u32, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some((n, mut j)) = number_at(toks, i) else {
            i += 1;
            continue;
        };
        let start = i;
        let mut steps = 0;
        while let Some(t) = toks.get(j) {
            if noun(t.text) {
                out.push((n, start, j));
                break;
            }
            let word = t.text.chars().next().is_some_and(char::is_alphabetic);
            if !word || steps >= gap || STOP.iter().any(|w| w.eq_ignore_ascii_case(t.text)) {
                break;
            }
            steps += 1;
            j += 1;
        }
        i = j.max(i + 1);
    }
    out
}

fn lower_words(toks: &[Tok], from: usize, to: usize) -> String {
    let mut out = String::new();
    for (k, t) in toks[from.min(toks.len())..to.min(toks.len())]
        .iter()
        .enumerate()
    {
        if k > 0 {
            out.push(' ');
        }
        out.extend(t.text.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// "(n = 30)", "n=15", "N = 45", "(n ¼ 33)" (a typesetting slip for '='): value and token index.
fn n_equals(toks: &[Tok]) -> Vec<(u32, usize)> {
    let mut out = Vec::new();
    for i in 0..toks.len().saturating_sub(2) {
        let is_n = matches!(toks[i].text, "n" | "N");
        let eq = matches!(toks[i + 1].text, "=" | "¼");
        if is_n && eq {
            if let Some((v, _)) = number_at(toks, i + 2) {
                out.push((v, i));
            }
        }
    }
    out
}

fn part_bonus(part: Part) -> i32 {
    match part {
        Part::Methods | Part::Aim => 3,
        Part::Title | Part::Unlabelled => 1,
        Part::Results => 0,
        Part::Conclusion => -3,
        Part::Background => -10,
    }
}

const ENROLMENT: &[&str] = &[
    "enrol",
    "random",
    "recruit",
    "includ",
    "assign",
    "allocat",
    "divided",
    "were studied",
    "participated",
    "consisted",
    "met inclusion",
    "met the inclusion",
    "underwent",
    "this study",
    "data from",
    "data of",
    "we present",
];

/// Whether `lower`, a sentence in lower case, can hold a number that `number_at` reads: one
/// starts with a digit or is a word of `UNITS` or `TENS`. Sentences without one hold no count,
/// so they are not tokenized.
fn may_hold_number(lower: &str) -> bool {
    static WORDS: LazyCues = LazyCues::new(|| {
        let words: Vec<&str> = UNITS.iter().chain(TENS).map(|w| w.0).collect();
        Cues::new(&words)
    });
    crate::extract::numbers::has_digit(lower) || WORDS.any_in(lower)
}

/// Whether `lower`, a sentence in lower case that may hold a number, can give
/// `participant_candidates` anything. Each candidate needs one of: a person noun (a number
/// before it), the word "were" right after a number ("100 were randomized"), or "n" right
/// before "=" or "¼" ("n = 30"). Most sentences with a number have none, and are not
/// tokenized; the test checks that no sentence with a candidate is passed over.
fn may_hold_count(lower: &str) -> bool {
    static NOUNS: LazyCues = LazyCues::new(|| Cues::new(PERSON_NOUNS));
    NOUNS.any_in(lower) || says_n_equals(lower) || number_before_were(lower)
}

/// Some '=' or '¼' comes right after an 'n', whitespace between aside: the tokens "n" "=" of
/// `n_equals` can only stand so.
fn says_n_equals(lower: &str) -> bool {
    lower
        .match_indices(['=', '¼'])
        .any(|(i, _)| lower[..i].trim_end().ends_with('n'))
}

/// Some "were" comes right after what can end a number (`number_at`), whitespace between
/// aside: digits, or a number word.
fn number_before_were(lower: &str) -> bool {
    lower.match_indices("were").any(|(i, _)| {
        let before = lower[..i].trim_end();
        if before.ends_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
        // The letters that end the word before: a number word ends a number ("forty-five",
        // "one hundred").
        let start = before.len() - before.bytes().rev().take_while(u8::is_ascii_lowercase).count();
        let last = &before[start..];
        last == "hundred" || UNITS.iter().chain(TENS).any(|(w, _)| last == *w)
    })
}

/// Scored participant counts in one sentence.
fn participant_candidates(sent: &Sent, review: bool) -> Vec<(i32, u32)> {
    if !may_hold_number(&sent.lower) || !may_hold_count(&sent.lower) {
        return Vec::new();
    }
    candidates_in(sent, review)
}

/// `participant_candidates` without the cheap tests that skip a sentence.
fn candidates_in(sent: &Sent, review: bool) -> Vec<(i32, u32)> {
    let toks = tokenize(&sent.norm);
    let lower = &sent.lower;
    static ENROLS: LazyCues = LazyCues::new(|| Cues::new(ENROLMENT));
    let enrol = if ENROLS.any_in(lower) { 3 } else { 0 };
    let base = part_bonus(sent.part) + enrol;
    let mut out = Vec::new();
    for (n, start, noun) in counted_nouns(&toks, 5, is_person) {
        let before = lower_words(&toks, start.saturating_sub(3), start);
        let after = lower_words(&toks, noun + 1, noun + 5);
        if before.ends_with("aged") {
            continue;
        }
        if after.starts_with("in each") || after.starts_with("each") || after.starts_with("per ") {
            // Group size: the total only when the sentence says how many groups.
            if let Some(groups) = group_count(&toks) {
                out.push((8 + base, n * groups));
            }
            continue;
        }
        let mut score = 10 + base;
        if SCREENED.iter().any(|w| after.starts_with(w)) {
            score -= 8;
        }
        if before.ends_with("total of") {
            // "A total of 58 patients completed" in results counts completers, not the sample.
            score += if sent.part == Part::Results { 2 } else { 6 };
        }
        if after.starts_with("( ") && after.contains('%') {
            score -= 6;
        }
        if !review || lower.contains("total") || has_study_count(&toks) || sent.part == Part::Title
        {
            out.push((score, n));
        }
    }
    // Only where some "were" follows what can end a number: most sentences here have a person
    // noun instead.
    if number_before_were(lower) {
        out.extend(enrolled_counts(&toks, 10 + base));
    }
    let mut ns = n_equals(&toks);
    // "(n = 30 per group)": a group size, the total only when the groups are counted.
    if let Some(&(size, at)) = ns.first() {
        let after = lower_words(&toks, at + 3, at + 5);
        if after.starts_with("per") || after.starts_with("each") || after.starts_with("in each") {
            if let Some(groups) = group_count(&toks) {
                out.push((8 + base, size * groups));
            }
            ns.clear();
        }
    }
    if let Some(&(first, at)) = ns.first() {
        let before = lower_words(&toks, at.saturating_sub(4), at);
        let rest: u32 = ns[1..].iter().map(|x| x.0).sum();
        let is_group = before.contains("group") || before.contains("arm");
        if !is_group && (ns.len() == 1 || rest == first) {
            let bonus = if ns.len() > 1 { 3 } else { 0 };
            out.push((9 + base + bonus, first));
        } else if ns.len() > 1 {
            out.push((6 + base, ns.iter().map(|x| x.0).sum()));
        }
    }
    out
}

/// "Of 120 patients screened, 100 were randomized": a bare number before the verb, with `score`.
fn enrolled_counts(toks: &[Tok], score: i32) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    for i in 0..toks.len().saturating_sub(2) {
        let Some((n, j)) = number_at(toks, i) else {
            continue;
        };
        // The two words after the number, and the word before it, compared in place.
        let is = |k: usize, w: &str| toks.get(k).is_some_and(|t| t.text.eq_ignore_ascii_case(w));
        let enrolled = is(j, "were")
            && ["randomized", "randomised", "randomly", "enrolled", "included", "recruited"]
                .iter()
                .any(|w| is(j + 1, w));
        let qualified = i > 0 && ["of", "±", "aged", "than"].iter().any(|w| is(i - 1, w));
        if enrolled && !qualified {
            out.push((score, n));
        }
    }
    out
}

const SCREENED: &[&str] = &[
    "screened",
    "assessed for eligibility",
    "were screened",
    "approached",
    "were assessed for",
];

/// "randomly divided into three groups": how many groups a sentence names.
fn group_count(toks: &[Tok]) -> Option<u32> {
    for i in 0..toks.len() {
        let Some((n, j)) = number_at(toks, i) else {
            continue;
        };
        let mut k = j;
        if toks
            .get(k)
            .is_some_and(|t| t.text.eq_ignore_ascii_case("equal"))
        {
            k += 1;
        }
        if toks
            .get(k)
            .is_some_and(|t| t.text.eq_ignore_ascii_case("groups"))
            && (2..=6).contains(&n)
        {
            return Some(n);
        }
    }
    None
}

fn has_study_count(toks: &[Tok]) -> bool {
    !counted_nouns(toks, 3, is_study_noun).is_empty()
}

/// Scored counts of included studies in one sentence, each clause weighed by its own words
/// ("35 articles were selected, of which 14 were part of the sample").
fn study_candidates(sent: &Sent) -> Vec<(i32, u32)> {
    const KEPT: &[&str] = &[
        "included",
        "inclusion",
        "part of the sample",
        "pooled",
        "were analy",
        "comprised",
        "among the",
        "eligible",
    ];
    const SEARCHED: &[&str] = &[
        "search",
        "identified",
        "screened",
        "retrieved",
        "records",
        "resulted in",
        "potential",
    ];
    // A count of studies needs a study noun, in any case: `lower` holds it if a token is one.
    static NOUNS: LazyCues = LazyCues::new(|| Cues::new(STUDY_NOUNS));
    let mut out = Vec::new();
    if !may_hold_number(&sent.lower) || !NOUNS.any_in(&sent.lower) {
        return out;
    }
    for clause in sent.norm.split([',', ';']) {
        let toks = tokenize(clause);
        let counts = counted_nouns(&toks, 3, is_study_noun);
        if counts.is_empty() {
            continue;
        }
        let lower = clause.to_ascii_lowercase();
        let mut score = 10 + part_bonus(sent.part).max(0);
        if KEPT.iter().any(|c| lower.contains(c)) {
            score += 5;
        } else if lower.contains("selected") {
            score += 3;
        }
        if SEARCHED.iter().any(|c| lower.contains(c)) {
            score -= 6;
        }
        out.extend(counts.into_iter().map(|(n, _, _)| (score, n)));
    }
    out
}

fn best(cands: impl Iterator<Item = (i32, u32)>) -> Option<u32> {
    // Highest score; the earliest wins a tie (max_by_key keeps the last, so reverse order).
    let all: Vec<(i32, u32)> = cands.collect();
    all.iter().rev().max_by_key(|c| c.0).map(|c| c.1)
}

/// The participants and, for reviews, studies the article reports.
pub(crate) fn counts(doc: &Doc, review: bool) -> Counts {
    let own = || {
        doc.sents
            .iter()
            .filter(|s| s.is_own())
    };
    let participants = best(own().flat_map(|s| participant_candidates(s, review)));
    let studies = if review {
        best(own().flat_map(study_candidates))
    } else {
        None
    };
    Counts {
        participants,
        studies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(text: &str, part: Part) -> Sent {
        Sent::new(text, part)
    }

    fn best_in(text: &str) -> Option<u32> {
        best(participant_candidates(&sent(text, Part::Methods), false).into_iter())
    }

    #[test]
    fn a_sentence_is_skipped_only_when_no_token_is_a_number() {
        let cases = [
            ("Ninety children were randomized.", true),
            ("Seventy-six children were assigned randomly.", true),
            ("One hundred and five patients (n = 105) took part.", true),
            ("FIFTEEN veterans enrolled.", true),
            ("Someone was phoned.", true), // "one" inside a word: tokenized, and nothing found
            ("Patients were randomized to ketamine or placebo.", false),
            ("Anxiety fell in both groups.", false),
        ];
        for (s, may) in cases {
            assert_eq!(may_hold_number(&s.to_ascii_lowercase()), may, "{s}");
            let toks = tokenize(s);
            let holds = (0..toks.len()).any(|i| number_at(&toks, i).is_some());
            assert!(may || !holds, "skipped a sentence with a number: {s}");
        }
        for (w, _) in UNITS.iter().chain(TENS) {
            assert!(may_hold_number(&format!("about {w} people")), "{w}");
        }
    }

    #[test]
    fn a_sentence_is_skipped_only_when_it_cannot_hold_a_count() {
        let cases = [
            ("Ninety children were randomized.", true),
            ("Of 120 screened, 100 were randomized.", true),
            ("Of 120 screened, one hundred were randomized.", true),
            ("Of 120 screened, Forty-Five  were randomized.", true),
            ("Doses (N\u{2009}= 12) rose.", true),
            ("Doses (n ¼ 12) rose.", true),
            ("Scores fell by 12 points (p = 0.01).", false),
            ("Scores were 12 points lower at 24 h.", false),
            ("Mean = 4 for men.", true), // a person noun: tokenized, nothing counted
        ];
        for (s, may) in cases {
            assert_eq!(may_hold_count(&s.to_ascii_lowercase()), may, "{s}");
        }
        for sent in super::super::skipped_store_sentences(may_hold_count) {
            for review in [false, true] {
                assert_eq!(candidates_in(&sent, review), vec![], "{:?}", sent.norm);
            }
        }
    }

    #[test]
    fn no_enrolled_count_where_no_were_follows_a_number() {
        for (s, may) in [
            ("Of 120 patients screened, 100 were randomized.", true),
            ("Forty-five were enrolled.", true),
            ("One hundred were included.", true),
            ("Patients were randomized to 2 arms.", false),
            ("100 patients were randomized.", false),
        ] {
            assert_eq!(number_before_were(&s.to_ascii_lowercase()), may, "{s}");
        }
        for sent in super::super::skipped_store_sentences(number_before_were) {
            assert_eq!(enrolled_counts(&tokenize(&sent.norm), 0), vec![], "{:?}", sent.norm);
        }
    }

    #[test]
    fn participant_counts_from_methods_sentences() {
        let cases = [
            (
                "Ninety children were randomly allocated to receive intranasal s-ketamine (Group K1, n = 30), or midazolam (Group M, n = 30).",
                Some(90),
            ),
            (
                "A total of 150 participants undergoing elective cesarean section were randomly allocated to receive either esketamine or normal saline.",
                Some(150),
            ),
            (
                "Veterans and service members with PTSD (n = 158) were randomized to placebo (n = 54), low dose (n = 53) or standard dose (n = 51) ketamine.",
                Some(158),
            ),
            (
                "This randomized triple blind comparative study comprises of eighty four ASA grade I children of both sexes aged 4-14 years.",
                Some(84),
            ),
            (
                "In this randomized clinical trial, 87 ASA class I and II patients, aged 3-12 years, underwent tonsillectomy.",
                Some(87),
            ),
            (
                "To determine which sedation was most effective, 100 children 3.0 +/- 1.7 (mean +/- SD) yr of age were randomly assigned to four equal groups.",
                Some(100),
            ),
            (
                "The incidence of EA was lower in the ketamine group (n ¼ 33) than the midazolam group (n ¼ 34).",
                Some(67),
            ),
            (
                "Patients received ketamine 0.5 mg/kg over 40 minutes at 3 time points.",
                None,
            ),
            ("Children aged 2 to 8 years were included.", None),
            (
                "Patients were randomly divided into two groups (40 cases in each group).",
                Some(80),
            ),
            ("Of 120 patients screened, 100 were randomized.", Some(100)),
            (
                "Patients were randomized into three groups (n = 30 per group).",
                Some(90),
            ),
            ("Patients were randomized (n = 30 per group).", None),
            (
                "Sixty-two patients were assessed for eligibility and 40 were enrolled.",
                Some(40),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(best_in(text), want, "{text}");
        }
    }

    #[test]
    fn a_total_outranks_completers_and_subgroups() {
        let doc_sents = [
            sent(
                "A total of 150 participants were randomly allocated.",
                Part::Methods,
            ),
            sent(
                "Since 27 participants were excluded, 123 patients were included.",
                Part::Methods,
            ),
            sent(
                "In sixteen patients (72.7%) flashbacks disappeared.",
                Part::Results,
            ),
        ];
        let got = best(
            doc_sents
                .iter()
                .flat_map(|s| participant_candidates(s, false)),
        );
        assert_eq!(got, Some(150));
    }

    #[test]
    fn completers_in_results_do_not_replace_the_randomized_sample() {
        let sents = [
            sent(
                "Sixty patients were randomized to ketamine or saline.",
                Part::Methods,
            ),
            sent("A total of 58 patients completed the study.", Part::Results),
        ];
        assert_eq!(
            best(sents.iter().flat_map(|s| participant_candidates(s, false))),
            Some(60)
        );
    }

    #[test]
    fn review_counts_studies_and_pooled_participants() {
        let s = sent(
            "Seventeen studies (1515 patients) were included.",
            Part::Results,
        );
        assert_eq!(best(study_candidates(&s).into_iter()), Some(17));
        assert_eq!(
            best(participant_candidates(&s, true).into_iter()),
            Some(1515)
        );
        let s = sent(
            "Among the 23 trials (n = 1680) included, IN ketamine sedated 220/311 (70%).",
            Part::Results,
        );
        assert_eq!(
            best(participant_candidates(&s, true).into_iter()),
            Some(1680)
        );
        let searched = sent("The search resulted in 594 articles.", Part::Unlabelled);
        let kept = sent("In all, 14 studies met inclusion criteria.", Part::Results);
        let got = best([searched, kept].iter().flat_map(study_candidates));
        assert_eq!(got, Some(14));
        let chain = sent(
            "After exclusions, 35 articles were selected, of which 14 articles were part of the sample, however, only six articles were selected for the meta-analysis.",
            Part::Unlabelled,
        );
        assert_eq!(best(study_candidates(&chain).into_iter()), Some(14));
        let narrative = sent("A trial in 40 patients showed benefit.", Part::Unlabelled);
        assert_eq!(
            best(participant_candidates(&narrative, true).into_iter()),
            None
        );
    }
}
