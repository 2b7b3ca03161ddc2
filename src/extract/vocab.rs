//! Study-level vocabularies as data, in one place: each term as abstracts write it, and the
//! canonical value it means (drugs, routes, comparators, other drugs, populations, ages).
//! A term written in lower case matches any case; a term with an upper-case letter ("IV", "SC")
//! matches exactly. Matching respects word boundaries, prefers the longest term, and must never
//! decide anything: rules live in `study/`.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::model::{AgeGroup, Comparator, Drug, Population, Route};

/// One way of writing a vocabulary value.
#[derive(Debug, Clone, Copy)]
pub struct Term<T: 'static> {
    pub text: &'static str,
    pub value: T,
}

const fn t<T>(text: &'static str, value: T) -> Term<T> {
    Term { text, value }
}

/// A term found in a text: byte range and value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit<T> {
    pub start: usize,
    pub end: usize,
    pub value: T,
}

/// Every non-overlapping occurrence of a table's terms in `text`, left to right, longest first.
///
/// A term may start where a word starts (or at punctuation), and must end at a word boundary
/// unless it ends in punctuation itself. Terms with a capital letter match exactly ("IV"); the
/// others match in any case. One Aho–Corasick pass finds every candidate, so the cost does not
/// grow with the size of the table.
pub fn find_terms<T: Copy>(text: &str, table: &'static [Term<T>]) -> Vec<Hit<T>> {
    let automaton = automaton_for(table);
    let bytes = text.as_bytes();
    // Most texts hold no term of a given table: a search with the automaton's prefilter says so
    // several times faster than the overlapping walk below.
    if !automaton.is_match(bytes) {
        return Vec::new();
    }
    // (start, end, term index) of every candidate that the boundary rules accept.
    let candidates: Vec<(usize, usize, usize)> = automaton
        .find_overlapping_iter(bytes)
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .filter(|&(i, _, k)| accepts(text, i, table[k].text))
        .collect();
    select(candidates, table)
}

/// A raw (case-folded) occurrence of `term` at byte `i` of `text` that the boundary and case
/// rules accept.
pub(crate) fn accepts(text: &str, i: usize, term: &str) -> bool {
    let bytes = text.as_bytes();
    text.is_char_boundary(i)
        && !(i > 0 && is_word_byte(bytes[i - 1]) && is_word_byte(bytes[i]))
        && matches_at(text, i, term)
}

/// The hits among accepted candidates: leftmost first; at one start the longest, and among
/// equals the later table entry.
pub(crate) fn select<T: Copy>(
    mut candidates: Vec<(usize, usize, usize)>,
    table: &[Term<T>],
) -> Vec<Hit<T>> {
    candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    let mut hits = Vec::new();
    let mut pos = 0;
    for (start, end, k) in candidates {
        if start >= pos {
            hits.push(Hit {
                start,
                end,
                value: table[k].value,
            });
            pos = end;
        }
    }
    hits
}

/// One automaton per table, built on first use. Tables are `'static` slices, so their address
/// and length name them.
fn automaton_for<T>(table: &'static [Term<T>]) -> Arc<AhoCorasick> {
    static CACHE: LazyLock<RwLock<HashMap<(usize, usize), Arc<AhoCorasick>>>> =
        LazyLock::new(Default::default);
    let key = (table.as_ptr() as usize, table.len());
    if let Some(a) = CACHE.read().expect("vocabulary cache").get(&key) {
        return Arc::clone(a);
    }
    // A DFA, case-folded for ASCII: the text is searched as it is, without a lower-case copy;
    // `matches_at` then applies each term's own case rule.
    let built = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(table.iter().map(|t| t.text))
        .expect("vocabulary terms form an automaton");
    let built = Arc::new(built);
    CACHE
        .write()
        .expect("vocabulary cache")
        .entry(key)
        .or_insert(built)
        .clone()
}

/// The distinct values of a table found in `text`, in order of first appearance.
pub fn values_in<T: Copy + PartialEq>(text: &str, table: &'static [Term<T>]) -> Vec<T> {
    distinct(find_terms(text, table))
}

/// The distinct values of some hits, in order of first appearance.
pub fn distinct<T: Copy + PartialEq>(hits: Vec<Hit<T>>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for hit in hits {
        if !out.contains(&hit.value) {
            out.push(hit.value);
        }
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn matches_at(text: &str, i: usize, term: &str) -> bool {
    let end = i + term.len();
    if end > text.len() || !text.is_char_boundary(end) {
        return false;
    }
    let exact = term.bytes().any(|b| b.is_ascii_uppercase());
    let found = if exact {
        &text[i..end] == term
    } else {
        text[i..end].eq_ignore_ascii_case(term)
    };
    if !found {
        return false;
    }
    // A term that itself ends (or starts) in punctuation sets its own boundary.
    let bytes = text.as_bytes();
    let starts_word = term.as_bytes().first().is_some_and(|b| is_word_byte(*b));
    let ends_word = term.as_bytes().last().is_some_and(|b| is_word_byte(*b));
    let left_ok = !starts_word || i == 0 || !is_word_byte(bytes[i - 1]);
    let right_ok = !ends_word || end == text.len() || !is_word_byte(bytes[end]);
    left_ok && right_ok
}

/// Ketamine and its enantiomers, with brand names and common spellings.
pub static DRUGS: &[Term<Drug>] = &[
    t("ketamine", Drug::Ketamine),
    t("r,s-ketamine", Drug::Ketamine),
    t("(r,s)-ketamine", Drug::Ketamine),
    t("rs-ketamine", Drug::Ketamine),
    t("(rs)-ketamine", Drug::Ketamine),
    t("(r/s)-ketamine", Drug::Ketamine),
    t("ketamin", Drug::Ketamine),
    t("racemic ketamine", Drug::Ketamine),
    t("ketofol", Drug::Ketamine),
    t("ketalar", Drug::Ketamine),
    t("ketanest", Drug::Ketamine),
    t("esketamine", Drug::Esketamine),
    t("es-ketamine", Drug::Esketamine),
    t("s-ketamine", Drug::Esketamine),
    t("(s)-ketamine", Drug::Esketamine),
    t("s(+)-ketamine", Drug::Esketamine),
    t("s(+) ketamine", Drug::Esketamine),
    t("s+ ketamine", Drug::Esketamine),
    t("ketanest s", Drug::Esketamine),
    t("ketanest-s", Drug::Esketamine),
    t("spravato", Drug::Esketamine),
    t("arketamine", Drug::Arketamine),
    t("r-ketamine", Drug::Arketamine),
    t("(r)-ketamine", Drug::Arketamine),
    t("r(-)-ketamine", Drug::Arketamine),
];

/// Routes of administration. Bare "infusion" means intravenous (GUIDE convention).
pub static ROUTES: &[Term<Route>] = &[
    t("intravenous", Route::Iv),
    t("intravenously", Route::Iv),
    t("intra-venous", Route::Iv),
    t("IV", Route::Iv),
    t("i.v.", Route::Iv),
    t("infusion", Route::Iv),
    t("infusions", Route::Iv),
    t("infused", Route::Iv),
    t("intranasal", Route::Intranasal),
    t("intranasally", Route::Intranasal),
    t("intra-nasal", Route::Intranasal),
    t("nasal", Route::Intranasal),
    t("nasally", Route::Intranasal),
    t("nasal spray", Route::Intranasal),
    t("atomizer", Route::Intranasal),
    t("atomiser", Route::Intranasal),
    t("atomization device", Route::Intranasal),
    t("IN", Route::Intranasal),
    t("subcutaneous", Route::Subcutaneous),
    t("subcutaneously", Route::Subcutaneous),
    t("SC", Route::Subcutaneous),
    t("s.c.", Route::Subcutaneous),
    t("SQ", Route::Subcutaneous),
    t("intramuscular", Route::Intramuscular),
    t("intramuscularly", Route::Intramuscular),
    t("IM", Route::Intramuscular),
    t("i.m.", Route::Intramuscular),
    t("oral", Route::Oral),
    t("orally", Route::Oral),
    t("per oral", Route::Oral),
    t("per os", Route::Oral),
    t("by mouth", Route::Oral),
    t("p.o.", Route::Oral),
    t("oral transmucosal", Route::Oral),
    t("buccal", Route::Oral),
    t("sublingual", Route::Sublingual),
    t("sublingually", Route::Sublingual),
    t("rectal", Route::Other),
    t("rectally", Route::Other),
    t("intrarectal", Route::Other),
    t("intra-rectal", Route::Other),
    t("nebulized", Route::Other),
    t("nebulised", Route::Other),
    t("nebulizer", Route::Other),
    t("nebuliser", Route::Other),
    t("nebulization", Route::Other),
    t("inhaled", Route::Other),
    t("intrathecal", Route::Other),
    t("epidural", Route::Other),
    t("caudal", Route::Other),
    t("transdermal", Route::Other),
    t("topical", Route::Other),
];

/// What a control arm received. Drugs not named here but in `OTHER_DRUGS` are `other_active`.
pub static COMPARATORS: &[Term<Option<Comparator>>] = &[
    t("placebo", Some(Comparator::Placebo)),
    t("placebos", Some(Comparator::Placebo)),
    t("saline", Some(Comparator::Placebo)),
    t("normal saline", Some(Comparator::Placebo)),
    t("physiological saline", Some(Comparator::Placebo)),
    t("sodium chloride", Some(Comparator::Placebo)),
    t("sham", Some(Comparator::Placebo)),
    t("inactive", Some(Comparator::Placebo)),
    t("vehicle", Some(Comparator::Placebo)),
    t("same volume", Some(Comparator::Placebo)),
    t("juice", Some(Comparator::Placebo)),
    t("soft drink", Some(Comparator::Placebo)),
    t("no ketamine", Some(Comparator::Placebo)),
    t("active placebo", None),
    t("psychoactive placebo", None),
    t("midazolam", Some(Comparator::Midazolam)),
    t("dexmedetomidine", Some(Comparator::Dexmedetomidine)),
    t("dexmedetomidin", Some(Comparator::Dexmedetomidine)),
    t("propofol", Some(Comparator::Propofol)),
    t("usual care", Some(Comparator::UsualCare)),
    t("treatment as usual", Some(Comparator::UsualCare)),
    t("TAU", Some(Comparator::UsualCare)),
    t("standard care", Some(Comparator::UsualCare)),
    t("standard of care", Some(Comparator::UsualCare)),
    t("routine care", Some(Comparator::UsualCare)),
    t("conventional treatment", Some(Comparator::UsualCare)),
    t("conventional methods", Some(Comparator::UsualCare)),
    t("conventional anesthesia", Some(Comparator::UsualCare)),
    t("conventional anaesthesia", Some(Comparator::UsualCare)),
    t("waitlist", Some(Comparator::UsualCare)),
    t("no intervention", Some(Comparator::UsualCare)),
    t("no treatment", Some(Comparator::UsualCare)),
    t("no premedication", Some(Comparator::UsualCare)),
    t("wait-list", Some(Comparator::UsualCare)),
];

/// Active treatments that are neither ketamine nor a named comparator: `other_active` when an
/// arm receives them instead of ketamine.
pub static OTHER_DRUGS: &[Term<Option<Comparator>>] = &[
    // The anaesthetic every arm was kept under is not an arm.
    t("sevoflurane anesthesia", None),
    t("sevoflurane anaesthesia", None),
    t("sevoflurane general anesthesia", None),
    t("sevoflurane general anaesthesia", None),
    t("desflurane anesthesia", None),
    t("desflurane anaesthesia", None),
    t("isoflurane anesthesia", None),
    t("other drugs", Some(Comparator::OtherActive)),
    t("other agents", Some(Comparator::OtherActive)),
    t("other sedatives", Some(Comparator::OtherActive)),
    t("active comparator", Some(Comparator::OtherActive)),
    t("active comparators", Some(Comparator::OtherActive)),
    t("active control", Some(Comparator::OtherActive)),
    t("atropine", Some(Comparator::OtherActive)),
    t("ketorolac", Some(Comparator::OtherActive)),
    t("remimazolam", Some(Comparator::OtherActive)),
    t("oxycodone", Some(Comparator::OtherActive)),
    t("hydromorphone", Some(Comparator::OtherActive)),
    t("electroconvulsive therapy", Some(Comparator::OtherActive)),
    t("ECT", Some(Comparator::OtherActive)),
    t("fentanyl", Some(Comparator::OtherActive)),
    t("remifentanil", Some(Comparator::OtherActive)),
    t("sufentanil", Some(Comparator::OtherActive)),
    t("morphine", Some(Comparator::OtherActive)),
    t("tramadol", Some(Comparator::OtherActive)),
    t("nalbuphine", Some(Comparator::OtherActive)),
    t("butorphanol", Some(Comparator::OtherActive)),
    t("dezocine", Some(Comparator::OtherActive)),
    t("diphenhydramine", Some(Comparator::OtherActive)),
    t("hydroxyzine", Some(Comparator::OtherActive)),
    t("sevoflurane", Some(Comparator::OtherActive)),
    t("thiopental", Some(Comparator::OtherActive)),
    t("thiopentone", Some(Comparator::OtherActive)),
    t("etomidate", Some(Comparator::OtherActive)),
    t("clonidine", Some(Comparator::OtherActive)),
    t("lidocaine", Some(Comparator::OtherActive)),
    t("magnesium", Some(Comparator::OtherActive)),
    t("dexamethasone", Some(Comparator::OtherActive)),
    t("chloral hydrate", Some(Comparator::OtherActive)),
    t("diazepam", Some(Comparator::OtherActive)),
    t("lorazepam", Some(Comparator::OtherActive)),
    t("alprazolam", Some(Comparator::OtherActive)),
    t("melatonin", Some(Comparator::OtherActive)),
    t("haloperidol", Some(Comparator::OtherActive)),
    t("droperidol", Some(Comparator::OtherActive)),
    t("esmolol", Some(Comparator::OtherActive)),
    t("nitrous oxide", Some(Comparator::OtherActive)),
    t("psilocybin", Some(Comparator::OtherActive)),
    t("escitalopram", Some(Comparator::OtherActive)),
    t("sertraline", Some(Comparator::OtherActive)),
    t("gabapentin", Some(Comparator::OtherActive)),
    t("pregabalin", Some(Comparator::OtherActive)),
    t("paracetamol", Some(Comparator::OtherActive)),
    t("acetaminophen", Some(Comparator::OtherActive)),
    t("ibuprofen", Some(Comparator::OtherActive)),
    t("ondansetron", Some(Comparator::OtherActive)),
];

/// Cue words for the condition studied. Order does not matter; `study::population` weighs
/// where a cue appears and which condition dominates.
pub static POPULATION_CUES: &[Term<Option<Population>>] = &[
    // Scale names and outcome phrases that contain a condition word but name no population.
    t("GAD-7", None),
    t("GAD7", None),
    t("generalized anxiety disorder 7", None),
    t("generalized anxiety disorder-7", None),
    t("generalised anxiety disorder 7", None),
    t("separation anxiety", None),
    t("postoperative pain", None),
    t("pain scores", None),
    t("pain score", None),
    t("respiratory depression", None),
    t("PTSD checklist", None),
    t("depression rating scale", None),
    t("depression scale", None),
    t("depression inventory", None),
    t("anxiety and depression scale", None),
    t("depression scores", None),
    t("depression score", None),
    t("depression symptoms", None),
    t("depressive symptoms", None),
    t("symptoms of depression", None),
    t("generalized anxiety disorder", Some(Population::Gad)),
    t("generalised anxiety disorder", Some(Population::Gad)),
    t("GAD", Some(Population::Gad)),
    t("social anxiety disorder", Some(Population::Sad)),
    t("social anxiety", Some(Population::Sad)),
    t("social phobia", Some(Population::Sad)),
    t("SAD", Some(Population::Sad)),
    t("posttraumatic stress disorder", Some(Population::Ptsd)),
    t("post-traumatic stress disorder", Some(Population::Ptsd)),
    t("posttraumatic stress", Some(Population::Ptsd)),
    t("post-traumatic stress", Some(Population::Ptsd)),
    t("PTSD", Some(Population::Ptsd)),
    t("obsessive-compulsive disorder", Some(Population::Ocd)),
    t("obsessive compulsive disorder", Some(Population::Ocd)),
    t("OCD", Some(Population::Ocd)),
    t("panic disorder", Some(Population::Panic)),
    t("anxiety disorders", Some(Population::MixedAnxiety)),
    t("anxiety disorder", Some(Population::MixedAnxiety)),
    t("anxiety spectrum disorders", Some(Population::MixedAnxiety)),
    t("depression", Some(Population::Depression)),
    t("depressive disorder", Some(Population::Depression)),
    t("depressed", Some(Population::Depression)),
    t("MDD", Some(Population::Depression)),
    t("TRD", Some(Population::Depression)),
    t("bipolar", Some(Population::Depression)),
    t("suicidal ideation", Some(Population::Depression)),
    t("suicidal", Some(Population::Depression)),
    t("postpartum depression", Some(Population::Postpartum)),
    t("postnatal depression", Some(Population::Postpartum)),
    t("perinatal depression", Some(Population::Postpartum)),
    t("postpartum", Some(Population::Postpartum)),
    t("postoperative depression", Some(Population::Perioperative)),
    t("postoperative anxiety", Some(Population::Perioperative)),
    t("preoperative anxiety", Some(Population::Perioperative)),
    t("perioperative anxiety", Some(Population::Perioperative)),
    t("perioperative depression", Some(Population::Perioperative)),
    t("postoperative delirium", Some(Population::Perioperative)),
    t("surgery", Some(Population::Perioperative)),
    t("surgical", Some(Population::Perioperative)),
    t("surgeries", Some(Population::Perioperative)),
    t("operation", Some(Population::Perioperative)),
    t("operations", Some(Population::Perioperative)),
    t("preoperative", Some(Population::Perioperative)),
    t("postoperative", Some(Population::Perioperative)),
    t("perioperative", Some(Population::Perioperative)),
    t("intraoperative", Some(Population::Perioperative)),
    t("anesthesia", Some(Population::Perioperative)),
    t("anaesthesia", Some(Population::Perioperative)),
    t("premedication", Some(Population::Perioperative)),
    t("premedicant", Some(Population::Perioperative)),
    t("preanesthetic", Some(Population::Perioperative)),
    t("pre-anesthetic", Some(Population::Perioperative)),
    t("sedation", Some(Population::Perioperative)),
    t("cesarean", Some(Population::Perioperative)),
    t("caesarean", Some(Population::Perioperative)),
    t("tonsillectomy", Some(Population::Perioperative)),
    t("adenotonsillectomy", Some(Population::Perioperative)),
    t("hysterectomy", Some(Population::Perioperative)),
    t("mastectomy", Some(Population::Perioperative)),
    t("bronchoscopy", Some(Population::Perioperative)),
    t("endoscopy", Some(Population::Perioperative)),
    t("colonoscopy", Some(Population::Perioperative)),
    t("dental", Some(Population::Perioperative)),
    t("emergence agitation", Some(Population::Perioperative)),
    t("emergence delirium", Some(Population::Perioperative)),
    t("dilation and curettage", Some(Population::Perioperative)),
    t("hospice", Some(Population::Palliative)),
    t("palliative", Some(Population::Palliative)),
    t("advanced cancer", Some(Population::Palliative)),
    t("terminally ill", Some(Population::Palliative)),
    t("end-of-life", Some(Population::Palliative)),
    t("end of life", Some(Population::Palliative)),
    t("alcohol use disorder", Some(Population::SubstanceUse)),
    t("cocaine use disorder", Some(Population::SubstanceUse)),
    t("opioid use disorder", Some(Population::SubstanceUse)),
    t("substance use disorder", Some(Population::SubstanceUse)),
    t("substance use disorders", Some(Population::SubstanceUse)),
    t("alcohol dependence", Some(Population::SubstanceUse)),
    t("cocaine dependence", Some(Population::SubstanceUse)),
    t("opioid dependence", Some(Population::SubstanceUse)),
    t("heroin dependence", Some(Population::SubstanceUse)),
    t("migraine", Some(Population::Pain)),
    t("cancer pain", Some(Population::Pain)),
    t("chronic pain", Some(Population::Pain)),
    t("refractory pain", Some(Population::Pain)),
    t("neuropathic pain", Some(Population::Pain)),
    t("fibromyalgia", Some(Population::Pain)),
    t("complex regional pain syndrome", Some(Population::Pain)),
    t("pain clinic", Some(Population::Pain)),
    t("pain clinics", Some(Population::Pain)),
    t("healthy volunteers", Some(Population::Healthy)),
    t("healthy subjects", Some(Population::Healthy)),
    t("healthy participants", Some(Population::Healthy)),
    t("healthy adults", Some(Population::Healthy)),
];

/// Words that name children, for pediatric age and pediatric perioperative populations.
pub static CHILD_WORDS: &[Term<AgeGroup>] = &[
    t("child", AgeGroup::Pediatric),
    t("children", AgeGroup::Pediatric),
    t("childhood", AgeGroup::Pediatric),
    t("pediatric", AgeGroup::Pediatric),
    t("paediatric", AgeGroup::Pediatric),
    t("pedodontic", AgeGroup::Pediatric),
    t("preschool", AgeGroup::Pediatric),
    t("pre-school", AgeGroup::Pediatric),
    t("infant", AgeGroup::Pediatric),
    t("infants", AgeGroup::Pediatric),
    t("toddlers", AgeGroup::Pediatric),
    t("neonates", AgeGroup::Pediatric),
    t("adolescent", AgeGroup::Pediatric),
    t("adolescents", AgeGroup::Pediatric),
    t("boys", AgeGroup::Pediatric),
    t("girls", AgeGroup::Pediatric),
    t("schoolchildren", AgeGroup::Pediatric),
];

/// Words that name the age of adult participants.
pub static ADULT_WORDS: &[Term<AgeGroup>] = &[
    t("adult", AgeGroup::Adult),
    t("adults", AgeGroup::Adult),
    t("veterans", AgeGroup::Adult),
    t("veteran", AgeGroup::Adult),
    t("service members", AgeGroup::Adult),
    t("active duty", AgeGroup::Adult),
    t("military", AgeGroup::Adult),
    t("elderly", AgeGroup::OlderAdult),
    t("older adults", AgeGroup::OlderAdult),
    t("geriatric", AgeGroup::OlderAdult),
    t("aged patients", AgeGroup::OlderAdult),
];

/// Nouns that count people in a sample ("120 patients"); studies are counted separately.
pub const PERSON_NOUNS: &[&str] = &[
    "patients",
    "participants",
    "subjects",
    "children",
    "adults",
    "individuals",
    "people",
    "persons",
    "women",
    "men",
    "mothers",
    "parturients",
    "veterans",
    "volunteers",
    "inpatients",
    "outpatients",
    "cases",
    "infants",
    "adolescents",
    "youths",
    "girls",
    "boys",
    "students",
    "respondents",
    "pairs",
    "dyads",
    "neonates",
    "toddlers",
    "users",
    "smokers",
    "drinkers",
    "survivors",
    "recipients",
    "members",
    "parents",
    "patient",
    "participant",
    "child",
    "adult",
];

/// Nouns that count included studies in a review.
pub const STUDY_NOUNS: &[&str] = &[
    "studies",
    "trials",
    "rcts",
    "articles",
    "papers",
    "reports",
    "publications",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition of `find_terms`: at every allowed start, try every term and keep the
    /// longest. The automaton must agree with it exactly.
    fn naive<T: Copy>(text: &str, table: &[Term<T>]) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let (mut hits, mut i) = (Vec::new(), 0);
        while i < text.len() {
            if !text.is_char_boundary(i)
                || (i > 0 && is_word_byte(bytes[i - 1]) && is_word_byte(bytes[i]))
            {
                i += 1;
                continue;
            }
            match table
                .iter()
                .filter(|t| matches_at(text, i, t.text))
                .max_by_key(|t| t.text.len())
            {
                Some(t) => {
                    hits.push((i, i + t.text.len()));
                    i += t.text.len();
                }
                None => i += 1,
            }
        }
        hits
    }

    fn spans<T: Copy>(text: &str, table: &'static [Term<T>]) -> Vec<(usize, usize)> {
        find_terms(text, table)
            .iter()
            .map(|h| (h.start, h.end))
            .collect()
    }

    #[test]
    fn the_automaton_finds_what_trying_every_term_finds() {
        // Real abstracts (the bundled store) plus edge cases of case, punctuation and Unicode.
        let texts = crate::extract::store_texts_and(&[
            "IV ketamine vs. iv KETAMINE; (S)-ketamine\u{a0}nasal spray, s-ketamine",
            "Esketamine-treated children (aged 2–7 y) and older adults; placebo/saline.",
            "",
        ]);
        for text in &texts {
            assert_eq!(spans(text, DRUGS), naive(text, DRUGS));
            assert_eq!(spans(text, ROUTES), naive(text, ROUTES));
            assert_eq!(spans(text, COMPARATORS), naive(text, COMPARATORS));
            assert_eq!(spans(text, OTHER_DRUGS), naive(text, OTHER_DRUGS));
            assert_eq!(spans(text, POPULATION_CUES), naive(text, POPULATION_CUES));
            assert_eq!(spans(text, CHILD_WORDS), naive(text, CHILD_WORDS));
            assert_eq!(spans(text, ADULT_WORDS), naive(text, ADULT_WORDS));
        }
    }

    #[test]
    fn drug_terms_respect_word_boundaries_and_prefer_longest() {
        let cases: &[(&str, &[Drug])] = &[
            ("nasal S-ketamine and midazolam", &[Drug::Esketamine]),
            ("intranasal esketamine 28 mg", &[Drug::Esketamine]),
            (
                "(S)-ketamine was compared with racemic ketamine",
                &[Drug::Esketamine, Drug::Ketamine],
            ),
            ("R-ketamine (arketamine) in mice", &[Drug::Arketamine]),
            ("ketofol (ketamine-propofol mixture)", &[Drug::Ketamine]),
            ("Ketamine 0.5 mg/kg", &[Drug::Ketamine]),
            ("oral midazolam alone", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(values_in(text, DRUGS), want.to_vec(), "{text}");
        }
    }

    #[test]
    fn abbreviations_match_case_exactly() {
        let cases: &[(&str, &[Route])] = &[
            ("IV ketamine", &[Route::Iv]),
            ("given by iv line", &[]),
            ("Ketamine (IM) was given", &[Route::Intramuscular]),
            ("in the him group", &[]),
            ("through IN route", &[Route::Intranasal]),
            ("in 20 children", &[]),
            ("esketamine nasal spray 56 mg", &[Route::Intranasal]),
            ("oral transmucosal ketamine", &[Route::Oral]),
            ("by a jet nebulizer", &[Route::Other]),
            ("a single subanesthetic infusion", &[Route::Iv]),
        ];
        for (text, want) in cases {
            assert_eq!(values_in(text, ROUTES), want.to_vec(), "{text}");
        }
    }

    #[test]
    fn hits_carry_byte_ranges() {
        let hits = find_terms("saline or midazolam", COMPARATORS);
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[1].start, hits[1].end), (10, 19));
        assert_eq!(hits[1].value, Some(Comparator::Midazolam));
        let masked = find_terms("midazolam (psychoactive placebo control)", COMPARATORS);
        assert_eq!(
            masked.iter().map(|h| h.value).collect::<Vec<_>>(),
            [Some(Comparator::Midazolam), None]
        );
    }
}
