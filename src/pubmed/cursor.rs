//! A thin pull cursor over one record's bytes: child elements, subtree skipping, and mixed
//! content rendered as readable text (`<sup>x</sup>` → `^x`, other markup → its text).
//!
//! Entities: character references and the five predefined entities are decoded; any other
//! `&name;` is kept verbatim. Nothing here ever looks at a DOCTYPE, so entities a DTD defines
//! (billion laughs, external `SYSTEM` entities) are never expanded or fetched.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

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
        self.start.name().into_inner().as_bytes()
    }

    /// The decoded value of attribute `key`, if present and not blank.
    pub fn attr(&self, key: &str) -> Option<String> {
        let a = self.start.try_get_attribute(key).ok().flatten()?;
        nonempty(decode_entities(&a.value).trim())
    }
}

pub(crate) struct Cursor<'a> {
    reader: Reader<&'a [u8]>,
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
        cfg.trim_text(false);
        Cursor { reader, base, skipped: 0 }
    }

    /// Absolute offset of the reader's current position.
    pub fn position(&self) -> u64 {
        self.base + self.skipped + self.reader.buffer_position()
    }

    pub fn fail(&self, reason: impl Into<String>) -> Fail {
        Fail { offset: self.position(), reason: reason.into() }
    }

    fn xml_fail(&self, e: quick_xml::Error) -> Fail {
        Fail {
            offset: self.base + self.skipped + self.reader.error_position(),
            reason: format!("malformed XML: {e}"),
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
                Event::Start(start) => return Ok(Some(El { start, empty: false })),
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
                Event::Start(start) => return Ok(Some(El { start, empty: false })),
                Event::Empty(start) => return Ok(Some(El { start, empty: true })),
                Event::Eof => return Ok(None),
                Event::Text(t) if t.trim().is_empty() => {}
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => {}
                Event::End(e) => {
                    let name = e.name().into_inner().to_string();
                    return Err(self.fail(format!("unexpected </{name}> where a record should start")));
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
                Event::Text(t) if t.trim().is_empty() => {}
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
        let rest: &'a [u8] = *self.reader.get_mut();
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
                self.reader.read_to_end(el.start.name()).map_err(|e| self.xml_fail(e))?;
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

    /// Mixed content up to the current element's end tag.
    pub fn text_into(&mut self, t: &mut TextBuf) -> Res<()> {
        let mut depth = 0usize;
        // MathML is usually pretty-printed: whitespace between its elements is layout, not text.
        let mut math_depth = 0usize;
        loop {
            match self.event()? {
                Event::Text(x) if math_depth > 0 && x.trim_ascii().is_empty() => {}
                Event::Text(x) => t.push(&x),
                Event::CData(x) => t.push(&x.into_inner()),
                Event::GeneralRef(r) => t.push_ref(&r),
                Event::Start(s) => {
                    depth += 1;
                    match s.local_name().into_inner() {
                        "sup" => t.push("^"),
                        "math" => math_depth += 1,
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                    if e.local_name().into_inner() == "math" {
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
    // Walk the `<`s rather than build a substring searcher: most skipped elements are short.
    let mut depth = 0usize;
    for lt in memchr::memchr_iter(b'<', rest) {
        let (closing, at) = match rest.get(lt + 1) {
            Some(b'/') => (true, lt + 2),
            _ => (false, lt + 1),
        };
        let Some(after) = rest.get(at..).filter(|r| r.starts_with(name)).map(|r| r.get(name.len())) else {
            continue;
        };
        if !matches!(after, Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')) {
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

/// Text with whitespace runs (newlines, indentation) collapsed to one space and ends trimmed.
#[derive(Default)]
pub(crate) struct TextBuf {
    pub s: String,
    pending_space: bool,
}

impl TextBuf {
    pub fn push(&mut self, raw: &str) {
        let bytes = raw.as_bytes();
        if bytes.is_empty() {
            return;
        }
        // Fast path: no whitespace that needs collapsing.
        if !needs_collapse(bytes) {
            let body = raw.trim_matches(' ');
            if raw.starts_with(' ') {
                self.pending_space = true;
            }
            if !body.is_empty() {
                self.sep();
                self.s.push_str(body);
                self.pending_space = raw.ends_with(' ');
            }
            return;
        }
        if bytes[0].is_ascii_whitespace() {
            self.pending_space = true;
        }
        let mut any = false;
        for (i, w) in raw.split_ascii_whitespace().enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            self.sep();
            self.s.push_str(w);
            any = true;
        }
        if any {
            self.pending_space = bytes[bytes.len() - 1].is_ascii_whitespace();
        }
    }

    pub fn finish(self) -> Option<String> {
        if self.s.is_empty() { None } else { Some(self.s) }
    }

    fn sep(&mut self) {
        if self.pending_space && !self.s.is_empty() {
            self.s.push(' ');
        }
        self.pending_space = false;
    }

    fn push_ref(&mut self, r: &BytesRef) {
        match resolve_ref(r) {
            Some(c) => {
                let mut b = [0u8; 4];
                self.push(c.encode_utf8(&mut b));
            }
            None => {
                self.sep();
                self.s.push('&');
                self.s.push_str(r);
                self.s.push(';');
            }
        }
    }
}

/// Tabs, newlines or a double space: whitespace that must be collapsed.
fn needs_collapse(bytes: &[u8]) -> bool {
    let mut prev_space = false;
    for &b in bytes {
        match b {
            b'\n' | b'\r' | b'\t' => return true,
            b' ' if prev_space => return true,
            b' ' => prev_space = true,
            _ => prev_space = false,
        }
    }
    false
}

/// A character reference or one of XML's five predefined entities; `None` for anything else.
fn resolve_ref(r: &BytesRef) -> Option<char> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten();
    }
    predefined(r)
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

fn char_ref(body: &str) -> Option<char> {
    let n = match body.strip_prefix('x').or_else(|| body.strip_prefix('X')) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => body.parse::<u32>().ok()?,
    };
    char::from_u32(n).filter(|&c| c != '\0')
}

/// Decode references in an attribute value; unknown or broken ones stay as written.
pub(crate) fn decode_entities(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp + 1..];
        let decoded = tail.find(';').and_then(|semi| {
            let name = &tail[..semi];
            let c = match name.strip_prefix('#') {
                Some(body) => char_ref(body),
                None => predefined(name),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

pub(crate) fn nonempty(s: &str) -> Option<String> {
    if s.is_empty() { None } else { Some(s.to_string()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(xml: &str) -> String {
        let mut c = Cursor::new(xml, 0);
        let el = c.first_element().unwrap().unwrap();
        c.text(&el).unwrap().unwrap_or_default()
    }

    #[test]
    fn mixed_content_renders_readably() {
        let cases = [
            ("<t>p = 10<sup>-5</sup></t>", "p = 10^-5"),
            ("<t>H<sub>2</sub>O and <i>in vivo</i>, <b>bold</b> <u>u</u></t>", "H2O and in vivo, bold u"),
            ("<t>\n   spread\n   over   lines\n</t>", "spread over lines"),
            ("<t>a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &apos;</t>", "a < b && c > d \"q\" '"),
            ("<t>&#x2212;0.5 and &#8805; 3</t>", "\u{2212}0.5 and \u{2265} 3"),
            ("<t>&lol9; stays</t>", "&lol9; stays"),
            ("<t><mml:math><mml:mi>x</mml:mi><mml:mo>=</mml:mo><mml:mn>2</mml:mn></mml:math></t>", "x=2"),
            ("<t>a <i>b</i> c</t>", "a b c"),
            ("<t>( <mml:math>\n  <mml:mi>V</mml:mi>\n  <mml:mn>2</mml:mn>\n</mml:math> ) 6</t>", "( V2 ) 6"),
            ("<t/>", ""),
        ];
        for (xml, want) in cases {
            assert_eq!(render(xml), want, "{xml}");
        }
    }

    #[test]
    fn matching_end_counts_nested_same_name_elements() {
        let cases: [(&str, Option<usize>); 6] = [
            ("<a/></L>", Some(4)),
            ("<L><L>x</L></L>tail</L>", Some(19)),
            ("<L/><LX></LX></L >", Some(13)),
            ("text L </L>", Some(7)),
            ("<L>", None),
            ("", None),
        ];
        for (rest, want) in cases {
            assert_eq!(matching_end(rest.as_bytes(), b"L"), want, "{rest}");
        }
    }

    #[test]
    fn skipping_keeps_positions_and_checks_the_end_tag() {
        let xml = "<r><skip><skip>x</skip><y/></skip><keep>k</keep></r>";
        let mut c = Cursor::new(xml, 1000);
        let r = c.first_element().unwrap().unwrap();
        assert_eq!(r.name(), b"r");
        let s = c.child().unwrap().unwrap();
        c.skip(&s).unwrap();
        assert_eq!(c.position(), 1000 + xml.find("<keep>").unwrap() as u64);
        let k = c.child().unwrap().unwrap();
        assert_eq!(c.text(&k).unwrap().as_deref(), Some("k"));
        assert!(c.child().unwrap().is_none());
        let bad = "<r><skip><y></skip></r>";
        let mut c = Cursor::new(bad, 0);
        c.first_element().unwrap();
        let s = c.child().unwrap().unwrap();
        assert!(c.skip(&s).is_ok(), "tags inside a skipped subtree are not checked");
        assert!(c.child().unwrap().is_none());
    }

    #[test]
    fn attribute_entities_decode_but_unknown_stay() {
        let cases = [
            ("plain", "plain"),
            ("a &amp; b", "a & b"),
            ("&#x2212;1", "\u{2212}1"),
            ("&foo; &", "&foo; &"),
            ("&#xZZ;", "&#xZZ;"),
        ];
        for (raw, want) in cases {
            assert_eq!(decode_entities(raw), want, "{raw}");
        }
    }
}
