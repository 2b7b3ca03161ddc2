//! The iterators callers use: `RecordReader` (parsed records, one thread) and `RecordChunks`
//! (raw record bytes with their offsets, for parsing on a thread pool with `parse_record`).
//!
//! Both stop after `NotPubmed` or an I/O error; a bad record is an item, never the end.

use std::io::BufRead;

use super::record::parse_record;
use super::split::Splitter;
use super::{ReadError, Record};

/// Parsed records from a `PubmedArticleSet` stream, in file order.
pub struct RecordReader<R> {
    split: Splitter<R>,
}

impl<R: BufRead> RecordReader<R> {
    pub fn new(r: R) -> Self {
        RecordReader {
            split: Splitter::new(r),
        }
    }
}

impl<R: BufRead> Iterator for RecordReader<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.split.next_span()? {
            Ok((offset, range)) => {
                parse_record(&self.split.buf[range], offset).map_err(ReadError::Reject)
            }
            Err(e) => Err(e),
        })
    }
}

/// One record's bytes and the absolute offset of its first byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordBytes {
    pub offset: u64,
    pub bytes: Vec<u8>,
}

impl RecordBytes {
    pub fn parse(&self) -> Result<Record, super::Reject> {
        parse_record(&self.bytes, self.offset)
    }
}

/// Record-sized byte chunks, not yet parsed: feed them to `parse_record` on any thread.
pub struct RecordChunks<R> {
    split: Splitter<R>,
}

impl<R: BufRead> RecordChunks<R> {
    pub fn new(r: R) -> Self {
        RecordChunks {
            split: Splitter::new(r),
        }
    }
}

impl<R: BufRead> Iterator for RecordChunks<R> {
    type Item = Result<RecordBytes, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(self.split.next_span()?.map(|(offset, range)| RecordBytes {
            offset,
            bytes: self.split.buf[range].to_vec(),
        }))
    }
}
