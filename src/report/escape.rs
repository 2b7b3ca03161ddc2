//! One escaping loop for the report formats (HTML, Markdown cells, BibTeX): each names the
//! bytes it replaces, and the runs between them are copied whole.

/// `s` appended to `out`, each byte that `with` names replaced by its text. Only ASCII bytes
/// may be named: the runs between them are then whole chars.
pub(crate) fn push_replacing(out: &mut String, s: &str, with: impl Fn(u8) -> Option<&'static str>) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(text) = with(b) {
            debug_assert!(b.is_ascii(), "only ASCII bytes are replaced");
            out.push_str(&s[from..i]);
            out.push_str(text);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
}

#[cfg(test)]
mod tests {
    use super::push_replacing;

    #[test]
    fn replacing_bytes_is_replacing_chars() {
        let with = |b: u8| match b {
            b'&' => Some("&amp;"),
            b'|' => Some("\\|"),
            b'\n' => Some(" "),
            _ => None,
        };
        let plain = |s: &str| -> String {
            s.chars()
                .map(|c| match u8::try_from(c).ok().and_then(with) {
                    Some(t) => t.to_string(),
                    None => c.to_string(),
                })
                .collect()
        };
        for s in ["", "plain", "a&b|c\nd", "&&||", "≥5 µg &é|", "é", "&", "x\n"] {
            let mut out = String::from(">");
            push_replacing(&mut out, s, with);
            assert_eq!(out, format!(">{}", plain(s)), "{s:?}");
        }
    }
}
