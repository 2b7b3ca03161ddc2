//! Table-driven tests for `assign`: sentences in the style of real abstracts (many wordings),
//! each with the rows it must yield, and sentences it must leave alone.

use super::*;
use crate::extract::model::Arm::*;
use crate::extract::model::OutcomeKind::*;

/// (methods text defining the arms, result sentence, expected (kind, arm, value) rows)
type Case = (
    &'static str,
    &'static str,
    &'static [(OutcomeKind, Arm, f64)],
);

const TWO_ARM: &str = "Patients were randomized to ketamine or placebo (normal saline).";
const SINGLE: &str = "Twelve patients received open-label ketamine 0.5 mg/kg.";
const LETTERS: &str = "Ninety children were randomly allocated to receive s-ketamine 1 mg/kg and midazolam (Group K1, n = 30), s-ketamine 2 mg/kg and midazolam (Group K2, n = 30), or midazolam 0.2 mg/kg (Group M, n = 30).";

fn rows(methods: &str, sentence: &str) -> Vec<(OutcomeKind, Arm, f64)> {
    let study = arms::study_arms(&format!("{methods} {sentence}"));
    sentence_rows(sentence, &study, &[])
        .into_iter()
        .map(|r| (r.kind, r.arm, r.value))
        .collect()
}

fn check(cases: &[Case]) {
    for (methods, sentence, want) in cases {
        assert_eq!(rows(methods, sentence), want.to_vec(), "{sentence}");
    }
}

#[test]
fn pairs_follow_the_groups_the_sentence_names() {
    check(&[
        (
            TWO_ARM,
            "The incidence of emergence agitation was lower in the esketamine group compared with that in the control group (5% vs. 27.5%, p = 0.006).",
            &[(Incidence, Ketamine, 5.0), (Incidence, Comparator, 27.5)],
        ),
        (
            TWO_ARM,
            "Emergence agitation occurred less often in the placebo group than in the ketamine group (10% versus 30%; P = .02).",
            &[(Incidence, Comparator, 10.0), (Incidence, Ketamine, 30.0)],
        ),
        (
            TWO_ARM,
            "The esketamine group had significantly lower rates of depression (7.0% vs. 31.0%; P<0.001) at POD 7.",
            &[(Incidence, Ketamine, 7.0), (Incidence, Comparator, 31.0)],
        ),
        (
            TWO_ARM,
            "Response rates were 45% and 20% in the ketamine and placebo groups, respectively.",
            &[
                (ResponseRate, Ketamine, 45.0),
                (ResponseRate, Comparator, 20.0),
            ],
        ),
        (
            TWO_ARM,
            "Participants were more likely to respond after ketamine relative to placebo (33.33% response ketamine vs 0% response placebo, p=0.025).",
            &[
                (ResponseRate, Ketamine, 33.33),
                (ResponseRate, Comparator, 0.0),
            ],
        ),
    ]);
}

#[test]
fn fronted_comparisons_keep_the_subject_first() {
    check(&[
        (
            TWO_ARM,
            "Compared with the control group, the ketamine group had a lower incidence of postoperative depression (8.3% vs 25.0%) on postoperative day 3.",
            &[(Incidence, Ketamine, 8.3), (Incidence, Comparator, 25.0)],
        ),
        (
            TWO_ARM,
            "In the placebo group, 3 of 20 (15%) patients responded, whereas 12 of 20 (60%) responded in the ketamine group.",
            &[
                (ResponseRate, Comparator, 15.0),
                (ResponseRate, Ketamine, 60.0),
            ],
        ),
    ]);
}

#[test]
fn groups_named_next_to_values() {
    check(&[
        (
            TWO_ARM,
            "Ninety minutes after infusion, 88% of the ketamine group had achieved remission compared with 33% in the placebo group (p <.05).",
            &[
                (RemissionRate, Ketamine, 88.0),
                (RemissionRate, Comparator, 33.0),
            ],
        ),
        (
            TWO_ARM,
            "Sixty-seven percent of participants in the ketamine group were treatment responders, compared with 20% in the midazolam group.",
            &[
                (ResponseRate, Ketamine, 67.0),
                (ResponseRate, Comparator, 20.0),
            ],
        ),
        (
            "Group M received oral midazolam and group MK received midazolam with oral ketamine.",
            "More children were easily separated from their parents (73.46% in MK vs 41% in group M).",
            &[
                (Proportion, Ketamine, 73.46),
                (Proportion, Comparator, 41.0),
            ],
        ),
        (
            "Group M received oral midazolam and group MK received midazolam with oral ketamine.",
            "Acceptable sedation scores were seen in both groups (group M 95.9%; group MK 97.96%).",
            &[
                (Proportion, Comparator, 95.9),
                (Proportion, Ketamine, 97.96),
            ],
        ),
        (
            TWO_ARM,
            "The incidence of adverse reactions in group K (14.55%) did not differ significantly from group C (4.62%) (p > 0.05).",
            &[(Incidence, Ketamine, 14.55), (Incidence, Comparator, 4.62)],
        ),
    ]);
}

#[test]
fn counts_become_rates_with_group_sizes() {
    check(&[(
        LETTERS,
        "Induction conditions were acceptable in 26 patients in K2 (P < 0.05 vs M) (K1: 23; M: 19).",
        &[
            (Proportion, Ketamine, 86.67),
            (Proportion, Ketamine, 76.67),
            (Proportion, Comparator, 63.33),
        ],
    )]);
}

#[test]
fn single_arm_values_are_overall() {
    check(&[
        (
            SINGLE,
            "Ten of 12 patients were treatment responders.",
            &[(ResponseRate, Overall, 83.33)],
        ),
        (
            SINGLE,
            "Adverse events occurred at 1 week in 108/218 [50%] patients.",
            &[(Incidence, Overall, 50.0)],
        ),
        (
            SINGLE,
            "A significant response occurred by day 3 for anxiety (mean Δ=2.4, d=0.67, 95% CI=1.0–3.7, p=0.004).",
            &[(MeanChange, Overall, 2.4), (Smd, Overall, 0.67)],
        ),
        (
            SINGLE,
            "Pain intensity decreased significantly (6.8 ± 1.8, n = 240 at baseline vs 5.7 ± 1.8, n = 93 at 12 months; P < 0.001).",
            &[(MeanScore, Overall, 6.8), (MeanScore, Overall, 5.7)],
        ),
        (
            SINGLE,
            "Anxious depressed patients had a lower response (47.8 % versus 51.2 %, p > 0.05) than their nonanxious counterparts.",
            &[
                (ResponseRate, Ketamine, 47.8),
                (ResponseRate, Ketamine, 51.2),
            ],
        ),
    ]);
}

#[test]
fn one_number_for_two_outcomes_gives_two_rows() {
    check(&[
        (
            SINGLE,
            "One hundred percent of subjects completing the trial responded to ketamine for both anxiety and depression.",
            &[
                (ResponseRate, Overall, 100.0),
                (ResponseRate, Overall, 100.0),
            ],
        ),
        (
            SINGLE,
            "One hour after dosing, Fear Questionnaire ratings decreased by ~50%, as did Hamilton Anxiety ratings.",
            &[
                (PercentChange, Overall, 50.0),
                (PercentChange, Overall, 50.0),
            ],
        ),
        (
            "Group M received oral midazolam and group MK received midazolam with oral ketamine.",
            "Sedation scores were acceptable for both groups and both drugs (group M 95.9%; group MK 97.96%).",
            &[
                (Proportion, Comparator, 95.9),
                (Proportion, Ketamine, 97.96),
            ],
        ),
    ]);
}

#[test]
fn effects_are_between_arms() {
    check(&[
        (
            TWO_ARM,
            "Ketamine reduced anxiety compared to placebo at 24 h (SMD: −0.44, 95% CI [−0.65, −0.22], p < 0.01).",
            &[(Smd, Between, -0.44)],
        ),
        (
            "Patients were randomized to ketamine or midazolam.",
            "At week 2, the mean CAPS-5 total score was 11.88 points (SE=3.96) lower in the ketamine group than in the midazolam group (d=1.13, 95% CI=0.36, 1.91).",
            &[(MeanDifference, Between, -11.88), (Smd, Between, 1.13)],
        ),
        (
            TWO_ARM,
            "Ketamine was associated with higher odds of response (OR 2.45, 95% CI 1.1-5.3).",
            &[(OddsRatio, Between, 2.45)],
        ),
    ]);
}

#[test]
fn leaves_participants_and_methods_alone() {
    check(&[
        (
            SINGLE,
            "There were 10 women (50%) and 10 men (50%); 15 patients (75%) met criteria for GAD and 18 (90%) for SAD.",
            &[],
        ),
        (
            TWO_ARM,
            "A total of 176 preschool children aged 3 to 7 years were assigned to either group with 88 cases each.",
            &[],
        ),
        (
            TWO_ARM,
            "We defined response as a greater than 35% LSAS reduction.",
            &[],
        ),
        (
            TWO_ARM,
            "No significant interaction was found (Day 1: F(1, 84) = 0.02, P = 0.88).",
            &[],
        ),
    ]);
}

#[test]
fn p_values_scales_and_time_points_attach_to_their_rows() {
    let study = arms::study_arms(TWO_ARM);
    let s = "Ninety minutes after infusion, 88% of the ketamine group had achieved remission compared with 33% in the placebo group (p <.05).";
    let r = sentence_rows(s, &study, &[]);
    assert_eq!(
        r.iter().map(|r| r.p_value).collect::<Vec<_>>(),
        vec![Some(0.05), Some(0.05)]
    );
    assert_eq!(r[0].timepoint.as_deref(), Some("Ninety minutes"));
    let s = "Time to eye opening was longer in the esketamine group (17.2 ± 2.7 vs . 15.5 ± 2.3 min, p = 0.005).";
    assert!(
        sentence_rows(s, &study, &[]).is_empty(),
        "durations are not outcomes"
    );
    let s = "STAI-S scores were lower in the esketamine group at day 1 (35.2 ± 7.1 vs 41.0 ± 9.7, P = 0.03).";
    let r = sentence_rows(s, &study, &[]);
    assert_eq!(
        r.iter()
            .map(|r| (r.arm, r.scale.as_deref(), r.timepoint.as_deref(), r.p_value))
            .collect::<Vec<_>>(),
        vec![
            (Ketamine, Some("STAI-S"), Some("day 1"), Some(0.03)),
            (Comparator, Some("STAI-S"), Some("day 1"), Some(0.03))
        ]
    );
}
