//! How the extractor compiles its patterns. Abstracts are full of non-ASCII text (±, µ, ≥, –),
//! and regex's fast lazy DFA gives up on a Unicode `\b` as soon as it meets a non-ASCII byte,
//! falling back to engines 10–50× slower. Every `\b` is therefore compiled as the ASCII word
//! boundary `(?-u:\b)`; the vocabulary the patterns match is ASCII, so the matches stay the same
//! except next to a non-ASCII letter ("5µg": ASCII sees a boundary before µ, Unicode does not).

use regex::{Regex, RegexSet};

/// `Regex::new` with every unescaped `\b` made ASCII.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&ascii_boundaries(pattern))
}

/// `RegexSet::new` likewise: one pass that says which of many patterns occur at all.
pub fn compile_set<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<RegexSet, regex::Error> {
    RegexSet::new(patterns.into_iter().map(ascii_boundaries))
}

fn ascii_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        // A backslash escapes exactly the next char, so pairs are consumed together.
        match chars.next() {
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unescaped_word_boundaries_change() {
        let cases = [
            (r"\bHAM-?A\b", r"(?-u:\b)HAM-?A(?-u:\b)"),
            (r"\\b", r"\\b"),
            (r"\\\b", r"\\(?-u:\b)"),
            (r"\B\d+\s", r"\B\d+\s"),
            (r"a\", r"a\"),
        ];
        for (pattern, want) in cases {
            assert_eq!(ascii_boundaries(pattern), want, "{pattern}");
        }
    }

    #[test]
    fn ascii_boundaries_find_the_same_words_in_non_ascii_text() {
        let text = "HAM-A fell ± 2.1 (HAM-A ≥ 14); HAM-AB did not; scores – HAM-A.";
        let unicode = Regex::new(r"\bHAM-?A\b").unwrap();
        let ascii = compile(r"\bHAM-?A\b").unwrap();
        let spans = |re: &Regex| re.find_iter(text).map(|m| m.range()).collect::<Vec<_>>();
        assert_eq!(spans(&ascii), spans(&unicode));
        assert_eq!(spans(&ascii).len(), 3);
    }
}
