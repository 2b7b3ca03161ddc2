//! Study-level fields of one article (design, blinding, sample size, population, age group,
//! drugs, routes, comparators, doses, whether it is a study at all), read from the title,
//! publication types, MeSH and the abstract's sentence structure. Pure; never keyed to a PMID,
//! journal or title, and never reads outcome numbers (that is `outcomes`).

mod comparators;
mod design;
mod population;
mod sample;
mod separators;
mod treatments;
mod words;

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::cues::{Cues, LazyCues};
use crate::extract::re;
use crate::extract::term_index::TermIndex;

use super::model::{Design, Study};
use super::text;
use crate::pubmed::Article;

/// Where a sentence sits in the abstract, from its section label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Title,
    Background,
    Aim,
    Methods,
    Results,
    Conclusion,
    /// An unlabelled abstract, or a label we do not know.
    Unlabelled,
}

impl Part {
    fn from_label(label: Option<&str>) -> Part {
        let Some(l) = label else {
            return Part::Unlabelled;
        };
        let l = l.to_ascii_uppercase();
        let has = |keys: &[&str]| keys.iter().any(|k| l.contains(k));
        if has(&[
            "BACKGROUND",
            "INTRODUCTION",
            "CONTEXT",
            "RATIONALE",
            "IMPORTANCE",
        ]) {
            Part::Background
        } else if has(&["OBJECTIVE", "AIM", "PURPOSE", "GOAL", "QUESTION"]) {
            Part::Aim
        } else if has(&[
            "METHOD",
            "DESIGN",
            "PATIENT",
            "PARTICIPANT",
            "SETTING",
            "INTERVENTION",
            "MATERIAL",
            "MEASURE",
            "PLACE",
            "SUBJECTS",
            "POPULATION",
            "PROCEDURE",
        ]) {
            Part::Methods
        } else if has(&["RESULT", "FINDING", "OUTCOME"]) {
            Part::Results
        } else if has(&[
            "CONCLUSION",
            "DISCUSSION",
            "INTERPRETATION",
            "IMPLICATION",
            "LIMITATION",
            "SUMMARY",
            "REGISTRATION",
            "TRIAL",
        ]) {
            Part::Conclusion
        } else {
            Part::Unlabelled
        }
    }

    /// Parts that describe this study's own design and participants.
    pub(crate) fn describes_study(self) -> bool {
        matches!(
            self,
            Part::Title | Part::Aim | Part::Methods | Part::Unlabelled
        )
    }
}

/// One sentence with hyphen and dash variants folded to '-', and its part. The lower-case
/// copy and the other-work test are made once here: every rule reads them, many times.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    pub norm: String,
    /// `norm` in ASCII lower case (same byte offsets).
    pub lower: String,
    pub part: Part,
    other_work: bool,
    /// Vocabulary hits of `norm`, found on first use: most rules ask for them.
    terms: std::cell::OnceCell<TermIndex>,
}

impl Sent {
    pub(crate) fn new(text: &str, part: Part) -> Sent {
        let norm = fold_dashes(text);
        let lower = norm.to_ascii_lowercase();
        let other_work = about_other_work(&lower);
        Sent {
            norm,
            lower,
            part,
            other_work,
            terms: std::cell::OnceCell::new(),
        }
    }

    /// `norm` with its vocabulary index.
    pub(crate) fn terms(&self) -> treatments::Terms<'_> {
        treatments::Terms::whole(
            &self.norm,
            self.terms.get_or_init(|| TermIndex::new(&self.norm)),
        )
    }

    /// A sentence about other work or future work, not this study's own design.
    pub(crate) fn is_about_other_work(&self) -> bool {
        self.other_work
    }

    /// A sentence about this study: neither background nor other work.
    pub(crate) fn is_own(&self) -> bool {
        self.part != Part::Background && !self.other_work
    }
}

/// `lower` is the sentence in lower case.
fn about_other_work(lower: &str) -> bool {
    static OTHER_WORK: LazyCues = LazyCues::new(|| Cues::new(CUES));
    const CUES: &[&str] = &[
        "further ",
        "future ",
        "are needed",
        "is needed",
        "are warranted",
        "is warranted",
        "warrant ",
        "should be ",
        "prior studies",
        "studies have",
        "has been shown",
        "have been shown",
        "have shown",
        "has shown",
        "is widely used",
        "literature",
        "has been used",
        "have been used",
        "has come into",
        "has been receiving",
    ];
    OTHER_WORK.any_in(lower) || PREVIOUS_WORK.is_match(lower)
}

static PREVIOUS_WORK: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\bprevious(?:ly)?\s+(?:\S+\s+){0,3}?(?:stud|trial|research|report|work|finding|meta|review|shown|demonstrated|reported|published)")
        .expect("previous-work pattern")
});

/// A background sentence that states this study's aim reads as an aim.
fn states_aim(s: &str) -> bool {
    static AIM: LazyCues = LazyCues::new(|| {
        Cues::new(&[
            "this study",
            "this trial",
            "the aim",
            "aimed to",
            "we aim",
            "we hypothesi",
            "the purpose",
            "we investigated",
            "we sought",
            "we evaluated",
            "we examined",
            "objective of",
        ])
    });
    AIM.any_in(&s.to_ascii_lowercase())
}

/// The parts of an article the study rules read.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    pub sents: Vec<Sent>,
    /// Publication types, lower case.
    pub pub_types: Vec<String>,
    /// The study's own sentences in lower case, joined: built on first use by `own_text`.
    pub own: std::cell::OnceCell<String>,
}

impl Doc {
    /// The document of `article`, whose sentences `text::sentences` gave.
    pub(crate) fn from_sentences(article: &Article, sentences: &[text::Sentence]) -> Doc {
        let mut sents = Vec::new();
        let mut parts = text::PerSection::new();
        for s in sentences {
            let label = if s.in_title {
                Part::Title
            } else {
                parts.get(s.section, Part::from_label)
            };
            for piece in unglue(s.text) {
                let part = if label == Part::Background && states_aim(piece) {
                    Part::Aim
                } else {
                    label
                };
                sents.push(Sent::new(piece, part));
            }
        }
        Doc {
            sents,
            pub_types: article
                .publication_types
                .iter()
                .map(|p| p.to_ascii_lowercase())
                .collect(),
            own: std::cell::OnceCell::new(),
        }
    }

    /// The lower-case text of the sentences about this study (not background, not other
    /// work), each followed by a space: what design and blinding are read from.
    pub(crate) fn own_text(&self) -> &str {
        self.own.get_or_init(|| {
            let mut out = String::new();
            for s in &self.sents {
                if s.is_own() {
                    out.push_str(&s.lower);
                    out.push(' ');
                }
            }
            out
        })
    }

    pub(crate) fn has_pub_type(&self, name: &str) -> bool {
        self.pub_types.iter().any(|p| p == name)
    }
}

/// Sentences glued by a missing space ("both groups.Upon regaining"), common in abstracts
/// typeset from other scripts, cut apart: a period between a lower-case letter and an upper-case
/// one that starts a word.
fn unglue(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut last = 0;
    for i in 1..b.len().saturating_sub(2) {
        if b[i] == b'.'
            && b[i - 1].is_ascii_lowercase()
            && b[i + 1].is_ascii_uppercase()
            && b[i + 2].is_ascii_lowercase()
        {
            out.push(&s[last..=i]);
            last = i + 1;
        }
    }
    out.push(&s[last..]);
    out
}

/// Hyphen, dash and minus variants become '-', so cue words match however they were typeset.
pub(crate) fn fold_dashes(s: &str) -> String {
    // Every variant is a non-ASCII char, or U+00A0: plain ASCII is copied as it is.
    if s.is_ascii() {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{00a0}' => ' ',
            _ => c,
        })
        .collect()
}

/// All study-level fields of one article, given its sentences (`text::sentences`) and scales,
/// both found once for the outcomes too.
pub fn extract_study(
    article: &Article,
    sentences: &[text::Sentence],
    scales: &super::scales::ArticleScales,
) -> Study {
    let doc = Doc::from_sentences(article, sentences);
    let arms = comparators::read(&doc);
    let design = design::design(&doc, &arms);
    let reviews = matches!(
        design,
        Design::SystematicReview | Design::MetaAnalysis | Design::Other
    ) && design::is_review(&doc);
    let blinding = if reviews {
        super::model::Blinding::NotReported
    } else {
        design::blinding(&doc)
    };
    let counts = sample::counts(&doc, reviews);
    let n_studies = if matches!(design, Design::SystematicReview | Design::MetaAnalysis) {
        counts.studies
    } else {
        None
    };
    let n_total = if reviews && n_studies.is_none() && design == Design::Other {
        None
    } else {
        counts.participants
    };
    let population = population::population(&doc);
    let age_group = population::age_group(&doc);
    let compared = comparators::comparators(&arms, design);
    Study {
        pmid: article.pmid,
        design,
        blinding,
        n_total,
        n_studies,
        population,
        age_group,
        drugs: treatments::drugs(&doc),
        routes: treatments::routes(&doc),
        comparators: compared,
        scales: scales.study.clone(),
        doses: arms.doses.clone(),
        is_study: is_study(article, &doc),
    }
}

/// Editorials, comments, errata, news and letters without data are not studies.
fn is_study(article: &Article, doc: &Doc) -> bool {
    const NOT_STUDIES: &[&str] = &[
        "editorial",
        "comment",
        "news",
        "published erratum",
        "retraction of publication",
        "biography",
        "interview",
        "portrait",
        "expression of concern",
    ];
    if doc
        .pub_types
        .iter()
        .any(|p| NOT_STUDIES.contains(&p.as_str()))
    {
        return false;
    }
    let title = article.title.as_deref().unwrap_or("").to_ascii_lowercase();
    if ["erratum", "correction", "corrigendum", "retraction"]
        .iter()
        .any(|w| title.starts_with(w))
    {
        return false;
    }
    if doc.has_pub_type("letter") {
        // A research letter reports participants; a letter to the editor does not.
        return sample::counts(doc, false).participants.is_some();
    }
    true
}

/// The sentences of the bundled store, and their halves, that `gate` (given the lower-case
/// text) lets a rule skip: what the rule must then find nothing in. Fails when the gate skips
/// too few for the test to mean anything.
#[cfg(test)]
pub(crate) fn skipped_store_sentences(gate: fn(&str) -> bool) -> Vec<Sent> {
    let skipped: Vec<Sent> = crate::extract::store_pieces()
        .iter()
        .map(|piece| Sent::new(piece, Part::Methods))
        .filter(|sent| !gate(&sent.lower))
        .collect();
    assert!(skipped.len() > 200, "the gate skipped only {} store sentences", skipped.len());
    skipped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_to_parts() {
        let cases = [
            (Some("BACKGROUND"), Part::Background),
            (Some("MATERIALS AND METHODS"), Part::Methods),
            (Some("METHODOLOGY"), Part::Methods),
            (Some("STUDY DESIGN"), Part::Methods),
            (Some("OBJECTIVES"), Part::Aim),
            (Some("RESULTS"), Part::Results),
            (Some("CONCLUSIONS"), Part::Conclusion),
            (Some("MAIN OUTCOME MEASURE"), Part::Methods),
            (None, Part::Unlabelled),
        ];
        for (label, want) in cases {
            assert_eq!(Part::from_label(label), want, "{label:?}");
        }
    }

    #[test]
    fn other_work_sentences_are_recognised() {
        let yes = [
            "Further investigation with randomized, controlled clinical trials is necessary and warranted.",
            "Future randomized controlled trials are warranted.",
            "Previous studies have shown that ketamine is effective.",
            "The authors' previous proof-of-concept randomized controlled trial showed rapid reduction.",
        ];
        let no = [
            "Veterans with PTSD (n = 158) who failed previous antidepressant treatment were randomized.",
            "Ninety children were randomly allocated to receive intranasal s-ketamine.",
            "This was an uncontrolled open-label study in 20 patients.",
        ];
        for s in yes {
            let sent = Sent::new(s, Part::Unlabelled);
            assert!(sent.is_about_other_work(), "{s}");
        }
        for s in no {
            let sent = Sent::new(s, Part::Unlabelled);
            assert!(!sent.is_about_other_work(), "{s}");
        }
    }

    #[test]
    fn glued_sentences_are_cut() {
        assert_eq!(
            unglue("in both groups.Upon regaining consciousness"),
            ["in both groups.", "Upon regaining consciousness"]
        );
        assert_eq!(unglue("e.g. Ketamine"), ["e.g. Ketamine"]);
        assert_eq!(unglue("given i.v.Ketamine"), ["given i.v.", "Ketamine"]);
        assert_eq!(unglue("pH 7.4"), ["pH 7.4"]);
    }

    #[test]
    fn dashes_fold_to_hyphen() {
        assert_eq!(
            fold_dashes("double\u{2010}blind, 2\u{2013}6 years"),
            "double-blind, 2-6 years"
        );
    }
}
