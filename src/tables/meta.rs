//! The compact per-article facts the summaries and citations need, taken once from an `Article`
//! so later stages never reach back into the XML-shaped type. No polars here; no rules either.

use serde::{Deserialize, Serialize};

use crate::pubmed::{Article, Pmid};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub pmid: Pmid,
    pub title: Option<String>,
    /// "Weber F", or a collective name.
    pub first_author: Option<String>,
    /// Every author as "Last, Fore" (or the collective name), in order: what RIS and BibTeX want.
    pub authors: Vec<String>,
    pub year: Option<i32>,
    pub journal: Option<String>,
    pub journal_abbrev: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    pub pmcid: Option<String>,
    pub retracted: bool,
    pub has_abstract: bool,
    pub publication_types: Vec<String>,
}

impl ArticleMeta {
    pub fn from_article(a: &Article) -> Self {
        let authors = a
            .authors
            .iter()
            .filter_map(|au| match (&au.collective_name, &au.last_name) {
                (Some(c), _) => Some(c.clone()),
                (None, Some(last)) => {
                    Some(match au.fore_name.as_deref().or(au.initials.as_deref()) {
                        Some(fore) => format!("{last}, {fore}"),
                        None => last.clone(),
                    })
                }
                (None, None) => None,
            })
            .collect();
        ArticleMeta {
            pmid: a.pmid,
            title: a.title.clone(),
            first_author: a.first_author(),
            authors,
            year: a.year(),
            journal: a.journal_title.clone(),
            journal_abbrev: a.iso_abbreviation.clone(),
            volume: a.volume.clone(),
            issue: a.issue.clone(),
            pages: a.pages.clone(),
            doi: a.doi().map(str::to_string),
            pmcid: a.pmcid().map(str::to_string),
            retracted: a.is_retracted(),
            has_abstract: a
                .abstract_sections
                .iter()
                .any(|s| !s.text.trim().is_empty()),
            publication_types: a.publication_types.clone(),
        }
    }

    /// "Weber F 2020", the short label used in tables and the forest plot.
    pub fn label(&self) -> String {
        let who = self
            .first_author
            .clone()
            .unwrap_or_else(|| format!("PMID {}", self.pmid));
        match self.year {
            Some(y) => format!("{who} {y}"),
            None => who,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pubmed::{AbstractSection, ArticleId, Author, CommentsCorrection};

    #[test]
    fn from_article_takes_ids_authors_and_flags() {
        let mut a = Article::new(Pmid(42));
        a.title = Some("T".into());
        a.pub_date.year = Some(2021);
        a.authors = vec![
            Author {
                last_name: Some("Weber".into()),
                fore_name: Some("Frank".into()),
                initials: Some("F".into()),
                ..Default::default()
            },
            Author {
                collective_name: Some("KET Group".into()),
                ..Default::default()
            },
        ];
        a.article_ids = vec![ArticleId {
            id_type: "doi".into(),
            value: "10.1/x".into(),
        }];
        a.comments_corrections = vec![CommentsCorrection {
            ref_type: "RetractionIn".into(),
            ..Default::default()
        }];
        a.abstract_sections = vec![AbstractSection {
            text: " ".into(),
            ..Default::default()
        }];
        let m = ArticleMeta::from_article(&a);
        assert_eq!(m.authors, vec!["Weber, Frank", "KET Group"]);
        assert_eq!(m.first_author.as_deref(), Some("Weber F"));
        assert_eq!(m.doi.as_deref(), Some("10.1/x"));
        assert!(m.retracted);
        assert!(!m.has_abstract, "a blank section is no abstract");
        assert_eq!(m.label(), "Weber F 2021");
    }
}
