//! What was given: ketamine-family drugs, their routes and their doses, each read beside the
//! drug's own mention ("oral ketamine", "ketamine … intravenously"). Must never take the route
//! or dose of another drug in the same sentence (that is `comparators`' business).

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::re;

use super::{Doc, Part, Sent};
use crate::extract::model::{Comparator, Drug, Route};
use crate::extract::term_index::TermIndex;
use crate::extract::vocab::{COMPARATORS, DRUGS, Hit, OTHER_DRUGS, ROUTES, Term};

/// A sentence, or a piece of one, with the sentence's vocabulary index: both read their hits
/// from the index, without searching the text again.
#[derive(Clone, Copy)]
pub(crate) struct Terms<'a> {
    pub text: &'a str,
    index: &'a TermIndex,
    /// The indexed sentence, and where `text` starts in it (`None`: not a slice of it).
    whole: &'a str,
    at: Option<usize>,
}

impl<'a> Terms<'a> {
    pub(crate) fn whole(text: &'a str, index: &'a TermIndex) -> Terms<'a> {
        Terms {
            text,
            index,
            whole: text,
            at: Some(0),
        }
    }

    /// `piece` must be a slice of this text (it is searched afresh if it is not).
    pub(crate) fn piece(&self, piece: &'a str) -> Terms<'a> {
        let offset = (piece.as_ptr() as usize).wrapping_sub(self.whole.as_ptr() as usize);
        let inside = offset <= self.whole.len() && offset + piece.len() <= self.whole.len();
        let at = inside.then_some(offset);
        Terms {
            text: piece,
            index: self.index,
            whole: self.whole,
            at,
        }
    }

    pub(crate) fn find<T: Copy>(&self, table: &'static [Term<T>]) -> Vec<Hit<T>> {
        match self.at {
            Some(0) if self.text.len() == self.whole.len() => self.index.hits(self.text, table),
            Some(at) => self.index.hits_within(at, self.text, table),
            None => crate::extract::vocab::find_terms(self.text, table),
        }
    }
}

/// Named comparators and other active drugs in a piece of text ("active placebo" masked).
pub(crate) fn comparator_hits(s: Terms) -> Vec<Hit<Comparator>> {
    let mut hits: Vec<Hit<Comparator>> = Vec::new();
    for table in [COMPARATORS, OTHER_DRUGS] {
        for h in s.find(table) {
            if let Some(v) = h.value {
                hits.push(Hit {
                    start: h.start,
                    end: h.end,
                    value: v,
                });
            }
        }
    }
    hits.sort_by_key(|h| h.start);
    hits
}

/// A ketamine-family drug is given here (not "no ketamine").
pub(crate) fn has_ketamine(s: Terms) -> bool {
    ketamine_hits(s).next().is_some()
}

fn ketamine_hits(s: Terms<'_>) -> impl Iterator<Item = Hit<Drug>> + '_ {
    s.find(DRUGS)
        .into_iter()
        .filter(move |h| !negated(&s.text[..h.start]))
}

/// "no ketamine": the words before a hit end in the word "no".
fn negated(before: &str) -> bool {
    let b = before.trim_end().as_bytes();
    b.len() >= 3 && b[b.len() - 3] == b' ' && b[b.len() - 2..].eq_ignore_ascii_case(b"no")
}

/// Drugs studied, from the title, aims, methods and results (conclusions and background only
/// when those name none). Plain ketamine named only beside an enantiomer ("esketamine, the
/// S-isomer of ketamine") is background, not a study drug.
pub(crate) fn drugs(doc: &Doc) -> Vec<Drug> {
    let main = |s: &&Sent| s.part.describes_study() || s.part == Part::Results;
    let found = drugs_in(doc.sents.iter().filter(main));
    if found.is_empty() {
        drugs_in(doc.sents.iter())
    } else {
        found
    }
}

fn drugs_in<'s>(sents: impl Iterator<Item = &'s Sent>) -> Vec<Drug> {
    let mut out: Vec<Drug> = Vec::new();
    let mut plain_alone = false;
    let mut plain_any = false;
    for sent in sents {
        let found: Vec<Drug> = ketamine_hits(sent.terms()).map(|h| h.value).collect();
        plain_any |= found.contains(&Drug::Ketamine);
        if found.contains(&Drug::Ketamine) && found.iter().all(|d| *d == Drug::Ketamine) {
            plain_alone = true;
        }
        for d in found {
            if d != Drug::Ketamine && !out.contains(&d) {
                out.push(d);
            }
        }
    }
    if plain_alone || (out.is_empty() && plain_any) {
        out.push(Drug::Ketamine);
    }
    out.sort();
    out
}

/// Routes of the ketamine-family drug: the route word nearest each drug mention, read first
/// from the title, aims and methods, then results, then conclusions.
pub(crate) fn routes(doc: &Doc) -> Vec<Route> {
    let tiers: [&dyn Fn(&Sent) -> bool; 3] = [
        &|s: &Sent| s.part.describes_study(),
        &|s: &Sent| s.part == Part::Results,
        &|s: &Sent| s.part == Part::Conclusion,
    ];
    for tier in tiers {
        let sents: Vec<&Sent> = doc
            .sents
            .iter()
            .filter(|s| tier(s) && !s.is_about_other_work())
            .collect();
        let mut out: Vec<Route> = Vec::new();
        for s in &sents {
            for r in attached_routes(s.terms()) {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        if out.is_empty() {
            // "… midazolam and ketamine … or midazolam alone rectally": the sentence's route.
            for s in sents.iter().filter(|s| has_ketamine(s.terms())) {
                for r in affirmed_routes(s.terms()).into_iter().map(|h| h.value) {
                    if !out.contains(&r) {
                        out.push(r);
                    }
                }
            }
        }
        if !out.is_empty() {
            out.sort();
            return out;
        }
    }
    Vec::new()
}

const LEFT_WINDOW: usize = 60;
const RIGHT_WINDOW: usize = 45;

/// For each ketamine mention, the nearest route word before it (a coordinated list may sit
/// between: "rectal midazolam, ketamine") or after it with no other drug between.
pub(crate) fn attached_routes(terms: Terms) -> Vec<Route> {
    let s = terms.text;
    let routes = affirmed_routes(terms);
    let others = comparator_hits(terms);
    let mut out = Vec::new();
    for drug in ketamine_hits(terms) {
        let left = routes
            .iter()
            .filter(|r| r.end <= drug.start && drug.start - r.end <= LEFT_WINDOW)
            .filter(|r| !has_barrier(&s[r.end..drug.start], false))
            .next_back()
            .map(|r| (drug.start - r.end, r.value));
        let right = routes
            .iter()
            .find(|r| r.start >= drug.end && r.start - drug.end <= RIGHT_WINDOW)
            .filter(|r| !has_barrier(&s[drug.end..r.start], true))
            .filter(|r| {
                !others
                    .iter()
                    .any(|o| o.start >= drug.end && o.end <= r.start)
            })
            .map(|r| (r.start - drug.end, r.value));
        let best = match (left, right) {
            (Some(l), Some(r)) => Some(if l.0 <= r.0 { l.1 } else { r.1 }),
            (l, r) => l.or(r).map(|x| x.1),
        };
        if let Some(route) = best {
            if !out.contains(&route) {
                out.push(route);
            }
        }
    }
    out
}

/// Route words not negated ("without need for intravenous access").
fn affirmed_routes(terms: Terms) -> Vec<Hit<Route>> {
    let s = terms.text;
    let mut hits = terms.find(ROUTES);
    hits.retain(|h| {
        let k = s.ceil_char_boundary(h.start.saturating_sub(40));
        let tail = s[k..h.start].to_ascii_lowercase();
        !(tail.contains("without")
            || tail.contains("no need")
            || tail.ends_with("no ")
            || tail.ends_with("non-"))
    });
    hits
}

fn has_barrier(between: &str, rightwards: bool) -> bool {
    let l = between.to_ascii_lowercase();
    const BARRIERS: &[&str] = &[
        ";", ":", "versus", " vs", "compared", "while", "whereas", " than ", "group",
    ];
    BARRIERS.iter().any(|b| l.contains(b)) || (rightwards && l.contains(" or "))
}

static DOSE: LazyLock<Regex> = LazyLock::new(|| {
    re::compile(
        r"(?i)\b\d+(?:[.,]\d+)?(?:\s*(?:-|to|~)\s*\d+(?:[.,]\d+)?)?\s*(?:mg|µg|μg|mcg|microg|ng|g|ml|cc)\b(?:(?:\s*(?:/|·|\.|per)\s*|\s+)kg\b(?:\s*-1|\s*\(-1\))?)?(?:\s*/\s*(?:min|h|hr|hour|day|d)\b)?",
    )
    .expect("dose pattern")
});

/// Doses within a short reach of a ketamine mention, with no other drug between.
pub(crate) fn collect_doses(terms: Terms, out: &mut Vec<String>) {
    let s = terms.text;
    let drugs: Vec<Hit<Drug>> = ketamine_hits(terms).collect();
    if drugs.is_empty() {
        return;
    }
    let others = comparator_hits(terms);
    for m in DOSE.find_iter(s) {
        let near = drugs.iter().any(|d| {
            let (a, b) = if m.start() >= d.end {
                (d.end, m.start())
            } else {
                (m.end(), d.start)
            };
            let reach = if m.start() >= d.end { 40 } else { 25 };
            b >= a && b - a <= reach && !others.iter().any(|o| o.start >= a && o.end <= b)
        });
        let dose = m.as_str().trim().to_string();
        if near && !out.contains(&dose) {
            out.push(dose);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_attach_to_the_nearest_ketamine_mention() {
        let cases: &[(&str, &[Route])] = &[
            (
                "Premedication with nasal s-ketamine and midazolam in preschool children",
                &[Route::Intranasal],
            ),
            (
                "Effectiveness of preoperative sedation with rectal midazolam, ketamine, or their combination",
                &[Route::Other],
            ),
            (
                "receiving either intranasal dexmedetomidine at 2 µg/kg and oral ketamine at 3 mg/kg",
                &[Route::Oral],
            ),
            (
                "the patients received ketamine hydrochloride (1.2 mg/kg, average) intravenously over 1 hour",
                &[Route::Iv],
            ),
            (
                "Oral transmucosal ketamine (OTK) provided effective sedation, facilitated i.v. line insertion",
                &[Route::Oral],
            ),
            (
                "patients received six infusions of ketamine (0.5 mg/kg)",
                &[Route::Iv],
            ),
            ("esketamine nasal spray was started", &[Route::Intranasal]),
            (
                "ketamine (2 mg/kg) by a jet nebulizer before the induction",
                &[Route::Other],
            ),
            (
                "Ketamine was safe and well tolerated in this population.",
                &[],
            ),
            (
                "ketamine can benefit patients when given with psychotherapy and without need for intravenous (IV) access",
                &[],
            ),
        ];
        for (s, want) in cases {
            let index = TermIndex::new(s);
            assert_eq!(
                attached_routes(Terms::whole(s, &index)),
                want.to_vec(),
                "{s}"
            );
        }
    }

    #[test]
    fn doses_near_ketamine_are_kept_as_written() {
        let mut doses = Vec::new();
        let collect_doses = |s: &str, out: &mut Vec<String>| {
            collect_doses(Terms::whole(s, &TermIndex::new(s)), out)
        };
        collect_doses(
            "received s-ketamine 1 mg·kg-1 and midazolam 0.2 mg·kg-1 (Group K1)",
            &mut doses,
        );
        collect_doses(
            "Group K received ketamine 0.25 mg.kg (-1) and Group S received saline.",
            &mut doses,
        );
        collect_doses(
            "ketofol : ketamine 25 µg/kg/min + propofol 75 µg/kg/min",
            &mut doses,
        );
        collect_doses("midazolam 0.5 mg/kg was given alone", &mut doses);
        assert_eq!(doses, ["1 mg·kg-1", "0.25 mg.kg (-1)", "25 µg/kg/min"]);
    }
}
