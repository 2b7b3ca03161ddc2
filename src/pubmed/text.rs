//! Readable text out of XML character data: whitespace runs collapsed, character references
//! and the five predefined entities decoded, any other `&name;` kept exactly as written.
//! Never consults a DTD, so DTD-defined entities are never expanded.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;

use quick_xml::events::BytesRef;

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
        if self.s.is_empty() {
            None
        } else {
            Some(self.s)
        }
    }

    fn sep(&mut self) {
        if self.pending_space && !self.s.is_empty() {
            self.s.push(' ');
        }
        self.pending_space = false;
    }

    pub(crate) fn push_ref(&mut self, r: &BytesRef) {
        match resolve_ref(r) {
            Some(c) => {
                let mut b = [0u8; 4];
                self.push(c.encode_utf8(&mut b));
            }
            None => {
                self.sep();
                self.s.push('&');
                // The record was UTF-8-checked whole, so this borrows: lossy never replaces.
                self.s.push_str(&String::from_utf8_lossy(r));
                self.s.push(';');
            }
        }
    }
}

/// Tabs, newlines or a double space: whitespace that must be collapsed. Two SIMD scans:
/// a byte loop here was a tenth of the parse, since every abstract passes through it.
/// The double-space searcher is built once: building one per text node cost more than the scan.
fn needs_collapse(bytes: &[u8]) -> bool {
    static DOUBLE: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"  "));
    memchr::memchr3(b'\n', b'\r', b'\t', bytes).is_some() || DOUBLE.find(bytes).is_some()
}

/// A character reference or one of XML's five predefined entities; `None` for anything else.
fn resolve_ref(r: &BytesRef) -> Option<char> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten();
    }
    predefined(std::str::from_utf8(r).ok()?)
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
    if s.is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}
