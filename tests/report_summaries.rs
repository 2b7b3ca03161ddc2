//! The summary tables, the written files and report.html on a small synthetic findings set
//! (`support/synthetic.rs`). Golden Markdown snapshots of each table live in `tests/snapshots/`;
//! the lead adds snapshots on the bundled records once extraction is merged.

use crate::support;

use std::fs;

use ketamine_evidence::report::frame::markdown;
use ketamine_evidence::report::write_summaries;
use ketamine_evidence::tables::build_summaries;
use support::synthetic::input;

#[test]
fn evidence_table_snapshot() {
    let s = build_summaries(&input()).unwrap();
    insta::assert_snapshot!(markdown(&s.evidence_table, None));
}

#[test]
fn summary_by_population_route_snapshot() {
    let s = build_summaries(&input()).unwrap();
    insta::assert_snapshot!(markdown(&s.summary_by_population_route, None));
}

#[test]
fn pooled_snapshot() {
    let s = build_summaries(&input()).unwrap();
    insta::assert_snapshot!(markdown(&s.pooled, None));
}

#[test]
fn onset_snapshot() {
    let s = build_summaries(&input()).unwrap();
    insta::assert_snapshot!(markdown(&s.onset, None));
}

#[test]
fn durability_snapshot() {
    let s = build_summaries(&input()).unwrap();
    insta::assert_snapshot!(markdown(&s.durability, None));
}

#[test]
fn prisma_snapshot() {
    let s = build_summaries(&input()).unwrap();
    insta::assert_snapshot!(markdown(&s.prisma, None));
}

#[test]
fn evidence_table_has_one_row_per_study_and_skips_non_studies() {
    let s = build_summaries(&input()).unwrap();
    let table = &s.evidence_table;
    let pmids: Vec<String> = (0..table.height())
        .map(|row| ketamine_evidence::report::frame::with_text(&table.columns()[2], row, str::to_string))
        .collect();
    // Sorted by population (vocabulary order), then year.
    assert_eq!(
        pmids,
        ["9001", "9002", "9003", "9004", "9007", "9006", "9005"]
    );
}

#[test]
fn write_summaries_writes_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let inp = input();
    let s = build_summaries(&inp).unwrap();
    let paths = write_summaries(dir.path(), &s, &inp).unwrap();
    for stem in [
        "evidence_table",
        "summary_by_population_route",
        "pooled",
        "onset",
        "durability",
        "prisma",
    ] {
        for ext in ["csv", "md", "parquet"] {
            let p = dir.path().join(format!("{stem}.{ext}"));
            assert!(paths.contains(&p), "{} missing", p.display());
        }
    }
    for name in [
        "citations.ris",
        "citations.bib",
        "report.html",
        "provenance.json",
    ] {
        assert!(paths.contains(&dir.path().join(name)), "{name} missing");
    }
    // `REPORT_SAMPLE_DIR=DIR cargo test --release --test integration report_summaries::` keeps a copy to look at or to
    // render with scripts/render-report.sh.
    if let Ok(keep) = std::env::var("REPORT_SAMPLE_DIR") {
        write_summaries(std::path::Path::new(&keep), &s, &inp).unwrap();
    }
    let md = fs::read_to_string(dir.path().join("pooled.md")).unwrap();
    assert!(
        md.starts_with("_ketamine-evidence test · query synthetic"),
        "{md}"
    );
    assert!(md.contains("not refreshed, records as of 2026-11-01"));
}

#[test]
fn csv_neutralises_a_formula_title() {
    let dir = tempfile::tempdir().unwrap();
    let inp = input();
    write_summaries(dir.path(), &build_summaries(&inp).unwrap(), &inp).unwrap();
    let csv = fs::read_to_string(dir.path().join("evidence_table.csv")).unwrap();
    assert!(
        csv.contains(",'=Maintenance subcutaneous ketamine"),
        "{csv}"
    );
    assert!(!csv.contains(",=Maintenance"));
    // SMD values stay numbers in the pooled CSV.
    let pooled = fs::read_to_string(dir.path().join("pooled.csv")).unwrap();
    assert!(
        pooled
            .lines()
            .any(|l| l.starts_with("gad,smd,,pooled,2,") && l.contains(",-0.")),
        "{pooled}"
    );
}

#[test]
fn report_html_is_escaped_and_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let inp = input();
    write_summaries(dir.path(), &build_summaries(&inp).unwrap(), &inp).unwrap();
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("GAD &lt;b&gt;pilot&lt;/b&gt; &amp; follow-up"));
    assert!(!html.contains("<b>pilot"));
    assert!(html.contains("<svg") && html.contains("pooled, k = 2"));
    assert!(html.contains("not refreshed, records as of 2026-11-01"));
    assert!(html.contains("<tr class=\"retracted\">"));
    for fetch in ["src=", "href=", "<script", "@import", "url("] {
        assert!(!html.contains(fetch), "report.html contains {fetch}");
    }
}

#[test]
fn citations_cover_the_evidence_table() {
    let dir = tempfile::tempdir().unwrap();
    let inp = input();
    write_summaries(dir.path(), &build_summaries(&inp).unwrap(), &inp).unwrap();
    let ris = fs::read_to_string(dir.path().join("citations.ris")).unwrap();
    assert_eq!(ris.matches("TY  - JOUR").count(), 7);
    assert!(!ris.contains("AN  - 9008"), "the editorial is not a study");
    let bib = fs::read_to_string(dir.path().join("citations.bib")).unwrap();
    assert_eq!(bib.matches("@article{").count(), 7);
    assert!(bib.contains("@article{alder2017_9001,"));
    let prov: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("provenance.json")).unwrap())
            .unwrap();
    assert_eq!(prov["refreshed"], false);
    assert!(
        prov["stamp"]
            .as_str()
            .unwrap()
            .contains("12 records identified")
    );
}
