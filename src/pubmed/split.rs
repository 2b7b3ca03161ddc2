//! Cut a `PubmedArticleSet` byte stream into one chunk per record, without parsing the records.
//!
//! Boundaries are the start and end tags of `PubmedArticle`, `PubmedBookArticle` and
//! `DeleteCitation` at the top level, found with memchr. A record whose end tag is missing ends
//! where the next record starts, so one broken record never swallows the rest of the file. The
//! prologue (declaration, comments, DOCTYPE) is skipped unread: DTD entities are never expanded.

use std::io::{self, BufRead};
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;

use super::ReadError;

const RECORD_NAMES: [&[u8]; 3] = [b"PubmedArticle", b"PubmedBookArticle", b"DeleteCitation"];
const SET: &[u8] = b"PubmedArticleSet";
static PUBMED: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"Pubmed"));
static DELETE: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(b"DeleteCitation"));

/// Bytes kept at the end of a discarded region: longer than any boundary tag.
const KEEP: usize = 64;

/// Read at least this much before scanning again, so rescans stay rare.
const BLOCK: usize = 4 << 20;

/// A boundary tag: `<` at `pos`, closing or not, with its element name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker {
    pub pos: usize,
    pub closing: bool,
    pub name: &'static [u8],
    /// Index just past the tag name.
    pub name_end: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Scan {
    /// More input is needed to decide.
    Need,
    /// A record (or a stray fragment, which the parser will reject) at this range.
    Chunk(Range<usize>),
    /// The set is closed, or the input ended between records.
    Done,
    /// These leading bytes hold no record and can be dropped; then more input is needed.
    Discard(usize),
}

/// Next boundary marker at or after `from`; `Err(())` when one might be cut off by the buffer end.
fn next_marker(buf: &[u8], from: usize, eof: bool) -> Result<Option<Marker>, ()> {
    let hit_p = find_marker(buf, from, buf.len(), &PUBMED, eof)?;
    let limit = hit_p.map_or(buf.len(), |m| m.pos);
    Ok(find_marker(buf, from, limit, &DELETE, eof)?.or(hit_p))
}

/// First boundary marker in `buf[from..limit]` whose name starts with `finder`'s needle.
fn find_marker(
    buf: &[u8],
    mut from: usize,
    limit: usize,
    finder: &memmem::Finder,
    eof: bool,
) -> Result<Option<Marker>, ()> {
    while let Some(i) = finder.find(&buf[from..limit]) {
        if let Some(m) = classify(buf, from + i, eof)? {
            return Ok(Some(m));
        }
        from += i + 1;
    }
    // A name may be split across the buffer end: ask for more unless at EOF.
    if eof || limit < buf.len() {
        Ok(None)
    } else {
        Err(())
    }
}

/// Where the tag whose name starts at `at` begins, and whether it is an end tag: `Some` when
/// `at` follows `<` or `</`.
pub(crate) fn tag_start(buf: &[u8], at: usize) -> Option<(usize, bool)> {
    match (
        at.checked_sub(1).map(|i| buf[i]),
        at.checked_sub(2).map(|i| buf[i]),
    ) {
        (Some(b'<'), _) => Some((at - 1, false)),
        (Some(b'/'), Some(b'<')) => Some((at - 2, true)),
        _ => None,
    }
}

/// Is the name at `at` (just after `<` or `</`) a boundary tag?
fn classify(buf: &[u8], at: usize, eof: bool) -> Result<Option<Marker>, ()> {
    let Some((lt, closing)) = tag_start(buf, at) else {
        return Ok(None);
    };
    let end = buf[at..]
        .iter()
        .position(|b| !is_name_byte(*b))
        .map(|i| at + i);
    let Some(end) = end else {
        return if eof { Ok(None) } else { Err(()) };
    };
    let name = &buf[at..end];
    let known = RECORD_NAMES
        .iter()
        .chain(std::iter::once(&SET))
        .find(|n| **n == name);
    Ok(known.map(|n| Marker {
        pos: lt,
        closing,
        name: n,
        name_end: end,
    }))
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':')
}

/// Between records: find the next record and its extent.
pub(crate) fn scan(buf: &[u8], eof: bool) -> Scan {
    let first = match next_marker(buf, 0, eof) {
        // Nothing between records yet: drop what was searched (keeping room for a name cut
        // at the buffer end), so junk between records never grows the buffer or is rescanned.
        Err(()) if buf.len() > KEEP => return Scan::Discard(buf.len() - KEEP),
        Err(()) => return Scan::Need,
        Ok(None) => return Scan::Done,
        Ok(Some(m)) => m,
    };
    if first.name == SET {
        return if first.closing {
            Scan::Done
        } else {
            Scan::Chunk(first.pos..first.name_end)
        };
    }
    if first.closing {
        // A stray end tag: hand it over alone so it becomes a reject.
        return match tag_end(buf, first.name_end) {
            Some(e) => Scan::Chunk(first.pos..e),
            None if eof => Scan::Chunk(first.pos..buf.len()),
            None => Scan::Need,
        };
    }
    // Fast path: only `Pubmed…` names are searched until the record's own end tag; a
    // `DeleteCitation` is looked for only when something else came first.
    let next = find_marker(buf, first.name_end, buf.len(), &PUBMED, eof);
    if let Ok(Some(m)) = next
        && m.closing
        && m.name == first.name
    {
        return close_at(buf, first.pos, m, eof);
    }
    let limit = match next {
        Ok(Some(m)) => m.pos,
        _ => buf.len(),
    };
    match find_marker(buf, first.name_end, limit, &DELETE, true) {
        Ok(Some(d)) if d.closing && d.name == first.name => {
            return close_at(buf, first.pos, d, eof);
        }
        Ok(Some(d)) => return Scan::Chunk(first.pos..d.pos),
        _ => {}
    }
    match next {
        Err(()) => Scan::Need,
        Ok(None) if eof => Scan::Chunk(first.pos..buf.len()),
        Ok(None) => Scan::Need,
        // Some other boundary before this record closed: the record is truncated.
        Ok(Some(m)) => Scan::Chunk(first.pos..m.pos),
    }
}

/// The record from `start` ends with the end tag `m`.
fn close_at(buf: &[u8], start: usize, m: Marker, eof: bool) -> Scan {
    match tag_end(buf, m.name_end) {
        Some(e) => Scan::Chunk(start..e),
        None if eof => Scan::Chunk(start..buf.len()),
        None => Scan::Need,
    }
}

/// Index just past the `>` that ends a tag whose name ends at `from`.
fn tag_end(buf: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(b'>', &buf[from..]).map(|i| from + i + 1)
}

/// What the prologue says about the document.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Prologue {
    Need,
    /// Records start at this index (just past `<PubmedArticleSet …>`).
    Body(usize),
    /// `<PubmedArticleSet/>`: valid and empty.
    Empty,
    NotPubmed(String),
}

/// Skip the declaration, comments, PIs and DOCTYPE, then check the root element.
pub(crate) fn prologue(buf: &[u8], eof: bool) -> Prologue {
    let need = |eof: bool, why: &str| {
        if eof {
            Prologue::NotPubmed(why.to_string())
        } else {
            Prologue::Need
        }
    };
    let mut i = if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    loop {
        while i < buf.len() && buf[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= buf.len() {
            return need(
                eof,
                if i == 0 {
                    "the input is empty"
                } else {
                    "no root element"
                },
            );
        }
        if buf[i] != b'<' {
            return Prologue::NotPubmed("text where the XML root element should be".into());
        }
        let rest = &buf[i..];
        let skip_to = if rest.starts_with(b"<?") {
            memmem::find(rest, b"?>").map(|e| e + 2)
        } else if rest.starts_with(b"<!--") {
            memmem::find(rest, b"-->").map(|e| e + 3)
        } else if rest.starts_with(b"<!DOCTYPE") || rest.starts_with(b"<!doctype") {
            doctype_end(rest)
        } else {
            return root(buf, i, eof);
        };
        match skip_to {
            Some(n) => i += n,
            None => return need(eof, "the prologue never ends"),
        }
    }
}

/// End of a DOCTYPE, including an internal subset in `[…]`, whose declarations are stepped over
/// (quoted values and comments may hold `]` or `>`) and never interpreted.
fn doctype_end(rest: &[u8]) -> Option<usize> {
    let mut i = "<!DOCTYPE".len();
    let mut in_subset = false;
    while i < rest.len() {
        match rest[i] {
            q @ (b'"' | b'\'') => i += 1 + memchr::memchr(q, &rest[i + 1..])?,
            b'<' if rest[i..].starts_with(b"<!--") => {
                i += 4 + memmem::find(&rest[i + 4..], b"-->")? + 2
            }
            b'[' if !in_subset => in_subset = true,
            b']' if in_subset => in_subset = false,
            b'>' if !in_subset => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

fn root(buf: &[u8], i: usize, eof: bool) -> Prologue {
    let name_start = i + 1;
    let Some(len) = buf[name_start..].iter().position(|b| !is_name_byte(*b)) else {
        return if eof {
            Prologue::NotPubmed("the root tag is cut off".into())
        } else {
            Prologue::Need
        };
    };
    let name = &buf[name_start..name_start + len];
    if RECORD_NAMES[..2].contains(&name) {
        // A bare record without the set around it: read it as a set of one.
        return Prologue::Body(i);
    }
    if name != SET {
        let name = String::from_utf8_lossy(name);
        let mut reason = format!("the root element is <{name}>, not <PubmedArticleSet>");
        if let Some(msg) = error_text(buf) {
            reason.push_str(&format!(" (NCBI says: {msg})"));
        }
        return Prologue::NotPubmed(reason);
    }
    match tag_end(buf, name_start + len) {
        Some(e) if buf[e - 2] == b'/' => Prologue::Empty,
        Some(e) => Prologue::Body(e),
        None if eof => Prologue::NotPubmed("the <PubmedArticleSet> tag is cut off".into()),
        None => Prologue::Need,
    }
}

/// The text of an `<ERROR>` element in an NCBI error document, if any.
fn error_text(buf: &[u8]) -> Option<String> {
    let open = memmem::find(buf, b"<ERROR>")? + 7;
    let close = memmem::find(&buf[open..], b"</ERROR>")? + open;
    let text = String::from_utf8_lossy(&buf[open..close]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(text.chars().take(300).collect())
}

enum State {
    Prologue,
    Body,
    Done,
}

/// Streaming splitter: holds a growing buffer and hands out one record's range at a time.
pub(crate) struct Splitter<R> {
    src: R,
    /// Input bytes are `buf[..filled]`; the rest is zeroed room that `read` fills in place.
    pub buf: Vec<u8>,
    filled: usize,
    pos: usize,
    base: u64,
    eof: bool,
    state: State,
}

impl<R: BufRead> Splitter<R> {
    pub fn new(src: R) -> Self {
        Splitter {
            src,
            buf: Vec::new(),
            filled: 0,
            pos: 0,
            base: 0,
            eof: false,
            state: State::Prologue,
        }
    }

    /// The next record: its absolute offset and its range in `self.buf`.
    pub fn next_span(&mut self) -> Option<Result<(u64, Range<usize>), ReadError>> {
        loop {
            match self.state {
                State::Done => return None,
                State::Prologue => match prologue(&self.buf[self.pos..self.filled], self.eof) {
                    Prologue::Need => {}
                    Prologue::Body(n) => {
                        self.pos += n;
                        self.state = State::Body;
                        continue;
                    }
                    Prologue::Empty => {
                        self.state = State::Done;
                        return None;
                    }
                    Prologue::NotPubmed(reason) => {
                        self.state = State::Done;
                        return Some(Err(ReadError::NotPubmed { reason }));
                    }
                },
                State::Body => match scan(&self.buf[self.pos..self.filled], self.eof) {
                    Scan::Need => {}
                    Scan::Discard(n) => self.pos += n,
                    Scan::Done => {
                        self.state = State::Done;
                        return None;
                    }
                    Scan::Chunk(r) => {
                        let range = self.pos + r.start..self.pos + r.end;
                        self.pos = range.end;
                        return Some(Ok((self.base + range.start as u64, range)));
                    }
                },
            }
            if let Err(e) = self.fill() {
                self.state = State::Done;
                return Some(Err(ReadError::Io(e)));
            }
        }
    }

    /// Drop consumed bytes, then read at least `BLOCK` more (or up to EOF) straight into the
    /// buffer: reads of `BLOCK` bypass the source's own buffer, so bytes are copied once, not
    /// twice, and the room is zeroed only when the buffer grows.
    fn fill(&mut self) -> io::Result<()> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.filled, 0);
            self.filled -= self.pos;
            self.base += self.pos as u64;
            self.pos = 0;
        }
        let target = self.filled + BLOCK;
        if self.buf.len() < target {
            // Exact, not doubled: the buffer stays near `BLOCK` plus one record's tail.
            self.buf.reserve_exact(target - self.buf.len());
            self.buf.resize(target, 0);
        }
        while self.filled < target {
            match self.src.read(&mut self.buf[self.filled..target]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The bytes read and not yet dropped.
    #[cfg(test)]
    pub fn held(&self) -> usize {
        self.filled
    }
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
