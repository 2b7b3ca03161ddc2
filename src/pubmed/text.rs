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
        // Fast path: no whitespace that needs collapsing, so at most one space at each end.
        if !needs_collapse(bytes) {
            let body = raw.strip_prefix(' ').unwrap_or(raw);
            self.pending_space |= body.len() < raw.len();
            let trimmed = body.strip_suffix(' ').unwrap_or(body);
            if !trimmed.is_empty() {
                self.sep();
                self.s.push_str(trimmed);
                self.pending_space = trimmed.len() < body.len();
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

/// Texts up to this many bytes are checked for collapsible whitespace without SIMD.
const SHORT: usize = 48;

/// Tabs, newlines or a double space: whitespace that must be collapsed. Two SIMD scans:
/// a byte loop here was a tenth of the parse, since every abstract passes through it.
/// The double-space searcher is built once: building one per text node cost more than the scan.
/// Short texts (names, ids, MeSH terms: most text nodes) are scanned by a byte loop, which
/// costs less than setting up the two SIMD searches.
fn needs_collapse(bytes: &[u8]) -> bool {
    if bytes.len() <= SHORT {
        return bytes.iter().any(|b| matches!(b, b'\n' | b'\r' | b'\t'))
            || bytes.windows(2).any(|w| w == b"  ");
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain rule the fast paths must match: join the whitespace-separated words of all
    /// pieces, a space between two words wherever whitespace separated them.
    fn plain(pieces: &[&str]) -> String {
        let mut out = String::new();
        let mut pending = false;
        for p in pieces {
            for (i, w) in p.split_ascii_whitespace().enumerate() {
                if (pending || i > 0 || p.starts_with(|c: char| c.is_ascii_whitespace()))
                    && !out.is_empty()
                {
                    out.push(' ');
                }
                out.push_str(w);
                pending = false;
            }
            // A non-empty piece without words is all whitespace, so it ends with some.
            pending |= p.ends_with(|c: char| c.is_ascii_whitespace());
        }
        out
    }

    #[test]
    fn short_and_long_texts_collapse_alike() {
        let long = "word ".repeat(20);
        let long_double = format!("{long} {long}");
        let cases: &[&[&str]] = &[
            &["Smith"],
            &[" a"],
            &["a "],
            &[" "],
            &["a", " ", "b"],
            &["a ", "b"],
            &["a", " b"],
            &["a  b"],
            &["a\tb", "c"],
            &["x \n y"],
            &["  lead", "trail  "],
            &["p = 10", "^", "-5"],
            &[&long, "end"],
            &[&long_double],
            &["α β", " γ "],
            &["", "a", ""],
        ];
        for pieces in cases {
            let mut t = TextBuf::default();
            for p in *pieces {
                t.push(p);
            }
            assert_eq!(t.finish().unwrap_or_default(), plain(pieces), "{pieces:?}");
        }
    }

    #[test]
    fn collapse_check_agrees_across_the_short_limit() {
        for len in [1, 2, SHORT - 1, SHORT, SHORT + 1, 3 * SHORT] {
            for (at, ws) in [(0, " "), (len / 2, "  "), (len - 1, "\n"), (len / 3, "\t")] {
                let mut s = "x".repeat(len);
                s.replace_range(at..(at + ws.len()).min(len), ws);
                let want = s.contains(['\n', '\r', '\t']) || s.contains("  ");
                assert_eq!(needs_collapse(s.as_bytes()), want, "{s:?}");
            }
        }
    }
}
