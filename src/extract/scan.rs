//! Byte-level pieces for scans that stand in for a pattern, or gate one: ASCII word bytes (what
//! the extractor's ASCII `\b` tells apart), a word at a position in any ASCII case, and runs of
//! whitespace as regex's Unicode `\s` reads them. Each scan built on these is tested against the
//! pattern it stands for.

/// An ASCII word byte: what `\b` (made ASCII by `re::compile`) tells from the rest.
pub(crate) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `\b` before byte `i` of `b`, for a match whose first byte is a word byte.
pub(crate) fn boundary_before(b: &[u8], i: usize) -> bool {
    i == 0 || !is_word(b[i - 1])
}

/// `\b` at byte `i` of `b`, for a match whose last byte (before `i`) is a word byte.
pub(crate) fn boundary_after(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|&c| !is_word(c))
}

/// `word` (lower-case ASCII) at byte `i` in any ASCII case; its end.
pub(crate) fn word_at(b: &[u8], i: usize, word: &str) -> Option<usize> {
    let end = i + word.len();
    b.get(i..end).filter(|w| w.eq_ignore_ascii_case(word.as_bytes())).map(|_| end)
}

/// `b` ends with `word` (lower-case ASCII) in any ASCII case.
pub(crate) fn ends_with_word(b: &[u8], word: &str) -> bool {
    b.len() >= word.len() && word_at(b, b.len() - word.len(), word).is_some()
}

/// `\s+` at byte `i`: one or more whitespace chars (Unicode, as regex's `\s`); their end.
pub(crate) fn spaces_at(s: &str, i: usize) -> Option<usize> {
    let rest = s.get(i..)?;
    let n = rest.len() - rest.trim_start_matches(char::is_whitespace).len();
    (n > 0).then_some(i + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_read_as_the_pattern_does() {
        let b = b"of_the 12";
        assert!(boundary_before(b, 0) && !boundary_before(b, 3) && boundary_after(b, 6));
        assert!(!boundary_after(b, 2) && boundary_after(b, 9));
        assert_eq!(word_at(b"Of THE", 0, "of"), Some(2));
        assert_eq!(word_at(b"Of THE", 3, "the"), Some(6));
        assert_eq!(word_at(b"Of", 0, "off"), None);
        assert!(ends_with_word(b"Rating SCALE", "scale") && !ends_with_word(b"ale", "scale"));
        assert_eq!(spaces_at("of \u{a0}\t x", 2), Some(7));
        assert_eq!(spaces_at("of x", 1), None);
        assert_eq!(spaces_at("of", 2), None);
    }
}
