//! Lists of cue phrases tested against one sentence: "does any of these occur in it". One
//! Aho–Corasick search answers for the whole list, where `str::contains` per phrase would set
//! up a searcher and scan the sentence once per phrase. On a whole abstract `str::contains`
//! is the faster (its SIMD scan skips most bytes; measured), so `design` keeps it. Exact
//! substring semantics, case as given; must never be used for anything but plain containment.

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
}
