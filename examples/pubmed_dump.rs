//! Print one JSON line per record of a PubMed XML file (or `-`), and rejects to stderr.
//! A debugging aid for the parser; never used by the pipeline.

use ketamine_evidence::pubmed::{ReadError, Record, RecordReader, open_input};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "-".into());
    let input = open_input(path.as_ref()).expect("open input");
    for item in RecordReader::new(input) {
        match item {
            Ok(Record::Article(a)) => println!("{}", serde_json::to_string(&a).unwrap()),
            Ok(Record::Deleted(p)) => println!("{{\"deleted\":{p:?}}}"),
            Err(ReadError::Reject(r)) => eprintln!("reject: {r}"),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
    }
}
