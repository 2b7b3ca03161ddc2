//! Run `RecordReader` alone over a file (for profiling). With `INLINE_GZ=1` a `.gz` file is
//! inflated on the parsing thread instead of `open_input`'s own thread, for comparison.
//! Not used by the pipeline.

use std::io::BufReader;

use flate2::read::MultiGzDecoder;
use ketamine_evidence::pubmed::{RecordReader, open_input};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: pubmed_reader_only FILE");
    let n = if std::env::var_os("INLINE_GZ").is_some() {
        let gz = MultiGzDecoder::new(std::fs::File::open(&path).unwrap());
        RecordReader::new(BufReader::with_capacity(1 << 20, gz))
            .filter(Result::is_ok)
            .count()
    } else {
        RecordReader::new(open_input(path.as_ref()).unwrap())
            .filter(Result::is_ok)
            .count()
    };
    eprintln!("{n} records");
}
