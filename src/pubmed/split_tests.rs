//! Table-driven tests for the record splitter and the prologue check.

use super::*;

fn chunks(xml: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut pos = match prologue(xml.as_bytes(), true) {
        Prologue::Body(n) => n,
        other => panic!("{other:?}"),
    };
    loop {
        match scan(&xml.as_bytes()[pos..], true) {
            Scan::Chunk(r) => {
                out.push(&xml[pos + r.start..pos + r.end]);
                pos += r.end;
            }
            Scan::Done => return out,
            Scan::Need | Scan::Discard(_) => panic!("more input asked for at EOF"),
        }
    }
}

#[test]
fn records_split_at_their_own_tags() {
    let a = "<PubmedArticle><PubmedData>x</PubmedData></PubmedArticle>";
    let b = "<PubmedBookArticle><PubmedBookData/></PubmedBookArticle>";
    let d = "<DeleteCitation><PMID>1</PMID></DeleteCitation>";
    let xml =
        format!("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n{a}{b}\n{d}\n</PubmedArticleSet>\n");
    assert_eq!(chunks(&xml), [a, b, d]);
}

#[test]
fn a_truncated_record_ends_where_the_next_begins() {
    let broken = "<PubmedArticle><MedlineCitation><PMID>1</PMID>";
    let good = "<PubmedArticle><x/></PubmedArticle>";
    let xml = format!("<PubmedArticleSet>{broken}\n{good}</PubmedArticleSet>");
    assert_eq!(chunks(&xml), [format!("{broken}\n").as_str(), good]);
}

#[test]
fn stray_end_tags_and_cut_files_become_chunks() {
    let xml = "<PubmedArticleSet></PubmedArticle><PubmedArticle><a>cut";
    assert_eq!(chunks(xml), ["</PubmedArticle>", "<PubmedArticle><a>cut"]);
}

#[test]
fn near_miss_names_are_not_boundaries() {
    let a = "<PubmedArticle><PubmedArticleX/><Pubmed/>Pubmed text DeleteCitation</PubmedArticle>";
    assert_eq!(
        chunks(&format!("<PubmedArticleSet>{a}</PubmedArticleSet>")),
        [a]
    );
}

#[test]
fn scanning_asks_for_more_input_before_eof() {
    let cases: [&[u8]; 4] = [
        b"<PubmedArticle><a>",
        b"<PubmedArticle><a></a></PubmedArt",
        b"<PubmedArticle><a></a></PubmedArticle",
        b"  <Pubm",
    ];
    for buf in cases {
        assert_eq!(
            scan(buf, false),
            Scan::Need,
            "{}",
            String::from_utf8_lossy(buf)
        );
    }
}

#[test]
fn prologue_accepts_pubmed_and_names_everything_else() {
    let doctype_with_entities = "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n<!ENTITY a \"]>\">\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n<PubmedArticleSet>";
    let cases: [(&str, Option<&str>); 10] = [
        ("<PubmedArticleSet>", None),
        (
            "\u{feff}<?xml version=\"1.0\"?><!-- c --><PubmedArticleSet >",
            None,
        ),
        (doctype_with_entities, None),
        ("<PubmedArticle><x/></PubmedArticle>", None),
        ("", Some("empty")),
        ("   \n", Some("no root")),
        (
            "<html><head><title>PmFetch</title></head></html>",
            Some("<html>"),
        ),
        (
            "<eFetchResult>\n<ERROR>Cannot retrieve history data</ERROR></eFetchResult>",
            Some("Cannot retrieve history data"),
        ),
        ("id: 32816848 Error occurred", Some("text where")),
        (
            "{\"error\":\"API rate limit exceeded\"}",
            Some("text where"),
        ),
    ];
    for (xml, want) in cases {
        match (prologue(xml.as_bytes(), true), want) {
            (Prologue::Body(_), None) => {}
            (Prologue::NotPubmed(reason), Some(w)) => {
                assert!(reason.contains(w), "{xml:?}: {reason}")
            }
            (other, _) => panic!("{xml:?}: {other:?}"),
        }
    }
    assert_eq!(prologue(b"<PubmedArticleSet/>", true), Prologue::Empty);
    assert_eq!(
        prologue(b"<?xml version=\"1.0\"?><PubmedArtic", false),
        Prologue::Need
    );
}

#[test]
fn doctype_subset_end_is_found_past_brackets_in_values() {
    let d = b"<!DOCTYPE x [<!ENTITY a \"]x\">]>rest";
    assert_eq!(doctype_end(d), Some(d.len() - 4));
}

#[test]
fn a_truncated_record_before_a_delete_citation_keeps_the_deletion() {
    let d = "<DeleteCitation><PMID>1</PMID></DeleteCitation>";
    let xml = format!("<PubmedArticleSet><PubmedArticle><a>{d}</PubmedArticleSet>");
    assert_eq!(chunks(&xml), ["<PubmedArticle><a>", d]);
}

#[test]
fn junk_between_records_is_dropped_not_kept() {
    let junk = vec![b'j'; 1000];
    assert_eq!(scan(&junk, false), Scan::Discard(1000 - KEEP));
    let mut cut = junk.clone();
    cut.extend(b"<PubmedArt");
    assert_eq!(
        scan(&cut, false),
        Scan::Discard(cut.len() - KEEP),
        "the cut name stays"
    );
    let reader = super::Splitter::new(std::io::BufReader::with_capacity(
        64 << 10,
        std::io::Cursor::new(
            [
                b"<PubmedArticleSet>".as_slice(),
                &vec![b' '; 10 << 20],
                b"<DeleteCitation><PMID>1</PMID></DeleteCitation></PubmedArticleSet>",
            ]
            .concat(),
        ),
    ));
    let mut reader = reader;
    let (offset, range) = reader.next_span().unwrap().unwrap();
    assert_eq!(offset, 18 + (10 << 20));
    assert!(reader.buf[range].starts_with(b"<DeleteCitation>"));
    assert!(
        reader.held() < 8 << 20,
        "the 10 MB of junk was not all kept"
    );
    assert!(reader.next_span().is_none());
}
