//! Every vocabulary table searched in one pass over a sentence. The study rules ask the same
//! sentence for its drugs, routes, comparators and population cues many times over; this finds
//! them all at once, with exactly `vocab::find_terms`' answer for each table. Must never decide
//! anything itself (rules live in `study/`), and never answer differently from `find_terms`.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::cues;

use super::vocab::{
    self, ADULT_WORDS, CHILD_WORDS, COMPARATORS, DRUGS, Hit, OTHER_DRUGS, POPULATION_CUES, ROUTES,
    Term,
};

/// How many tables the union holds (a slot each in `TermIndex`).
const TABLES: usize = 7;

/// The union of all tables: each distinct term text once, with every (table, entry) that
/// writes it, so an overlapping search reports per table what that table's own search would.
struct Union {
    automaton: AhoCorasick,
    /// The distinct term texts, in pattern order: every owner of a pattern writes its text.
    patterns: Vec<&'static str>,
    /// Per pattern: it has a capital, so it matches only as written (`vocab::accepts`' case
    /// rule), and an occurrence in another case is never a hit, in the text or in a piece.
    exact: Vec<bool>,
    owners: Vec<Vec<(u8, u32)>>,
    /// Address and length of each table, in bit order; tables are statics, so these name them.
    keys: [(usize, usize); TABLES],
}

fn key<T>(table: &'static [Term<T>]) -> (usize, usize) {
    (table.as_ptr() as usize, table.len())
}

static UNION: LazyLock<Union> = LazyLock::new(|| {
    // Each table's term texts and its key, in slot order.
    let tables: [(Vec<&'static str>, (usize, usize)); TABLES] = [
        entry(DRUGS),
        entry(ROUTES),
        entry(COMPARATORS),
        entry(OTHER_DRUGS),
        entry(POPULATION_CUES),
        entry(CHILD_WORDS),
        entry(ADULT_WORDS),
    ];
    let keys = tables.each_ref().map(|t| t.1);
    let texts: Vec<Vec<&'static str>> = tables.into_iter().map(|t| t.0).collect();
    let (patterns, owners) = cues::distinct_texts(&texts);
    // Case-folded for ASCII like each table's own automaton; `vocab::accepts` then applies
    // each term's case and boundary rules.
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .expect("vocabulary terms form an automaton");
    let exact = patterns.iter().map(|p| p.bytes().any(|b| b.is_ascii_uppercase())).collect();
    Union {
        automaton,
        patterns,
        exact,
        owners,
        keys,
    }
});

fn entry<T>(table: &'static [Term<T>]) -> (Vec<&'static str>, (usize, usize)) {
    (table.iter().map(|t| t.text).collect(), key(table))
}

/// The term candidates of one text, per table.
#[derive(Debug, Clone, Default)]
pub struct TermIndex {
    /// Every occurrence of every term, boundaries aside, for each table that holds it: a piece
    /// of the text holds exactly those inside it, and applies the boundary rules at its own
    /// edges. One list for all tables (most sentences hold a few terms; a list per table
    /// would mostly be allocations).
    raw: Vec<Candidate>,
    /// Tables with an accepted candidate, by slot bit: most tables have none in a sentence.
    accepted: u8,
}

/// One occurrence of a term of one table in the indexed text.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    /// The term's index in its table.
    entry: u32,
    table: u8,
    /// The boundary rules of the whole text accept it: what `find_terms` collects.
    accepted: bool,
}

impl TermIndex {
    pub fn new(text: &str) -> TermIndex {
        let union = &*UNION;
        let mut index = TermIndex::default();
        for m in union.automaton.find_overlapping_iter(text.as_bytes()) {
            let (i, p) = (m.start(), m.pattern().as_usize());
            // "in", "im", "sc" inside words are "IN", "IM", "SC" to the case-folded automaton.
            if union.exact[p] && text.as_bytes()[i..m.end()] != *union.patterns[p].as_bytes() {
                continue;
            }
            // The owners share the pattern's text, so one check answers for all of them.
            let accepted = vocab::accepts(text, i, union.patterns[p]);
            for &(table, entry) in &union.owners[p] {
                index.raw.push(Candidate { start: i, end: m.end(), entry, table, accepted });
                index.accepted |= u8::from(accepted) << table;
            }
        }
        index
    }

    /// `find_terms(text, table)`, where `text` is the text this index was made from.
    pub fn hits<T: Copy>(&self, text: &str, table: &'static [Term<T>]) -> Vec<Hit<T>> {
        match slot(table) {
            Some(t) if self.accepted & 1 << t == 0 => Vec::new(),
            Some(t) => vocab::select(
                self.raw
                    .iter()
                    .filter(|c| c.accepted && usize::from(c.table) == t)
                    .map(|c| (c.start, c.end, c.entry as usize))
                    .collect(),
                table,
            ),
            None => vocab::find_terms(text, table),
        }
    }

    /// `find_terms(piece, table)`, where `piece` is `text[at..]` cut short and `text` is the
    /// text this index was made from.
    pub fn hits_within<T: Copy>(
        &self,
        at: usize,
        piece: &str,
        table: &'static [Term<T>],
    ) -> Vec<Hit<T>> {
        let Some(t) = slot(table) else {
            return vocab::find_terms(piece, table);
        };
        let end = at + piece.len();
        let candidates: Vec<(usize, usize, usize)> = self
            .raw
            .iter()
            .filter(|c| usize::from(c.table) == t && c.start >= at && c.end <= end)
            .map(|c| (c.start - at, c.end - at, c.entry as usize))
            .filter(|&(i, _, k)| vocab::accepts(piece, i, table[k].text))
            .collect();
        if candidates.is_empty() {
            Vec::new()
        } else {
            vocab::select(candidates, table)
        }
    }
}

fn slot<T>(table: &'static [Term<T>]) -> Option<usize> {
    let k = key(table);
    UNION.keys.iter().position(|x| *x == k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same<T: Copy + PartialEq + std::fmt::Debug>(
        text: &str,
        index: &TermIndex,
        table: &'static [Term<T>],
    ) {
        assert_eq!(
            index.hits(text, table),
            vocab::find_terms(text, table),
            "{text:?}"
        );
        // Pieces of the text cut at spaces and inside words: the edges set new boundaries.
        let mut cuts: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
        cuts.extend(
            text.match_indices(' ')
                .map(|(i, _)| i + 3)
                .filter(|i| text.is_char_boundary(*i)),
        );
        cuts.sort();
        for (a, b) in cuts.iter().zip(cuts.iter().skip(3)).filter(|(a, b)| a < b) {
            let piece = &text[*a..*b];
            assert_eq!(
                index.hits_within(*a, piece, table),
                vocab::find_terms(piece, table),
                "{piece:?}"
            );
        }
    }

    #[test]
    fn the_index_answers_what_each_table_search_answers() {
        // Real abstracts (the bundled store) plus edge cases of case, punctuation and Unicode.
        let texts = crate::extract::store_texts_and(&[
            "IV ketamine vs. iv KETAMINE; (S)-ketamine\u{a0}nasal spray, s-ketamine in GAD and gad",
            "Esketamine-treated children (aged 2–7 y) and older adults; placebo/saline; PTSD checklist.",
            "",
        ]);
        for text in &texts {
            let index = TermIndex::new(text);
            same(text, &index, DRUGS);
            same(text, &index, ROUTES);
            same(text, &index, COMPARATORS);
            same(text, &index, OTHER_DRUGS);
            same(text, &index, POPULATION_CUES);
            same(text, &index, CHILD_WORDS);
            same(text, &index, ADULT_WORDS);
        }
    }

    #[test]
    fn every_table_has_its_slot() {
        assert_eq!(slot(DRUGS), Some(0));
        assert_eq!(slot(ADULT_WORDS), Some(6));
        static UNKNOWN: &[Term<u8>] = &[Term {
            text: "ketamine",
            value: 0,
        }];
        assert_eq!(slot(UNKNOWN), None);
        assert_eq!(
            TermIndex::new("ketamine").hits("ketamine", UNKNOWN).len(),
            1
        );
    }
}
