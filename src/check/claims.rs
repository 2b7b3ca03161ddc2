//! The claims file: each claim is a sentence a writer wants to publish and the fields it asserts.
//! Parsing and validation only; matching is in `matching.rs`.
//!
//! ```toml
//! source = "Where the sentences come from"
//!
//! [[claim]]
//! id = "subcutaneous-83"
//! sentence = "2022 studies of weekly subcutaneous doses reported response rates as high as 83%."
//! kinds = ["response_rate"]      # outcome kinds, or one of "onset", "durability", "text"
//! populations = []               # any of these (empty: any population)
//! route = "subcutaneous"         # optional: the study used this route
//! drug = "ketamine"              # optional
//! designs = []                   # optional: any of these designs
//! year = 2022                    # optional: publication year
//! n_studies = 6                  # optional: reviews only, studies included
//! value = 83.0                   # percent, scale points, or hours for onset/durability
//! relation = "up_to"             # about | up_to | at_most | at_least (default about)
//! tolerance = 1.0                # in the value's unit (default 1.0)
//! pattern = "over \\d+ min"      # kind "text" only: a regex sought in quotes, doses and titles
//! ```

use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

use crate::extract::{Design, Drug, OutcomeKind, Population, Route};

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("cannot read the claims file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("claims file {path} is not valid TOML")]
    Toml {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("claim {id:?} in {path}: {problem}")]
    Invalid {
        path: PathBuf,
        id: String,
        problem: String,
    },
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
}

/// What a claim asserts, beyond an outcome kind.
#[derive(Debug, Clone)]
pub enum Target {
    /// A reported number of one of these kinds.
    Outcome(Vec<OutcomeKind>),
    /// The earliest time (hours) at which an anxiety result is reported.
    Onset,
    /// The latest time (hours) at which an anxiety result is reported.
    Durability,
    /// A phrase in a quote, a dose or a title (`pattern`).
    Text(Regex),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Within `tolerance` of `value`.
    About,
    /// "Up to X", "as high as X": X is the highest number found (within tolerance).
    UpTo,
    /// Some study's number is at most `value + tolerance` ("in less than 24 hours").
    AtMost,
    /// Some study's number is at least `value − tolerance` ("for up to a year").
    AtLeast,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    pub sentence: String,
    pub target: Target,
    pub populations: Vec<Population>,
    pub route: Option<Route>,
    pub drug: Option<Drug>,
    pub designs: Vec<Design>,
    pub year: Option<i32>,
    pub n_studies: Option<u32>,
    pub value: Option<f64>,
    pub relation: Relation,
    pub tolerance: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    #[allow(dead_code)]
    source: Option<String>,
    #[serde(default)]
    claim: Vec<RawClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: String,
    sentence: String,
    kinds: Vec<String>,
    #[serde(default)]
    populations: Vec<String>,
    route: Option<String>,
    drug: Option<String>,
    #[serde(default)]
    designs: Vec<String>,
    year: Option<i32>,
    n_studies: Option<u32>,
    value: Option<f64>,
    relation: Option<Relation>,
    tolerance: Option<f64>,
    pattern: Option<String>,
}

pub fn load_claims(path: &Path) -> Result<Vec<Claim>, CheckError> {
    let text = std::fs::read_to_string(path).map_err(|source| CheckError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_claims(&text, path)
}

/// Parses claims text; `path` only names the file in errors.
pub fn parse_claims(text: &str, path: &Path) -> Result<Vec<Claim>, CheckError> {
    let file: File = toml::from_str(text).map_err(|source| CheckError::Toml {
        path: path.to_path_buf(),
        source,
    })?;
    file.claim
        .into_iter()
        .map(|raw| {
            let id = raw.id.clone();
            resolve(raw).map_err(|problem| CheckError::Invalid {
                path: path.to_path_buf(),
                id,
                problem,
            })
        })
        .collect()
}

fn words<T>(ws: &[String], what: &str, from: fn(&str) -> Option<T>) -> Result<Vec<T>, String> {
    ws.iter()
        .map(|w| from(w).ok_or_else(|| format!("unknown {what} {w:?}")))
        .collect()
}

fn one<T>(
    w: &Option<String>,
    what: &str,
    from: fn(&str) -> Option<T>,
) -> Result<Option<T>, String> {
    w.as_deref()
        .map(|w| from(w).ok_or_else(|| format!("unknown {what} {w:?}")))
        .transpose()
}

fn resolve(raw: RawClaim) -> Result<Claim, String> {
    let target = match raw.kinds.as_slice() {
        [k] if k == "onset" => Target::Onset,
        [k] if k == "durability" => Target::Durability,
        [k] if k == "text" => {
            let p = raw
                .pattern
                .as_deref()
                .ok_or("kind \"text\" needs a pattern")?;
            Target::Text(Regex::new(&format!("(?i){p}")).map_err(|e| format!("bad pattern: {e}"))?)
        }
        [] => return Err("kinds is empty".into()),
        ks => Target::Outcome(words(ks, "kind", OutcomeKind::from_word)?),
    };
    if !matches!(target, Target::Text(_)) && raw.value.is_none() {
        return Err("a claim about a number needs a value".into());
    }
    if raw.pattern.is_some() && !matches!(target, Target::Text(_)) {
        return Err("pattern is only for kind \"text\"".into());
    }
    Ok(Claim {
        id: raw.id,
        sentence: raw.sentence,
        target,
        populations: words(&raw.populations, "population", Population::from_word)?,
        route: one(&raw.route, "route", Route::from_word)?,
        drug: one(&raw.drug, "drug", Drug::from_word)?,
        designs: words(&raw.designs, "design", Design::from_word)?,
        year: raw.year,
        n_studies: raw.n_studies,
        value: raw.value,
        relation: raw.relation.unwrap_or(Relation::About),
        tolerance: raw.tolerance.unwrap_or(1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<Vec<Claim>, CheckError> {
        parse_claims(
            &format!("[[claim]]\nid = \"c\"\nsentence = \"s\"\n{body}"),
            Path::new("t.toml"),
        )
    }

    #[test]
    fn reads_a_full_claim() {
        let c = parse("kinds = [\"response_rate\", \"proportion\"]\nroute = \"oral\"\nvalue = 83\nrelation = \"up_to\"\nyear = 2022").unwrap();
        assert!(
            matches!(&c[0].target, Target::Outcome(k) if k == &[OutcomeKind::ResponseRate, OutcomeKind::Proportion])
        );
        assert_eq!(c[0].route, Some(Route::Oral));
        assert_eq!(c[0].relation, Relation::UpTo);
        assert_eq!(c[0].tolerance, 1.0);
    }

    #[test]
    fn rejects_bad_claims_with_the_claim_id() {
        for (body, needle) in [
            (
                "kinds = [\"response\"]\nvalue = 1",
                "unknown kind \"response\"",
            ),
            ("kinds = [\"onset\"]", "needs a value"),
            ("kinds = [\"text\"]", "needs a pattern"),
            (
                "kinds = [\"smd\"]\nvalue = 1\npopulations = [\"anxiety\"]",
                "unknown population",
            ),
            (
                "kinds = [\"smd\"]\nvalue = 1\npattern = \"x\"",
                "only for kind",
            ),
        ] {
            let e = parse(body).unwrap_err().to_string();
            assert!(
                e.contains("claim \"c\" in t.toml") && e.contains(needle),
                "{body}: {e}"
            );
        }
        assert!(matches!(
            parse("kinds = [\"smd\"]\nvalu = 1"),
            Err(CheckError::Toml { .. })
        ));
    }
}
