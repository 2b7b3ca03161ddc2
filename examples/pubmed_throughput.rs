//! Measure PubMed parsing speed on one file: quick-xml's bare event loop (the ceiling), the
//! splitter alone, `RecordReader` on one core, and `RecordChunks` + `parse_record` on rayon.
//! Usage: `cargo run --release --example pubmed_throughput -- FILE.xml[.gz]`. Not used by the pipeline.

use std::time::Instant;

use ketamine_evidence::pubmed::{Record, RecordChunks, RecordReader, open_input, parse_record};
use quick_xml::events::Event;
use rayon::prelude::*;

fn report(what: &str, bytes: usize, t: Instant, records: usize) {
    let s = t.elapsed().as_secs_f64();
    eprintln!(
        "{what:<28} {:>8.1} MB/s  {records} records  {s:.2}s",
        bytes as f64 / s / 1e6
    );
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: pubmed_throughput FILE");
    let mut data = Vec::new();
    std::io::Read::read_to_end(&mut open_input(path.as_ref()).unwrap(), &mut data).unwrap();

    let t = Instant::now();
    let ok = std::str::from_utf8(&data).is_ok();
    report("std UTF-8 check", data.len(), t, ok as usize);

    let t = Instant::now();
    let mut r = quick_xml::Reader::from_reader(&data[..]);
    let mut n = 0;
    loop {
        match r.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) if e.name().as_ref() == b"PubmedArticle" => n += 1,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    report("quick-xml event loop", data.len(), t, n);

    let t = Instant::now();
    let n = RecordChunks::new(&data[..]).count();
    report("split only (RecordChunks)", data.len(), t, n);

    let t = Instant::now();
    let n = RecordReader::new(&data[..])
        .filter(|r| matches!(r, Ok(Record::Article(_))))
        .count();
    report("RecordReader, one core", data.len(), t, n);

    let t = Instant::now();
    let chunks: Vec<_> = RecordChunks::new(&data[..]).map(Result::unwrap).collect();
    let n = chunks
        .par_iter()
        .filter(|c| parse_record(&c.bytes, c.offset).is_ok())
        .count();
    report("chunks + rayon parse", data.len(), t, n);
}
