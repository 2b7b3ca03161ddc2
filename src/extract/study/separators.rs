//! Where one side of an allocation sentence is cut into arms: "or", "whereas", "while", ";",
//! ", and", and "and (the) control / patients in / those in". A byte scan that finds exactly the
//! matches of the pattern `ARM_SEP` (kept here as the reference, and run instead on text the scan
//! cannot read as ASCII case folding would): the pattern's short literals ("or", "and") occur in
//! nearly every word, so its prefilter stopped at most of them. Must never decide what is an arm.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::re;
use crate::extract::scan::{boundary_after, boundary_before, spaces_at, word_at};

static ARM_SEP: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(r"(?i)\b(?:or|whereas|while)\b|;|, and\b|\band\s+(?:the\s+)?(?:control|patients in|those in)\b")
        .expect("arm separator pattern")
});

/// The spans of `ARM_SEP`'s matches in `side`, left to right.
pub(crate) fn arm_separators(side: &str) -> Vec<(usize, usize)> {
    if !re::folds_as_ascii(side) {
        return by_pattern(side);
    }
    let b = side.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match separator_at(side, i) {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// `ARM_SEP`'s matches, by the pattern itself.
fn by_pattern(side: &str) -> Vec<(usize, usize)> {
    ARM_SEP.find_iter(side).map(|m| (m.start(), m.end())).collect()
}

/// The end of the match starting at byte `i`, if one does: the alternatives start with
/// different bytes, so at most one can.
fn separator_at(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    match b[i] {
        b';' => Some(i + 1),
        b',' => word_at(b, i, ", and").filter(|&e| boundary_after(b, e)),
        b'o' | b'O' | b'w' | b'W' if boundary_before(b, i) => ["or", "whereas", "while"]
            .iter()
            .find_map(|w| word_at(b, i, w).filter(|&e| boundary_after(b, e))),
        b'a' | b'A' if boundary_before(b, i) => {
            let after_and = spaces_at(s, word_at(b, i, "and")?)?;
            // `(?:the\s+)?` is greedy: with "the" first, then without.
            let with_the = word_at(b, after_and, "the").and_then(|e| spaces_at(s, e));
            with_the.and_then(|at| group_at(b, at)).or_else(|| group_at(b, after_and))
        }
        _ => None,
    }
}

/// "control", "patients in" or "those in" at byte `i`, then `\b`; the end.
fn group_at(b: &[u8], i: usize) -> Option<usize> {
    ["control", "patients in", "those in"]
        .iter()
        .find_map(|w| word_at(b, i, w))
        .filter(|&e| boundary_after(b, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_finds_what_the_pattern_finds() {
        let cases = [
            "Ketamine or placebo; saline, and the control group received nothing.",
            "Group K received ketamine whereas group M received midazolam, while others rested.",
            "Ketamine and the control arm, and  patients in group B, AND THOSE IN group C.",
            "Ketamine and\u{a0}the\u{2003}control; ketamine and\tcontrol; and thecontrol; and the controls.",
            "for, more, oral, orally, or_, or1, _or, 1or, wor, ORAL, Or, oR.",
            "and the patients in, and patients in, and the those in, andthe control, and the  the control.",
            ", and, ,and, , andrew, , and_x, ,  and.",
            "Whereas; WHILE; whileS; meanwhile; whereas1.",
            "µor ±or or±, é or ü, ketamine—or—placebo.",
            "and the patients İn x, and those ın y, whıle z, whİle w, İor, or İ.",
            "",
            "or",
            "and control",
        ];
        crate::extract::assert_same(arm_separators, by_pattern, &cases, &crate::extract::store_pieces());
        // 'ſ' is matched as 's' by (?i): the pattern reads such text.
        let long_s = "ketamine and patientſ in group B";
        assert_eq!(arm_separators(long_s), by_pattern(long_s));
        assert_eq!(arm_separators(long_s).len(), 1);
    }
}
