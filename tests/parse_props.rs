//! Property tests: fixture bytes mutated at random (bytes replaced, inserted, deleted, the file
//! cut short) never make the reader panic or loop, and every reject points inside the input.

use std::io::Cursor;

use ketamine_evidence::pubmed::{ReadError, Record, RecordReader, parse_record};
use proptest::prelude::*;

const FIXTURES: [&[u8]; 4] = [
    include_bytes!("fixtures/pubmed/biopython_pubmed1.xml"),
    include_bytes!("fixtures/pubmed/biopython_pubmed6.xml"),
    include_bytes!("fixtures/pubmed/metapub_sample_article_20301577_book.xml"),
    include_bytes!("fixtures/pubmed/pubmedclient_25760099.xml"),
];

/// Bytes that matter most to an XML reader, mixed with arbitrary ones.
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b"<>/&;#\"'=![]?x \n".to_vec()),
        any::<u8>(),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), interesting_byte()).prop_map(|(i, b)| Edit::Replace(i, b)),
        2 => (any::<usize>(), interesting_byte()).prop_map(|(i, b)| Edit::Insert(i, b)),
        2 => (any::<usize>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        if bytes.is_empty() {
            break;
        }
        let len = bytes.len();
        match *e {
            Edit::Replace(i, b) => bytes[i % len] = b,
            Edit::Insert(i, b) => bytes.insert(i % (len + 1), b),
            Edit::Delete(i, n) => {
                let at = i % len;
                bytes.drain(at..(at + n).min(len));
            }
            Edit::Truncate(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn mutated_fixtures_never_panic(which in 0..FIXTURES.len(), edits in prop::collection::vec(edit(), 1..12)) {
        let bytes = apply(FIXTURES[which].to_vec(), &edits);
        let mut items = 0usize;
        for item in RecordReader::new(Cursor::new(bytes.clone())) {
            items += 1;
            prop_assert!(items <= bytes.len() + 1, "the reader must end");
            match item {
                Ok(Record::Article(a)) => prop_assert!(a.pmid.0 > 0),
                Ok(Record::Deleted(_)) => {}
                Err(ReadError::Reject(r)) => prop_assert!(r.byte_offset <= bytes.len() as u64, "{r}"),
                Err(ReadError::NotPubmed { .. }) | Err(ReadError::Io(_)) => {}
            }
        }
    }

    #[test]
    fn arbitrary_record_bytes_never_panic(bytes in prop::collection::vec(interesting_byte(), 0..400), offset in 0u64..1_000_000) {
        let mut record = b"<PubmedArticle><MedlineCitation><PMID>5</PMID>".to_vec();
        record.extend(bytes);
        if let Err(r) = parse_record(&record, offset) {
            prop_assert!(r.byte_offset >= offset && r.byte_offset <= offset + record.len() as u64, "{r}");
        }
    }
}
