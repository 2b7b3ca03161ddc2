//! Readers for the parts of a citation that become `Article` fields: journal, titles, abstract,
//! authors, dates, ids, MeSH, keywords, data banks, comments/corrections.
//!
//! Each function is called just after its element's start tag and returns after its end tag.
//! Elements no field needs are skipped whole; nothing here allocates text for them.

use super::article::{
    AbstractSection, Article, ArticleDate, ArticleId, Author, CommentsCorrection, DataBank,
    MeshHeading, MeshQualifier, PubDate,
};
use super::cursor::{Cursor, El, Res, TextBuf, nonempty};

/// `<Article>` inside `MedlineCitation`.
pub(crate) fn article(cur: &mut Cursor, a: &mut Article) -> Res<()> {
    while let Some(el) = cur.child()? {
        match el.name() {
            b"Journal" => journal(cur, a)?,
            b"ArticleTitle" => a.title = cur.text(&el)?,
            b"VernacularTitle" => a.vernacular_title = cur.text(&el)?,
            b"Pagination" => a.pages = pagination(cur)?,
            b"ELocationID" => push_id(cur, &el, "EIdType", &mut a.article_ids)?,
            b"Abstract" => abstract_sections(cur, &el, &mut a.abstract_sections)?,
            b"AuthorList" => authors(cur, &el, &mut a.authors)?,
            b"Language" => push_text(cur, &el, &mut a.languages)?,
            b"DataBankList" => databanks(cur, &mut a.databanks)?,
            b"PublicationTypeList" => list_of(cur, b"PublicationType", &mut a.publication_types)?,
            b"ArticleDate" => a.article_date = article_date(cur, &el)?,
            _ => cur.skip(&el)?,
        }
    }
    Ok(())
}

fn journal(cur: &mut Cursor, a: &mut Article) -> Res<()> {
    while let Some(el) = cur.child()? {
        match el.name() {
            b"JournalIssue" => {
                while let Some(el) = cur.child()? {
                    match el.name() {
                        b"Volume" => a.volume = cur.text(&el)?,
                        b"Issue" => a.issue = cur.text(&el)?,
                        b"PubDate" => a.pub_date = pub_date(cur, &el)?,
                        _ => cur.skip(&el)?,
                    }
                }
            }
            b"Title" => a.journal_title = cur.text(&el)?,
            b"ISOAbbreviation" => a.iso_abbreviation = cur.text(&el)?,
            _ => cur.skip(&el)?,
        }
    }
    Ok(())
}

/// `<PubDate>`: Year/Month/Day/Season, or `MedlineDate` free text whose first year is kept.
pub(crate) fn pub_date(cur: &mut Cursor, el: &El) -> Res<PubDate> {
    let mut d = PubDate::default();
    if el.empty {
        return Ok(d);
    }
    while let Some(el) = cur.child()? {
        match el.name() {
            b"Year" => d.year = cur.text(&el)?.and_then(|y| y.parse().ok()),
            b"Month" => d.month = cur.text(&el)?,
            b"Day" => d.day = cur.text(&el)?.and_then(|y| y.parse().ok()),
            b"Season" => d.season = cur.text(&el)?,
            b"MedlineDate" => {
                d.medline_date = cur.text(&el)?;
                d.year = d.medline_date.as_deref().and_then(first_year);
            }
            _ => cur.skip(&el)?,
        }
    }
    Ok(d)
}

/// The first run of exactly four digits, e.g. 1998 in "1998 Dec-1999 Jan".
pub(crate) fn first_year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                return s[start..i].parse().ok();
            }
        } else {
            i += 1;
        }
    }
    None
}

/// `<ArticleDate>`: kept only when year, month and day are all numbers.
fn article_date(cur: &mut Cursor, el: &El) -> Res<Option<ArticleDate>> {
    let (mut y, mut m, mut d) = (None, None, None);
    if el.empty {
        return Ok(None);
    }
    while let Some(el) = cur.child()? {
        match el.name() {
            b"Year" => y = cur.text(&el)?.and_then(|v| v.parse().ok()),
            b"Month" => m = cur.text(&el)?.and_then(|v| v.parse().ok()),
            b"Day" => d = cur.text(&el)?.and_then(|v| v.parse().ok()),
            _ => cur.skip(&el)?,
        }
    }
    Ok(match (y, m, d) {
        (Some(year), Some(month), Some(day)) => Some(ArticleDate { year, month, day }),
        _ => None,
    })
}

/// `MedlinePgn`, else `StartPage-EndPage`.
pub(crate) fn pagination(cur: &mut Cursor) -> Res<Option<String>> {
    let (mut pgn, mut start, mut end) = (None, None, None);
    while let Some(el) = cur.child()? {
        match el.name() {
            b"MedlinePgn" => pgn = cur.text(&el)?,
            b"StartPage" => start = cur.text(&el)?,
            b"EndPage" => end = cur.text(&el)?,
            _ => cur.skip(&el)?,
        }
    }
    Ok(pgn.or(match (start, end) {
        (Some(s), Some(e)) => Some(format!("{s}-{e}")),
        (s, _) => s,
    }))
}

pub(crate) fn abstract_sections(
    cur: &mut Cursor,
    el: &El,
    out: &mut Vec<AbstractSection>,
) -> Res<()> {
    if el.empty {
        return Ok(());
    }
    while let Some(el) = cur.child()? {
        match el.name() {
            b"AbstractText" => {
                let label = el.attr("Label");
                let nlm_category = el.attr("NlmCategory");
                let mut t = TextBuf::default();
                if !el.empty {
                    cur.text_into(&mut t)?;
                }
                if label.is_some() || !t.s.is_empty() {
                    out.push(AbstractSection {
                        label,
                        nlm_category,
                        text: t.s,
                    });
                }
            }
            _ => cur.skip(&el)?,
        }
    }
    Ok(())
}

pub(crate) fn authors(cur: &mut Cursor, el: &El, out: &mut Vec<Author>) -> Res<()> {
    if el.empty {
        return Ok(());
    }
    while let Some(el) = cur.child()? {
        match el.name() {
            b"Author" if !el.empty => out.push(author(cur)?),
            _ => cur.skip(&el)?,
        }
    }
    Ok(())
}

fn author(cur: &mut Cursor) -> Res<Author> {
    let mut a = Author::default();
    while let Some(el) = cur.child()? {
        match el.name() {
            b"LastName" => a.last_name = cur.text(&el)?,
            b"ForeName" | b"FirstName" => a.fore_name = cur.text(&el)?,
            b"Initials" => a.initials = cur.text(&el)?,
            b"Suffix" => a.suffix = cur.text(&el)?,
            b"CollectiveName" => a.collective_name = cur.text(&el)?,
            b"Identifier" => {
                let is_orcid = el
                    .attr("Source")
                    .is_some_and(|s| s.eq_ignore_ascii_case("ORCID"));
                let value = cur.text(&el)?;
                if is_orcid && a.orcid.is_none() {
                    a.orcid = value.as_deref().and_then(normalize_orcid);
                }
            }
            b"AffiliationInfo" => {
                while let Some(el) = cur.child()? {
                    match el.name() {
                        b"Affiliation" => push_text(cur, &el, &mut a.affiliations)?,
                        _ => cur.skip(&el)?,
                    }
                }
            }
            b"Affiliation" => push_text(cur, &el, &mut a.affiliations)?,
            _ => cur.skip(&el)?,
        }
    }
    Ok(a)
}

/// `0000-0002-1825-0097` from a bare id, a URL form, or 16 characters without hyphens.
pub(crate) fn normalize_orcid(raw: &str) -> Option<String> {
    let tail = raw.trim().rsplit('/').next()?.trim();
    let compact: String = tail.chars().filter(|c| *c != '-').collect();
    let ok = compact.len() == 16
        && compact.is_ascii()
        && compact[..15].bytes().all(|b| b.is_ascii_digit())
        && matches!(compact.as_bytes()[15], b'0'..=b'9' | b'X' | b'x');
    if !ok {
        return nonempty(tail);
    }
    let c = compact.to_ascii_uppercase();
    Some(format!(
        "{}-{}-{}-{}",
        &c[0..4],
        &c[4..8],
        &c[8..12],
        &c[12..16]
    ))
}

fn databanks(cur: &mut Cursor, out: &mut Vec<DataBank>) -> Res<()> {
    while let Some(el) = cur.child()? {
        if el.name() != b"DataBank" || el.empty {
            cur.skip(&el)?;
            continue;
        }
        let mut bank = DataBank::default();
        while let Some(el) = cur.child()? {
            match el.name() {
                b"DataBankName" => bank.name = cur.text(&el)?.unwrap_or_default(),
                b"AccessionNumberList" if !el.empty => {
                    list_of(cur, b"AccessionNumber", &mut bank.accession_numbers)?
                }
                _ => cur.skip(&el)?,
            }
        }
        out.push(bank);
    }
    Ok(())
}

pub(crate) fn article_ids(cur: &mut Cursor, out: &mut Vec<ArticleId>) -> Res<()> {
    while let Some(el) = cur.child()? {
        match el.name() {
            b"ArticleId" => push_id(cur, &el, "IdType", out)?,
            _ => cur.skip(&el)?,
        }
    }
    Ok(())
}

fn push_id(cur: &mut Cursor, el: &El, type_attr: &str, out: &mut Vec<ArticleId>) -> Res<()> {
    let id_type = el.attr(type_attr);
    let value = cur.text(el)?;
    if let (Some(id_type), Some(value)) = (id_type, value) {
        out.push(ArticleId { id_type, value });
    }
    Ok(())
}

pub(crate) fn comments_corrections(cur: &mut Cursor, out: &mut Vec<CommentsCorrection>) -> Res<()> {
    while let Some(el) = cur.child()? {
        if el.name() != b"CommentsCorrections" || el.empty {
            cur.skip(&el)?;
            continue;
        }
        let mut c = CommentsCorrection {
            ref_type: el.attr("RefType").unwrap_or_default(),
            ..Default::default()
        };
        while let Some(el) = cur.child()? {
            match el.name() {
                b"RefSource" => c.ref_source = cur.text(&el)?,
                b"PMID" => c.pmid = cur.text(&el)?.and_then(|p| p.parse().ok()),
                _ => cur.skip(&el)?,
            }
        }
        out.push(c);
    }
    Ok(())
}

pub(crate) fn mesh_headings(cur: &mut Cursor, out: &mut Vec<MeshHeading>) -> Res<()> {
    while let Some(el) = cur.child()? {
        if el.name() != b"MeshHeading" || el.empty {
            cur.skip(&el)?;
            continue;
        }
        let mut h = MeshHeading::default();
        while let Some(el) = cur.child()? {
            match el.name() {
                b"DescriptorName" => {
                    h.ui = el.attr("UI");
                    h.major_topic = is_yes(&el, "MajorTopicYN");
                    h.descriptor = cur.text(&el)?.unwrap_or_default();
                }
                b"QualifierName" => {
                    let major_topic = is_yes(&el, "MajorTopicYN");
                    let name = cur.text(&el)?.unwrap_or_default();
                    h.qualifiers.push(MeshQualifier { name, major_topic });
                }
                _ => cur.skip(&el)?,
            }
        }
        out.push(h);
    }
    Ok(())
}

pub(crate) fn keywords(cur: &mut Cursor, out: &mut Vec<String>) -> Res<()> {
    list_of(cur, b"Keyword", out)
}

fn is_yes(el: &El, key: &str) -> bool {
    el.attr_is(key, "Y")
}

/// Text of every `<name>` child of the current element, in order; others skipped.
pub(crate) fn list_of(cur: &mut Cursor, name: &[u8], out: &mut Vec<String>) -> Res<()> {
    while let Some(el) = cur.child()? {
        if el.name() == name {
            push_text(cur, &el, out)?;
        } else {
            cur.skip(&el)?;
        }
    }
    Ok(())
}

pub(crate) fn push_text(cur: &mut Cursor, el: &El, out: &mut Vec<String>) -> Res<()> {
    if let Some(t) = cur.text(el)? {
        out.push(t);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_year_finds_four_digit_runs_only() {
        let cases = [
            ("1998 Dec-1999 Jan", Some(1998)),
            ("Spring 2001", Some(2001)),
            ("12345 2003", Some(2003)),
            ("no year", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(first_year(s), want, "{s}");
        }
    }

    #[test]
    fn orcid_forms_normalize() {
        let cases = [
            ("0000-0002-1825-0097", Some("0000-0002-1825-0097")),
            (
                "http://orcid.org/0000-0002-1825-0097",
                Some("0000-0002-1825-0097"),
            ),
            (
                "https://orcid.org/000000021825009x",
                Some("0000-0002-1825-009X"),
            ),
            ("0000000218250097", Some("0000-0002-1825-0097")),
            ("not-an-orcid", Some("not-an-orcid")),
            ("00000002182500\u{e9}", Some("00000002182500\u{e9}")),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_orcid(raw).as_deref(), want, "{raw}");
        }
    }
}
