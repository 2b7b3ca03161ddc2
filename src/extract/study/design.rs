//! Design and blinding from publication types and the abstract's own wording ("randomly
//! assigned", "crossover", "open-label", "retrospective", "meta-analysis"). Must never take a
//! design word from a sentence about other or future work ("further randomized trials").

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::cues::CueLists;
use crate::extract::re;

use super::comparators::Arms;
use super::Doc;
use crate::extract::model::{Blinding, Design};

/// Every cue list design reads, searched in one pass over the study's own text
/// (`Doc::own_text`: title included, background and other work left out, lower case).
static LISTS: LazyLock<CueLists> = LazyLock::new(|| {
    CueLists::new(&[
        META,
        SYSTEMATIC,
        NARRATIVE,
        CHARTS,
        CASES,
        SECONDARY,
        CROSSOVER,
        OBSERVATIONAL,
        SINGLE_ARM,
        TREATED,
    ])
});

static CHARTS: &[&str] = &[
    "chart review",
    "record review",
    "reviewed the charts",
    "reviewed the records",
    "retrospective",
];
static CROSSOVER: &[&str] = &[
    "crossover",
    "cross-over",
    "random order",
    "washout",
    "wash-out",
];
static TREATED: &[&str] = &[
    "received",
    "were administered",
    "underwent",
    "were treated",
    "was administered",
];

static META: &[&str] = &["meta-analy", "meta analy", "metaanaly"];
static SYSTEMATIC: &[&str] = &[
    "systematic review",
    "systematically searched",
    "systematic search",
    "systematic literature",
    "electronic searches",
    "databases were searched",
    "we searched",
    "searched medline",
    "searched pubmed",
    "prisma",
];
static NARRATIVE: &[&str] = &[
    "review of the literature",
    "literature review",
    "this review",
    "narrative review",
    "we review ",
    "article reviews",
    "this article reviews",
    "we synthesize",
    "scoping review",
    "review paper",
    "review discusses",
    "we summarize",
];
static CASES: &[&str] = &["case report", "case series", "case of a ", "case of an "];
static CASE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\b(?:present|report|describe)s?\s+(?:here\s+)?(?:a|an|one|two|three|four|five|six|\d)\s+(?:\w+\s+){0,2}(?:cases?|patients?)\b")
        .expect("case count pattern")
});
static SECONDARY: &[&str] = &[
    "post hoc analys",
    "post-hoc analys",
    "posthoc analys",
    "secondary analysis",
    "secondary analyses of",
    "exploratory analysis of",
    "post-hoc correlation",
    "post hoc correlation",
    "pooled data from",
    "pooled analysis",
    "secondary outcome analysis",
    "data from a randomized",
    "data from a randomised",
    "data from the randomized",
];
static OBSERVATIONAL: &[&str] = &[
    "retrospective",
    "cohort",
    "chart review",
    "registry",
    "real-world",
    "real world",
    "real-life",
    "observational",
    "naturalistic",
    "chart review",
    "reviewed the charts",
    "case-control",
    "cross-sectional",
    "medical records",
    "clinical data of",
    "health records",
    " ehr ",
    "survey",
];
static SINGLE_ARM: &[&str] = &[
    "open-label",
    "open label",
    "uncontrolled",
    "single-arm",
    "single arm",
    "ascending dose",
    "ascending single dose",
    "dose-escalation",
    "dose escalation",
    "single-group",
    "one-arm",
];

static RANDOMIZED: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\brandomi[sz]|\brandomly\b|\brandom (?:number|allocation|assignment|order)")
        .expect("random pattern")
});

static POOLED: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\b\d+/\d+\s*[\(\[]\d+(?:\.\d+)?\s*%|\b(?:smd|rr|or|md|wmd|hr)\s*[=:(]\s*-?\d|95%\s*(?:ci|confidence)")
        .expect("pooled pattern")
});
static VERSUS_NON: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\b([a-z]{4,})\s*(?:\([^)]*\)\s*)?(?:versus|vs\.?|and|or|compared with)\s+non-?\s?([a-z]{4,})")
        .expect("versus-non pattern")
});

/// "anxious versus nonanxious": responses compared between baseline subgroups of one sample,
/// the mark of a secondary analysis.
fn compares_subgroups(text: &str) -> bool {
    may_compare_with_non(text) && VERSUS_NON.captures_iter(text).any(|c| c[1] == c[2])
}

/// Whether `VERSUS_NON` can match: each match has "non" after whitespace that follows
/// "versus", "vs", "vs.", "and", "or" or "compared with". (The pattern is case-sensitive.)
fn may_compare_with_non(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"non").any(|i| {
        let head = &text[..i];
        let words = head.trim_end();
        words.len() < head.len()
            && ["versus", "vs", "vs.", "and", "or", "compared with"].iter().any(|w| words.ends_with(w))
    })
}

static NOT_ALLOCATING: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\brandom(?:ly)?\s+(?:selected|sampled|chosen|sample|selection|effects?)\b")
        .expect("not-allocating pattern")
});

/// A review of other studies (systematic, pooled or narrative).
pub(crate) fn is_review(doc: &Doc) -> bool {
    let text = doc.own_text();
    let found = LISTS.found_in(text);
    ["meta-analysis", "systematic review", "review"]
        .iter()
        .any(|p| doc.has_pub_type(p))
        || found.any(META)
        || found.any(SYSTEMATIC)
        || found.any(NARRATIVE)
}

/// The design vocabulary of GUIDE.md, first matching rule wins.
pub(crate) fn design(doc: &Doc, arms: &Arms) -> Design {
    let text = doc.own_text();
    let found = LISTS.found_in(text);
    if doc.has_pub_type("meta-analysis") || found.any(META) {
        return Design::MetaAnalysis;
    }
    if doc.has_pub_type("systematic review") || found.any(SYSTEMATIC) {
        // A systematic review that pools numbers is a meta-analysis (GUIDE convention).
        return if POOLED.is_match(text) {
            Design::MetaAnalysis
        } else {
            Design::SystematicReview
        };
    }
    let charts = found.any(CHARTS);
    if doc.has_pub_type("review") || (found.any(NARRATIVE) && !charts) {
        return Design::Other;
    }
    if doc.has_pub_type("case reports") || found.any(CASES) || CASE_COUNT.is_match(text) {
        return Design::CaseReport;
    }
    if doc.has_pub_type("observational study") {
        return Design::Observational;
    }
    if found.any(SECONDARY) || compares_subgroups(text) {
        return Design::SecondaryAnalysis;
    }
    // "randomly selected" samples people; it does not allocate them.
    let allocating = NOT_ALLOCATING.replace_all(text, "");
    let randomized = RANDOMIZED.is_match(&allocating);
    if randomized && found.any(CROSSOVER) {
        return Design::CrossoverRct;
    }
    if randomized {
        return Design::Rct;
    }
    if found.any(OBSERVATIONAL) {
        return Design::Observational;
    }
    if found.any(SINGLE_ARM) {
        return Design::SingleArm;
    }
    if !arms.named.is_empty() || text.contains("control group") {
        return Design::NonrandomizedControlled;
    }
    if doc.has_pub_type("clinical trial") || found.any(TREATED) {
        return Design::SingleArm;
    }
    Design::Other
}

static DOUBLE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\b(?:double|triple|quadruple)[- ]?(?:blind|mask)").expect("double pattern")
});
static SINGLE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(
        r"\bsingle[- ]?(?:blind|mask)|\b(?:assessor|rater|evaluator|observer|investigator)s?[- ]blind|\bblinded to (?:the )?(?:study )?(?:group|allocation|treatment)|\bblind[- ]study\b|\bblinded (?:assessor|rater|observer|evaluator)",
    )
    .expect("single pattern")
});
static OPEN: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\bopen[- ]label|\bunblinded\b|\bnon[- ]blinded\b|\bopen (?:study|trial)\b")
        .expect("open pattern")
});

/// Blinding as the abstract states it; nothing is inferred from the design.
pub(crate) fn blinding(doc: &Doc) -> Blinding {
    blinding_of(doc.own_text())
}

fn blinding_of(text: &str) -> Blinding {
    if DOUBLE.is_match(text) {
        Blinding::DoubleBlind
    } else if SINGLE.is_match(text) {
        Blinding::SingleBlind
    } else if OPEN.is_match(text) {
        Blinding::OpenLabel
    } else {
        Blinding::NotReported
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cue_lists_find_what_contains_finds_in_the_store() {
        let all = [
            META, SYSTEMATIC, NARRATIVE, CHARTS, CASES, SECONDARY, CROSSOVER, OBSERVATIONAL,
            SINGLE_ARM, TREATED,
        ];
        for text in crate::extract::store_texts_and(&["a systematic review and meta-analysis"]) {
            for line in text.lines() {
                let line = line.to_ascii_lowercase();
                let found = LISTS.found_in(&line);
                for list in all {
                    assert_eq!(found.any(list), list.iter().any(|p| line.contains(p)), "{line}");
                }
            }
        }
    }

    #[test]
    fn blinding_reads_the_stated_words() {
        let cases = [
            (
                "we performed a prospective randomized double-blind study in 100 children",
                Blinding::DoubleBlind,
            ),
            (
                "in a multisite, double-blind, placebo-controlled trial",
                Blinding::DoubleBlind,
            ),
            (
                "this randomized triple blind comparative study comprises of eighty four children",
                Blinding::DoubleBlind,
            ),
            (
                "assessed by an anesthesiologist blinded to the study groups",
                Blinding::SingleBlind,
            ),
            ("a single-blind randomized trial", Blinding::SingleBlind),
            (
                "clinical randomized and blind-study on 120 patients",
                Blinding::SingleBlind,
            ),
            (
                "this was an uncontrolled open-label study in 20 patients",
                Blinding::OpenLabel,
            ),
            (
                "ninety children were randomly allocated to three groups",
                Blinding::NotReported,
            ),
            ("the blind spot of the retina", Blinding::NotReported),
        ];
        for (s, want) in cases {
            assert_eq!(blinding_of(s), want, "{s}");
        }
    }

    #[test]
    fn case_reports_by_their_wording() {
        assert!(
            CASE_COUNT
                .is_match("we present three patients with chronic ptsd who received ketamine")
        );
        assert!(CASE_COUNT.is_match("here we report 2 cases of ketamine-induced"));
        assert!(!CASE_COUNT.is_match("we present demographic and outcome data from 235 patients"));
    }

    #[test]
    fn subgroup_comparisons_and_pooled_numbers() {
        assert!(compares_subgroups(
            "efficacy of intravenous ketamine in anxious versus nonanxious depression"
        ));
        assert!(compares_subgroups(
            "inpatients with anxious (n = 21) and non-anxious (n = 15) depression"
        ));
        assert!(!compares_subgroups(
            "ketamine versus midazolam in depression"
        ));
        assert!(!compares_subgroups(
            "melancholic-anxious vs. anxious features"
        ));
        let cases = [
            ("anxious versus nonanxious", true),
            ("anxious vs.\u{a0}non-anxious", true),
            ("anxious compared with  non anxious", true),
            ("anxious versusnonanxious", false),
            ("nonanxious and anxious", false),
        ];
        // The pattern reads the study's own text in lower case.
        let pieces: Vec<String> = crate::extract::store_pieces().iter().map(|p| p.to_lowercase()).collect();
        crate::extract::assert_gate(may_compare_with_non, |p| VERSUS_NON.is_match(p), &cases, &pieces);
        assert!(
            POOLED
                .is_match("in ketamine adequately sedated 220/311 (70%) for face mask application")
        );
        assert!(POOLED.is_match("smd: -1.17, 95% confidence interval (ci) [-1.89, -0.44]"));
        assert!(!POOLED.is_match("we searched medline and embase for randomized trials"));
    }

    #[test]
    fn randomization_must_be_stated() {
        let yes = [
            "ninety children were randomly allocated",
            "patients were randomised to receive",
            "according to random number ranking method",
            "a randomized control trial",
        ];
        let no = [
            "a controlled comparison of two groups",
            "the random-effects model",
        ];
        assert!(
            !RANDOMIZED
                .is_match(&NOT_ALLOCATING.replace_all("400 randomly selected households", ""))
        );
        for s in yes {
            assert!(RANDOMIZED.is_match(s), "{s}");
        }
        for s in no {
            assert!(!RANDOMIZED.is_match(s), "{s}");
        }
    }
}
