//! Lists of cue phrases tested against one sentence: "does any of these occur in it". One
//! Aho–Corasick search answers for the whole list, where `str::contains` per phrase would set
//! up a searcher and scan the sentence once per phrase. On a whole abstract `str::contains`
//! is the faster per list (its SIMD scan skips most bytes; measured), so `design` asks all its
//! lists at once instead (`CueLists`: one pass for every list). Exact substring semantics, case
//! as given; must never be used for anything but plain containment.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// A compiled cue list.
pub struct Cues(AhoCorasick);

impl Cues {
    pub fn new(phrases: &[&str]) -> Cues {
        // Leftmost-first, not the standard semantics: only then may the automaton use its SIMD
        // prefilter (Teddy), which skips most of a text; whether any phrase occurs is the same.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(phrases)
            .expect("cue phrases form an automaton");
        Cues(automaton)
    }

    /// Some phrase of the list occurs in `text`.
    pub fn any_in(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// A cue list compiled on first use, for a `static`.
pub type LazyCues = LazyLock<Cues>;

/// Several `static` cue lists searched together. Each automaton (at most 64 phrases, so it
/// gets the SIMD prefilter) reports at every start where a phrase occurs only the longest
/// phrase there; every other phrase occurring at that start is a prefix of it, so each phrase
/// answers for the lists of all its prefixes too. Starting again one byte after each reported
/// start, the searches find every list an overlapping walk finds, mostly by skipping.
pub struct CueLists {
    automata: Vec<AhoCorasick>,
    /// Per automaton, per phrase: the lists (bits) that hold it or a phrase it starts with.
    owners: Vec<Vec<u64>>,
    /// Each list's address, in bit order: the lists are statics, so these name them.
    lists: Vec<usize>,
}

/// Which lists of a `CueLists` occur in one text.
#[derive(Clone, Copy)]
pub struct Found<'a> {
    lists: &'a CueLists,
    bits: u64,
}

/// The distinct texts of several lists, in first-seen order, each with every (list, index)
/// that holds it: one automaton pattern per text, whose match answers for all its owners.
pub fn distinct_texts<'a>(lists: &[Vec<&'a str>]) -> (Vec<&'a str>, Vec<Vec<(u8, u32)>>) {
    let mut texts: Vec<&str> = Vec::new();
    let mut owners: Vec<Vec<(u8, u32)>> = Vec::new();
    for (i, list) in lists.iter().enumerate() {
        for (k, text) in list.iter().enumerate() {
            let at = match texts.iter().position(|t| t == text) {
                Some(at) => at,
                None => {
                    texts.push(text);
                    owners.push(Vec::new());
                    texts.len() - 1
                }
            };
            owners[at].push((u8::try_from(i).expect("at most 256 lists"), k as u32));
        }
    }
    (texts, owners)
}

impl CueLists {
    pub fn new(lists: &[&'static [&'static str]]) -> CueLists {
        assert!(lists.len() <= 64, "at most 64 lists");
        let (phrases, holders) = distinct_texts(&lists.iter().map(|l| l.to_vec()).collect::<Vec<_>>());
        let own: Vec<u64> = holders.iter().map(|h| h.iter().fold(0u64, |bits, &(i, _)| bits | 1 << i)).collect();
        let (mut automata, mut owners) = (Vec::new(), Vec::new());
        for (chunk, own) in phrases.chunks(64).zip(own.chunks(64)) {
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(chunk)
                .expect("cue phrases form an automaton");
            let closed = chunk
                .iter()
                .map(|p| {
                    chunk.iter().zip(own).filter(|(q, _)| p.starts_with(**q)).fold(0, |b, (_, o)| b | o)
                })
                .collect();
            automata.push(automaton);
            owners.push(closed);
        }
        let lists = lists.iter().map(|l| l.as_ptr() as usize).collect();
        CueLists { automata, owners, lists }
    }

    /// Every list with a phrase in `text`.
    pub fn found_in(&self, text: &str) -> Found<'_> {
        let mut bits = 0;
        for (automaton, owners) in self.automata.iter().zip(&self.owners) {
            let mut at = 0;
            while let Some(m) = automaton.find(aho_corasick::Input::new(text).span(at..text.len())) {
                bits |= owners[m.pattern().as_usize()];
                at = m.start() + 1;
            }
        }
        Found { lists: self, bits }
    }
}

impl Found<'_> {
    /// Some phrase of `list`, one of the lists the `CueLists` was made from, occurs in the text.
    pub fn any(&self, list: &'static [&'static str]) -> bool {
        let at = self.lists.lists.iter().position(|&l| l == list.as_ptr() as usize);
        let at = at.expect("a list of this CueLists");
        self.bits & (1 << at) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cue_list_finds_what_contains_finds() {
        let phrases = ["are needed", "further ", " vs", "prisma"];
        let cues = Cues::new(&phrases);
        for text in [
            "further trials are needed",
            "ketamine vs placebo",
            "furthermore",
            "",
            "PRISMA",
            "a vs",
        ] {
            assert_eq!(
                cues.any_in(text),
                phrases.iter().any(|p| text.contains(p)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn cue_lists_find_per_list_what_contains_finds() {
        static A: &[&str] = &["random", "randomly assigned", "crossover"];
        static B: &[&str] = &["assigned", "case report"];
        static C: &[&str] = &["crossover", "x"];
        let lists = CueLists::new(&[A, B, C]);
        for text in [
            "patients were randomly assigned",
            "a crossover trial",
            "case reports",
            "",
            "RANDOM",
            "nothing here",
            "randomassigned",
        ] {
            let found = lists.found_in(text);
            for list in [A, B, C] {
                assert_eq!(found.any(list), list.iter().any(|p| text.contains(p)), "{text:?} {list:?}");
            }
        }
    }

    #[test]
    fn cue_lists_of_more_than_one_automaton_find_what_contains_finds() {
        // 100 phrases: two automata. Phrases that start others, sit inside others, overlap.
        let many: Vec<&'static str> = (0..97)
            .map(|k| &*Box::leak(format!("w{k}x").into_boxed_str()))
            .chain(["w1", "1x", "w9"])
            .collect();
        let many: &'static [&'static str] = Box::leak(many.into_boxed_slice());
        static SHORT: &[&str] = &["w", "x w"];
        let lists = CueLists::new(&[many, SHORT]);
        for text in ["w1x", "w96x w1", "aw9", "1x", "", "w", "x w", "w10", "w99x"] {
            let found = lists.found_in(text);
            for list in [many, SHORT] {
                assert_eq!(found.any(list), list.iter().any(|p| text.contains(p)), "{text:?}");
            }
        }
    }
}
