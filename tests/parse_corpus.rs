//! The shared corpus (`../shared/corpus/*.xml`) reads without a reject; skipped with a message
//! when `../shared` is absent (it is not shipped with the project).

use std::path::Path;

use ketamine_evidence::pubmed::{Article, ReadError, Record, RecordReader, open_input};

fn read_shared(name: &str) -> Option<Vec<Article>> {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")).join(name);
    if !path.exists() {
        eprintln!("skipping: {} is absent", path.display());
        return None;
    }
    let mut out = Vec::new();
    for item in RecordReader::new(open_input(&path).unwrap()) {
        match item {
            Ok(Record::Article(a)) => out.push(*a),
            Ok(Record::Deleted(p)) => panic!("unexpected DeleteCitation {p:?}"),
            Err(ReadError::Reject(r)) => panic!("{name}: {r}"),
            Err(e) => panic!("{name}: {e}"),
        }
    }
    Some(out)
}

fn check_corpus(articles: &[Article]) {
    assert!(articles.len() > 10);
    for a in articles {
        assert!(
            a.title.as_deref().is_some_and(|t| t.len() > 10),
            "{}: title",
            a.pmid
        );
        assert!(!a.abstract_sections.is_empty(), "{}: abstract", a.pmid);
        // A year when PubMed gives one; "n.d." (no date) stays as raw MedlineDate text.
        match a.year() {
            Some(y) => assert!((1950..=2030).contains(&y), "{}: year {y}", a.pmid),
            None => assert!(
                a.pub_date.medline_date.is_some(),
                "{}: no year and no MedlineDate",
                a.pmid
            ),
        }
        // Some corpus records have an empty <Title/>: absent, never "".
        assert!(
            a.journal_title.as_deref().is_none_or(|j| !j.is_empty()),
            "{}: journal",
            a.pmid
        );
        assert!(!a.languages.is_empty(), "{}: language", a.pmid);
        assert!(
            !a.publication_types.is_empty(),
            "{}: publication type",
            a.pmid
        );
        for s in &a.abstract_sections {
            assert!(
                !s.text.contains('\n') && !s.text.contains("  "),
                "{}: whitespace",
                a.pmid
            );
        }
    }
}

#[test]
fn dev_corpus_parses_completely() {
    let Some(articles) = read_shared("dev.xml") else {
        return;
    };
    let raw = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/dev.xml"
    ))
    .unwrap();
    assert_eq!(articles.len(), raw.matches("<PubmedArticle>").count());
    check_corpus(&articles);
    assert!(
        articles
            .iter()
            .any(|a| a.abstract_sections.iter().any(|s| s.label.is_some()))
    );
    assert!(articles.iter().any(|a| !a.authors.is_empty()));
    assert!(articles.iter().any(|a| a.doi().is_some()));
}

#[test]
fn snapshot_corpus_parses_completely() {
    let Some(articles) = read_shared("snapshot.xml") else {
        return;
    };
    check_corpus(&articles);
}
