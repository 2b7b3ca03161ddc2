//! PubMed XML → `Article`: a streaming reader over `PubmedArticleSet` files. Pure apart from
//! `input` (opening a path or stdin): takes bytes, returns records and rejects; never touches
//! the network, and never expands or fetches entities a DOCTYPE defines.
//!
//! Shape: `split` cuts the byte stream into one chunk per record (memchr, no parsing);
//! `record` parses one chunk with a fresh quick-xml pull reader, so a broken record becomes a
//! `Reject` and the rest of the file is still read. `RecordChunks` + `parse_record` let callers
//! parse chunks in parallel; `RecordReader` does both in order on one thread.

mod article;
mod book;
mod cursor;
mod fields;
mod input;
mod reader;
mod record;
mod split;
mod text;

use std::fmt;

pub use article::*;
pub use input::{from_reader, open_input};
pub use reader::{RecordBytes, RecordChunks, RecordReader};
pub use record::parse_record;

/// One item of a `PubmedArticleSet`.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Article(Box<Article>),
    /// `<DeleteCitation>`: PMIDs withdrawn from PubMed.
    Deleted(Vec<Pmid>),
}

/// A record that could not be read; the rest of the file still is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub pmid: Option<Pmid>,
    /// Absolute offset in the (decompressed) input where the problem was found.
    pub byte_offset: u64,
    pub reason: String,
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pmid {
            Some(p) => write!(
                f,
                "record PMID {p} at byte {}: {}",
                self.byte_offset, self.reason
            ),
            None => write!(f, "record at byte {}: {}", self.byte_offset, self.reason),
        }
    }
}

impl std::error::Error for Reject {}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Reject(Reject),
    #[error("not PubMed XML: {reason}")]
    NotPubmed { reason: String },
    #[error("could not read the input")]
    Io(#[source] std::io::Error),
}
