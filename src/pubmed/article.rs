//! The one `Article` type that leaves the XML layer, and the small types it is made of.
//!
//! Missing data is `None` or an empty `Vec`, never `""`. The abstract is kept once, as labelled
//! sections; the flat text (the `abstract` column) is a method so offsets into it are defined in
//! one place.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A PubMed identifier: a positive integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pmid(pub u64);

impl fmt::Display for Pmid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Pmid {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t.parse::<u64>() {
            Ok(n) if n > 0 && t.bytes().all(|b| b.is_ascii_digit()) => Ok(Pmid(n)),
            _ => Err(format!("PMID {t:?} is not a positive whole number")),
        }
    }
}

/// What kind of PubMed record this came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    #[default]
    Article,
    Book,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Article => "article",
            RecordKind::Book => "book",
        }
    }
}

/// One `<AbstractText>`: its label and NLM category when present, and readable text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AbstractSection {
    pub label: Option<String>,
    pub nlm_category: Option<String>,
    pub text: String,
}

/// A publication date as PubMed gives it: structured parts, or `MedlineDate` free text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PubDate {
    pub year: Option<i32>,
    /// As written: "Jan", "01", …
    pub month: Option<String>,
    pub day: Option<u32>,
    pub season: Option<String>,
    /// Free text such as "1998 Dec-1999 Jan"; `year` is then its first four-digit year.
    pub medline_date: Option<String>,
}

/// `<ArticleDate>` (electronic publication), always fully specified in PubMed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Author {
    pub last_name: Option<String>,
    pub fore_name: Option<String>,
    pub initials: Option<String>,
    pub suffix: Option<String>,
    pub collective_name: Option<String>,
    pub orcid: Option<String>,
    pub affiliations: Vec<String>,
}

impl Author {
    /// "Weber F", or the collective name.
    pub fn display_name(&self) -> Option<String> {
        if let Some(c) = &self.collective_name {
            return Some(c.clone());
        }
        let last = self.last_name.as_deref()?;
        Some(
            match self.initials.as_deref().or(self.fore_name.as_deref()) {
                Some(i) => format!("{last} {i}"),
                None => last.to_string(),
            },
        )
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MeshQualifier {
    pub name: String,
    pub major_topic: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MeshHeading {
    pub descriptor: String,
    pub ui: Option<String>,
    pub major_topic: bool,
    pub qualifiers: Vec<MeshQualifier>,
}

/// `<ArticleId IdType="doi">…` and `<ELocationID EIdType="doi">…`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ArticleId {
    pub id_type: String,
    pub value: String,
}

/// `<CommentsCorrections RefType="RetractionIn">` and friends.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CommentsCorrection {
    pub ref_type: String,
    pub ref_source: Option<String>,
    pub pmid: Option<Pmid>,
}

/// `<DataBank>`: e.g. ClinicalTrials.gov with its NCT accession numbers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DataBank {
    pub name: String,
    pub accession_numbers: Vec<String>,
}

/// One PubMed record, as read from `PubmedArticle` or `PubmedBookArticle`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub pmid: Pmid,
    pub kind: RecordKind,
    pub title: Option<String>,
    pub vernacular_title: Option<String>,
    pub abstract_sections: Vec<AbstractSection>,
    pub journal_title: Option<String>,
    pub iso_abbreviation: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub pub_date: PubDate,
    pub article_date: Option<ArticleDate>,
    pub authors: Vec<Author>,
    pub languages: Vec<String>,
    pub publication_types: Vec<String>,
    pub mesh_headings: Vec<MeshHeading>,
    pub keywords: Vec<String>,
    /// Ids from `ArticleIdList` and `ELocationID`, deduplicated by (type, value).
    pub article_ids: Vec<ArticleId>,
    pub databanks: Vec<DataBank>,
    pub comments_corrections: Vec<CommentsCorrection>,
}

impl Article {
    /// An article with only a PMID; the parser fills the rest.
    pub fn new(pmid: Pmid) -> Self {
        Article {
            pmid,
            kind: RecordKind::Article,
            title: None,
            vernacular_title: None,
            abstract_sections: Vec::new(),
            journal_title: None,
            iso_abbreviation: None,
            volume: None,
            issue: None,
            pages: None,
            pub_date: PubDate::default(),
            article_date: None,
            authors: Vec::new(),
            languages: Vec::new(),
            publication_types: Vec::new(),
            mesh_headings: Vec::new(),
            keywords: Vec::new(),
            article_ids: Vec::new(),
            databanks: Vec::new(),
            comments_corrections: Vec::new(),
        }
    }

    /// The `abstract` column: sections joined by one space, a labelled one prefixed `LABEL: `.
    pub fn abstract_text(&self) -> String {
        // `abstract_parts` joined, written into one allocation of the final size (this runs
        // for every record, by the tables, the scales and the outcomes).
        fn label(s: &AbstractSection) -> Option<&str> {
            s.label.as_deref().filter(|l| !l.is_empty())
        }
        let len = self.abstract_sections.iter().map(|s| 1 + s.text.len() + label(s).map_or(0, |l| l.len() + 2)).sum();
        let mut out = String::with_capacity(len);
        for (i, s) in self.abstract_sections.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if let Some(l) = label(s) {
                out.push_str(l);
                out.push_str(": ");
            }
            out.push_str(&s.text);
        }
        out
    }

    /// Each section's prefix (`"LABEL: "` or `""`) and text, in order; with `abstract_text` this
    /// defines where every section starts in the flat text.
    pub fn abstract_parts(&self) -> impl Iterator<Item = (String, &str)> {
        self.abstract_sections.iter().map(|s| {
            let prefix = match s.label.as_deref() {
                Some(l) if !l.is_empty() => format!("{l}: "),
                _ => String::new(),
            };
            (prefix, s.text.as_str())
        })
    }

    pub fn id_of_type(&self, id_type: &str) -> Option<&str> {
        self.article_ids
            .iter()
            .find(|i| i.id_type.eq_ignore_ascii_case(id_type))
            .map(|i| i.value.as_str())
    }

    pub fn doi(&self) -> Option<&str> {
        self.id_of_type("doi")
    }

    pub fn pmcid(&self) -> Option<&str> {
        self.id_of_type("pmc")
    }

    /// ClinicalTrials.gov registrations: from `DataBank`, else NCT ids written in the abstract.
    pub fn nct_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .databanks
            .iter()
            .filter(|d| d.name.eq_ignore_ascii_case("ClinicalTrials.gov"))
            .flat_map(|d| d.accession_numbers.iter().cloned())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Year of publication: `PubDate`, else `ArticleDate`.
    pub fn year(&self) -> Option<i32> {
        self.pub_date.year.or(self.article_date.map(|d| d.year))
    }

    /// Retracted: a `RetractionIn` link or the publication type "Retracted Publication".
    pub fn is_retracted(&self) -> bool {
        self.comments_corrections
            .iter()
            .any(|c| c.ref_type == "RetractionIn")
            || self
                .publication_types
                .iter()
                .any(|p| p == "Retracted Publication")
    }

    pub fn first_author(&self) -> Option<String> {
        self.authors.first().and_then(Author::display_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abstract_text_joins_the_parts() {
        let section = |label: Option<&str>, text: &str| AbstractSection {
            label: label.map(str::to_string),
            nlm_category: None,
            text: text.to_string(),
        };
        let cases: &[(&[AbstractSection], &str)] = &[
            (&[], ""),
            (&[section(None, "Plain text.")], "Plain text."),
            (&[section(Some(""), "Empty label.")], "Empty label."),
            (
                &[section(Some("BACKGROUND"), "Why."), section(None, "Then."), section(Some("RESULTS"), "50% (n = 2).")],
                "BACKGROUND: Why. Then. RESULTS: 50% (n = 2).",
            ),
        ];
        for (sections, want) in cases {
            let mut a = Article::new(Pmid(1));
            a.abstract_sections = sections.to_vec();
            let joined: Vec<String> = a.abstract_parts().map(|(p, t)| format!("{p}{t}")).collect();
            assert_eq!(a.abstract_text(), *want);
            assert_eq!(a.abstract_text(), joined.join(" "));
        }
    }
}
