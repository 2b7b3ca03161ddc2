//! Article → Findings: study fields and reported outcomes, each number with its verbatim
//! sentence. Pure: no I/O, no rules keyed to a PMID, journal or title.

mod cues;
mod model;
pub mod numbers;
pub mod outcomes;
mod re;
mod scan;
pub mod scales;
pub mod study;
mod term_index;
pub mod text;
pub mod vocab;

pub use model::*;

use crate::pubmed::Article;

/// Extract study fields and outcomes from one article. Outcomes are read only from records
/// that name a ketamine-family drug: the summaries use no others, and in a PubMed baseline file
/// the other records are nearly all of them (and of the cost).
pub fn extract(article: &Article) -> Findings {
    let scales = scales::article_scales(article);
    // Split once: the study fields and the outcomes read the same sentences.
    let sentences = text::sentences(article);
    let study = study::extract_study(article, &sentences, &scales);
    let outcomes = if study.drugs.is_empty() {
        Vec::new()
    } else {
        outcomes::extract_outcomes_from(article, &sentences, &scales)
    };
    Findings { study, outcomes }
}

/// Checks a cheap gate in front of a rule: `cases` give the gate's answer for each text, and in
/// every one of `pieces` that the gate skips, `finds` (the rule, or the pattern it guards) finds
/// nothing. Fails when the gate skips no piece, since the test could then not fail.
#[cfg(test)]
pub(crate) fn assert_gate(gate: impl Fn(&str) -> bool, finds: impl Fn(&str) -> bool, cases: &[(&str, bool)], pieces: &[String]) {
    for &(text, may) in cases {
        assert_eq!(gate(text), may, "{text:?}");
    }
    let mut skipped = 0;
    for piece in pieces.iter().filter(|p| !gate(p)) {
        skipped += 1;
        assert!(!finds(piece), "{piece:?}");
    }
    assert!(skipped > 0, "the gate skipped none of {} pieces", pieces.len());
}

/// Checks a fast path against what it replaces: the same answer on every case and every piece.
#[cfg(test)]
pub(crate) fn assert_same<T: PartialEq + std::fmt::Debug>(
    fast: impl Fn(&str) -> T,
    reference: impl Fn(&str) -> T,
    cases: &[&str],
    pieces: &[String],
) {
    for text in cases.iter().copied().chain(pieces.iter().map(String::as_str)) {
        assert_eq!(fast(text), reference(text), "{text:?}");
    }
}

/// Every file of the bundled store and of the PubMed test fixtures, whole, then `extra`: the
/// inputs of the tests that check a fast path against a plain one.
#[cfg(test)]
pub(crate) fn store_texts_and(extra: &[&str]) -> Vec<String> {
    let dirs = ["/data/raw", "/tests/fixtures/pubmed"];
    let mut paths: Vec<std::path::PathBuf> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(format!("{}{d}", env!("CARGO_MANIFEST_DIR"))).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    paths.sort();
    let mut texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    texts.extend(extra.iter().map(|s| s.to_string()));
    texts
}

/// Every sentence of the bundled store (`text::split` over each raw file) and its two halves:
/// what a test of a cheap gate runs the pattern it guards over.
#[cfg(test)]
pub(crate) fn store_pieces() -> Vec<String> {
    store_texts_and(&[])
        .iter()
        .flat_map(|text| text::split(text).into_iter().map(|(a, b)| text[a..b].to_string()))
        .flat_map(|whole| with_halves(&whole))
        .collect()
}

/// Every line of the bundled store's files and its two halves (for gates in front of
/// patterns that read whole abstracts or any text).
#[cfg(test)]
pub(crate) fn store_line_pieces() -> Vec<String> {
    store_texts_and(&[])
        .iter()
        .flat_map(|text| text.lines().flat_map(with_halves).collect::<Vec<_>>())
        .collect()
}

/// `whole`, its first half and its second half (cut at the middle char).
#[cfg(test)]
fn with_halves(whole: &str) -> [String; 3] {
    let cut = whole.char_indices().nth(whole.chars().count() / 2).map_or(0, |c| c.0);
    [whole, &whole[..cut], &whole[cut..]].map(str::to_string)
}
