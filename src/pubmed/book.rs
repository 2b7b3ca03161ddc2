//! `BookDocument` (inside `PubmedBookArticle`) → `Article` of kind `book`.
//!
//! The chapter's `ArticleTitle` is the title when present, else the `BookTitle`; the book's title
//! then stands where a journal title would. Authors come from the document's own `AuthorList`,
//! never from the book's editors.

use super::article::Article;
use super::cursor::{Cursor, Res};
use super::fields;
use super::record::RecordParser;

pub(crate) fn book_document(p: &mut RecordParser, a: &mut Option<Article>) -> Res<()> {
    let mut book_title = None;
    while let Some(el) = p.cur.child()? {
        if el.name() == b"PMID" {
            if a.is_none() {
                *a = Some(Article::new(p.read_pmid(&el)?));
            } else {
                p.cur.skip(&el)?;
            }
            continue;
        }
        let art = p.need(a)?;
        let cur = &mut p.cur;
        match el.name() {
            b"ArticleIdList" => fields::article_ids(cur, &mut art.article_ids)?,
            b"Book" => book(cur, art, &mut book_title)?,
            b"ArticleTitle" => art.title = cur.text(&el)?,
            b"VernacularTitle" => art.vernacular_title = cur.text(&el)?,
            b"Pagination" => art.pages = fields::pagination(cur)?,
            b"Language" => fields::push_text(cur, &el, &mut art.languages)?,
            b"AuthorList" if el.attr("Type").is_none_or(|t| t == "authors") => {
                fields::authors(cur, &el, &mut art.authors)?
            }
            b"PublicationType" => fields::push_text(cur, &el, &mut art.publication_types)?,
            b"Abstract" => fields::abstract_sections(cur, &el, &mut art.abstract_sections)?,
            b"KeywordList" => fields::keywords(cur, &mut art.keywords)?,
            _ => cur.skip(&el)?,
        }
    }
    if let Some(art) = a.as_mut() {
        if art.title.is_none() {
            art.title = book_title;
        } else {
            art.journal_title = book_title;
        }
    }
    Ok(())
}

fn book(cur: &mut Cursor, a: &mut Article, title: &mut Option<String>) -> Res<()> {
    while let Some(el) = cur.child()? {
        match el.name() {
            b"BookTitle" => *title = cur.text(&el)?,
            b"PubDate" => a.pub_date = fields::pub_date(cur, &el)?,
            b"Volume" => a.volume = cur.text(&el)?,
            b"ELocationID" => {
                let id_type = el.attr("EIdType");
                if let (Some(id_type), Some(value)) = (id_type, cur.text(&el)?) {
                    a.article_ids
                        .push(super::article::ArticleId { id_type, value });
                }
            }
            _ => cur.skip(&el)?,
        }
    }
    Ok(())
}
