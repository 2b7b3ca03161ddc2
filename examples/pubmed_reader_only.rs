//! Run `RecordReader` alone over a file (for profiling with perf). Not used by the pipeline.

use ketamine_evidence::pubmed::{RecordReader, open_input};

fn main() {
    let path = std::env::args().nth(1).expect("usage: pubmed_reader_only FILE");
    let n = RecordReader::new(open_input(path.as_ref()).unwrap()).filter(Result::is_ok).count();
    eprintln!("{n} records");
}
