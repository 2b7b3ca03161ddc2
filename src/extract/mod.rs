//! Article → Findings: study fields and reported outcomes, each number with its verbatim
//! sentence. Pure: no I/O, no rules keyed to a PMID, journal or title.

mod model;
pub mod text;
pub mod numbers;
pub mod study;
pub mod vocab;
pub mod scales;
pub mod outcomes;

pub use model::*;

use crate::pubmed::Article;

/// Extract study fields and outcomes from one article.
pub fn extract(article: &Article) -> Findings {
    Findings { study: study::extract_study(article), outcomes: outcomes::extract_outcomes(article) }
}
