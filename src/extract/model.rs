//! What extraction produces: one `Study` and its `Outcome`s per article, in the vocabularies of
//! the evaluation guide (`GUIDE.md`, mirrored in the README). Plain data; no rules live here.

use serde::{Deserialize, Serialize};

use crate::pubmed::Pmid;

macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The word written in the tables.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
            pub fn from_word(w: &str) -> Option<Self> {
                match w { $($word => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocab!(Design {
    Rct => "rct", CrossoverRct => "crossover_rct", NonrandomizedControlled => "nonrandomized_controlled",
    SingleArm => "single_arm", Observational => "observational", CaseReport => "case_report",
    SystematicReview => "systematic_review", MetaAnalysis => "meta_analysis",
    SecondaryAnalysis => "secondary_analysis", Other => "other",
});

vocab!(Blinding {
    DoubleBlind => "double_blind", SingleBlind => "single_blind", OpenLabel => "open_label",
    NotReported => "not_reported",
});

vocab!(Population {
    Gad => "gad", Sad => "sad", Ptsd => "ptsd", Ocd => "ocd", Panic => "panic",
    TreatmentResistantAnxiety => "treatment_resistant_anxiety", MixedAnxiety => "mixed_anxiety",
    Depression => "depression", Postpartum => "postpartum", Perioperative => "perioperative",
    PediatricPerioperative => "pediatric_perioperative", Palliative => "palliative",
    SubstanceUse => "substance_use", Pain => "pain", Healthy => "healthy", Other => "other",
});

vocab!(AgeGroup {
    Adult => "adult", Pediatric => "pediatric", OlderAdult => "older_adult", Mixed => "mixed",
    NotReported => "not_reported",
});

vocab!(Drug { Ketamine => "ketamine", Esketamine => "esketamine", Arketamine => "arketamine" });

vocab!(Route {
    Iv => "iv", Intranasal => "intranasal", Subcutaneous => "subcutaneous",
    Intramuscular => "intramuscular", Oral => "oral", Sublingual => "sublingual", Other => "other",
});

vocab!(Comparator {
    Placebo => "placebo", Midazolam => "midazolam", Dexmedetomidine => "dexmedetomidine",
    Propofol => "propofol", OtherActive => "other_active", UsualCare => "usual_care", None => "none",
});

vocab!(OutcomeKind {
    ResponseRate => "response_rate", RemissionRate => "remission_rate", Incidence => "incidence",
    Proportion => "proportion", MeanScore => "mean_score", MeanChange => "mean_change",
    PercentChange => "percent_change", MeanDifference => "mean_difference", Smd => "smd",
    OddsRatio => "odds_ratio", RiskRatio => "risk_ratio", HazardRatio => "hazard_ratio",
});

vocab!(Arm { Ketamine => "ketamine", Comparator => "comparator", Overall => "overall", Between => "between" });

/// A verbatim span of the article: the sentence a number came from, and where it sits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence, verbatim from the title or the `abstract` column.
    pub text: String,
    /// `None` for the title or an unlabelled abstract; else the section label ("RESULTS").
    pub section: Option<String>,
    /// Character (Unicode scalar) offsets into `Article::abstract_text()`; `None` for the title.
    pub start: Option<usize>,
    pub end: Option<usize>,
}

/// Study-level fields: one per article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Study {
    pub pmid: Pmid,
    pub design: Design,
    pub blinding: Blinding,
    pub n_total: Option<u32>,
    pub n_studies: Option<u32>,
    pub population: Population,
    pub age_group: AgeGroup,
    pub drugs: Vec<Drug>,
    pub routes: Vec<Route>,
    pub comparators: Vec<Comparator>,
    /// Canonical scale names (`HAM-A`, `STAI-S`, …), sorted, unique.
    pub scales: Vec<String>,
    /// Doses as written ("0.5 mg/kg"), in order of appearance, unique.
    pub doses: Vec<String>,
    /// True when the record looks like a study of people (not an editorial, comment, erratum).
    pub is_study: bool,
}

/// One reported number about an outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub pmid: Pmid,
    pub kind: OutcomeKind,
    pub arm: Arm,
    pub scale: Option<String>,
    /// As written: "24 h", "day 7", "2 weeks".
    pub timepoint: Option<String>,
    pub value: f64,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: Option<f64>,
    pub events: Option<u32>,
    pub n: Option<u32>,
    pub evidence: Evidence,
    /// Name of the rule that produced the row, for reviewers and debugging.
    pub rule: &'static str,
    /// 0..1: how sure the rule is of arm/kind assignment.
    pub confidence: f32,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Findings {
    pub study: Study,
    pub outcomes: Vec<Outcome>,
}
