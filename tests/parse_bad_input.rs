//! Bad input end to end: broken records become rejects and the rest is read; bodies that are
//! not PubMed XML give one `NotPubmed`; DTD entities are never expanded or fetched; gzip and
//! plain input read the same.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use ketamine_evidence::pubmed::{
    Pmid, ReadError, Record, RecordChunks, RecordReader, from_reader, open_input, parse_record,
};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pubmed"
    ))
    .join(rel)
}

fn read_bytes(bytes: &[u8]) -> Vec<Result<Record, ReadError>> {
    RecordReader::new(Cursor::new(bytes.to_vec())).collect()
}

fn pmids(items: &[Result<Record, ReadError>]) -> Vec<u64> {
    items
        .iter()
        .filter_map(|r| match r {
            Ok(Record::Article(a)) => Some(a.pmid.0),
            _ => None,
        })
        .collect()
}

fn rejects(items: &[Result<Record, ReadError>]) -> Vec<&ketamine_evidence::pubmed::Reject> {
    items
        .iter()
        .filter_map(|r| match r {
            Err(ReadError::Reject(r)) => Some(r),
            _ => None,
        })
        .collect()
}

fn article(pmid: u64, title: &str) -> String {
    format!(
        "<PubmedArticle><MedlineCitation><PMID Version=\"1\">{pmid}</PMID><Article><ArticleTitle>{title}</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
    )
}

fn set(records: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n{}</PubmedArticleSet>\n",
        records.concat()
    )
}

#[test]
fn a_broken_record_is_rejected_and_its_neighbours_are_read() {
    let bad_cases = [
        (
            "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>x</Article></MedlineCitation></PubmedArticle>\n",
            Some(2),
            "malformed",
        ),
        (
            "<PubmedArticle><MedlineCitation><PMID>2x</PMID></MedlineCitation></PubmedArticle>\n",
            None,
            "PMID",
        ),
        (
            "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>never closed\n",
            Some(2),
            "ends",
        ),
        (
            "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><Bad attr=\"x></Article></MedlineCitation></PubmedArticle>\n",
            Some(2),
            "",
        ),
        (
            "<PubmedArticle><MedlineCitation><PMID>2</PMID><!DOCTYPE x></MedlineCitation></PubmedArticle>\n",
            Some(2),
            "DOCTYPE",
        ),
    ];
    for (bad, pmid, reason) in bad_cases {
        let xml = set(&[article(1, "one"), bad.to_string(), article(3, "three")]);
        let items = read_bytes(xml.as_bytes());
        assert_eq!(pmids(&items), [1, 3], "{bad}");
        let r = rejects(&items);
        assert_eq!(r.len(), 1, "{bad}");
        assert_eq!(r[0].pmid, pmid.map(Pmid), "{bad}");
        assert!(r[0].reason.contains(reason), "{bad}: {}", r[0].reason);
        let start = xml.find(bad).unwrap() as u64;
        assert!(
            (start..=start + bad.len() as u64).contains(&r[0].byte_offset),
            "{bad}: offset {}",
            r[0].byte_offset
        );
    }
}

#[test]
fn invalid_utf8_is_a_reject_at_its_byte() {
    let mut xml = set(&[
        article(1, "one"),
        article(2, "tw\u{e9}"),
        article(3, "three"),
    ])
    .into_bytes();
    let at = xml
        .windows(2)
        .position(|w| w == "\u{e9}".as_bytes())
        .unwrap();
    xml[at] = 0xFF;
    let items = read_bytes(&xml);
    assert_eq!(pmids(&items), [1, 3]);
    let r = rejects(&items);
    assert_eq!(
        (r[0].byte_offset, r[0].reason.as_str()),
        (at as u64, "invalid UTF-8")
    );
}

#[test]
fn a_corrupted_fixture_yields_rejects_never_a_panic() {
    let clean = std::fs::read(fixture("biopython_pubmed2.xml")).unwrap();
    // Break the first record: drop the `>` of its first AbstractText start tag.
    let at = clean
        .windows(14)
        .position(|w| w == b"<AbstractText>")
        .unwrap()
        + 13;
    let mut broken = clean.clone();
    broken.remove(at);
    let items = read_bytes(&broken);
    assert_eq!(pmids(&items), [11700088], "the second record survives");
    let r = rejects(&items);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].pmid, Some(Pmid(11748933)));
    // Truncate the file in the middle of the second record.
    let cut = &clean[..clean.len() * 3 / 4];
    let items = read_bytes(cut);
    assert_eq!(pmids(&items), [11748933]);
    assert_eq!(rejects(&items)[0].pmid, Some(Pmid(11700088)));
}

#[test]
fn bodies_that_are_not_pubmed_give_one_clear_error() {
    let cases = [
        ("../eutils/biopython_pubmed3.html", "<html>"),
        (
            "../eutils/issue_pubmedR-7_efetch_history_out_of_range_http400.xml",
            "OUT OF RANGE",
        ),
        (
            "../eutils/issue_semantic-search-100_efetch_text_pmid_not_available.txt",
            "not PubMed XML",
        ),
        (
            "../eutils/issue_primerTree-33_rate_limit_http429.json",
            "not PubMed XML",
        ),
    ];
    for (file, want) in cases {
        let items: Vec<_> = RecordReader::new(open_input(&fixture(file)).unwrap()).collect();
        assert_eq!(items.len(), 1, "{file}");
        match &items[0] {
            Err(e @ ReadError::NotPubmed { .. }) => {
                assert!(e.to_string().contains(want), "{file}: {e}")
            }
            other => panic!("{file}: {other:?}"),
        }
    }
    let empty = read_bytes(b"");
    assert!(
        matches!(&empty[..], [Err(ReadError::NotPubmed { reason })] if reason.contains("empty"))
    );
}

#[test]
fn empty_sets_are_valid() {
    for xml in [
        "<PubmedArticleSet></PubmedArticleSet>",
        "<PubmedArticleSet/>",
        "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n</PubmedArticleSet>",
    ] {
        assert!(read_bytes(xml.as_bytes()).is_empty(), "{xml}");
    }
}

#[test]
fn dtd_entities_are_never_expanded_or_fetched() {
    let mut dtd = String::from("<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n");
    let body = "<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&lol9; &xxe; &amp;</ArticleTitle>\
        <Abstract><AbstractText Label=\"&xxe;\">&xxe;</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>";
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n{dtd}]>\n<PubmedArticleSet>{body}</PubmedArticleSet>"
    );
    let items = read_bytes(xml.as_bytes());
    let Ok(Record::Article(a)) = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(a.title.as_deref(), Some("&lol9; &xxe; &"));
    assert_eq!(a.abstract_sections[0].label.as_deref(), Some("&xxe;"));
    assert_eq!(a.abstract_sections[0].text, "&xxe;");
    assert!(!format!("{a:?}").contains("root:"));
}

#[test]
fn gzip_and_plain_input_read_the_same() {
    let plain = std::fs::read(fixture("biopython_pubmed1.xml")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&plain).unwrap();
    let gz = gz.finish().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.xml.gz");
    std::fs::write(&path, &gz).unwrap();
    let from_file: Vec<_> = RecordReader::new(open_input(&path).unwrap())
        .map(Result::unwrap)
        .collect();
    let from_mem: Vec<_> = RecordReader::new(from_reader(Box::new(Cursor::new(plain))).unwrap())
        .map(Result::unwrap)
        .collect();
    assert_eq!(from_file.len(), 2);
    assert_eq!(from_file, from_mem);
}

#[test]
fn chunks_parsed_separately_equal_the_reader() {
    let bytes = std::fs::read(fixture("biopython_pubmed2.xml")).unwrap();
    let chunked: Vec<Record> = RecordChunks::new(Cursor::new(bytes.clone()))
        .map(|c| {
            let c = c.unwrap();
            assert!(
                bytes[c.offset as usize..].starts_with(&c.bytes),
                "offset is absolute"
            );
            parse_record(&c.bytes, c.offset).unwrap()
        })
        .collect();
    let read: Vec<Record> = read_bytes(&bytes).into_iter().map(Result::unwrap).collect();
    assert_eq!(chunked, read);
}
