//! Named PubMed queries kept in `queries/*.toml`: the search term and how to page it.
//!
//! A query is found by name (`ketamine-anxiety` → `queries/ketamine-anxiety.toml`) or by path.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One named query, as written in its TOML file (every field is documented in the shipped file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The PubMed search term, as typed into PubMed's search box.
    pub term: String,
    /// `YYYY`, `YYYY/MM` or `YYYY/MM/DD`; with `maxdate`, limits by `datetype`.
    #[serde(default)]
    pub mindate: Option<String>,
    #[serde(default)]
    pub maxdate: Option<String>,
    /// `pdat` (publication date, default), `edat` (Entrez date) or `mdat` (modification date).
    #[serde(default)]
    pub datetype: Option<String>,
    /// Records per efetch request (1..=10000).
    #[serde(default = "default_batch_size")]
    pub batch_size: u32,
}

fn default_batch_size() -> u32 {
    200
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("no query named {name:?}: looked for {path}")]
    NotFound { name: String, path: PathBuf },
    #[error("cannot read query file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("query file {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Query {
    /// Parse a query from TOML text; `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &Path) -> Result<Query, QueryError> {
        let q: Query = toml::from_str(text).map_err(|e| QueryError::Invalid {
            path: origin.to_path_buf(),
            message: e.message().to_string(),
        })?;
        q.validate(origin)?;
        Ok(q)
    }

    fn validate(&self, origin: &Path) -> Result<(), QueryError> {
        let bad = |message: String| QueryError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        if self.name.trim().is_empty() || self.name.contains(['/', '\\']) {
            return Err(bad(format!(
                "name {:?} must be non-empty and contain no slash",
                self.name
            )));
        }
        if self.term.trim().is_empty() {
            return Err(bad("term is empty".into()));
        }
        if !(1..=10_000).contains(&self.batch_size) {
            return Err(bad(format!(
                "batch_size {} is outside 1..=10000",
                self.batch_size
            )));
        }
        if self.mindate.is_some() != self.maxdate.is_some() {
            return Err(bad("mindate and maxdate must be given together".into()));
        }
        for d in [&self.mindate, &self.maxdate].into_iter().flatten() {
            if !valid_date(d) {
                return Err(bad(format!(
                    "date {d:?} is not YYYY, YYYY/MM or YYYY/MM/DD"
                )));
            }
        }
        if let Some(t) = &self.datetype {
            if !["pdat", "edat", "mdat"].contains(&t.as_str()) {
                return Err(bad(format!("datetype {t:?} is not pdat, edat or mdat")));
            }
        }
        Ok(())
    }

    /// Load `spec`: a path to a `.toml` file, or a name looked up in `queries_dir`.
    pub fn load(spec: &str, queries_dir: &Path) -> Result<Query, QueryError> {
        let as_path = Path::new(spec);
        let path = if spec.ends_with(".toml") || as_path.components().count() > 1 {
            as_path.to_path_buf()
        } else {
            queries_dir.join(format!("{spec}.toml"))
        };
        let text = std::fs::read_to_string(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                QueryError::NotFound {
                    name: spec.to_string(),
                    path: path.clone(),
                }
            } else {
                QueryError::Io {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        Query::from_toml(&text, &path)
    }
}

fn valid_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('/').collect();
    let widths = [4, 2, 2];
    !parts.is_empty()
        && parts.len() <= 3
        && parts
            .iter()
            .zip(widths)
            .all(|(p, w)| p.len() == w && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Query, QueryError> {
        Query::from_toml(text, Path::new("t.toml"))
    }

    #[test]
    fn reads_a_minimal_query_with_defaults() {
        let q = parse("name = \"k\"\nterm = \"ketamine[tiab]\"\n").unwrap();
        assert_eq!(q.batch_size, 200);
        assert_eq!(q.mindate, None);
    }

    #[test]
    fn rejects_bad_fields() {
        let cases = [
            ("name = \"k\"\nterm = \"\"\n", "term is empty"),
            (
                "name = \"k\"\nterm = \"x\"\nbatch_size = 0\n",
                "batch_size 0",
            ),
            (
                "name = \"k\"\nterm = \"x\"\nmindate = \"2020\"\n",
                "together",
            ),
            (
                "name = \"k\"\nterm = \"x\"\nmindate = \"20\"\nmaxdate = \"2021\"\n",
                "not YYYY",
            ),
            (
                "name = \"k\"\nterm = \"x\"\ndatetype = \"xdat\"\n",
                "datetype",
            ),
            ("name = \"a/b\"\nterm = \"x\"\n", "slash"),
            ("name = \"k\"\nterm = \"x\"\nbogus = 1\n", "unknown field"),
        ];
        for (text, want) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }
}
