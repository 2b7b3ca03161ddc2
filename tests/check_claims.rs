//! The claim check on the synthetic findings (`support/synthetic.rs`): the shipped seed claims,
//! plus inline claims for the verdicts the seed set does not reach there.

use crate::support;

use std::path::Path;

use ketamine_evidence::check::{Verdict, check_claims, load_claims, parse_claims, write_claims};
use support::synthetic::input;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/queries/claims/seed-article.toml"
);

fn verdicts_of(toml: &str) -> Vec<(String, Verdict, Vec<String>)> {
    let claims = parse_claims(toml, Path::new("inline.toml")).unwrap();
    check_claims(&claims, &input()).unwrap()
        .into_iter()
        .map(|v| {
            (
                v.id,
                v.verdict,
                v.evidence.iter().map(|f| f.pmid.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn seed_claims_load_and_get_verdicts() {
    let claims = load_claims(Path::new(SEED)).unwrap();
    assert_eq!(claims.len(), 6);
    let got: Vec<(String, Verdict, Vec<String>)> = check_claims(&claims, &input()).unwrap()
        .into_iter()
        .map(|v| {
            (
                v.id,
                v.verdict,
                v.evidence.iter().map(|f| f.pmid.to_string()).collect(),
            )
        })
        .collect();
    let want = [
        ("review-six-trials-60pct", Verdict::Supported, vec!["9007"]),
        (
            "subcutaneous-response-83pct",
            Verdict::Supported,
            vec!["9003"],
        ),
        ("oral-hospice-100pct", Verdict::Supported, vec!["9005"]),
        ("iv-relief-one-year", Verdict::NotFound, vec![]),
        ("onset-under-24h", Verdict::Supported, vec!["9001", "9002"]),
        ("iv-infusion-40-60-min", Verdict::NotFound, vec![]),
    ];
    for ((id, v, pmids), (wid, wv, wp)) in got.iter().zip(want) {
        assert_eq!(
            (id.as_str(), *v, pmids.clone()),
            (wid, wv, wp.iter().map(|s| s.to_string()).collect())
        );
    }
}

#[test]
fn a_different_number_in_the_setting_is_partly_with_the_numbers_found() {
    let claims = parse_claims(
        "[[claim]]\nid = \"sc-95\"\nsentence = \"s\"\nkinds = [\"response_rate\"]\nroute = \"subcutaneous\"\nvalue = 95\nrelation = \"up_to\"\n",
        Path::new("inline.toml"),
    )
    .unwrap();
    let v = check_claims(&claims, &input()).unwrap().remove(0);
    assert_eq!(v.verdict, Verdict::Partly);
    let found: Vec<&str> = v.evidence.iter().map(|f| f.found.as_str()).collect();
    assert_eq!(
        found,
        [
            "response_rate, overall: 83.3% (10/12; HAM-A; week 8)",
            "response_rate, overall: 45% (3 months)"
        ]
    );
}

#[test]
fn comparator_arms_never_support_a_claim() {
    // 15% is only the placebo arm's response rate in 9001.
    let got = verdicts_of(
        "[[claim]]\nid = \"p15\"\nsentence = \"s\"\nkinds = [\"response_rate\"]\npopulations = [\"gad\"]\nvalue = 15\n",
    );
    assert_eq!(got[0].1, Verdict::Partly);
    assert_eq!(got[0].2, ["9001", "9002"]);
}

#[test]
fn text_claims_find_phrases_in_quotes() {
    let got = verdicts_of(
        "[[claim]]\nid = \"t\"\nsentence = \"s\"\nkinds = [\"text\"]\npattern = 'emergence agitation'\n",
    );
    assert_eq!(
        (got[0].1, got[0].2.clone()),
        (Verdict::Supported, vec!["9006".to_string()])
    );
}

#[test]
fn durability_at_least_a_year() {
    let got = verdicts_of(
        "[[claim]]\nid = \"d\"\nsentence = \"s\"\nkinds = [\"durability\"]\nvalue = 8766\nrelation = \"at_least\"\ntolerance = 720\n",
    );
    assert_eq!(
        (got[0].1, got[0].2.clone()),
        (Verdict::Supported, vec!["9004".to_string()])
    );
}

#[test]
fn write_claims_writes_csv_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let claims = load_claims(Path::new(SEED)).unwrap();
    let paths = write_claims(
        dir.path(),
        &check_claims(&claims, &input()).unwrap(),
        Some("stamp line"),
    )
    .unwrap();
    assert_eq!(
        paths,
        [dir.path().join("claims.csv"), dir.path().join("claims.md")]
    );
    let csv = std::fs::read_to_string(&paths[0]).unwrap();
    assert!(csv.starts_with("id,verdict,sentence,pmids,studies,found,quotes,near_misses\n"));
    assert!(csv.contains("subcutaneous-response-83pct,supported,"));
    let md = std::fs::read_to_string(&paths[1]).unwrap();
    assert!(md.starts_with("_stamp line_\n\n| id | verdict |"));
    insta::assert_snapshot!(md);
}

#[test]
fn a_right_number_in_the_wrong_year_is_a_near_miss() {
    // 83.3% is in 9003 (2022); a claim dated 2020 is not supported but names it, and why.
    let claims = parse_claims(
        "[[claim]]\nid = \"y\"\nsentence = \"s\"\nkinds = [\"response_rate\"]\nroute = \"subcutaneous\"\nyear = 2020\nvalue = 83\nrelation = \"up_to\"\n",
        Path::new("inline.toml"),
    )
    .unwrap();
    let v = check_claims(&claims, &input()).unwrap().remove(0);
    assert_eq!(v.verdict, Verdict::NotFound);
    let near: Vec<String> = v.near_misses.iter().map(|f| format!("{} {}", f.pmid, f.found)).collect();
    assert_eq!(near, ["9003 response_rate, overall: 83.3% (10/12; HAM-A; week 8) [year 2022]"]);
}
