//! One named test per PubMed efetch fixture: what a person would check by eye (title, first
//! author, abstract sections, a number surviving markup and entities, the year) plus the shape
//! the fixture was kept for. Copies live in tests/fixtures/pubmed/ (see SOURCES.md there); the
//! copyleft and unlicensed samples are read from ../shared and skipped when it is absent.

use std::path::{Path, PathBuf};

use ketamine_evidence::pubmed::{
    Article, Pmid, ReadError, Record, RecordKind, RecordReader, open_input,
};

fn read(path: &Path) -> Vec<Record> {
    let input = open_input(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    RecordReader::new(input)
        .map(|r| match r {
            Ok(rec) => rec,
            Err(ReadError::Reject(r)) => panic!("{}: unexpected reject: {r}", path.display()),
            Err(e) => panic!("{}: {e}", path.display()),
        })
        .collect()
}

fn local(name: &str) -> Vec<Record> {
    read(
        &PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/pubmed"
        ))
        .join(name),
    )
}

/// Fixtures that may not be copied into the project: `None` (with a message) without ../shared.
fn shared(name: &str) -> Option<Vec<Record>> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/pubmed/efetch"
    ))
    .join(name);
    if !path.exists() {
        eprintln!(
            "skipping: {} is absent (../shared is not shipped)",
            path.display()
        );
        return None;
    }
    Some(read(&path))
}

fn articles(records: Vec<Record>) -> Vec<Article> {
    records
        .into_iter()
        .filter_map(|r| match r {
            Record::Article(a) => Some(*a),
            Record::Deleted(_) => None,
        })
        .collect()
}

fn only(name: &str) -> Article {
    let mut a = articles(local(name));
    assert_eq!(a.len(), 1, "{name}: record count");
    a.remove(0)
}

/// The checks every article fixture gets.
struct Expect<'a> {
    pmid: u64,
    title_starts: &'a str,
    first_author: Option<&'a str>,
    sections: usize,
    number: Option<&'a str>,
    year: i32,
}

fn check(a: &Article, e: Expect) {
    assert_eq!(a.pmid, Pmid(e.pmid));
    let title = a.title.as_deref().unwrap_or_default();
    assert!(
        title.starts_with(e.title_starts),
        "{}: title {title:?}",
        e.pmid
    );
    assert_eq!(
        a.first_author().as_deref(),
        e.first_author,
        "{}: first author",
        e.pmid
    );
    assert_eq!(
        a.abstract_sections.len(),
        e.sections,
        "{}: sections",
        e.pmid
    );
    if let Some(n) = e.number {
        assert!(
            a.abstract_text().contains(n),
            "{}: {n:?} not in abstract",
            e.pmid
        );
    }
    assert_eq!(a.year(), Some(e.year), "{}: year", e.pmid);
}

#[test]
fn biocommons_1234567_old_record_without_abstract() {
    let a = only("biocommons_efetch_pubmed_1234567.xml");
    check(
        &a,
        Expect {
            pmid: 1234567,
            title_starts: "The effect of castration and peroral estrogen",
            first_author: Some("Rauramo L"),
            sections: 0,
            number: None,
            year: 1975,
        },
    );
    assert_eq!(a.doi(), Some("10.1159/000398269"));
}

#[test]
fn biocommons_22351513_mononym_author_and_unit_superscripts() {
    let a = only("biocommons_efetch_pubmed_22351513.xml");
    check(
        &a,
        Expect {
            pmid: 22351513,
            title_starts: "Variation in oil content and fatty acid",
            first_author: Some("Khan R"),
            sections: 3,
            number: Some("757.7 g kg\u{207b}\u{b9}"),
            year: 2012,
        },
    );
    let mononym = a.authors.last().unwrap();
    assert_eq!(
        (
            mononym.last_name.as_deref(),
            mononym.fore_name.as_deref(),
            mononym.initials.as_deref()
        ),
        (Some("Mahmooduzzafar"), None, None)
    );
    assert_eq!(mononym.display_name().as_deref(), Some("Mahmooduzzafar"));
}

#[test]
fn biocommons_23121403_collective_author_and_investigators_skipped() {
    let a = only("biocommons_efetch_pubmed_23121403.xml");
    check(
        &a,
        Expect {
            pmid: 23121403,
            title_starts: "Low-dose aspirin for preventing recurrent venous",
            first_author: Some("Brighton TA"),
            sections: 4,
            number: Some("37.2 months"),
            year: 2012,
        },
    );
    assert!(
        a.authors
            .iter()
            .any(|x| x.collective_name.as_deref() == Some("ASPIRE Investigators"))
    );
    assert_eq!(
        a.abstract_sections[2].nlm_category.as_deref(),
        Some("RESULTS")
    );
    assert!(
        a.comments_corrections
            .iter()
            .all(|c| c.ref_type == "CommentIn")
    );
}

#[test]
fn biocommons_29915538_hex_references_and_bold_labels() {
    let a = only("biocommons_efetch_pubmed_29915538.xml");
    check(
        &a,
        Expect {
            pmid: 29915538,
            title_starts: "Efficacy and Safety of Once-Weekly Semaglutide",
            first_author: Some("Shi FH"),
            sections: 1,
            number: Some("WMD: -0.93%, 95% CI"),
            year: 2018,
        },
    );
    assert!(a.abstract_text().starts_with("Background: Semaglutide"));
    assert_eq!(a.pmcid(), Some("PMC5994433"));
}

#[test]
fn biopython_pubmed1_two_records_on_one_line() {
    let a = articles(local("biopython_pubmed1.xml"));
    assert_eq!(a.len(), 2);
    check(
        &a[0],
        Expect {
            pmid: 12091962,
            title_starts: "The treatment of AIDS behind the walls",
            first_author: Some("Olivero JM"),
            sections: 0,
            number: None,
            year: 1990,
        },
    );
    assert_eq!(a[0].pub_date.season.as_deref(), Some("Spring"));
    assert_eq!(
        a[0].keywords,
        ["Health Care and Public Health", "Legal Approach"]
    );
    check(
        &a[1],
        Expect {
            pmid: 9997,
            title_starts: "Magnetic studies of Chromatium flavocytochrome C552",
            first_author: Some("Strekas TC"),
            sections: 1,
            number: Some("45 degrees K"),
            year: 1976,
        },
    );
}

#[test]
fn biopython_pubmed1_2008_same_records_old_dtd() {
    let old = articles(local("biopython_pubmed1_2008.xml"));
    let new = articles(local("biopython_pubmed1.xml"));
    assert_eq!(old.len(), 2);
    for (o, n) in old.iter().zip(&new) {
        assert_eq!((o.pmid, &o.title, o.year()), (n.pmid, &n.title, n.year()));
        assert_eq!(o.abstract_text(), n.abstract_text());
    }
    check(
        &old[1],
        Expect {
            pmid: 9997,
            title_starts: "Magnetic studies",
            first_author: Some("Strekas TC"),
            sections: 1,
            number: Some("S = 1/2"),
            year: 1976,
        },
    );
}

#[test]
fn biopython_pubmed2_parenthesised_isotope_in_title() {
    let a = articles(local("biopython_pubmed2.xml"));
    assert_eq!(a.len(), 2);
    check(
        &a[0],
        Expect {
            pmid: 11748933,
            title_starts: "Is cryopreservation a homogeneous process?",
            first_author: Some("Taddei AR"),
            sections: 1,
            number: Some("0.17"),
            year: 2001,
        },
    );
    check(
        &a[1],
        Expect {
            pmid: 11700088,
            title_starts: "Proton MRI of (13)C distribution",
            first_author: Some("Casieri C"),
            sections: 1,
            number: None,
            year: 2001,
        },
    );
}

#[test]
fn biopython_pubmed2_2008_matches_current_text() {
    let old = articles(local("biopython_pubmed2_2008.xml"));
    let new = articles(local("biopython_pubmed2.xml"));
    assert_eq!(old.len(), 2);
    assert_eq!(old[1].title, new[1].title);
    check(
        &old[0],
        Expect {
            pmid: 11748933,
            title_starts: "Is cryopreservation",
            first_author: Some("Taddei AR"),
            sections: 1,
            number: Some("0.17"),
            year: 2001,
        },
    );
}

#[test]
fn biopython_pubmed4_structured_abstract_with_inline_markup() {
    let a = only("biopython_pubmed4.xml");
    check(
        &a,
        Expect {
            pmid: 27797938,
            title_starts: "Leucocyte telomere length, genetic variants",
            first_author: Some("Bao Y"),
            sections: 4,
            number: Some("r^2<0.25"),
            year: 2017,
        },
    );
    let labels: Vec<_> = a
        .abstract_sections
        .iter()
        .map(|s| s.label.as_deref().unwrap())
        .collect();
    assert_eq!(labels, ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]);
    assert!(a.abstract_sections.iter().all(|s| s.nlm_category.is_none()));
    assert_eq!(a.id_of_type("mid"), Some("NIHMS857349"));
    assert_eq!(a.keywords, ["PANCREATIC CANCER"]);
    assert_eq!(
        a.article_date.map(|d| (d.year, d.month, d.day)),
        Some((2016, 10, 21))
    );
}

#[test]
fn biopython_pubmed6_mathml_and_quot_in_title() {
    let a = only("biopython_pubmed6.xml");
    check(
        &a,
        Expect {
            pmid: 30108519,
            title_starts: "A \"Blood Relationship\" Between",
            first_author: Some("Garcia-Tabar I"),
            sections: 1,
            number: Some("15.0 \u{b1} 1.1 km\u{b7}h^-1"),
            year: 2018,
        },
    );
    assert!(
        a.abstract_text().contains("( V.O2max ) 67.6"),
        "MathML text content kept"
    );
}

#[test]
fn fatcat_2019_baseline_sample_deletes_medline_dates_retractions() {
    let Some(records) = shared("fatcat_pubmedsample_2019.xml") else {
        return;
    };
    let deleted: Vec<Pmid> = records
        .iter()
        .filter_map(|r| match r {
            Record::Deleted(p) => Some(p.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(deleted.len(), 7);
    assert_eq!(deleted[0], Pmid(23203860));
    let a = articles(records);
    assert_eq!(a.len(), 176);
    let medline: Vec<_> = a
        .iter()
        .filter(|x| x.pub_date.medline_date.is_some())
        .collect();
    assert!(medline.iter().all(|x| x.year().is_some()));
    let range = a
        .iter()
        .find(|x| x.pub_date.medline_date.as_deref() == Some("1998 Dec-1999 Jan"))
        .unwrap();
    assert_eq!(range.year(), Some(1998));
    assert!(a.iter().filter(|x| x.is_retracted()).count() >= 2);
    let orcids: Vec<&str> = a
        .iter()
        .flat_map(|x| &x.authors)
        .filter_map(|x| x.orcid.as_deref())
        .collect();
    assert!(
        orcids.contains(&"0000-0001-7984-1889"),
        "16 digits without hyphens normalised"
    );
    assert!(
        orcids.iter().all(|o| o.len() == 19 && !o.contains('/')),
        "{orcids:?}"
    );
}

#[test]
fn issue_efetch_unavailable_pmid_empty_set_is_valid() {
    assert!(local("issue_semantic-search-100_efetch_unavailable_pmid_empty_set.xml").is_empty());
}

#[test]
fn klortho_2013_efetch_two_records() {
    let Some(records) = shared("klortho_efetch.pubmed.xml") else {
        return;
    };
    let a = articles(records);
    assert_eq!(a.len(), 2);
    check(
        &a[0],
        Expect {
            pmid: 17284678,
            title_starts: "Sequencing and analysis of chromosome 1 of Eimeria tenella",
            first_author: Some("Ling KH"),
            sections: 1,
            number: None,
            year: 2007,
        },
    );
    check(
        &a[1],
        Expect {
            pmid: 9997,
            title_starts: "Magnetic studies",
            first_author: Some("Strekas TC"),
            sections: 1,
            number: Some("S = 1/2"),
            year: 1976,
        },
    );
}

#[test]
fn metapub_11636720_historical_article_without_abstract() {
    let a = only("metapub_11636720.xml");
    check(
        &a,
        Expect {
            pmid: 11636720,
            title_starts: "Anaxagoras' theory of sex differentiation",
            first_author: Some("Kember O"),
            sections: 0,
            number: None,
            year: 1973,
        },
    );
}

#[test]
fn metapub_32051057_long_reference_list_does_not_leak_ids() {
    let a = only("metapub_32051057.xml");
    check(
        &a,
        Expect {
            pmid: 32051057,
            title_starts: "The biology of ergothioneine",
            first_author: Some("Borodina I"),
            sections: 1,
            number: None,
            year: 2020,
        },
    );
    assert_eq!(
        a.article_ids.iter().filter(|i| i.id_type == "doi").count(),
        1
    );
    assert_eq!(a.doi(), Some("10.1017/S0954422419000301"));
}

#[test]
fn metapub_36156117_update_of_link() {
    let a = only("metapub_36156117.xml");
    check(
        &a,
        Expect {
            pmid: 36156117,
            title_starts: "Remdesivir Resistance in Transplant Recipients",
            first_author: Some("Hogan JI"),
            sections: 1,
            number: Some("V792I"),
            year: 2023,
        },
    );
    let c = &a.comments_corrections[0];
    assert_eq!(
        (c.ref_type.as_str(), c.pmid),
        ("UpdateOf", Some(Pmid(35794888)))
    );
}

#[test]
fn metapub_38048813_bracketed_title_and_vernacular() {
    let a = only("metapub_38048813.xml");
    check(
        &a,
        Expect {
            pmid: 38048813,
            title_starts: "[A Broader Scope - Bio-Psycho-Social Medicine",
            first_author: Some("Zipfel S"),
            sections: 0,
            number: None,
            year: 2023,
        },
    );
    assert_eq!(
        a.vernacular_title.as_deref(),
        Some("A Broader Scope \u{2013} Bio-psycho-soziale Medizin im globalen Fokus.")
    );
    assert_eq!(a.languages, ["ger"]);
}

#[test]
fn metapub_38763967_case_report_with_mesh() {
    let a = only("metapub_38763967.xml");
    check(
        &a,
        Expect {
            pmid: 38763967,
            title_starts: "Widespread form of Majocchi's granuloma",
            first_author: Some("Uysal C"),
            sections: 1,
            number: None,
            year: 2024,
        },
    );
    assert_eq!(a.mesh_headings.len(), 13);
    assert!(a.publication_types.iter().any(|p| p == "Case Reports"));
    assert!(
        a.keywords
            .iter()
            .any(|k| k == "Majocchi\u{2019}s granuloma")
    );
}

#[test]
fn metapub_38962805_erratum_notice() {
    let a = only("metapub_38962805.xml");
    check(
        &a,
        Expect {
            pmid: 38962805,
            title_starts: "Correction.",
            first_author: None,
            sections: 0,
            number: None,
            year: 2024,
        },
    );
    assert!(a.publication_types.iter().any(|p| p == "Published Erratum"));
    let c = &a.comments_corrections[0];
    assert_eq!(
        (c.ref_type.as_str(), c.pmid),
        ("ErratumFor", Some(Pmid(38446048)))
    );
    assert!(!a.is_retracted());
}

#[test]
fn metapub_38988993_italic_species_name_in_title() {
    let a = only("metapub_38988993.xml");
    check(
        &a,
        Expect {
            pmid: 38988993,
            title_starts: "Prey size preference in the tokay gecko (Gekko gecko).",
            first_author: Some("Probst A"),
            sections: 1,
            number: None,
            year: 2023,
        },
    );
}

#[test]
fn metapub_20301577_book_article() {
    let a = only("metapub_sample_article_20301577_book.xml");
    assert_eq!(a.kind, RecordKind::Book);
    check(
        &a,
        Expect {
            pmid: 20301577,
            title_starts: "CACNA1C-Related Disorders",
            first_author: Some("Napolitano C"),
            sections: 4,
            number: None,
            year: 1993,
        },
    );
    assert_eq!(a.journal_title.as_deref(), Some("GeneReviews^\u{ae}"));
    assert_eq!(
        a.abstract_sections[0].label.as_deref(),
        Some("CLINICAL CHARACTERISTICS")
    );
    assert_eq!(a.id_of_type("bookaccession"), Some("NBK1403"));
    assert_eq!(a.authors.len(), 2, "editors are not authors");
}

#[test]
fn metapub_23435529_collective_name_structured_abstract() {
    let a = only("metapub_sample_article_23435529.xml");
    check(
        &a,
        Expect {
            pmid: 23435529,
            title_starts: "Randomized phase III trial of docetaxel versus vinorelbine",
            first_author: Some("Fossella F"),
            sections: 4,
            number: Some("(11.3 v 10.1 months"),
            year: 2013,
        },
    );
    assert!(
        a.authors
            .iter()
            .any(|x| x.collective_name.as_deref() == Some("TAX 325 Study Group"))
    );
    let cats: Vec<_> = a
        .abstract_sections
        .iter()
        .map(|s| s.nlm_category.as_deref().unwrap())
        .collect();
    assert_eq!(cats, ["OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS"]);
}

#[test]
fn netsynergy_2021_baseline_subset() {
    let Some(records) = shared("netsynergy_pubmed21n1001_subset.xml") else {
        return;
    };
    let a = articles(records);
    assert_eq!(a.len(), 37);
    check(
        &a[0],
        Expect {
            pmid: 31418820,
            title_starts: "Out of the testis, into the ovary",
            first_author: Some("Assis R"),
            sections: 1,
            number: None,
            year: 2019,
        },
    );
    assert!(a.iter().any(|x| !x.databanks.is_empty()));
    assert!(
        a.iter()
            .any(|x| x.authors.iter().any(|au| au.collective_name.is_some()))
    );
    // OtherAbstract (publisher translations) never joins the English abstract.
    assert!(a.iter().all(|x| x.abstract_sections.len() <= 8));
}

#[test]
fn pubmedclient_25760099_german_article_with_vernacular_title() {
    let a = only("pubmedclient_25760099.xml");
    check(
        &a,
        Expect {
            pmid: 25760099,
            title_starts: "[Market Concentration in the Statutory Health Insurance",
            first_author: Some("G\u{f6}tze R"),
            sections: 1,
            number: None,
            year: 2016,
        },
    );
    assert_eq!(
        a.vernacular_title.as_deref(),
        Some(
            "Marktkonzentration in der Gesetzlichen Krankenversicherung seit Einf\u{fc}hrung der freien Kassenwahl."
        )
    );
    assert!(a.abstract_text().contains("Background:"), "<b> text kept");
}

#[test]
fn pubmedclient_27350240_comment_without_abstract() {
    let a = only("pubmedclient_27350240.xml");
    check(
        &a,
        Expect {
            pmid: 27350240,
            title_starts: "Computational neuroscience: Species-specific",
            first_author: Some("Euler T"),
            sections: 0,
            number: None,
            year: 2016,
        },
    );
    assert_eq!(a.comments_corrections[0].ref_type, "CommentOn");
    assert!(a.publication_types.iter().any(|p| p == "Comment"));
}

#[test]
fn pubmedclient_29540945_season_month_range() {
    let a = only("pubmedclient_29540945.xml");
    check(
        &a,
        Expect {
            pmid: 29540945,
            title_starts: "Split notochord syndrome",
            first_author: Some("de Sousa CSM"),
            sections: 0,
            number: None,
            year: 2018,
        },
    );
    assert_eq!(a.pub_date.season.as_deref(), Some("Jan-Feb"));
}

#[test]
fn pubmedclient_31978945_collective_name_and_many_comments() {
    let a = only("pubmedclient_31978945.xml");
    check(
        &a,
        Expect {
            pmid: 31978945,
            title_starts: "A Novel Coronavirus from Patients with Pneumonia in China, 2019.",
            first_author: Some("Zhu N"),
            sections: 1,
            number: None,
            year: 2020,
        },
    );
    assert_eq!(
        a.comments_corrections
            .iter()
            .filter(|c| c.ref_type == "CommentIn")
            .count(),
        13
    );
    assert!(a.authors.iter().any(|x| x.collective_name.is_some()));
}

#[test]
fn pubmedclient_33515491_suffix_and_two_elocation_ids() {
    let a = only("pubmedclient_33515491.xml");
    check(
        &a,
        Expect {
            pmid: 33515491,
            title_starts: "Resurgence of COVID-19 in Manaus",
            first_author: Some("Sabino EC"),
            sections: 0,
            number: None,
            year: 2021,
        },
    );
    assert!(a.authors.iter().any(|x| x.suffix.as_deref() == Some("Jr")));
    assert_eq!(a.doi(), Some("10.1016/S0140-6736(21)00183-5"));
    assert_eq!(a.id_of_type("pii"), Some("S0140-6736(21)00183-5"));
}

#[test]
fn pubmedclient_35123456_nlm_categories() {
    let a = only("pubmedclient_35123456.xml");
    check(
        &a,
        Expect {
            pmid: 35123456,
            title_starts: "Test-retest reliability for performance-based",
            first_author: Some("Sions JM"),
            sections: 4,
            number: Some("in\u{2009}\u{2265}\u{2009}2 body regions"),
            year: 2022,
        },
    );
    assert_eq!(
        a.abstract_sections[1].nlm_category.as_deref(),
        Some("METHODS")
    );
    assert_eq!(a.doi(), Some("10.1186/s12891-022-05070-w"));
}

#[test]
fn pubmedclient_36789012_ahead_of_print() {
    let a = only("pubmedclient_36789012.xml");
    check(
        &a,
        Expect {
            pmid: 36789012,
            title_starts: "A vision-based real-time traffic flow monitoring",
            first_author: Some("Azimjonov J"),
            sections: 1,
            number: Some("9.18% better"),
            year: 2023,
        },
    );
}

#[test]
fn pubmedclient_37456789_unassigned_categories() {
    let a = only("pubmedclient_37456789.xml");
    check(
        &a,
        Expect {
            pmid: 37456789,
            title_starts: "Contact Guidance Drives Upward Cellular Migration",
            first_author: Some("Chen X"),
            sections: 5,
            number: None,
            year: 2023,
        },
    );
    assert!(
        a.abstract_sections
            .iter()
            .all(|s| s.nlm_category.as_deref() == Some("UNASSIGNED"))
    );
    assert_eq!(
        a.abstract_sections[0].label.as_deref(),
        Some("INTRODUCTION")
    );
}

#[test]
fn reciter_28356292_markup_in_title_and_abstract() {
    let a = only("reciter_28356292.xml");
    check(
        &a,
        Expect {
            pmid: 28356292,
            title_starts: "Responses of distal nephron Na^+ transporters - to acute",
            first_author: Some("Frindt G"),
            sections: 1,
            number: Some("amiloride (0.6 mg/kg)"),
            year: 2017,
        },
    );
}

#[test]
fn reciter_32025781_no_declaration_no_doctype() {
    let a = only("reciter_32025781.xml");
    check(
        &a,
        Expect {
            pmid: 32025781,
            title_starts: "Propionibacterium acnes Host Inflammatory",
            first_author: None,
            sections: 4,
            number: Some("82.9%"),
            year: 2020,
        },
    );
}

#[test]
fn titipata_29768149_clinical_trials_databank() {
    let a = only("titipata_pubmed-29768149.xml");
    check(
        &a,
        Expect {
            pmid: 29768149,
            title_starts: "Inhaled Combined Budesonide-Formoterol as Needed",
            first_author: Some("O'Byrne PM"),
            sections: 4,
            number: None,
            year: 2018,
        },
    );
    assert_eq!(a.nct_ids(), ["NCT02149199"]);
}
