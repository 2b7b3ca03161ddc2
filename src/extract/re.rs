//! How the extractor compiles its patterns. Abstracts are full of non-ASCII text (±, µ, ≥, –),
//! and regex's fast lazy DFA gives up on a Unicode `\b` as soon as it meets a non-ASCII byte,
//! falling back to engines 10–50× slower; a Unicode `\w` makes its states many times larger.
//! Every `\b` is therefore compiled as the ASCII word boundary `(?-u:\b)` and every `\w` as
//! `[0-9A-Za-z_]`. The vocabulary the patterns match is English and ASCII, so the matches stay
//! the same except next to a non-ASCII letter ("5µg": ASCII sees a boundary before µ).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::{Regex, RegexBuilder};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// `Regex::new` with every unescaped `\b` and `\w` made ASCII.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    build(&ascii_boundaries(pattern))
}

/// A pattern already made ASCII, with the cache size below.
fn build(ascii: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(ascii).dfa_size_limit(DFA_CACHE).build()
}

/// `build` as regex-automata's own regex, which can search anchored at a position: the
/// configuration `RegexBuilder` gives (its defaults, leftmost-first, empty matches only between
/// chars, UTF-8 syntax) with the same DFA cache, so it matches what `build`'s regex matches.
fn build_meta(ascii: &str) -> Result<meta::Regex, regex_automata::meta::BuildError> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(DFA_CACHE)
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(true);
    meta::Builder::new()
        .configure(config)
        .syntax(syntax::Config::new().utf8(true))
        .build(ascii)
}

/// Whether a `(?i)` pattern matches `text` as ASCII case folding would: no char of it folds to
/// an ASCII letter other than that letter's two cases. Only 'ſ' (U+017F, to 's') and the Kelvin
/// sign (U+212A, to 'k') do. Then a literal that every match of a `(?i)` pattern holds can be
/// looked for in the text's ASCII lower case, whatever its letters; otherwise it cannot.
pub fn folds_as_ascii(text: &str) -> bool {
    // By their UTF-8 bytes, C5 BF and E2 84 AA: a SIMD search for the two lead bytes, where a
    // search by char would decode every char of the text.
    let b = text.as_bytes();
    memchr::memchr2_iter(0xC5, 0xE2, b).all(|i| !matches!(b[i..], [0xC5, 0xBF, ..] | [0xE2, 0x84, 0xAA, ..]))
}

/// One pattern searched only at given positions, for a rule whose scan already knows where
/// every match must start: each search is anchored there, so the text between is never walked.
/// Compiled as `compile` compiles it (`build_meta`), so a match is the one `compile`'s regex
/// finds starting at that position.
pub struct AnchoredPattern {
    regex: meta::Regex,
}

/// The spans of a match's groups, found by `AnchoredPattern::captures_at`.
pub struct Groups(regex_automata::util::captures::Captures);

impl Groups {
    /// Group `i`'s byte span (0: the whole match), if it took part.
    pub fn get(&self, i: usize) -> Option<(usize, usize)> {
        self.0.get_group(i).map(|s| (s.start, s.end))
    }
}

impl AnchoredPattern {
    pub fn new(pattern: &str) -> Result<AnchoredPattern, regex_automata::meta::BuildError> {
        Ok(AnchoredPattern { regex: build_meta(&ascii_boundaries(pattern))? })
    }

    /// The match that starts exactly at byte `at` of `text`, with its groups.
    pub fn captures_at(&self, text: &str, at: usize) -> Option<Groups> {
        let mut caps = self.regex.create_captures();
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        self.regex.search_captures(&input, &mut caps);
        caps.is_match().then_some(Groups(caps))
    }
}

/// Room for each pattern's lazy DFA states, per thread. The extractor has about 200 patterns,
/// so regex's default (2 MB each) would let their caches grow to hundreds of MB on varied
/// input. With 1 MB the benchmark runs 1 % more instructions than with 2 MB (with 256 KB, 14 %
/// more: the caches were cleared and rebuilt over and over).
const DFA_CACHE: usize = 1 << 20;

/// Many patterns searched together: one Aho–Corasick pass over the literal prefixes every match
/// of a pattern must start with (read from the pattern itself) says which patterns can match
/// at all, and only those are run. A pattern without such a prefix is always run. A `(?i)`
/// pattern's prefixes are matched in any ASCII case (its non-ASCII case variants, such as the
/// Kelvin sign for "k", are not looked for). Each pattern is compiled when it is first a
/// candidate: most texts name few of the patterns, and compiling all of them up front cost more
/// than a small file's whole search.
pub struct PatternSet {
    /// The patterns made ASCII (`ascii_boundaries`), and each one's regex once compiled
    /// (regex-automata's, which `find_all` also runs anchored).
    patterns: Vec<String>,
    regexes: Vec<OnceLock<meta::Regex>>,
    prefixes: Prefixes,
    always: Vec<usize>,
}

/// Literal prefixes, each with the pattern it belongs to and whether its case must match.
struct Prefixes {
    automaton: AhoCorasick,
    owner: Vec<(usize, bool)>,
    lits: Vec<Vec<u8>>,
}

impl Prefixes {
    /// `lits`: (literal, pattern, exact case).
    fn build(lits: Vec<(Vec<u8>, usize, bool)>) -> Prefixes {
        // One walk for both kinds: matched in any ASCII case, an exact-case literal is then
        // checked byte for byte. A DFA: the overlapping walk over a whole abstract is the
        // cost, and a DFA takes one table lookup per byte.
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(lits.iter().map(|l| &l.0))
            .expect("literal prefixes form an automaton");
        let owner = lits.iter().map(|l| (l.1, l.2)).collect();
        Prefixes {
            automaton,
            owner,
            lits: lits.into_iter().map(|l| l.0).collect(),
        }
    }

    /// (pattern, byte offset) of every occurrence of a prefix in `text`.
    fn starts<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let bytes = text.as_bytes();
        self.automaton
            .find_overlapping_iter(bytes)
            .filter_map(move |m| {
                let k = m.pattern().as_usize();
                let (owner, exact) = self.owner[k];
                (!exact || bytes[m.start()..m.end()] == self.lits[k][..])
                    .then_some((owner, m.start()))
            })
    }
}

impl PatternSet {
    /// Fails when a pattern does not parse (it is compiled later, on first use).
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = &'a str>,
    ) -> Result<PatternSet, regex::Error> {
        let (mut ascii, mut always) = (Vec::new(), Vec::new());
        let mut lits = Vec::new();
        for (i, p) in patterns.into_iter().enumerate() {
            let p = ascii_boundaries(p);
            regex_syntax::parse(&p).map_err(|e| regex::Error::Syntax(e.to_string()))?;
            ascii.push(p.clone());
            // A leading `(?i)` is set aside: the prefixes are then read as written, and matched
            // in any case.
            let (folded, rest) = match p.strip_prefix("(?i)") {
                Some(rest) => (true, rest.to_string()),
                None => match p.strip_prefix("(?ix)") {
                    Some(rest) => (true, format!("(?x){rest}")),
                    None => (false, p.clone()),
                },
            };
            match prefixes(&rest) {
                Some(ps) if folded => {
                    lits.extend(ps.into_iter().map(|l| (l.to_ascii_lowercase(), i, false)))
                }
                Some(ps) => lits.extend(ps.into_iter().map(|l| (l, i, true))),
                None => always.push(i),
            }
        }
        let regexes = ascii.iter().map(|_| OnceLock::new()).collect();
        Ok(PatternSet {
            patterns: ascii,
            regexes,
            prefixes: Prefixes::build(lits),
            always,
        })
    }

    /// Pattern `i`, compiled on first use.
    pub fn regex(&self, i: usize) -> &meta::Regex {
        self.regexes[i]
            .get_or_init(|| build_meta(&self.patterns[i]).expect("a parsed pattern compiles"))
    }

    /// Pattern `i` as `compile` builds it with the `regex` crate: what the tests check the
    /// set's searches against.
    #[cfg(test)]
    pub fn reference(&self, i: usize) -> Regex {
        build(&self.patterns[i]).expect("a parsed pattern compiles")
    }

    /// What `find_all` must give: each pattern's own `find_iter` (`reference`), in pattern order.
    #[cfg(test)]
    pub fn reference_find_all(&self, text: &str) -> Vec<(usize, usize, usize)> {
        (0..self.patterns.len())
            .flat_map(|i| self.reference(i).find_iter(text).map(|m| (i, m.start(), m.end())).collect::<Vec<_>>())
            .collect()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Indices of the patterns that may match in `text`, ascending.
    #[cfg(test)]
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut out = self.always.clone();
        out.extend(self.prefixes.starts(text).map(|s| s.0));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every match of every pattern in `text` as (pattern, start, end), by pattern and then
    /// left to right: what each pattern's `find_iter` gives. A pattern with literal prefixes
    /// is tried only where one occurs, anchored there, instead of over the whole text. Every
    /// match starts with a prefix, so the leftmost match from a point is the first of those
    /// tries that matches, and leftmost-first picks the same match at that start.
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize, usize)> {
        // Each always-run pattern once, marked by a start no prefix can have.
        let mut starts: Vec<(usize, usize)> = self.prefixes.starts(text).collect();
        starts.extend(self.always.iter().map(|&i| (i, usize::MAX)));
        starts.sort_unstable();
        starts.dedup();
        let mut out = Vec::new();
        for group in starts.chunk_by(|a, b| a.0 == b.0) {
            let i = group[0].0;
            if group[0].1 == usize::MAX {
                out.extend(self.regex(i).find_iter(text).map(|m| (i, m.start(), m.end())));
                continue;
            }
            let regex = self.regex(i);
            let mut from = 0;
            for &(_, at) in group {
                if at < from {
                    continue;
                }
                let input = Input::new(text).span(at..text.len()).anchored(Anchored::Yes);
                if let Some(m) = regex.search(&input) {
                    out.push((i, m.start(), m.end()));
                    from = m.end();
                }
            }
        }
        out
    }

    /// How many patterns have no literal prefix and are run on every text.
    #[cfg(test)]
    pub fn always_run(&self) -> usize {
        self.always.len()
    }
}

/// Literal prefixes one of which every match of `pattern` starts with, or `None` when the
/// pattern has no such finite, non-empty set.
fn prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    let mut out: Vec<Vec<u8>> = lits.iter().map(|l| l.as_bytes().to_vec()).collect();
    out.sort();
    out.dedup();
    Some(out)
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
            Some('w') => out.push_str("[0-9A-Za-z_]"),
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
    fn folding_like_ascii_is_told_by_the_two_chars_that_fold_to_ascii_letters() {
        for (text, ascii_like) in [
            ("plain ASCII", true),
            ("", true),
            ("17.2 ± 2.7 – ≤ 5 “µg” Ž ł ≥ K", true),
            ("verſus", false),
            ("5 \u{212A}", false),
            ("ſ", false),
            ("\u{212A}", false),
        ] {
            assert_eq!(folds_as_ascii(text), ascii_like, "{text:?}");
            assert_eq!(folds_as_ascii(text), !text.contains(['\u{17F}', '\u{212A}']), "{text:?}");
        }
        let ks = Regex::new("(?i)k").unwrap();
        assert!(ks.is_match("\u{212A}") && Regex::new("(?i)s").unwrap().is_match("ſ"), "(?i) folds them");
    }

    #[test]
    fn only_unescaped_word_boundaries_change() {
        let cases = [
            (r"\bHAM-?A\b", r"(?-u:\b)HAM-?A(?-u:\b)"),
            (r"\\b", r"\\b"),
            (r"\\\b", r"\\(?-u:\b)"),
            (r"\B\d+\s", r"\B\d+\s"),
            (r"occurr\w*|[\w-]+", r"occurr[0-9A-Za-z_]*|[[0-9A-Za-z_]-]+"),
            (r"a\", r"a\"),
        ];
        for (pattern, want) in cases {
            assert_eq!(ascii_boundaries(pattern), want, "{pattern}");
        }
    }

    #[test]
    fn a_pattern_set_runs_what_can_match_and_finds_what_every_pattern_finds() {
        let patterns = [
            r"(?i)\bHamilton\s+Anxiety",
            r"\bHAM-?A\b",
            r"(?i)\bm-?YPAS\b",
            r"\d+\s*%",
            r"(?:x)?y",
        ];
        let set = PatternSet::new(patterns).unwrap();
        let texts = [
            "the HAMILTON anxiety scale and HAM-A",
            "mYPAS 40 %",
            "nothing here",
            "y",
            "",
        ];
        for text in texts {
            let all: Vec<usize> = (0..patterns.len())
                .filter(|&i| set.reference(i).is_match(text))
                .collect();
            let cands = set.candidates(text);
            assert!(
                all.iter().all(|i| cands.contains(i)),
                "{text:?}: {all:?} not in {cands:?}"
            );
        }
        // Anchored at the prefixes, the set finds what every pattern's own search finds.
        let more = ["ham-a HAM-A HAM-AHAMA hamilton Anxiety 12 % 3%", "xyxy yy x"];
        for text in texts.iter().chain(&more) {
            assert_eq!(set.find_all(text), set.reference_find_all(text), "{text:?}");
        }
        // A pattern without a literal prefix is always a candidate; one with, only when present.
        assert_eq!(set.candidates("nothing here"), vec![3]);
        assert_eq!(set.candidates("xy"), vec![3, 4]);
        // An exact-case prefix is not a candidate in another case; a `(?i)` one is.
        assert_eq!(set.candidates("ham-a and mPAS"), vec![3]);
        assert_eq!(set.candidates("ham-a and MYPAS"), vec![2, 3]);
        assert_eq!(
            prefixes(r"\bHAM-?A\b"),
            Some(vec![b"HAM-A".to_vec(), b"HAMA".to_vec()])
        );
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
