//! A thin pull cursor over one record's bytes: child elements, subtree skipping, and mixed
//! content rendered as readable text (`<sup>x</sup>` → `^x`, other markup → its text).
//!
//! Entities: character references and the five predefined entities are decoded; any other
//! `&name;` is kept verbatim. Nothing here ever looks at a DOCTYPE, so entities a DTD defines
//! (billion laughs, external `SYSTEM` entities) are never expanded or fetched.

use memchr::memmem;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::split::tag_start;
use super::text::decode_entities;
pub(crate) use super::text::{TextBuf, nonempty};

/// Where and why a record could not be read; offsets are absolute in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fail {
    pub offset: u64,
    pub reason: String,
}

pub(crate) type Res<T> = Result<T, Fail>;

/// A start tag just read; `empty` for `<tag/>`, which has no content and no end event.
pub(crate) struct El<'a> {
    pub start: BytesStart<'a>,
    pub empty: bool,
}

impl El<'_> {
    pub fn name(&self) -> &[u8] {
        self.start.name().into_inner()
    }

    /// The decoded value of attribute `key`, if present and not blank.
    pub fn attr(&self, key: &str) -> Option<String> {
        self.with_attr(key, nonempty).flatten()
    }

    /// Whether attribute `key` is present and its decoded, trimmed value is `want`; allocates
    /// nothing (MeSH's `MajorTopicYN` is read a dozen times per record).
    pub fn attr_is(&self, key: &str, want: &str) -> bool {
        self.with_attr(key, |v| v == want).unwrap_or(false)
    }

    fn with_attr<R>(&self, key: &str, f: impl FnOnce(&str) -> R) -> Option<R> {
        let a = self.start.try_get_attribute(key).ok().flatten()?;
        // The record was UTF-8-checked whole, so this never fails on a record's bytes.
        let value = std::str::from_utf8(&a.value).ok()?;
        Some(f(decode_entities(value).trim()))
    }
}

pub(crate) struct Cursor<'a> {
    reader: Reader<&'a [u8]>,
    /// The whole fragment, UTF-8-checked once by the caller; text events are sliced out of it.
    text: &'a str,
    base: u64,
    /// Bytes stepped over by `skip` behind the reader's back; its own position excludes them.
    skipped: u64,
}

impl<'a> Cursor<'a> {
    /// `text` must be one record (or any XML fragment); `base` is its absolute offset.
    pub fn new(text: &'a str, base: u64) -> Self {
        let mut reader = Reader::from_str(text);
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        // Between elements text is ignored, so whitespace is skipped without an event (most
        // events in pretty-printed PubMed XML were indentation); `text_into` turns this off.
        cfg.trim_text(true);
        Cursor {
            reader,
            text,
            base,
            skipped: 0,
        }
    }

    /// Absolute offset of the reader's current position.
    pub fn position(&self) -> u64 {
        self.base + self.skipped + self.reader.buffer_position()
    }

    pub fn fail(&self, reason: impl Into<String>) -> Fail {
        Fail {
            offset: self.position(),
            reason: reason.into(),
        }
    }

    fn xml_fail(&self, e: quick_xml::Error) -> Fail {
        Fail {
            offset: self.base + self.skipped + self.reader.error_position(),
            reason: format!("malformed XML: {e}"),
        }
    }

    /// `bytes`, a piece of the fragment the reader handed out, as text. quick-xml cuts only at
    /// ASCII markup, so a piece of checked UTF-8 is a slice of `text`, found here by its address
    /// with no second check per text node (quick-xml 0.42 checks every event, which halved its
    /// speed). Bytes from anywhere else are checked.
    fn str_of<'b>(&self, bytes: &'b [u8]) -> Res<&'b str>
    where
        'a: 'b,
    {
        let start = (bytes.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        let piece = start
            .checked_add(bytes.len())
            .and_then(|end| self.text.get(start..end));
        match piece {
            Some(s) => Ok(s),
            None => std::str::from_utf8(bytes).map_err(|_| self.fail("invalid UTF-8 in text")),
        }
    }

    fn event(&mut self) -> Res<Event<'a>> {
        self.reader.read_event().map_err(|e| self.xml_fail(e))
    }

    /// The next child element of the current element, or `None` at its end tag.
    /// Text between elements (indentation) is ignored.
    pub fn child(&mut self) -> Res<Option<El<'a>>> {
        loop {
            match self.event()? {
                Event::Start(start) => {
                    return Ok(Some(El {
                        start,
                        empty: false,
                    }));
                }
                Event::Empty(start) => return Ok(Some(El { start, empty: true })),
                Event::End(_) => return Ok(None),
                Event::Eof => return Err(self.fail("record ends before its closing tag")),
                Event::DocType(_) => return Err(self.fail("DOCTYPE inside a record")),
                _ => {}
            }
        }
    }

    /// The first element of the fragment, skipping whitespace, comments and PIs; `None` at EOF.
    pub fn first_element(&mut self) -> Res<Option<El<'a>>> {
        loop {
            match self.event()? {
                Event::Start(start) => {
                    return Ok(Some(El {
                        start,
                        empty: false,
                    }));
                }
                Event::Empty(start) => return Ok(Some(El { start, empty: true })),
                Event::Eof => return Ok(None),
                Event::Text(t) if t.trim_ascii().is_empty() => {}
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
                Event::End(e) => {
                    let name = String::from_utf8_lossy(e.name().into_inner()).into_owned();
                    return Err(
                        self.fail(format!("unexpected </{name}> where a record should start"))
                    );
                }
                _ => return Err(self.fail("text where a record should start")),
            }
        }
    }

    /// After a record's end tag: only whitespace, comments or EOF may follow in its chunk.
    pub fn expect_end(&mut self) -> Res<()> {
        loop {
            match self.event()? {
                Event::Eof => return Ok(()),
                Event::Text(t) if t.trim_ascii().is_empty() => {}
                Event::Comment(_) | Event::PI(_) => {}
                _ => return Err(self.fail("unexpected content after the record's closing tag")),
            }
        }
    }

    /// Skip `el`'s subtree without building any text for it.
    ///
    /// Speed matters here (reference lists are most of a record), so the subtree is stepped
    /// over with memchr up to its matching end tag, which the reader then reads itself and so
    /// still checks against its open-tag stack. The skipped bytes were UTF-8-checked with the
    /// whole record, but tags inside them are not checked for well-formedness.
    pub fn skip(&mut self, el: &El) -> Res<()> {
        if el.empty {
            return Ok(());
        }
        let rest: &'a [u8] = self.reader.get_ref();
        match matching_end(rest, el.name()) {
            Some(at) => {
                *self.reader.get_mut() = &rest[at..];
                self.skipped += at as u64;
                match self.event()? {
                    Event::End(_) => Ok(()),
                    _ => Err(self.fail("skipped element has no end tag")),
                }
            }
            None => {
                self.reader
                    .read_to_end(el.start.name())
                    .map_err(|e| self.xml_fail(e))?;
                Ok(())
            }
        }
    }

    /// `el`'s content as readable text, or `None` when it is blank.
    pub fn text(&mut self, el: &El) -> Res<Option<String>> {
        let mut t = TextBuf::default();
        if !el.empty {
            self.text_into(&mut t)?;
        }
        Ok(t.finish())
    }

    /// Mixed content up to the current element's end tag, every space kept for `TextBuf`.
    pub fn text_into(&mut self, t: &mut TextBuf) -> Res<()> {
        self.reader.config_mut().trim_text(false);
        let got = self.mixed_content(t);
        self.reader.config_mut().trim_text(true);
        got
    }

    fn mixed_content(&mut self, t: &mut TextBuf) -> Res<()> {
        let mut depth = 0usize;
        // MathML is usually pretty-printed: whitespace between its elements is layout, not text.
        let mut math_depth = 0usize;
        loop {
            match self.event()? {
                Event::Text(x) if math_depth > 0 && x.trim_ascii().is_empty() => {}
                Event::Text(x) => t.push(self.str_of(&x)?),
                Event::CData(x) => t.push(self.str_of(&x)?),
                Event::GeneralRef(r) => t.push_ref(&r),
                Event::Start(s) => {
                    depth += 1;
                    match s.local_name().into_inner() {
                        b"sup" => t.push("^"),
                        b"math" => math_depth += 1,
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                    if e.local_name().into_inner() == b"math" {
                        math_depth = math_depth.saturating_sub(1);
                    }
                }
                Event::Eof => return Err(self.fail("record ends inside a text element")),
                _ => {}
            }
        }
    }
}

/// Index of the `<` of the end tag closing an element named `name` whose start tag was just
/// read, counting nested elements of the same name; `None` when there is none.
fn matching_end(rest: &[u8], name: &[u8]) -> Option<usize> {
    // Search for the name itself, not for every `<`: a reference list holds thousands of tags
    // and only its own end tag matters.
    let mut depth = 0usize;
    for at in memmem::find_iter(rest, name) {
        let Some((lt, closing)) = tag_start(rest, at) else {
            continue;
        };
        if !matches!(
            rest.get(at + name.len()),
            Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
        ) {
            continue;
        }
        if closing {
            if depth == 0 {
                return Some(lt);
            }
            depth -= 1;
        } else {
            let gt = at + memchr::memchr(b'>', &rest[at..])?;
            if rest[gt - 1] != b'/' {
                depth += 1;
            }
        }
    }
    None
}

#[cfg(test)]
#[path = "cursor_tests.rs"]
mod tests;
