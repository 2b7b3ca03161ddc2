//! RIS and BibTeX for the studies in the evidence table, so reference managers (Zotero, EndNote,
//! Covidence, Rayyan) can import them. Pure text writers over `ArticleMeta`; never invent a field
//! the record lacks (a missing volume is left out, not written empty).

use crate::tables::ArticleMeta;

/// One line per field; newlines inside a value would start a bogus tag, so every run of
/// whitespace becomes one space. Each word goes through `push` straight into `out`.
fn push_one_line(out: &mut String, s: &str, push: fn(&mut String, &str)) {
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push(out, word);
    }
}

/// Start and end page; MEDLINE's abbreviated end pages ("271-9") are written out ("279").
fn page_range(pages: &str) -> (String, Option<String>) {
    let Some((a, b)) = pages.split_once(['-', '–']) else {
        return (pages.trim().to_string(), None);
    };
    let (a, b) = (a.trim(), b.trim());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let end = if digits(a) && digits(b) && b.len() < a.len() {
        format!("{}{b}", &a[..a.len() - b.len()])
    } else {
        b.to_string()
    };
    (a.to_string(), Some(end))
}

/// RIS (`TAG  - value`, CRLF line ends as the RIS specification asks).
pub fn ris(metas: &[&ArticleMeta]) -> String {
    let mut out = String::new();
    for m in metas {
        let mut tag = |t: &str, v: &str| {
            if !v.trim().is_empty() {
                out.push_str(t);
                out.push_str("  - ");
                push_one_line(&mut out, v, String::push_str);
                out.push_str("\r\n");
            }
        };
        tag("TY", "JOUR");
        for a in &m.authors {
            tag("AU", a);
        }
        tag("TI", m.title.as_deref().unwrap_or(""));
        tag("T2", m.journal.as_deref().unwrap_or(""));
        tag("J2", m.journal_abbrev.as_deref().unwrap_or(""));
        tag("PY", &m.year.map(|y| y.to_string()).unwrap_or_default());
        tag("VL", m.volume.as_deref().unwrap_or(""));
        tag("IS", m.issue.as_deref().unwrap_or(""));
        if let Some(p) = &m.pages {
            let (sp, ep) = page_range(p);
            tag("SP", &sp);
            tag("EP", ep.as_deref().unwrap_or(""));
        }
        tag("DO", m.doi.as_deref().unwrap_or(""));
        tag("AN", &m.pmid.to_string());
        tag("DB", "PubMed");
        tag(
            "UR",
            &format!("https://pubmed.ncbi.nlm.nih.gov/{}/", m.pmid),
        );
        if m.retracted {
            tag("N1", "Retracted publication");
        }
        out.push_str("ER  - \r\n\r\n");
    }
    out
}

/// BibTeX `@article` entries keyed `lastnameYEAR_PMID` (the PMID keeps keys unique).
pub fn bibtex(metas: &[&ArticleMeta]) -> String {
    let mut out = String::new();
    for m in metas {
        out.push_str("@article{");
        out.push_str(&bib_key(m));
        out.push_str(",\n");
        let mut field = |name: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
                out.push_str("  ");
                out.push_str(name);
                out.push_str(" = {");
                push_one_line(&mut out, &v, push_bib_escaped);
                out.push_str("},\n");
            }
        };
        field(
            "author",
            (!m.authors.is_empty()).then(|| m.authors.join(" and ")),
        );
        field("title", m.title.clone());
        field("journal", m.journal.clone().or(m.journal_abbrev.clone()));
        field("year", m.year.map(|y| y.to_string()));
        field("volume", m.volume.clone());
        field("number", m.issue.clone());
        field(
            "pages",
            m.pages.as_ref().map(|p| match page_range(p) {
                (a, Some(b)) => format!("{a}--{b}"),
                (a, None) => a,
            }),
        );
        field("doi", m.doi.clone());
        field("pmid", Some(m.pmid.to_string()));
        field(
            "note",
            m.retracted.then(|| "Retracted publication".to_string()),
        );
        out.push_str("}\n\n");
    }
    out
}

fn bib_key(m: &ArticleMeta) -> String {
    let last: String = m
        .authors
        .first()
        .map(|a| a.split(',').next().unwrap_or(a))
        .unwrap_or("anon")
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    let last = if last.is_empty() {
        "anon".to_string()
    } else {
        last
    };
    format!(
        "{last}{}_{}",
        m.year.map(|y| y.to_string()).unwrap_or_default(),
        m.pmid
    )
}

/// Escapes the characters BibTeX treats specially; braces are escaped so an unbalanced one in a
/// title cannot break the entry.
fn push_bib_escaped(out: &mut String, s: &str) {
    super::escape::push_replacing(out, s, |b| match b {
        b'&' => Some("\\&"),
        b'%' => Some("\\%"),
        b'$' => Some("\\$"),
        b'#' => Some("\\#"),
        b'_' => Some("\\_"),
        b'{' => Some("\\{"),
        b'}' => Some("\\}"),
        b'\\' => Some("\\textbackslash{}"),
        b'~' => Some("\\textasciitilde{}"),
        b'^' => Some("\\textasciicircum{}"),
        _ => None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pubmed::Pmid;

    #[test]
    fn bibtex_escapes_its_special_chars() {
        let cases = [
            ("", ""),
            ("50% & {x}_y", "50\\% \\& \\{x\\}\\_y"),
            ("a\\b~c^d", "a\\textbackslash{}b\\textasciitilde{}c\\textasciicircum{}d"),
            ("#$ Seán ≥ 5", "\\#\\$ Seán ≥ 5"),
        ];
        for (s, want) in cases {
            let mut got = String::new();
            push_bib_escaped(&mut got, s);
            assert_eq!(got, want, "{s:?}");
        }
    }

    fn meta() -> ArticleMeta {
        ArticleMeta {
            pmid: Pmid(31),
            title: Some("Ketamine & anxiety:\n a 50% {trial}".into()),
            first_author: Some("Glue P".into()),
            authors: vec!["Glue, Paul".into(), "Ó Brien, Seán".into()],
            year: Some(2017),
            journal: Some("J Psychopharmacol".into()),
            journal_abbrev: None,
            volume: Some("31".into()),
            issue: None,
            pages: Some("1302-1305".into()),
            doi: Some("10.1177/x".into()),
            pmcid: None,
            retracted: true,
            has_abstract: true,
            publication_types: vec![],
        }
    }

    #[test]
    fn ris_has_one_line_fields_and_skips_missing() {
        let r = ris(&[&meta()]);
        assert!(r.starts_with("TY  - JOUR\r\nAU  - Glue, Paul\r\nAU  - Ó Brien, Seán\r\n"));
        assert!(r.contains("TI  - Ketamine & anxiety: a 50% {trial}\r\n"));
        assert!(r.contains("SP  - 1302\r\nEP  - 1305\r\n"));
        assert!(r.contains("N1  - Retracted publication\r\n"));
        assert!(!r.contains("IS  -"), "no empty issue tag");
        assert!(r.ends_with("ER  - \r\n\r\n"));
    }

    #[test]
    fn abbreviated_end_pages_are_expanded() {
        for (pages, start, end) in [
            ("271-9", "271", Some("279")),
            ("1302-1305", "1302", Some("1305")),
            ("e123-e130", "e123", Some("e130")),
            ("99-101", "99", Some("101")),
            ("12", "12", None),
        ] {
            assert_eq!(page_range(pages), (start.to_string(), end.map(str::to_string)), "{pages}");
        }
    }

    #[test]
    fn bibtex_escapes_and_keys_by_pmid() {
        let b = bibtex(&[&meta()]);
        assert!(b.starts_with("@article{glue2017_31,\n"));
        assert!(b.contains("title = {Ketamine \\& anxiety: a 50\\% \\{trial\\}},"));
        assert!(b.contains("author = {Glue, Paul and Ó Brien, Seán},"));
        assert!(b.contains("pages = {1302--1305},"));
        assert!(!b.contains("number ="));
    }
}
