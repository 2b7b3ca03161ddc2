//! Article → Findings: study fields and reported outcomes, each number with its verbatim
//! sentence. Pure: no I/O, no rules keyed to a PMID, journal or title.

mod model;
pub mod text;
pub mod numbers;
pub mod scales;
pub mod outcomes;

pub use model::*;

use crate::pubmed::Article;

/// Extract study fields and outcomes from one article.
pub fn extract(article: &Article) -> Findings {
    Findings {
        study: Study {
            pmid: article.pmid,
            design: Design::Other,
            blinding: Blinding::NotReported,
            n_total: None,
            n_studies: None,
            population: Population::Other,
            age_group: AgeGroup::NotReported,
            drugs: Vec::new(),
            routes: Vec::new(),
            comparators: Vec::new(),
            scales: Vec::new(),
            doses: Vec::new(),
            is_study: true,
        },
        outcomes: Vec::new(),
    }
}
