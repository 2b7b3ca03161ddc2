//! A small invented set of findings (no real PMIDs, no real abstracts) for the report and check
//! tests, written to exercise every table: pooled and single-study cells, a zero-event arm, a
//! retracted record, a review, a non-study, text that needs HTML and spreadsheet escaping.

#![allow(dead_code)]

use ketamine_evidence::extract::{
    AgeGroup, Arm, Blinding, Comparator, Design, Drug, Evidence, Findings, Outcome, OutcomeKind,
    Population, Route, Study,
};
use ketamine_evidence::pubmed::Pmid;
use ketamine_evidence::tables::{ArticleMeta, PrismaCounts, Provenance, SummaryInput};

pub struct O {
    pub kind: OutcomeKind,
    pub arm: Arm,
    pub value: f64,
    pub scale: Option<&'static str>,
    pub timepoint: Option<&'static str>,
    pub events_n: Option<(u32, u32)>,
    pub ci: Option<(f64, f64)>,
    pub quote: &'static str,
}

pub fn o(kind: OutcomeKind, arm: Arm, value: f64, quote: &'static str) -> O {
    O {
        kind,
        arm,
        value,
        scale: None,
        timepoint: None,
        events_n: None,
        ci: None,
        quote,
    }
}

impl O {
    pub fn at(mut self, t: &'static str) -> Self {
        self.timepoint = Some(t);
        self
    }
    pub fn scale(mut self, s: &'static str) -> Self {
        self.scale = Some(s);
        self
    }
    pub fn of(mut self, e: u32, n: u32) -> Self {
        self.events_n = Some((e, n));
        self
    }
    pub fn ci(mut self, l: f64, h: f64) -> Self {
        self.ci = Some((l, h));
        self
    }
}

pub struct S {
    pub pmid: u64,
    pub year: i32,
    pub author: (&'static str, &'static str),
    pub title: &'static str,
    pub design: Design,
    pub population: Population,
    pub n: Option<u32>,
    pub route: Option<Route>,
    pub comparator: Comparator,
    pub is_study: bool,
    pub retracted: bool,
    pub outcomes: Vec<O>,
}

fn findings(s: &S) -> Findings {
    let pmid = Pmid(s.pmid);
    let outcomes = s
        .outcomes
        .iter()
        .map(|x| Outcome {
            pmid,
            kind: x.kind,
            arm: x.arm,
            scale: x.scale.map(str::to_string),
            timepoint: x.timepoint.map(str::to_string),
            value: x.value,
            ci_low: x.ci.map(|c| c.0),
            ci_high: x.ci.map(|c| c.1),
            p_value: None,
            events: x.events_n.map(|e| e.0),
            n: x.events_n.map(|e| e.1),
            evidence: Evidence {
                text: x.quote.to_string(),
                section: Some("RESULTS".into()),
                start: None,
                end: None,
            },
            rule: "synthetic",
            confidence: 0.9,
        })
        .collect();
    let mut scales: Vec<String> = s
        .outcomes
        .iter()
        .filter_map(|x| x.scale.map(str::to_string))
        .collect();
    scales.sort();
    scales.dedup();
    Findings {
        study: Study {
            pmid,
            design: s.design,
            blinding: if s.design == Design::Rct {
                Blinding::DoubleBlind
            } else {
                Blinding::OpenLabel
            },
            n_total: s.n,
            n_studies: (s.design == Design::SystematicReview).then_some(6),
            population: s.population,
            age_group: AgeGroup::Adult,
            drugs: vec![Drug::Ketamine],
            routes: s.route.into_iter().collect(),
            comparators: vec![s.comparator],
            scales,
            doses: vec!["0.5 mg/kg".into()],
            is_study: s.is_study,
        },
        outcomes,
    }
}

fn meta(s: &S) -> ArticleMeta {
    ArticleMeta {
        pmid: Pmid(s.pmid),
        title: Some(s.title.to_string()),
        first_author: Some(format!("{} {}", s.author.0, &s.author.1[..1])),
        authors: vec![
            format!("{}, {}", s.author.0, s.author.1),
            "Other, Ann".into(),
        ],
        year: Some(s.year),
        journal: Some("Journal of Invented Results".into()),
        journal_abbrev: Some("J Invent Res".into()),
        volume: Some("12".into()),
        issue: Some("3".into()),
        pages: Some("100-110".into()),
        doi: Some(format!("10.0000/synthetic.{}", s.pmid)),
        pmcid: None,
        retracted: s.retracted,
        has_abstract: true,
        publication_types: vec!["Journal Article".into()],
    }
}

use Arm::*;
use OutcomeKind::*;

pub fn studies() -> Vec<S> {
    vec![
        S { pmid: 9001, year: 2017, author: ("Alder", "Kim"), title: "Intravenous ketamine for generalized anxiety: a randomised trial",
            design: Design::Rct, population: Population::Gad, n: Some(40), route: Some(Route::Iv), comparator: Comparator::Placebo,
            is_study: true, retracted: false, outcomes: vec![
                o(ResponseRate, Ketamine, 60.0, "Response at 24 h was 60% (12/20) with ketamine and 15% (3/20) with placebo.").of(12, 20).at("24 h").scale("HAM-A"),
                o(ResponseRate, Comparator, 15.0, "Response at 24 h was 60% (12/20) with ketamine and 15% (3/20) with placebo.").of(3, 20).at("24 h").scale("HAM-A"),
                o(Smd, Between, -0.8, "HAM-A fell more with ketamine at day 7 (SMD -0.8, 95% CI -1.4 to -0.2).").ci(-1.4, -0.2).at("day 7").scale("HAM-A"),
            ] },
        S { pmid: 9002, year: 2019, author: ("Birch", "Lee"), title: "Crossover trial of ketamine in GAD <b>pilot</b> & follow-up",
            design: Design::CrossoverRct, population: Population::Gad, n: Some(18), route: Some(Route::Iv), comparator: Comparator::Midazolam,
            is_study: true, retracted: true, outcomes: vec![
                o(ResponseRate, Ketamine, 50.0, "Nine of 18 participants (50%) responded within 24 hours.").of(9, 18).at("24 hours"),
                o(Smd, Between, -0.5, "The effect on HAM-A at 2 h was moderate (d = -0.5, 95% CI -1.0 to 0.0).").ci(-1.0, 0.0).at("2 h").scale("HAM-A"),
            ] },
        S { pmid: 9003, year: 2022, author: ("Cedar", "Max"), title: "Weekly subcutaneous ketamine in treatment-resistant anxiety",
            design: Design::SingleArm, population: Population::TreatmentResistantAnxiety, n: Some(12), route: Some(Route::Subcutaneous), comparator: Comparator::None,
            is_study: true, retracted: false, outcomes: vec![
                o(ResponseRate, Overall, 83.3, "Ten of 12 patients (83.3%) were responders at week 8.").of(10, 12).at("week 8").scale("HAM-A"),
            ] },
        S { pmid: 9004, year: 2022, author: ("Dogwood", "Ray"), title: "=Maintenance subcutaneous ketamine: one-year outcomes",
            design: Design::SingleArm, population: Population::TreatmentResistantAnxiety, n: Some(20), route: Some(Route::Subcutaneous), comparator: Comparator::None,
            is_study: true, retracted: false, outcomes: vec![
                o(ResponseRate, Overall, 45.0, "At 3 months, 45% of patients met response criteria.").at("3 months"),
                o(MeanScore, Overall, 14.2, "Mean HAM-A was 14.2 at 1 year.").at("1 year").scale("HAM-A"),
            ] },
        S { pmid: 9005, year: 2013, author: ("Elm", "Ada"), title: "Oral ketamine for anxiety in hospice patients",
            design: Design::SingleArm, population: Population::Palliative, n: Some(14), route: Some(Route::Oral), comparator: Comparator::None,
            is_study: true, retracted: false, outcomes: vec![
                o(Proportion, Overall, 100.0, "All 8 patients who completed the 28-day trial improved (100%).").of(8, 8).at("day 28").scale("HADS-A"),
            ] },
        S { pmid: 9006, year: 2020, author: ("Fir", "Sam"), title: "Intranasal ketamine versus midazolam before paediatric surgery",
            design: Design::Rct, population: Population::PediatricPerioperative, n: Some(60), route: Some(Route::Intranasal), comparator: Comparator::Midazolam,
            is_study: true, retracted: false, outcomes: vec![
                o(Incidence, Ketamine, 0.0, "No child given ketamine (0/30) had emergence agitation, against 12/30 (40%) with midazolam.").of(0, 30).at("emergence"),
                o(Incidence, Comparator, 40.0, "No child given ketamine (0/30) had emergence agitation, against 12/30 (40%) with midazolam.").of(12, 30).at("emergence"),
            ] },
        S { pmid: 9007, year: 2021, author: ("Gum", "Jo"), title: "Ketamine for anxiety disorders: a systematic review of six trials",
            design: Design::SystematicReview, population: Population::MixedAnxiety, n: Some(200), route: None, comparator: Comparator::Placebo,
            is_study: true, retracted: false, outcomes: vec![
                o(Proportion, Overall, 60.0, "Up to 60% of participants with treatment-resistant anxiety improved markedly.").scale("HAM-A"),
            ] },
        S { pmid: 9008, year: 2023, author: ("Hazel", "Ivy"), title: "Ketamine and anxiety: an editorial",
            design: Design::Other, population: Population::Other, n: None, route: None, comparator: Comparator::None,
            is_study: false, retracted: false, outcomes: vec![] },
    ]
}

pub fn input() -> SummaryInput {
    let ss = studies();
    SummaryInput::in_memory(
        ss.iter().map(meta).collect(),
        ss.iter().map(findings).collect(),
        PrismaCounts {
            identified: Some(12),
            fetched: Some(10),
            rejected: vec![
                ("unparseable record".into(), 1),
                ("not about ketamine".into(), 1),
            ],
        },
        Provenance {
            query_name: "synthetic".into(),
            term: "ketamine AND anxiety".into(),
            esearch_count: Some(12),
            retrieved_at: None,
            refreshed: false,
            records_as_of: Some("2026-11-01".into()),
            base_url: None,
            tool_version: "test".into(),
        },
    )
}
