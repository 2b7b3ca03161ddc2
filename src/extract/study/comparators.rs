//! What the other arms received. An allocation sentence is cut into arms at comparison words
//! ("compared with", "versus", "than"), at "or", "while", ";", ", and", and before group labels
//! ("group D received …"); a piece without ketamine is a comparator arm. Must never treat
//! co-medication every arm received (premedication, anaesthesia, rescue) as a comparator.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::cues::{Cues, LazyCues};
use crate::extract::re;

use super::separators::arm_separators;
use super::treatments::{Terms, collect_doses, comparator_hits, has_ketamine};
use super::Doc;
use crate::extract::model::{Comparator, Design};
use crate::extract::vocab::{self, COMPARATORS};

/// Arms as read from the sentences that describe allocation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Arms {
    /// Comparators named in the title, aims or methods.
    pub named: Vec<Comparator>,
    /// Comparators named only in results or conclusions.
    pub later: Vec<Comparator>,
    /// "placebo-controlled" and the like: a fallback when no arm names its comparator.
    pub controlled: Vec<Comparator>,
    /// Ketamine compared with ketamine (doses, routes, add-ons) in one sentence.
    pub ketamine_vs_ketamine: bool,
    /// A control or unexposed group is mentioned without saying what it received.
    pub control_group: bool,
    /// Comparators named anywhere in this study's own sentences: what a review discusses.
    pub mentioned: Vec<Comparator>,
    /// Ketamine doses as written, in order, unique.
    pub doses: Vec<String>,
}

fn push_unique(list: &mut Vec<Comparator>, c: Comparator) {
    if !list.contains(&c) {
        list.push(c);
    }
}

static CONTROLLED: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(placebo|saline|sham|midazolam|propofol|dexmedetomidine)[- ]controlled\b")
        .expect("controlled pattern")
});

/// Read arms and doses from every sentence of the article.
pub(crate) fn read(doc: &Doc) -> Arms {
    let mut arms = Arms::default();
    for sent in &doc.sents {
        if !sent.is_own() {
            continue;
        }
        collect_doses(sent.terms(), &mut arms.doses);
        for hit in comparator_hits(sent.terms()) {
            push_unique(&mut arms.mentioned, hit.value);
        }
        let lower = &sent.lower;
        // The cues "control group", "controlled", "non-exposed" and "unexposed", looked for
        // only in a sentence with "control" or "exposed" (most have neither).
        let has = |w: &str| lower.contains(w);
        let control = has("control");
        let says_controlled = control && has("controlled");
        arms.control_group |= says_controlled
            || (control && has("control group"))
            || (has("exposed") && (has("non-exposed") || has("unexposed")));
        // Every match holds "controlled" (no letter of it has a non-ASCII case variant).
        let controlled = says_controlled.then(|| CONTROLLED.captures_iter(&sent.norm));
        for cap in controlled.into_iter().flatten() {
            if let Some(Some(c)) = vocab::values_in(&cap[1], COMPARATORS).first() {
                push_unique(&mut arms.controlled, *c);
            }
        }
        if !is_allocation(&lower) {
            continue;
        }
        let found = comparators_in(sent.terms(), lower);
        let target = if sent.part.describes_study() {
            &mut arms.named
        } else {
            &mut arms.later
        };
        for c in found.comparators {
            push_unique(target, c);
        }
        // Results compare outcomes, not arms: "response ketamine vs placebo … ketamine vs …".
        arms.ketamine_vs_ketamine |= found.ketamine_vs_ketamine
            && sent.part.describes_study()
            && !REPORTS_RESULT.is_match(&lower);
    }
    arms
}

/// The comparator set for the design, with the fallbacks the guide implies: a randomized trial
/// with an unnamed control got placebo, one without any other arm compared ketamine with
/// ketamine; uncontrolled designs compare with nothing.
pub(crate) fn comparators(arms: &Arms, design: Design) -> Vec<Comparator> {
    let mut out = if arms.named.is_empty() {
        arms.later.clone()
    } else {
        arms.named.clone()
    };
    if out.is_empty() {
        out = arms.controlled.clone();
    }
    if arms.ketamine_vs_ketamine {
        push_unique(&mut out, Comparator::OtherActive);
    }
    if out.is_empty() {
        match design {
            Design::Rct | Design::CrossoverRct if arms.control_group => {
                out.push(Comparator::Placebo)
            }
            Design::Rct | Design::CrossoverRct => out.push(Comparator::OtherActive),
            Design::NonrandomizedControlled | Design::Observational if arms.control_group => {
                out.push(Comparator::UsualCare)
            }
            Design::SingleArm
            | Design::CaseReport
            | Design::Observational
            | Design::SecondaryAnalysis => out.push(Comparator::None),
            // A narrative review names what ketamine is weighed against without allocating.
            Design::Other | Design::SystematicReview => out = arms.mentioned.clone(),
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A sentence that may name arms: it allocates, compares or names groups, and is neither about
/// risk factors nor about co-medication (premedication, induction, maintenance, rescue).
fn is_allocation(lower: &str) -> bool {
    const CUES: &[&str] = &[
        "random",
        "allocat",
        "assign",
        "divided",
        "group",
        " arm",
        "receiv",
        "versus",
        " vs",
        "compar",
        "control",
        "either",
        "given",
        "crossover",
        "cross-over",
        "alone",
    ];
    const NOT: &[&str] = &[
        "factors",
        "predictor",
        "premedicated",
        "pre-medicated",
        "rescue",
        "was induced",
        "were induced",
        "induced with",
        "induced using",
        "was maintained",
        "maintained with",
        "maintained using",
    ];
    static ANY: LazyCues = LazyCues::new(|| Cues::new(CUES));
    static NONE: LazyCues = LazyCues::new(|| Cues::new(NOT));
    ANY.any_in(lower) && !NONE.any_in(lower)
}

/// A piece about what every arm received: said outright ("both groups"), or an anaesthesia or
/// analgesia regimen described without naming a group. `l` is the piece in ASCII lower case.
fn is_shared(l: &str) -> bool {
    const SHARED: &[&str] = &[
        "maintenance of",
        "both groups",
        "all groups",
        "all patients",
        "all children",
        "all participants",
        "the same in",
        "each group received",
    ];
    const REGIMEN: &[&str] = &[
        "general anesthesia",
        "general anaesthesia",
        "standardized",
        "standardised",
        "analgesia",
        "patient-controlled",
        "induction of anesthesia",
        "induction of anaesthesia",
        "anesthesia was",
        "anaesthesia was",
        "anesthesia with",
        "anaesthesia with",
    ];
    static ALL: LazyCues = LazyCues::new(|| Cues::new(SHARED));
    static GROUP: LazyCues = LazyCues::new(|| Cues::new(&["group", "control", " arm"]));
    static REGIMENS: LazyCues = LazyCues::new(|| Cues::new(REGIMEN));
    ALL.any_in(l) || (!GROUP.any_in(l) && REGIMENS.any_in(l))
}

static REPORTS_RESULT: LazyLock<Regex> =
    LazyLock::new(|| re::compile(r"\bp\s*[=<>≤]|%").expect("result pattern"));
static PLACEBO_BESIDE_KETAMINE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)ketamine\w*(?:\s*\([^)]*\)|\s+[\d.]+\s*mg/kg)?\s*(?:,|and|or)\s+(?:an?\s+)?(?:placebo|saline|sham)\b|\b(?:placebo|saline|sham)\w*\s+(?:and|or)\s+(?:\w+\s+){0,2}\w*ketamine")
        .expect("placebo-beside pattern")
});
static COMPARE_SEP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:versus|vs\.?|compared (?:it |them )?(?:with|to)|in comparison (?:with|to)|than|relative to)\b")
        .expect("comparison pattern")
});
/// "comparing <ketamine arm> with|to|and <comparator>": the word after the ketamine arm.
static COMPARING: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\bcompar(?:ing|ed|e)\b[^.;]*?ketamine\w*(?:\s*\([^)]*\))?\s+(with|to|and)\b")
        .expect("comparing pattern")
});
static GROUP_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\b[Gg]roups?\s+(?:[A-Z][A-Za-z]{0,2}\d?|[IVX]+|\d|[a-z])\b")
        .expect("label pattern")
});
static LIST_SEP: LazyLock<Regex> =
    LazyLock::new(|| re::compile(r"(?i)\band\b|,").expect("list pattern"));
static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i),\s*(?:when|which|who|where|although|but|as|after|before|controlling)\b")
        .expect("clause pattern")
});

/// A piece up to its first subordinate clause (", when controlling for … ketamine").
fn head_of(piece: &str) -> &str {
    match CLAUSE_END.find(piece) {
        Some(m) => &piece[..m.start()],
        None => piece,
    }
}

/// Cut `s` at separator matches (removed) and before zero-width points (kept).
fn cut<'s>(s: &'s str, removed: &[(usize, usize)]) -> Vec<&'s str> {
    let mut spans: Vec<(usize, usize)> = removed.to_vec();
    spans.sort();
    let mut out = Vec::new();
    let mut last = 0;
    for (a, b) in spans {
        if a >= last {
            out.push(&s[last..a]);
            last = b;
        }
    }
    out.push(&s[last..]);
    out.retain(|p| !p.trim().is_empty());
    out
}

/// Where a sentence is cut into the sides of a comparison ("versus", "comparing … ketamine with").
fn comparison_cuts(s: &str) -> Vec<(usize, usize)> {
    let mut at = matches_of(&COMPARE_SEP, s);
    at.extend(COMPARING.captures_iter(s).filter_map(|c| c.get(1)).map(|m| (m.start(), m.end())));
    at
}

fn matches_of(re: &Regex, s: &str) -> Vec<(usize, usize)> {
    re.find_iter(s).map(|m| (m.start(), m.end())).collect()
}

/// What one sentence says about arms.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct SentenceArms {
    pub comparators: Vec<Comparator>,
    pub ketamine_vs_ketamine: bool,
}

/// Whether `COMPARE_SEP` or `COMPARING` can match a sentence, given in ASCII lower case: every
/// match of either holds one of these words, unless a char folds to an ASCII letter (`ſ`).
fn may_compare(lower: &str) -> bool {
    static WORDS: LazyCues = LazyCues::new(|| Cues::new(&["vs", "versus", "compar", "than", "relative to"]));
    WORDS.any_in(lower) || !re::folds_as_ascii(lower)
}

/// Comparators named in one sentence; `lower` is its text in ASCII lower case.
pub(crate) fn comparators_in(terms: Terms, lower: &str) -> SentenceArms {
    let s = terms.text;
    // A piece of `s` (every piece below is cut from it) in lower case: the same bytes of `lower`.
    let lower_of = |piece: &str| {
        let at = piece.as_ptr() as usize - s.as_ptr() as usize;
        debug_assert!(at + piece.len() <= s.len(), "a piece of the sentence");
        &lower[at..at + piece.len()]
    };
    let mut out = SentenceArms::default();
    // "midazolam alone" is an arm even inside a sentence that names the combination.
    for hit in comparator_hits(terms) {
        let next = s[hit.end..].trim_start().as_bytes();
        if next.get(..5).is_some_and(|w| w.eq_ignore_ascii_case(b"alone")) && !is_shared(lower)
        {
            push_unique(&mut out.comparators, hit.value);
        }
    }
    let sides_at = if may_compare(lower) { comparison_cuts(s) } else { Vec::new() };
    let sides = cut(s, &sides_at);
    out.ketamine_vs_ketamine = sides
        .iter()
        .filter(|p| has_ketamine(terms.piece(head_of(p))))
        .count()
        >= 2;
    let mut pieces: Vec<&str> = Vec::new();
    for (i, side) in sides.iter().enumerate() {
        let mut at = arm_separators(side);
        at.extend(GROUP_LABEL.find_iter(side).map(|m| (m.start(), m.start())));
        for piece in cut(side, &at) {
            // After "compared with", a list names one arm per item.
            if i > 0 {
                pieces.extend(cut(piece, &matches_of(&LIST_SEP, piece)));
            } else {
                pieces.push(piece);
            }
        }
    }
    let compares = || lower.contains("compar") || lower.contains("versus");
    if pieces.len() == 1 && compares() {
        pieces = cut(s, &matches_of(&LIST_SEP, s));
    }
    for piece in pieces {
        let head = head_of(piece);
        if is_shared(lower_of(head)) {
            continue;
        }
        if has_ketamine(terms.piece(head)) {
            // "ketamine and saline infusions, in random order": a placebo is never an add-on.
            if PLACEBO_BESIDE_KETAMINE.is_match(head) {
                push_unique(&mut out.comparators, Comparator::Placebo);
            }
            continue;
        }
        let hits: Vec<Comparator> = comparator_hits(terms.piece(head))
            .into_iter()
            .map(|h| h.value)
            .collect();
        // A placebo arm's other drugs are co-medication.
        if hits.contains(&Comparator::Placebo) {
            push_unique(&mut out.comparators, Comparator::Placebo);
        } else {
            for c in hits {
                push_unique(&mut out.comparators, c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::term_index::TermIndex;
    use Comparator as C;

    fn comparators_in(s: &str) -> SentenceArms {
        super::comparators_in(Terms::whole(s, &TermIndex::new(s)), &s.to_ascii_lowercase())
    }

    #[test]
    fn no_comparison_cut_where_no_comparison_word_occurs() {
        for (s, may) in [
            ("Ketamine versus placebo.", true),
            ("Ketamine vs. placebo.", true),
            ("Ketamine VERSUS placebo.", true),
            ("Ketamine verſus placebo.", true),
            ("Lower than placebo.", true),
            ("Comparing ketamine with placebo.", true),
            ("Relative to saline.", true),
            ("Ketamine or placebo.", false),
        ] {
            assert_eq!(may_compare(&s.to_ascii_lowercase()), may, "{s}");
        }
        assert!(!comparison_cuts("Ketamine verſus placebo.").is_empty(), "(?i) matches ſ as s");
        for sent in super::super::skipped_store_sentences(may_compare) {
            assert_eq!(comparison_cuts(&sent.norm), vec![], "{:?}", sent.norm);
        }
    }

    #[test]
    fn comparator_arms_are_pieces_without_ketamine() {
        let cases: &[(&str, &[Comparator])] = &[
            (
                "Patients were randomized to either an intravenous ketamine 0.2 mg/kg group or a saline placebo group.",
                &[C::Placebo],
            ),
            (
                "Group K received ketamine 0.25 mg.kg (-1) and Group S received saline.",
                &[C::Placebo],
            ),
            (
                "The children were randomly allocated to receive either intravenous Ketamine 0.5 mg/kg (Group A) or Propofol 1mg/kg (Group B).",
                &[C::Propofol],
            ),
            (
                "Seventy-six children were assigned randomly to receive either intranasal dexmedetomidine at 2 µg/kg and oral ketamine at 3 mg/kg (Group DK) or intranasal midazolam at 0.2 mg/kg (group M).",
                &[C::Midazolam],
            ),
            (
                "Comparison of nebulized dexmedetomidine and ketamine for premedication in pediatric patients",
                &[C::Dexmedetomidine],
            ),
            (
                "Comparative evaluation of midazolam and ketamine with midazolam alone as oral premedication",
                &[C::Midazolam],
            ),
            (
                "Individuals were randomly assigned to receive six infusions of ketamine (0.5 mg/kg) or midazolam (0.045 mg/kg) (psychoactive placebo control).",
                &[C::Midazolam],
            ),
            (
                "The control group was anesthetized using conventional methods, while the observation group was anesthetized with ketamine.",
                &[C::UsualCare],
            ),
            (
                "The children were divided into two groups to receive either intravenous ketamine 1 mg/kg (Group K) or thiopental sodium 3 mg/kg (Group T).",
                &[C::OtherActive],
            ),
            (
                "Subjects were randomly assigned to 3 groups: Group K received oral ketamine at 6 mg/kg, group D received oral dexmedetomidine at 4 µg/kg, and group M received oral midazolam at 0.5 mg/kg.",
                &[C::Dexmedetomidine, C::Midazolam],
            ),
            (
                "Group I was administered with intrarectal midazolam (0.5 mg/kg), group II, intrarectal ketamine (5 mg/kg), and group III, intrarectal midazolam (0.5 mg/kg) with ketamine (5 mg/kg).",
                &[C::Midazolam],
            ),
            (
                "Ketamine infusion was associated with significant reductions in suicidal ideation compared to placebo, when controlling for the effects of ketamine on depression.",
                &[C::Placebo],
            ),
            (
                "Two evaluators identified randomized controlled trials comparing perioperative use of esketamine with placebo or other drugs in children.",
                &[C::Placebo, C::OtherActive],
            ),
            (
                "Group C received sevoflurane inhalation, along with an intravenous injection of 5 mL of normal saline.",
                &[C::Placebo],
            ),
            (
                "Thirty healthy volunteers received, in random order, ketamine 0.5 mg/kg and saline infusions on two occasions.",
                &[C::Placebo],
            ),
            (
                "Patients received saline or ketamine in a crossover design.",
                &[C::Placebo],
            ),
            (
                "Ketamine diluted in saline was infused over 40 minutes.",
                &[],
            ),
            (
                "To compare the efficacy of Ketamine with Propofol, in pediatric patients undergoing tonsillectomy with sevoflurane anesthesia.",
                &[C::Propofol],
            ),
        ];
        for (s, want) in cases {
            let mut got = comparators_in(s).comparators;
            got.sort();
            let mut want = want.to_vec();
            want.sort();
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn ketamine_against_ketamine_is_other_active() {
        let s = "We used oral transmucosal ketamine in 25 children and compared it with intranasal ketamine (5-6 mg.kg-1), placebo and intramuscular ketamine.";
        let got = comparators_in(s);
        assert!(got.ketamine_vs_ketamine);
        assert_eq!(got.comparators, [C::Placebo]);
        assert!(
            !comparators_in("Group K received ketamine and group S received saline.")
                .ketamine_vs_ketamine
        );
    }

    #[test]
    fn shared_co_medication_is_not_an_arm() {
        let shared = [
            "Children were premedicated with acetaminophen and midazolam.",
            "Anesthesia was induced and maintained with sevoflurane in both groups.",
            "The use of EA rescue medications (fentanyl or midazolam) was recorded.",
        ];
        for s in shared {
            assert!(!is_allocation(&s.to_ascii_lowercase()), "{s}");
        }
        assert!(
            comparators_in("Anesthesia methods were the same in both groups, or similar.")
                .comparators
                .is_empty()
        );
        assert!(
            comparators_in(
                "Patients received standardized general anesthesia with propofol and remifentanil."
            )
            .comparators
            .is_empty()
        );
        assert_eq!(
            comparators_in("The control group received propofol 2.5 mg/kg during general anesthesia induction, while the esketamine group received esketamine 0.5 mg/kg and propofol 1 mg/kg.").comparators,
            [C::Propofol]
        );
        assert!(!is_allocation(
            "five factors, including sevoflurane and propofol compared with sevoflurane alone, were associated with ed"
        ));
    }

    #[test]
    fn fallbacks_follow_the_design() {
        let none = Arms::default();
        assert_eq!(comparators(&none, Design::SingleArm), [C::None]);
        assert_eq!(comparators(&none, Design::Rct), [C::OtherActive]);
        assert_eq!(
            comparators(&none, Design::MetaAnalysis),
            Vec::<Comparator>::new()
        );
        let control = Arms {
            control_group: true,
            ..Arms::default()
        };
        assert_eq!(comparators(&control, Design::Rct), [C::Placebo]);
        assert_eq!(comparators(&control, Design::Observational), [C::UsualCare]);
    }
}
