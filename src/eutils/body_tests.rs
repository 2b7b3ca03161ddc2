//! Tests for body classification, one named test per fixture (tests/fixtures/eutils/).

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/eutils/",
            $name
        ))
    };
}

fn pmids(ns: &[u64]) -> Vec<Pmid> {
    ns.iter().map(|&n| Pmid(n)).collect()
}

fn articles(body: &[u8]) -> Vec<Pmid> {
    match classify_efetch(body) {
        EfetchBody::Articles { pmids, .. } => pmids,
        other => panic!("expected articles, got {other:?}"),
    }
}

#[test]
fn two_compact_records_on_one_line() {
    assert_eq!(
        articles(fixture!("biopython_pubmed1.xml")),
        pmids(&[12091962, 9997])
    );
}

#[test]
fn cited_pmids_are_not_records() {
    assert_eq!(
        articles(fixture!("klortho_efetch.pubmed.xml")),
        pmids(&[17284678, 9997])
    );
    assert_eq!(
        articles(fixture!("pubmedclient_27350240.xml")),
        pmids(&[27350240])
    );
}

#[test]
fn book_articles_count() {
    assert_eq!(
        articles(fixture!("metapub_sample_article_20301577_book.xml")),
        pmids(&[20301577])
    );
}

#[test]
fn empty_set_is_complete_and_empty() {
    let body = fixture!("issue_semantic-search-100_efetch_unavailable_pmid_empty_set.xml");
    assert_eq!(
        classify_efetch(body),
        EfetchBody::Articles {
            pmids: vec![],
            deleted: vec![]
        }
    );
}

#[test]
fn efetch_result_error_is_an_error() {
    match classify_efetch(fixture!(
        "issue_pubmedR-7_efetch_history_out_of_range_http400.xml"
    )) {
        EfetchBody::Error(m) => assert!(m.starts_with("Cannot retrieve history data"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn delete_citation_is_reported_apart() {
    let body = b"<PubmedArticleSet><DeleteCitation><PMID Version=\"1\">111</PMID><PMID>222</PMID></DeleteCitation></PubmedArticleSet>";
    assert_eq!(
        classify_efetch(body),
        EfetchBody::Articles {
            pmids: vec![],
            deleted: pmids(&[111, 222])
        }
    );
}

#[test]
fn truncated_bodies_are_malformed() {
    let full = fixture!("biopython_pubmed1.xml");
    for cut in [full.len() / 3, full.len() / 2, full.len() - 5] {
        assert!(
            matches!(classify_efetch(&full[..cut]), EfetchBody::Malformed { .. }),
            "cut at {cut} was accepted"
        );
    }
}

#[test]
fn other_bodies_are_malformed() {
    let cases: [(&str, &[u8]); 5] = [
        ("html", fixture!("biopython_pubmed3.html")),
        (
            "proxy text",
            fixture!("issue_tools-artbio-425_unable_to_route_request.txt"),
        ),
        (
            "gateway json",
            fixture!("issue_primerTree-33_rate_limit_http429.json"),
        ),
        (
            "esearch xml error",
            fixture!("issue_refinebio-1390_esearch_backend_failed.xml"),
        ),
        ("empty", b""),
    ];
    for (what, body) in cases {
        assert!(
            matches!(classify_efetch(body), EfetchBody::Malformed { .. }),
            "{what}"
        );
    }
}

#[test]
fn esearch_with_history() {
    let b = parse_esearch(fixture!("klortho_esearch.pubmed.json")).unwrap();
    assert_eq!(b.count, 15169);
    assert_eq!(b.ids.len(), 100);
    assert_eq!(b.ids[0], Pmid(23175848));
    assert_eq!(b.query_key.as_deref(), Some("1"));
    assert!(b.webenv.as_deref().unwrap().starts_with("NCID_1_"));
    assert!(b.warnings.is_empty());
}

#[test]
fn esearch_phrase_not_found_is_a_warning() {
    let b = parse_esearch(fixture!("klortho_esearch.error.json")).unwrap();
    assert_eq!(b.count, 5163);
    assert_eq!(
        b.warnings,
        vec!["phrasesnotfound: fleegle[MeSH Terms]".to_string()]
    );
}

type Case = (&'static str, &'static [u8], fn(&EsearchError) -> bool);

#[test]
fn esearch_errors_by_shape() {
    let cases: [Case; 5] = [
        (
            "esearchresult.ERROR",
            fixture!("klortho_esearch.baderror.json"),
            |e| matches!(e, EsearchError::Service(m) if m.contains("fleegle")),
        ),
        (
            "429 body",
            fixture!("issue_primerTree-33_rate_limit_http429.json"),
            |e| matches!(e, EsearchError::Gateway(_)),
        ),
        (
            "500 body",
            fixture!("issue_rentrez-162_error_forwarding_request_http500.json"),
            |e| matches!(e, EsearchError::Gateway(_)),
        ),
        (
            "xml error",
            fixture!("issue_refinebio-1390_esearch_backend_failed.xml"),
            |e| matches!(e, EsearchError::Malformed(_)),
        ),
        ("html", fixture!("biopython_pubmed3.html"), |e| {
            matches!(e, EsearchError::Malformed(_))
        }),
    ];
    for (what, body, ok) in cases {
        let err = parse_esearch(body).unwrap_err();
        assert!(ok(&err), "{what}: {err:?}");
    }
}
