//! The rating-scale vocabulary as data (canonical name → the ways abstracts write it), and the
//! finders built on it. Pure; must never key anything to a particular record.
//!
//! API:
//! - `SCALES`: the table; canonical names follow GUIDE.md (`HAM-A`, `STAI-S`, `mYPAS`, …), and
//!   instruments without a standard acronym get a short upper-case name (`RAMSAY`, `ALDRETE`).
//! - `scale_mentions(text) -> Vec<ScaleMention>`: every scale named in `text` (byte offsets,
//!   longest match wins where names overlap), using the table only.
//! - `defined_scales(text) -> Vec<Defined>`: abbreviations the abstract defines for instruments
//!   not in the table ("Face, Legs, Activity, Cry, Consolability (FLACC) scale" → `FLACC`).
//! - `scale_mentions_with(text, defined)`: table plus those definitions.
//! - `article_scales(article) -> ArticleScales`: the `scales` study field (sorted, unique canonical
//!   names in title + abstract), the definitions and the abstract's names, found in one pass for
//!   the study fields and the outcomes together.

use std::sync::LazyLock;

use crate::extract::text::whole_words;

use regex::Regex;

use crate::extract::{re, scan};

use crate::pubmed::Article;

/// Canonical name, then patterns (regex syntax; `(?i)` where case does not matter).
pub const SCALES: &[(&str, &[&str])] = &[
    (
        "HAM-A",
        &[
            r"(?i)\bHamilton\s+(?:Anxiety|Rating\s+Scale\s+for\s+Anxiety)",
            r"\bHAM-?A\b",
            r"\bHARS\b",
        ],
    ),
    (
        "HAM-D",
        &[
            r"(?i)\bHamilton\s+(?:Depression|Rating\s+Scale\s+for\s+Depression)",
            r"\bHAM-?D(?:-?\d+)?\b",
            r"\bHDRS(?:-?\d+)?\b",
            r"\bHRSD(?:-?\d+)?\b",
        ],
    ),
    (
        "GAD-7",
        &[
            r"(?i)\bGeneral(?:i[sz]ed)?\s+Anxiety\s+Disorder[\s-]*(?:7|scale|7-item)",
            r"\bGAD-?7\b",
        ],
    ),
    (
        "STAI-S",
        &[
            r"(?i)\bState[\s-]+Trait\s+Anxiety\s+Inventory[\s-]+(?:\(STAI\)\s+)?State\b",
            r"(?i)\bSTAI[\s-]*(?:S|State|Y-?1)\b",
            r"(?i)\bstate\s+anxiety\s+(?:inventory|scale|\(STAI)",
            r"(?i)\bstate\s+(?:sub)?scale\s+of\s+the\s+(?:STAI|State[\s-]+Trait)",
        ],
    ),
    (
        "STAI-T",
        &[
            r"(?i)\bState[\s-]+Trait\s+Anxiety\s+Inventory[\s-]+(?:\(STAI\)\s+)?Trait\b",
            r"(?i)\bSTAI[\s-]*(?:T|Trait|Y-?2)\b",
            r"(?i)\btrait\s+anxiety\s+(?:inventory|scale)",
        ],
    ),
    (
        "STAI",
        &[
            r"(?i)\bState[\s-]+Trait\s+Anxiety\s+(?:Inventory|Scale)",
            r"\bSTAI\b",
        ],
    ),
    (
        "HADS-A",
        &[
            r"\bHADS[\s-]?A\b",
            r"(?i)\bHADS[\s-]+anxiety\b",
            r"(?i)\bHospital\s+Anxiety\s+and\s+Depression\s+Scale[\s-]+Anxiety\b",
        ],
    ),
    (
        "HADS-D",
        &[
            r"\bHADS[\s-]?D\b",
            r"(?i)\bHADS[\s-]+depression\b",
            r"(?i)\bHospital\s+Anxiety\s+and\s+Depression\s+Scale[\s-]+Depression\b",
        ],
    ),
    (
        "HADS",
        &[
            r"(?i)\bHospital\s+Anxiety\s+(?:and|&)\s+Depression\s+Scale",
            r"\bHADS\b",
        ],
    ),
    ("BAI", &[r"(?i)\bBeck\s+Anxiety\s+Inventory", r"\bBAI\b"]),
    (
        "BDI",
        &[r"(?i)\bBeck\s+Depression\s+Inventory", r"\bBDI(?:-?II)?\b"],
    ),
    (
        "LSAS",
        &[r"(?i)\bLiebowitz\s+Social\s+Anxiety\s+Scale", r"\bLSAS\b"],
    ),
    ("FQ", &[r"(?i)\bFear\s+Questionnaire", r"\bFQ\b"]),
    (
        "VAS-A",
        &[
            r"(?i)\bVAS[\s-]*(?:A|Anxiety)\b",
            r"(?i)\banxiety\s+VAS\b",
            r"\bVAAS\b",
            r"(?i)\bvisual\s+analog(?:ue)?\s+(?:scale\s+)?(?:for|of)\s+anxiety",
            r"(?i)\bvisual\s+analog(?:ue)?\s+anxiety\s+scale",
            r"(?i)\bvisual\s+analog(?:ue)?\s+scale\s*(?:\(VAS\)\s*)?for\s+(?:[a-z]+,\s*)*anxiety",
        ],
    ),
    (
        "CAPS-5",
        &[
            r"(?i)\bClinician[\s-]+Administered\s+PTSD\s+Scale",
            r"\bCAPS(?:-?5)?\b",
        ],
    ),
    (
        "PCL-5",
        &[r"(?i)\bP(?:TSD|STD)\s+Check\s*list", r"\bPCL(?:-?5)?\b"],
    ),
    (
        "IES-R",
        &[r"(?i)\bImpact\s+of\s+Events?\s+Scale", r"\bIES-?R\b"],
    ),
    (
        "Y-BOCS",
        &[
            r"(?i)\bYale[\s-]+Brown\s+Obsessive[\s-]+Compulsive\s+Scale",
            r"\bY-?BOCS\b",
        ],
    ),
    (
        "mYPAS",
        &[
            r"(?i)\b(?:modified\s+)?Yale\s+Preoperative\s+Anxiety\s+Scale",
            r"(?i)\bm-?YPAS\b",
            r"\bYPAS\b",
        ],
    ),
    (
        "PAED",
        &[
            r"(?i)\bPa?ediatric\s+Ana?esthesia\s+Emergence\s+Delirium",
            r"\bPAED\b",
        ],
    ),
    (
        "MADRS",
        &[r"(?i)\bMontgomery[\s-]+(?:Å|A)sberg", r"\bMADRS\b"],
    ),
    (
        "PHQ-9",
        &[
            r"(?i)\bPatient\s+Health\s+Questionnaire(?:[\s-]*9)?",
            r"\bPHQ-?9\b",
        ],
    ),
    (
        "QIDS",
        &[
            r"(?i)\bQuick\s+Inventory\s+of\s+Depressive\s+Symptomatology",
            r"\bQIDS(?:-SR(?:16)?|-C)?\b",
        ],
    ),
    (
        "EPDS",
        &[
            r"(?i)\bEdinburgh\s+Postnatal\s+Depression\s+Scale",
            r"\bEPDS\b",
        ],
    ),
    (
        "SAS",
        &[
            r"(?i)\b(?:Zung\s+)?Self[\s-]+Rating\s+Anxiety\s+Scale",
            r"\bSAS\b",
        ],
    ),
    (
        "SDS",
        &[
            r"(?i)\b(?:Zung\s+)?Self[\s-]+Rating\s+Depression\s+Scale",
            r"\bSDS\b",
        ],
    ),
    (
        "DASS",
        &[
            r"(?i)\bDepression,?\s+Anxiety,?\s+(?:and\s+)?Stress\s+Scale",
            r"\bDASS(?:-?\d+)?\b",
        ],
    ),
    (
        "CGI",
        &[
            r"(?i)\bClinical\s+Global\s+Impressions?",
            r"\bCGI(?:-[SI])?\b",
        ],
    ),
    (
        "PSQI",
        &[r"(?i)\bPittsburgh\s+Sleep\s+Quality\s+Index", r"\bPSQI\b"],
    ),
    (
        "CADSS",
        &[
            r"(?i)\bClinician[\s-]+Administered\s+Dissociative\s+States?\s+Scale",
            r"\bCADSS\b",
        ],
    ),
    ("RAMSAY", &[r"(?i)\bRamsay\b"]),
    ("ALDRETE", &[r"(?i)\bAldrete\b"]),
    (
        "NRS",
        &[
            r"(?i)\bnumeric(?:al)?\s+(?:pain\s+)?rating\s+scale",
            r"\bNRS\b",
        ],
    ),
    (
        "FLACC",
        &[r"(?i)\bface,?\s+legs,?\s+activity,?\s+cry", r"\bFLACC\b"],
    ),
    ("MMSE", &[r"(?i)\bMini[\s-]+Mental\s+State", r"\bMMSE\b"]),
    (
        "MOCA",
        &[r"(?i)\bMontreal\s+Cognitive\s+Assessment", r"(?i)\bMoCA\b"],
    ),
    (
        "BPRS",
        &[r"(?i)\bBrief\s+Psychiatric\s+Rating\s+Scale", r"\bBPRS\b"],
    ),
    (
        "YMRS",
        &[r"(?i)\bYoung\s+Mania\s+Rating\s+Scale", r"\bYMRS\b"],
    ),
    (
        "SSI",
        &[r"(?i)\bScale\s+for\s+Suicid(?:e|al)\s+Ideation", r"\bSSI\b"],
    ),
    (
        "QOR-15",
        &[r"(?i)\bQuality\s+of\s+Recovery[\s-]*15", r"(?i)\bQoR-?15\b"],
    ),
    ("ISI", &[r"(?i)\bInsomnia\s+Severity\s+Index", r"\bISI\b"]),
    (
        "SHAPS",
        &[r"(?i)\bSnaith[\s-]+Hamilton\s+Pleasure", r"\bSHAPS\b"],
    ),
    (
        "POMS",
        &[r"(?i)\bProfile\s+of\s+Mood\s+States?", r"\bPOMS\b"],
    ),
    (
        "QOR-40",
        &[r"(?i)\bQuality\s+of\s+Recovery[\s-]*40", r"(?i)\bQoR-?40\b"],
    ),
    (
        "PSAS",
        &[
            r"(?i)\bparental\s+separation\s+anxiety\s+scale",
            r"\bPSAS\b",
        ],
    ),
    ("MAS", &[r"(?i)\bmask\s+acceptance\s+scale"]),
    (
        "PANAS",
        &[
            r"(?i)\bPositive\s+and\s+Negative\s+Affect\s+Schedule",
            r"\bPANAS\b",
        ],
    ),
];

/// One scale named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleMention {
    pub start: usize,
    pub end: usize,
    pub canonical: String,
}

/// An instrument abbreviation the text defines and the table does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defined {
    pub abbreviation: String,
    pub canonical: String,
}

/// Every pattern of the table, flattened, with the canonical name of each; the set runs only
/// the patterns whose literal prefix occurs (most texts name two or three of the 48 scales).
struct Compiled {
    names: Vec<&'static str>,
    set: re::PatternSet,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let flat: Vec<(&'static str, &'static str)> = SCALES
        .iter()
        .flat_map(|(name, pats)| pats.iter().map(move |p| (*name, *p)))
        .collect();
    Compiled {
        names: flat.iter().map(|(name, _)| *name).collect(),
        set: re::PatternSet::new(flat.iter().map(|(_, p)| *p)).unwrap(),
    }
});

/// Every scale the table knows in `text`.
pub fn scale_mentions(text: &str) -> Vec<ScaleMention> {
    scale_mentions_with(text, &[])
}

/// Every scale in `text`: table entries and the abbreviations in `defined`.
pub fn scale_mentions_with(text: &str, defined: &[Defined]) -> Vec<ScaleMention> {
    let mut all = Vec::new();
    for (i, start, end) in COMPILED.set.find_all(text) {
        all.push(ScaleMention {
            start,
            end,
            canonical: COMPILED.names[i].to_string(),
        });
    }
    for d in defined {
        for (start, end) in whole_words(text, &d.abbreviation) {
            all.push(ScaleMention {
                start,
                end,
                canonical: d.canonical.clone(),
            });
        }
    }
    // Longest first, then keep those that do not overlap a kept one.
    all.sort_by_key(|m| (std::cmp::Reverse(m.end - m.start), m.start));
    let mut kept: Vec<ScaleMention> = Vec::new();
    for m in all {
        if kept.iter().all(|k| m.end <= k.start || m.start >= k.end) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.start);
    kept
}

static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(
        r"(?i)\b((?:[a-z'’-]+,?\s+){0,8}?(?:scale|score|inventory|questionnaire|index|checklist|rating)s?)\s*\(([A-Za-z][A-Za-z0-9-]{1,9})[);]",
    )
    .unwrap()
});

/// Whether `DEFINITION` can match `text`: each match has a '(' after "scale", "score",
/// "inventory", "questionnaire", "index", "checklist" or "rating" (in any case, maybe plural,
/// maybe whitespace between), unless a char folds to an ASCII letter ('ſ', the Kelvin sign).
fn may_define(text: &str) -> bool {
    const WORDS: [&str; 7] = ["scale", "score", "inventory", "questionnaire", "index", "checklist", "rating"];
    if !re::folds_as_ascii(text) {
        return true;
    }
    let ends_with_word = |h: &[u8]| WORDS.iter().any(|w| scan::ends_with_word(h, w));
    memchr::memchr_iter(b'(', text.as_bytes()).any(|i| {
        let head = text[..i].trim_end().as_bytes();
        ends_with_word(head) || matches!(head.last(), Some(b's' | b'S')) && ends_with_word(&head[..head.len() - 1])
    })
}

/// Abbreviations defined for instruments ("Ramsay sedation score (RSS)" maps `RSS` to the
/// table's `RAMSAY`; an unknown one maps to itself in upper case).
pub fn defined_scales(text: &str) -> Vec<Defined> {
    let mut out: Vec<Defined> = Vec::new();
    if !may_define(text) {
        return out;
    }
    for c in DEFINITION.captures_iter(text) {
        let (Some(long), Some(abbr)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let abbr = abbr.as_str();
        if !abbr.chars().any(|ch| ch.is_uppercase()) || abbr.eq_ignore_ascii_case("CI") {
            continue;
        }
        // The instrument named at the end of the long form; an earlier one is another scale.
        let long = long.as_str();
        let canonical = match scale_mentions(long).last() {
            Some(m) if long.len() - m.end <= 25 => m.canonical.clone(),
            _ => abbr.to_uppercase(),
        };
        if !out.iter().any(|d| d.abbreviation == abbr) {
            out.push(Defined {
                abbreviation: abbr.to_string(),
                canonical,
            });
        }
    }
    out
}

static EPONYM: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"\b([A-Z][a-z]{2,})(?:['’]s)?\s+(?:(?:four|five|three|\d+)[\s-]point\s+)?(?:sedation\s+|behaviou?r\s+|rating\s+)?scale\b").unwrap()
});

/// Words that start "X scale" without naming a person's instrument.
const NOT_EPONYMS: &[&str] = &[
    "The",
    "This",
    "That",
    "Visual",
    "Analog",
    "Analogue",
    "Rating",
    "Likert",
    "Anxiety",
    "Depression",
    "Sedation",
    "Agitation",
    "Pain",
    "Numeric",
    "Numerical",
    "Verbal",
    "Global",
    "Total",
    "Each",
    "Sleep",
    "Fear",
    "Mood",
    "Behavior",
    "Behaviour",
    "Separation",
    "Emergence",
    "Scale",
    "Point",
    "Delirium",
    "Dissociation",
    "Cooperation",
    "Acceptance",
    "Distress",
    "Recovery",
    "Comfort",
    "Mask",
];

/// "Houpt's scale", "Frankel scale", "Aono's four point scale": instruments named after a person.
fn eponym_scales(text: &str) -> Vec<String> {
    EPONYM
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .filter(|w| !NOT_EPONYMS.contains(&w.as_str()))
        .map(|w| w.to_uppercase())
        .collect()
}

/// The scales of one article, found once and shared by the study fields and the outcomes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleScales {
    /// Abbreviations the title or abstract defines.
    pub defined: Vec<Defined>,
    /// The `scales` study field: sorted, unique canonical names in the title and abstract.
    pub study: Vec<String>,
    /// Sorted, unique canonical names in the abstract alone.
    pub in_abstract: Vec<String>,
    /// What they were read from: the title, one space, and `Article::abstract_text`. The
    /// outcomes read the study's arms from the same text.
    pub text: String,
}

pub fn article_scales(article: &Article) -> ArticleScales {
    let title = article.title.as_deref().unwrap_or("");
    let text = format!("{title} {}", article.abstract_text());
    let defined = defined_scales(&text);
    let mentions = scale_mentions_with(&text, &defined);
    let sorted = |mut names: Vec<String>| {
        names.sort();
        names.dedup();
        names
    };
    let in_abstract = sorted(
        mentions
            .iter()
            .filter(|m| m.start > title.len())
            .map(|m| m.canonical.clone())
            .collect(),
    );
    let mut study: Vec<String> = mentions.into_iter().map(|m| m.canonical).collect();
    study.extend(eponym_scales(&text));
    ArticleScales {
        defined,
        study: sorted(study),
        in_abstract,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_finds_what_each_scale_pattern_finds_in_the_store() {
        let texts = crate::extract::store_texts_and(&[
            "HAM-A, HAMA and the Hamilton Anxiety Rating Scale; STAI-S and STAI; GAD-7 ≥ 10",
        ]);
        for text in &texts {
            assert_eq!(COMPILED.set.find_all(text), COMPILED.set.reference_find_all(text));
        }
    }

    #[test]
    fn every_scale_pattern_compiles() {
        for i in 0..COMPILED.set.len() {
            let _ = COMPILED.set.regex(i);
        }
    }

    #[test]
    fn nearly_every_scale_pattern_has_a_literal_prefix() {
        let total: usize = SCALES.iter().map(|s| s.1.len()).sum();
        assert!(
            COMPILED.set.always_run() * 20 < total,
            "{} of {total} patterns run on every text",
            COMPILED.set.always_run()
        );
    }

    fn names(text: &str) -> Vec<String> {
        scale_mentions(text)
            .into_iter()
            .map(|m| m.canonical)
            .collect()
    }

    #[test]
    fn finds_scales_by_name_and_acronym() {
        let cases: &[(&str, &[&str])] = &[
            (
                "the Hamilton Anxiety Rating Scale (HAM-A)",
                &["HAM-A", "HAM-A"],
            ),
            ("HAMA scores fell", &["HAM-A"]),
            ("as did Hamilton Anxiety ratings", &["HAM-A"]),
            (
                "State-Trait Anxiety Inventory State scores > 40",
                &["STAI-S"],
            ),
            (
                "the State-Trait Anxiety Inventory (STAI)",
                &["STAI", "STAI"],
            ),
            ("STAI-S scores were lower", &["STAI-S"]),
            (
                "the modified Yale Preoperative Anxiety Scale (mYPAS)",
                &["mYPAS", "mYPAS"],
            ),
            (
                "Hospital Anxiety and Depression Scale (HADS)",
                &["HADS", "HADS"],
            ),
            ("HADS-A and HADS-D scores", &["HADS-A", "HADS-D"]),
            (
                "Generalized Anxiety Disorder 7-item (GAD7) scales",
                &["GAD-7", "GAD-7"],
            ),
            (
                "on the Liebowitz Social Anxiety Scale (LSAS) and VAS-Anxiety",
                &["LSAS", "LSAS", "VAS-A"],
            ),
            (
                "Montgomery-Åsberg Depression Rating Scale (MADRS)",
                &["MADRS", "MADRS"],
            ),
            (
                "the six-item Hamilton Rating Scale for Depression (HAMD6)",
                &["HAM-D", "HAM-D"],
            ),
            (
                "Self Rating Anxiety Scale(SAS),Self Rating Depression Scale(SDS)",
                &["SAS", "SAS", "SDS", "SDS"],
            ),
            (
                "Visual Analogue Scale (VAS) for depression, anxiety, and pain",
                &["VAS-A"],
            ),
            ("the Ramsay sedation score", &["RAMSAY"]),
            (
                "pediatric anesthesia emergence delirium(PAED)score",
                &["PAED", "PAED"],
            ),
            (
                "Clinician Administered Dissociative States Scale mean scores",
                &["CADSS"],
            ),
            ("The Impact of Event Scale–Revised", &["IES-R"]),
        ];
        for (text, want) in cases {
            assert_eq!(
                names(text),
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{text}"
            );
        }
    }

    #[test]
    fn names_eponymous_scales() {
        let text = "rated on Houpt's scale for sedation and the Frankel scale; Aono's four point scale; a visual Anxiety scale";
        assert_eq!(eponym_scales(text), vec!["HOUPT", "FRANKEL", "AONO"]);
    }

    #[test]
    fn leaves_ordinary_words_alone() {
        for text in [
            "patients with anxiety were randomized",
            "the post-anesthesia care unit (PACU)",
            "the state of the art, a trait of the drug",
            "cases and controls",
            "Hamilton, Ontario",
        ] {
            assert!(names(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn reads_abbreviations_the_abstract_defines() {
        let text = "We used the face, legs, activity, cry, and consolability (FLACC) score, the \
                    Ramsay sedation score (RSS) and the Behaviour Pain Scale (BPS).";
        let d = defined_scales(text);
        let got: Vec<(&str, &str)> = d
            .iter()
            .map(|d| (d.abbreviation.as_str(), d.canonical.as_str()))
            .collect();
        assert_eq!(got, vec![("RSS", "RAMSAY"), ("BPS", "BPS")]);
        let later = scale_mentions_with("RSS was 3 and BPS 2", &d);
        assert_eq!(
            later
                .iter()
                .map(|m| m.canonical.as_str())
                .collect::<Vec<_>>(),
            ["RAMSAY", "BPS"]
        );
        assert!(
            defined_scales("the post-anesthesia care unit (PACU) and 95% confidence interval (CI)")
                .is_empty()
        );
    }

    #[test]
    fn no_definition_is_read_where_no_instrument_word_precedes_a_bracket() {
        let cases = [
            ("Ramsay sedation score (RSS)", true),
            ("the Hamilton Anxiety Rating Scales\u{a0}(HAM-A)", true),
            ("the CHECKLIST (PCL-5)", true),
            ("the Perceived Stress Scale and (PSS)", false),
            ("care unit (PACU)", false),
            ("sedation ſcore (RSS)", true),
        ];
        let pieces = crate::extract::store_line_pieces();
        crate::extract::assert_gate(may_define, |p| DEFINITION.is_match(p), &cases, &pieces);
    }
}
