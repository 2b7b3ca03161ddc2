//! Sentences of the title and abstract, with their section label and character offsets into
//! `Article::abstract_text()`. Pure; must never change the text (evidence is quoted verbatim).
//!
//! API:
//! - `sentences(article) -> Vec<Sentence<'_>>`: the title's sentences first (`in_title`, offsets
//!   into the title), then each abstract section's sentences in order.
//! - `split(text) -> Vec<(usize, usize)>`: byte ranges of the sentences of one plain text.
//! - `Sentence { text, section, start, end, in_title }`: `start`/`end` count Unicode scalar
//!   values (chars, not bytes) into `abstract_text()` (sections joined by one space, a labelled
//!   one prefixed "LABEL: "); `end` is exclusive. A sentence never crosses a section.

use crate::pubmed::Article;

/// One sentence, borrowed from the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    /// The abstract section's label ("RESULTS"); `None` for the title or an unlabelled abstract.
    pub section: Option<&'a str>,
    /// Char offsets into `abstract_text()` (into the title when `in_title`); `end` exclusive.
    pub start: usize,
    pub end: usize,
    pub in_title: bool,
}

/// All sentences of the title, then of the abstract, in reading order.
pub fn sentences(article: &Article) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    if let Some(title) = article.title.as_deref() {
        let mut chars = CharCount::default();
        for (b0, b1) in split(title) {
            out.push(Sentence {
                text: &title[b0..b1],
                section: None,
                start: chars.at(title, b0),
                end: chars.at(title, b1),
                in_title: true,
            });
        }
    }
    // Mirrors `abstract_text()`: one space between sections, then "LABEL: " when labelled.
    let mut offset = 0usize;
    for (i, (prefix, sec)) in article.abstract_parts().enumerate() {
        if i > 0 {
            offset += 1;
        }
        offset += prefix.chars().count();
        let label = article.abstract_sections[i]
            .label
            .as_deref()
            .filter(|l| !l.is_empty());
        let mut chars = CharCount::default();
        for (b0, b1) in split(sec) {
            out.push(Sentence {
                text: &sec[b0..b1],
                section: label,
                start: offset + chars.at(sec, b0),
                end: offset + chars.at(sec, b1),
                in_title: false,
            });
        }
        offset += chars.at(sec, sec.len());
    }
    out
}

/// What a rule derives from a section label, kept for the label last asked: a section's
/// sentences follow one another, so each label is read once, not once per sentence.
pub(crate) struct PerSection<'a, T>(Option<(Option<&'a str>, T)>);

impl<'a, T: Copy> PerSection<'a, T> {
    pub(crate) fn new() -> Self {
        PerSection(None)
    }

    /// `derive(section)`, computed only when `section` differs from the last one asked.
    pub(crate) fn get(
        &mut self,
        section: Option<&'a str>,
        derive: impl FnOnce(Option<&str>) -> T,
    ) -> T {
        match self.0 {
            Some((last, value)) if last == section => value,
            _ => {
                let value = derive(section);
                self.0 = Some((section, value));
                value
            }
        }
    }
}

/// Chars before a byte offset, for offsets asked in ascending order: each char is counted
/// once, not once per sentence after it.
#[derive(Default)]
struct CharCount {
    byte: usize,
    chars: usize,
}

impl CharCount {
    fn at(&mut self, text: &str, byte: usize) -> usize {
        self.chars += text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// Words that end with a period without ending a sentence (compared lower-case).
const ABBREVIATIONS: &[&str] = &[
    "vs", "e.g", "i.e", "al", "approx", "fig", "figs", "ca", "cf", "etc", "dr", "mr", "mrs",
    "prof", "resp", "vol", "eq", "viz", "incl", "ref", "refs", "suppl", "jr", "ltd", "b.i.d",
    "t.i.d",
];

/// Byte ranges of the sentences in `text`, trimmed of surrounding whitespace.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut depth = 0i32;
    // Every char that matters here is ASCII, and no byte of a multi-byte char is: the bytes
    // are walked without decoding the chars, and a table skips the ones that matter not.
    const MARKS: [bool; 256] = {
        let mut marks = [false; 256];
        let mut k = 0;
        while k < 9 {
            marks[b"([{)]}.!?"[k] as usize] = true;
            k += 1;
        }
        marks
    };
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&x| MARKS[x as usize]) {
        let (b, x) = (from + at, bytes[from + at]);
        from = b + 1;
        match x {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = (depth - 1).max(0),
            b'.' | b'!' | b'?' if depth == 0 && is_boundary(text, b, x as char) => {
                // Swallow closing quotes right after the stop.
                let mut e = b + 1;
                for q in text[e..]
                    .chars()
                    .take_while(|q| matches!(q, '"' | '\'' | '”' | '’'))
                {
                    e += q.len_utf8();
                }
                push_trimmed(text, start, e, &mut out);
                start = e;
            }
            _ => {}
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, b0: usize, b1: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[b0..b1];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if b0 + lead < b1 - trail {
        out.push((b0 + lead, b1 - trail));
    }
}

/// A stop ends a sentence when whitespace follows and the next word starts a sentence, and the
/// word before is not an abbreviation.
fn is_boundary(text: &str, b: usize, stop: char) -> bool {
    let mut rest = text[b + stop.len_utf8()..].chars().peekable();
    while rest
        .next_if(|c| matches!(c, '"' | '\'' | '”' | '’'))
        .is_some()
    {}
    if !rest.peek().is_some_and(|c| c.is_whitespace()) {
        return false;
    }
    while rest.next_if(|c| c.is_whitespace()).is_some() {}
    let Some(&next) = rest.peek() else {
        return false;
    };
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '(' | '[' | '"' | '“')) {
        return false;
    }
    if stop != '.' {
        return true;
    }
    // The word before the period, back to whitespace or an opening bracket.
    let word_start = text[..b]
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '[')
        // Past the separator itself, whose width may be more than a byte (U+00A0, U+2009).
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = text[word_start..b].to_lowercase();
    if ABBREVIATIONS.contains(&word.as_str()) {
        return false;
    }
    // Initials in names ("J. Smith"), but not a group letter ending a sentence ("group K.").
    let single_upper = word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic());
    if single_upper {
        let prev = text[..word_start].trim_end();
        let prev_word = prev
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .to_lowercase();
        return matches!(
            prev_word.as_str(),
            "group" | "groups" | "arm" | "and" | "or" | "in" | "vs"
        );
    }
    true
}

/// Occurrences of `word` in `text` with a word boundary on both sides, as regex's `\b{word}\b`
/// finds them, without compiling a regex for every abbreviation on every call.
pub fn whole_words(text: &str, word: &str) -> Vec<(usize, usize)> {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let boundary =
        |at: usize| is_word(text[..at].chars().next_back()) != is_word(text[at..].chars().next());
    let mut out = Vec::new();
    let mut from = 0;
    while !word.is_empty() {
        let Some(off) = text[from..].find(word) else {
            break;
        };
        let (start, end) = (from + off, from + off + word.len());
        if boundary(start) && boundary(end) {
            out.push((start, end));
            from = end;
        } else {
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_agrees_with_a_word_bounded_regex() {
        let cases = [
            (
                "RSS at 30 min; the RSS was lower (RSS: 2) but RSSI and xRSS are other words",
                "RSS",
            ),
            ("HAM-A fell; HAM-AB did not; (HAM-A)", "HAM-A"),
            ("aaa", "aa"),
            ("VAS-A\u{a0}score VAS-A", "VAS-A"),
            ("no match here", "RSS"),
        ];
        for (text, word) in cases {
            let re = regex::Regex::new(&format!(r"\b{}\b", regex::escape(word))).unwrap();
            let want: Vec<(usize, usize)> =
                re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(whole_words(text, word), want, "{text:?} / {word:?}");
        }
    }

    fn parts(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn keeps_abbreviations_numbers_and_brackets_inside_one_sentence() {
        let cases: &[(&str, usize)] = &[
            (
                "Ketamine vs. placebo reduced HAM-A scores. Effects lasted 7 days.",
                2,
            ),
            (
                "Other drugs (e.g. midazolam) were allowed. None were used.",
                2,
            ),
            ("Scores fell, i.e. anxiety improved. It lasted.", 2),
            (
                "As shown by Glue et al. in 2017, ketamine works. We replicate it.",
                2,
            ),
            (
                "The infusion lasted approx. 40 min. Then patients rested.",
                2,
            ),
            ("Response was 33.3% (P = .03). Remission was 10%.", 2),
            ("Twelve patients (n = 12) were enrolled. All completed.", 2),
            ("See Fig. 2 for details. Results follow.", 2),
            (
                "Scores fell [mean 3.2 (SD 1.1). 95% CI 1.2-3.4] overall. Done.",
                2,
            ),
            ("Anxiety fell in group K; it rose in group M. Done.", 2),
            (
                "Acceptable conditions (K1: 23; K2: 26, M: 19) were similar. Groups K1 and K2.",
                2,
            ),
            ("Patients improved (P < 0.05). 12 patients responded.", 2),
            ("It was lower in Group K. The other group differed.", 2),
            ("Is ketamine anxiolytic? We tested it.", 2),
            ("The ratio was 10^-5. It was small.", 2),
            ("no stop at the end", 1),
            (
                "Scores decreased from 24.5 to 12.1 points. next word lower case stays.",
                1,
            ),
            // Multi-byte spaces before an abbreviation or a sentence end (no-break, thin).
            ("Ketamine\u{a0}vs. placebo was given.\u{a0}Anxiety fell.", 2),
            ("Doses of 0.5\u{2009}mg. Then scores fell.", 2),
        ];
        for (text, n) in cases {
            assert_eq!(parts(text).len(), *n, "{text:?} → {:?}", parts(text));
        }
    }

    #[test]
    fn sentences_are_verbatim_and_trimmed() {
        let t = "  First one.  Second (P = .03) one. ";
        assert_eq!(parts(t), vec!["First one.", "Second (P = .03) one."]);
    }

    #[test]
    fn offsets_count_chars_into_abstract_text() {
        use crate::pubmed::{AbstractSection, Pmid};
        let mut a = Article::new(Pmid(1));
        a.title = Some("Ketamine − a trial. Part two".into());
        a.abstract_sections = vec![
            AbstractSection {
                label: Some("METHODS".into()),
                nlm_category: None,
                text: "Doses ≥ 0.5 mg. Next.".into(),
            },
            AbstractSection {
                label: None,
                nlm_category: None,
                text: "Δ fell −3.1 points.".into(),
            },
            AbstractSection {
                label: Some("RESULTS".into()),
                nlm_category: None,
                text: "Done±1.".into(),
            },
        ];
        let flat: Vec<char> = a.abstract_text().chars().collect();
        let ss = sentences(&a);
        assert_eq!(ss.len(), 2 + 4);
        assert!(ss[0].in_title && ss[1].in_title);
        assert_eq!(ss[1].start, "Ketamine − a trial. ".chars().count());
        for s in ss.iter().filter(|s| !s.in_title) {
            let got: String = flat[s.start..s.end].iter().collect();
            assert_eq!(got, s.text);
        }
        assert_eq!(ss[2].section, Some("METHODS"));
        assert_eq!(ss[4].section, None);
        assert_eq!(ss[5].section, Some("RESULTS"));
    }
    /// The splitter as first written, over a vector of chars: the one above must agree.
    fn plain_split(text: &str) -> Vec<(usize, usize)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = Vec::new();
        let mut start = 0usize;
        let mut depth = 0i32;
        for (k, &(b, c)) in chars.iter().enumerate() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = (depth - 1).max(0),
                '.' | '!' | '?' if depth == 0 && plain_is_boundary(text, &chars, k) => {
                    // Swallow closing quotes right after the stop.
                    let mut e = b + c.len_utf8();
                    let mut j = k + 1;
                    while let Some(&(bj, cj)) = chars.get(j) {
                        if matches!(cj, '"' | '\'' | '”' | '’') {
                            e = bj + cj.len_utf8();
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    push_trimmed(text, start, e, &mut out);
                    start = e;
                }
                _ => {}
            }
        }
        push_trimmed(text, start, text.len(), &mut out);
        out
    }

    fn plain_is_boundary(text: &str, chars: &[(usize, char)], k: usize) -> bool {
        let mut j = k + 1;
        while matches!(chars.get(j), Some((_, '"' | '\'' | '”' | '’'))) {
            j += 1;
        }
        let Some(&(_, after)) = chars.get(j) else {
            return false;
        };
        if !after.is_whitespace() {
            return false;
        }
        while matches!(chars.get(j), Some((_, c)) if c.is_whitespace()) {
            j += 1;
        }
        let Some(&(_, next)) = chars.get(j) else {
            return false;
        };
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '(' | '[' | '"' | '“'))
        {
            return false;
        }
        if chars[k].1 != '.' {
            return true;
        }
        // The word before the period, back to whitespace or an opening bracket.
        let b = chars[k].0;
        let word_start = text[..b]
            .rfind(|c: char| c.is_whitespace() || c == '(' || c == '[')
            // Past the separator itself, whose width may be more than a byte (U+00A0, U+2009).
            .map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = text[word_start..b].to_lowercase();
        if ABBREVIATIONS.contains(&word.as_str()) {
            return false;
        }
        // Initials in names ("J. Smith"), but not a group letter ending a sentence ("group K.").
        let single_upper = word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic());
        if single_upper {
            let prev = text[..word_start].trim_end();
            let prev_word = prev
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("")
                .to_lowercase();
            return matches!(
                prev_word.as_str(),
                "group" | "groups" | "arm" | "and" | "or" | "in" | "vs"
            );
        }
        true
    }

    #[test]
    fn the_splitter_agrees_with_the_char_vector_splitter() {
        let texts = crate::extract::store_texts_and(&[
            "Done.\u{201d} Next. \"Quoted.\" Then? Yes! e.g. A. B. group K. It",
            "a.",
            "",
            "(x. Y) z. W",
        ]);
        for text in &texts {
            assert_eq!(split(text), plain_split(text), "{text:?}");
        }
    }
}
