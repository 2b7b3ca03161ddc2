//! The main population and age group. Conditions are weighed by where they are named (title and
//! methods over results; background barely) and by whether they describe who was enrolled
//! ("patients with chronic pain"); then priorities settle mixtures (children + surgery →
//! pediatric perioperative; refractory GAD/SAD → treatment-resistant anxiety). Must never take an
//! outcome scale's name ("GAD-7", "Depression Rating Scale") for the population.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::cues::{Cues, LazyCues};
use crate::extract::re;

use super::{Doc, Part};
use crate::extract::model::{AgeGroup, Population};
use crate::extract::vocab::{self, ADULT_WORDS, CHILD_WORDS, POPULATION_CUES};

fn weight(part: Part) -> f32 {
    match part {
        Part::Title => 3.0,
        Part::Aim | Part::Methods => 2.0,
        Part::Unlabelled | Part::Results => 1.0,
        Part::Conclusion => 1.0,
        Part::Background => 0.3,
    }
}

static ENROLLED: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:patients|participants|subjects|individuals|adults|women|men|veterans|inpatients|outpatients|people|those|children)\s+(?:with|undergoing|receiving|suffering from|presenting with|scheduled for)\s+(?:\w+[\s-]){0,3}$")
        .expect("enrolled pattern")
});
static REFRACTORY: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:refractory|treatment[- ]resistant|treatment[- ]refractory)\s+(?:\w+\s+){0,2}(?:generali[sz]ed anxiety|social anxiety|anxiety|GAD|SAD)")
        .expect("refractory pattern")
});

/// Weighted evidence per population over the article.
fn scores(doc: &Doc) -> HashMap<Population, f32> {
    let mut out: HashMap<Population, f32> = HashMap::new();
    for s in &doc.sents {
        let w = if s.is_about_other_work() {
            weight(Part::Background)
        } else {
            weight(s.part)
        };
        for hit in s.terms().find(POPULATION_CUES) {
            let Some(p) = hit.value else { continue };
            let enrolled = ENROLLED.is_match(&s.norm[..hit.start]);
            *out.entry(p).or_default() += if enrolled { w * 2.0 } else { w };
        }
        for _ in may_refract(&s.lower).then(|| REFRACTORY.find_iter(&s.norm)).into_iter().flatten() {
            *out.entry(Population::TreatmentResistantAnxiety)
                .or_default() += w * 2.0;
        }
    }
    out
}

/// Whether `REFRACTORY` can match a sentence, given in ASCII lower case: every match holds
/// "refractory" or "treatment" (no letter of either has a non-ASCII case).
fn may_refract(lower: &str) -> bool {
    lower.contains("refractory") || lower.contains("treatment")
}

fn in_title_or_methods(doc: &Doc, table_hit: impl Fn(&super::Sent) -> bool) -> bool {
    doc.sents
        .iter()
        .filter(|s| s.part.describes_study())
        .any(|s| table_hit(s))
}

/// The main population of the study.
pub(crate) fn population(doc: &Doc) -> Population {
    let sc = scores(doc);
    let get = |p: Population| sc.get(&p).copied().unwrap_or(0.0);
    let children = in_title_or_methods(doc, |s| !s.terms().find(CHILD_WORDS).is_empty());
    let psychiatric = [
        Population::Gad,
        Population::Sad,
        Population::Ptsd,
        Population::Ocd,
        Population::Panic,
        Population::TreatmentResistantAnxiety,
        Population::MixedAnxiety,
        Population::Depression,
    ];
    let psych_best = psychiatric.iter().map(|p| get(*p)).fold(0.0, f32::max);
    if get(Population::Palliative) >= 2.0 {
        return Population::Palliative;
    }
    if title_has(doc, Population::Postpartum) {
        return Population::Postpartum;
    }
    let periop = get(Population::Perioperative);
    if periop >= 2.0 && periop >= psych_best * 0.5 && children {
        return Population::PediatricPerioperative;
    }
    let mut ranked: Vec<(Population, f32)> = sc.iter().map(|(p, v)| (*p, *v)).collect();
    // Specific anxiety disorders outrank "anxiety disorders" at equal weight; stable order.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // A condition named once in passing is not the population; a title about anxiety with no
    // named disorder is about anxiety in general.
    let Some(&(top, _)) = ranked.first().filter(|r| r.1 >= 2.0) else {
        return if title_mentions_anxiety(doc) {
            Population::MixedAnxiety
        } else {
            Population::Other
        };
    };
    if top == Population::Depression || psychiatric.contains(&top) {
        return anxiety_mix(top, &sc);
    }
    top
}

/// Refractory GAD and/or SAD together count as treatment-resistant anxiety.
fn anxiety_mix(top: Population, sc: &HashMap<Population, f32>) -> Population {
    let get = |p: Population| sc.get(&p).copied().unwrap_or(0.0);
    if get(Population::TreatmentResistantAnxiety) > 0.0
        && matches!(top, Population::Gad | Population::Sad)
    {
        return Population::TreatmentResistantAnxiety;
    }
    top
}

fn title_mentions_anxiety(doc: &Doc) -> bool {
    doc.sents.iter().filter(|s| s.part == Part::Title).any(|s| {
        let l = &s.lower;
        l.contains("anxiety") || l.contains("anxiolytic")
    })
}

fn title_has(doc: &Doc, p: Population) -> bool {
    doc.sents.iter().filter(|s| s.part == Part::Title).any(|s| {
        s.terms()
            .find(POPULATION_CUES)
            .iter()
            .any(|h| h.value == Some(p))
    })
}

static AGE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(
        r"(?i)\bage[sd]?\s+(?:of\s+)?(\d{1,2})\s*(months?\s*)?(?:-|to|~)\s*(\d{1,3})|\b(\d{1,2})\s*(months?\s*)?(?:-|to|~|and)\s*(\d{1,3})\s*(?:years?|yrs?|y/o|y\b)",
    )
    .expect("age range pattern")
});
static MEAN_AGE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:mean|average) age(?: of| was| was| =|:)?\s*(\d{1,2}(?:\.\d+)?)\s*(?:±|\+/-|years|yr|y\b|\()|\(mean\s*=?\s*(?:age\s*)?(\d{1,2}(?:\.\d+)?)\s*±")
        .expect("mean age pattern")
});
static AGE_MIN: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)(?:≥|>=|aged over|older than|at least)\s*(\d{2})\s*(?:years|yrs?)|\b(\d{2})\s*years (?:or|and) older")
        .expect("age minimum pattern")
});

/// Whether `lower`, a sentence in ASCII lower case, can match an age pattern: each match holds
/// one of these pieces (none has a letter that `(?i)` also matches outside ASCII, as 'k' and
/// 's' do), or a 'y' right after a digit ("5 y", "12-17y"). Most sentences hold none.
fn may_state_age(lower: &str) -> bool {
    static PIECES: LazyCues = LazyCues::new(|| {
        Cues::new(&["age", "year", "yr", "y/o", "older", "at lea", "≥", ">=", "(mean"])
    });
    PIECES.any_in(lower)
        || lower.match_indices('y').any(|(i, _)| {
            lower[..i].trim_end().chars().next_back().is_some_and(char::is_numeric)
        })
}

/// The age group the abstract states or plainly implies.
pub(crate) fn age_group(doc: &Doc) -> AgeGroup {
    let mut child = false;
    let mut adult = false;
    let mut older = false;
    let own = |s: &&super::Sent| {
        (s.part.describes_study() || s.part == Part::Results) && !s.is_about_other_work()
    };
    for s in doc.sents.iter().filter(own) {
        child |= !s.terms().find(CHILD_WORDS).is_empty();
        for v in vocab::distinct(s.terms().find(ADULT_WORDS)) {
            match v {
                AgeGroup::OlderAdult => older = true,
                _ => adult = true,
            }
        }
        // Each age pattern needs a digit (`\d`: ASCII, or a non-ASCII one); a sentence
        // without one is not searched.
        if !s.norm.bytes().any(|b| b.is_ascii_digit() || b >= 0x80) || !may_state_age(&s.lower) {
            continue;
        }
        for cap in AGE_RANGE.captures_iter(&s.norm) {
            let num = |a: usize, b: usize| {
                cap.get(a)
                    .or(cap.get(b))
                    .map_or(0, |m| m.as_str().parse::<u32>().unwrap_or(0))
            };
            let in_months = cap.get(2).or(cap.get(5)).is_some();
            let lo = if in_months { 0 } else { num(1, 4) };
            let hi = num(3, 6);
            if hi < 18 {
                child = true;
            } else if lo >= 65 {
                older = true;
            } else if lo >= 18 {
                adult = true;
            }
        }
        for cap in MEAN_AGE.captures_iter(&s.norm) {
            let mean: f32 = cap
                .get(1)
                .or(cap.get(2))
                .map_or(0.0, |m| m.as_str().parse().unwrap_or(0.0));
            if mean >= 25.0 && mean < 65.0 {
                adult = true;
            } else if mean > 0.0 && mean <= 12.0 {
                child = true;
            }
        }
        for cap in AGE_MIN.captures_iter(&s.norm) {
            let lo: u32 = cap
                .get(1)
                .or(cap.get(2))
                .map_or(0, |m| m.as_str().parse().unwrap_or(0));
            if lo >= 65 {
                older = true;
            } else if lo >= 18 {
                adult = true;
            }
        }
    }
    match (child, adult || older) {
        (true, true) => AgeGroup::Mixed,
        (true, false) => AgeGroup::Pediatric,
        (false, true) if older && !adult => AgeGroup::OlderAdult,
        (false, true) => AgeGroup::Adult,
        (false, false) => AgeGroup::NotReported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::study::Sent;

    #[test]
    fn a_sentence_is_searched_for_ages_unless_no_age_pattern_can_match() {
        let cases = [
            ("Patients aged 18-65 were included.", true),
            ("Children 2-7 y old.", true),
            ("Children 2 to 7Y old.", true),
            ("Participants were at least 65.", true),
            ("Scores ≥ 14 counted.", true),
            ("(mean = 34 ± 5)", true),
            ("Scores fell by 12 points (p = 0.01).", false),
            ("Anxiety improved in 20 of 30 patients by day 7.", false),
        ];
        for (s, may) in cases {
            assert_eq!(may_state_age(&s.to_ascii_lowercase()), may, "{s}");
        }
        for sent in super::super::skipped_store_sentences(may_state_age) {
            for re in [&AGE_RANGE, &MEAN_AGE, &AGE_MIN] {
                assert!(!re.is_match(&sent.norm), "{:?}", sent.norm);
            }
        }
    }

    #[test]
    fn no_refractory_anxiety_where_neither_word_occurs() {
        assert!(may_refract("treatment-resistant anxiety") && !may_refract("resistant anxiety"));
        for sent in super::super::skipped_store_sentences(may_refract) {
            assert!(!REFRACTORY.is_match(&sent.norm), "{:?}", sent.norm);
        }
    }

    fn doc(sents: &[(&str, Part)]) -> Doc {
        Doc {
            sents: sents.iter().map(|(t, p)| Sent::new(t, *p)).collect(),
            pub_types: Vec::new(),
            own: Default::default(),
        }
    }

    #[test]
    fn population_follows_priorities() {
        use Part::*;
        use Population as P;
        let cases: &[(&[(&str, Part)], Population)] = &[
            (
                &[(
                    "Premedication with nasal s-ketamine and midazolam in preschool children",
                    Title,
                )],
                P::PediatricPerioperative,
            ),
            (
                &[
                    (
                        "Ketamine's dose-related effects on anxiety symptoms in patients with treatment refractory anxiety disorders",
                        Title,
                    ),
                    (
                        "We evaluated ketamine in 12 patients with refractory generalized anxiety disorder and/or social anxiety disorder.",
                        Unlabelled,
                    ),
                ],
                P::TreatmentResistantAnxiety,
            ),
            (
                &[
                    (
                        "Safety and effectiveness of intranasal esketamine for treatment-resistant depression",
                        Title,
                    ),
                    (
                        "We observed significant reductions in PHQ-9 and GAD-7 scores.",
                        Results,
                    ),
                ],
                P::Depression,
            ),
            (
                &[(
                    "Effect of esketamine on postoperative depression and anxiety in patients undergoing cardiac valve surgery",
                    Title,
                )],
                P::Perioperative,
            ),
            (
                &[(
                    "Effects of perioperative use of esketamine on postpartum depression risk in patients undergoing cesarean section",
                    Title,
                )],
                P::Postpartum,
            ),
            (
                &[
                    (
                        "Dissociated Antidepressant and Analgesic Effects of Intravenous Ketamine in Patients with Chronic Pain",
                        Title,
                    ),
                    (
                        "VAS scores for depression, anxiety, and pain were significantly decreased.",
                        Results,
                    ),
                ],
                P::Pain,
            ),
            (
                &[(
                    "Daily oral ketamine for depression and anxiety in patients receiving hospice care",
                    Title,
                )],
                P::Palliative,
            ),
            (
                &[(
                    "Ketamine for anxiety: a systematic review and meta-analysis",
                    Title,
                )],
                P::MixedAnxiety,
            ),
            (
                &[(
                    "Ketamine Assisted Psychotherapy: Patient Demographics and Outcomes",
                    Title,
                )],
                P::Other,
            ),
            (
                &[(
                    "Ketamine for Social Anxiety Disorder: A Randomized, Placebo-Controlled Crossover Trial",
                    Title,
                )],
                P::Sad,
            ),
            (
                &[(
                    "A single infusion of ketamine improves depression scores in patients with anxious bipolar depression",
                    Title,
                )],
                P::Depression,
            ),
        ];
        for (sents, want) in cases {
            assert_eq!(population(&doc(sents)), *want, "{:?}", sents[0].0);
        }
    }

    #[test]
    fn age_group_from_words_and_ranges() {
        use AgeGroup as A;
        let cases = [
            (
                "Ninety children aged 3 to 6 years were randomly divided.",
                A::Pediatric,
            ),
            ("The trial enrolled 120 women aged 18-35 years.", A::Adult),
            (
                "A total of 120 elderly patients with hip fractures were selected.",
                A::OlderAdult,
            ),
            (
                "Veterans and service members with PTSD (n = 158) were randomized.",
                A::Adult,
            ),
            (
                "A total of 193 patients aged 3 months to 15 years were included.",
                A::Pediatric,
            ),
            (
                "The study included a total of 60 patients, ≥18 years, physical status ASA II.",
                A::Adult,
            ),
            (
                "133 patients with treatment-resistant depression received a single infusion.",
                A::NotReported,
            ),
            (
                "Forty patients (mean age 34.5 ± 9.1 years) were randomized.",
                A::Adult,
            ),
            (
                "Thirty children with a mean age of 6.2 years were sedated.",
                A::Pediatric,
            ),
        ];
        for (s, want) in cases {
            assert_eq!(age_group(&doc(&[(s, Part::Methods)])), want, "{s}");
        }
    }
}
