//! One record's bytes → `Record`: `PubmedArticle`, `PubmedBookArticle` or `DeleteCitation`.
//!
//! Recursive descent over the elements a field needs; every other subtree (ReferenceList,
//! InvestigatorList, GrantList, History, chemical lists, …) is skipped without building text.
//! Never panics on any input: every problem becomes a `Reject` naming the byte offset.

use super::article::{Article, ArticleId, Pmid, RecordKind};
use super::book::book_document;
use super::cursor::{Cursor, El, Res};
use super::fields;
use super::{Record, Reject};

/// Parse one record. `offset` is the absolute byte offset of `bytes` in the input, so rejects
/// point into the original file.
pub fn parse_record(bytes: &[u8], offset: u64) -> Result<Record, Reject> {
    // SIMD validation: std's from_utf8 was about a tenth of the parse. The compat flavour is
    // run only on failure, for the offset of the first bad byte.
    let text = simdutf8::basic::from_utf8(bytes).map_err(|_| {
        let valid = simdutf8::compat::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
        Reject {
            pmid: None,
            byte_offset: offset + valid as u64,
            reason: "invalid UTF-8".to_string(),
        }
    })?;
    let mut p = RecordParser {
        cur: Cursor::new(text, offset),
        pmid: None,
    };
    p.record().map_err(|f| Reject {
        pmid: p.pmid,
        byte_offset: f.offset,
        reason: f.reason,
    })
}

pub(crate) struct RecordParser<'a> {
    pub cur: Cursor<'a>,
    /// Kept as soon as it is read, so a later failure can still name the record.
    pub pmid: Option<Pmid>,
}

impl<'a> RecordParser<'a> {
    fn record(&mut self) -> Res<Record> {
        let Some(root) = self.cur.first_element()? else {
            return Err(self.cur.fail("empty record"));
        };
        let known = [
            &b"PubmedArticle"[..],
            b"PubmedBookArticle",
            b"DeleteCitation",
        ];
        if !known.contains(&root.name()) {
            return Err(self.cur.fail(format!(
                "unexpected <{}> where a record should start",
                name_of(&root)
            )));
        }
        if root.empty {
            return Err(self.cur.fail(format!("empty <{}/> record", name_of(&root))));
        }
        let record = match root.name() {
            b"PubmedArticle" => Record::Article(Box::new(self.pubmed_article()?)),
            b"PubmedBookArticle" => Record::Article(Box::new(self.book_article()?)),
            _ => Record::Deleted(self.delete_citation()?),
        };
        self.cur.expect_end()?;
        Ok(record)
    }

    /// Read a `<PMID>` element and remember it for rejects.
    pub fn read_pmid(&mut self, el: &El) -> Res<Pmid> {
        let raw = self.cur.text(el)?.unwrap_or_default();
        let pmid: Pmid = raw.parse().map_err(|e: String| self.cur.fail(e))?;
        self.pmid.get_or_insert(pmid);
        Ok(pmid)
    }

    pub fn finish(&self, article: Option<Article>) -> Res<Article> {
        let mut a = article.ok_or_else(|| self.cur.fail("record has no PMID"))?;
        dedup_ids(&mut a.article_ids);
        Ok(a)
    }

    fn pubmed_article(&mut self) -> Res<Article> {
        let mut a: Option<Article> = None;
        let mut ids = Vec::new();
        while let Some(el) = self.cur.child()? {
            match el.name() {
                b"MedlineCitation" => self.medline_citation(&mut a)?,
                b"PubmedData" => self.id_container(&mut ids)?,
                _ => self.cur.skip(&el)?,
            }
        }
        let mut a = self.finish(a)?;
        a.article_ids.extend(ids);
        dedup_ids(&mut a.article_ids);
        Ok(a)
    }

    fn book_article(&mut self) -> Res<Article> {
        let mut a: Option<Article> = None;
        let mut ids = Vec::new();
        while let Some(el) = self.cur.child()? {
            match el.name() {
                b"BookDocument" => book_document(self, &mut a)?,
                b"PubmedBookData" => self.id_container(&mut ids)?,
                _ => self.cur.skip(&el)?,
            }
        }
        let mut a = self.finish(a)?;
        a.kind = RecordKind::Book;
        a.article_ids.extend(ids);
        dedup_ids(&mut a.article_ids);
        Ok(a)
    }

    fn delete_citation(&mut self) -> Res<Vec<Pmid>> {
        let mut out = Vec::new();
        while let Some(el) = self.cur.child()? {
            match el.name() {
                b"PMID" => {
                    let raw = self.cur.text(&el)?.unwrap_or_default();
                    out.push(raw.parse().map_err(|e: String| self.cur.fail(e))?);
                }
                _ => self.cur.skip(&el)?,
            }
        }
        Ok(out)
    }

    fn medline_citation(&mut self, a: &mut Option<Article>) -> Res<()> {
        while let Some(el) = self.cur.child()? {
            match el.name() {
                b"PMID" if a.is_none() => *a = Some(Article::new(self.read_pmid(&el)?)),
                b"Article" => {
                    let art = self.need(a)?;
                    fields::article(&mut self.cur, art)?
                }
                b"CommentsCorrectionsList" => {
                    let art = self.need(a)?;
                    fields::comments_corrections(&mut self.cur, &mut art.comments_corrections)?
                }
                b"MeshHeadingList" => {
                    let art = self.need(a)?;
                    fields::mesh_headings(&mut self.cur, &mut art.mesh_headings)?
                }
                b"KeywordList" => {
                    let art = self.need(a)?;
                    fields::keywords(&mut self.cur, &mut art.keywords)?
                }
                _ => self.cur.skip(&el)?,
            }
        }
        Ok(())
    }

    /// The article being built; PubMed always writes `PMID` first in a citation.
    pub fn need<'b>(&self, a: &'b mut Option<Article>) -> Res<&'b mut Article> {
        match a {
            Some(a) => Ok(a),
            None => Err(self.cur.fail("record has content before its PMID")),
        }
    }

    /// `PubmedData` / `PubmedBookData`: only `ArticleIdList` is kept.
    fn id_container(&mut self, ids: &mut Vec<ArticleId>) -> Res<()> {
        while let Some(el) = self.cur.child()? {
            match el.name() {
                b"ArticleIdList" => fields::article_ids(&mut self.cur, ids)?,
                _ => self.cur.skip(&el)?,
            }
        }
        Ok(())
    }
}

pub(crate) fn name_of(el: &El) -> String {
    String::from_utf8_lossy(el.name()).into_owned()
}

/// Keep the first of each (type, value) pair, in order.
fn dedup_ids(ids: &mut Vec<ArticleId>) {
    let mut seen: Vec<ArticleId> = Vec::with_capacity(ids.len());
    for id in ids.drain(..) {
        if !seen
            .iter()
            .any(|s| s.id_type == id.id_type && s.value == id.value)
        {
            seen.push(id);
        }
    }
    *ids = seen;
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">12734155</PMID>
<Article PubModel="Print"><Journal><ISSN>0832-610X</ISSN><JournalIssue CitedMedium="Internet"><Volume>50</Volume><Issue>5</Issue>
<PubDate><Year>2003</Year><Month>May</Month></PubDate></JournalIssue><Title>Canadian Journal of Anesthesia</Title>
<ISOAbbreviation>Can J Anaesth</ISOAbbreviation></Journal>
<ArticleTitle>Premedication with nasal s-ketamine</ArticleTitle><Pagination><MedlinePgn>470-475</MedlinePgn></Pagination>
<ELocationID EIdType="doi" ValidYN="Y">10.1007/BF03021058</ELocationID>
<Abstract><AbstractText Label="PURPOSE" NlmCategory="OBJECTIVE">To evaluate
   s-ketamine.</AbstractText><AbstractText Label="RESULTS" NlmCategory="RESULTS">(P &lt; 0.05 vs M) 10<sup>-5</sup></AbstractText></Abstract>
<AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Weber</LastName><ForeName>Frank</ForeName><Initials>F</Initials>
<Identifier Source="ORCID">https://orcid.org/0000-0002-1825-0097</Identifier></Author>
<Author><CollectiveName>Ketamine Study Group</CollectiveName></Author></AuthorList>
<Language>eng</Language><DataBankList CompleteYN="Y"><DataBank><DataBankName>ClinicalTrials.gov</DataBankName>
<AccessionNumberList><AccessionNumber>NCT01234567</AccessionNumber></AccessionNumberList></DataBank></DataBankList>
<GrantList><Grant><GrantID>X</GrantID></Grant></GrantList>
<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType><PublicationType UI="D016449">Randomized Controlled Trial</PublicationType></PublicationTypeList>
<ArticleDate DateType="Electronic"><Year>2003</Year><Month>04</Month><Day>02</Day></ArticleDate></Article>
<ChemicalList><Chemical><NameOfSubstance UI="D007649">Ketamine</NameOfSubstance></Chemical></ChemicalList>
<CommentsCorrectionsList><CommentsCorrections RefType="RetractionIn"><RefSource>Can J 2004</RefSource><PMID Version="1">15000001</PMID></CommentsCorrections></CommentsCorrectionsList>
<MeshHeadingList><MeshHeading><DescriptorName UI="D007649" MajorTopicYN="Y">Ketamine</DescriptorName><QualifierName UI="Q1" MajorTopicYN="N">administration &amp; dosage</QualifierName></MeshHeading></MeshHeadingList>
<KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">anxiety</Keyword></KeywordList>
</MedlineCitation><PubmedData><History><PubMedPubDate PubStatus="entrez"><Year>2003</Year></PubMedPubDate></History>
<ArticleIdList><ArticleId IdType="pubmed">12734155</ArticleId><ArticleId IdType="doi">10.1007/BF03021058</ArticleId><ArticleId IdType="pmc">PMC123</ArticleId></ArticleIdList>
<ReferenceList><Reference><Citation>x</Citation><ArticleIdList><ArticleId IdType="doi">10.9/ref</ArticleId></ArticleIdList></Reference></ReferenceList>
</PubmedData></PubmedArticle>"#;

    fn article(xml: &str) -> Article {
        match parse_record(xml.as_bytes(), 0) {
            Ok(Record::Article(a)) => *a,
            other => panic!("expected an article, got {other:?}"),
        }
    }

    #[test]
    fn full_record_fills_every_field() {
        let a = article(ONE);
        assert_eq!(a.pmid, Pmid(12734155));
        assert_eq!(
            a.title.as_deref(),
            Some("Premedication with nasal s-ketamine")
        );
        assert_eq!(
            a.journal_title.as_deref(),
            Some("Canadian Journal of Anesthesia")
        );
        assert_eq!(a.iso_abbreviation.as_deref(), Some("Can J Anaesth"));
        assert_eq!(
            (a.volume.as_deref(), a.issue.as_deref(), a.pages.as_deref()),
            (Some("50"), Some("5"), Some("470-475"))
        );
        assert_eq!(
            (a.pub_date.year, a.pub_date.month.as_deref()),
            (Some(2003), Some("May"))
        );
        assert_eq!(
            a.article_date.map(|d| (d.year, d.month, d.day)),
            Some((2003, 4, 2))
        );
        assert_eq!(a.abstract_sections.len(), 2);
        assert_eq!(a.abstract_sections[0].label.as_deref(), Some("PURPOSE"));
        assert_eq!(
            a.abstract_sections[0].nlm_category.as_deref(),
            Some("OBJECTIVE")
        );
        assert_eq!(a.abstract_sections[0].text, "To evaluate s-ketamine.");
        assert_eq!(a.abstract_sections[1].text, "(P < 0.05 vs M) 10^-5");
        assert_eq!(a.first_author().as_deref(), Some("Weber F"));
        assert_eq!(a.authors[0].orcid.as_deref(), Some("0000-0002-1825-0097"));
        assert_eq!(
            a.authors[1].collective_name.as_deref(),
            Some("Ketamine Study Group")
        );
        assert_eq!(a.languages, ["eng"]);
        assert_eq!(
            a.publication_types,
            ["Journal Article", "Randomized Controlled Trial"]
        );
        assert_eq!(a.nct_ids(), ["NCT01234567"]);
        assert_eq!(a.mesh_headings[0].descriptor, "Ketamine");
        assert!(a.mesh_headings[0].major_topic);
        assert_eq!(
            a.mesh_headings[0].qualifiers[0].name,
            "administration & dosage"
        );
        assert_eq!(a.keywords, ["anxiety"]);
        assert!(a.is_retracted());
        assert_eq!(a.comments_corrections[0].pmid, Some(Pmid(15000001)));
        assert_eq!(a.doi(), Some("10.1007/BF03021058"));
        assert_eq!(a.pmcid(), Some("PMC123"));
        // ELocationID and ArticleId doi are one id; the reference's doi is not ours.
        assert_eq!(
            a.article_ids.iter().filter(|i| i.id_type == "doi").count(),
            1
        );
    }

    #[test]
    fn broken_records_become_rejects() {
        let cases: [(&str, Option<u64>, &str); 6] = [
            ("<PubmedArticle/>", None, "empty"),
            (
                "<PubmedArticle><MedlineCitation><PMID>12a</PMID></MedlineCitation></PubmedArticle>",
                None,
                "not a positive whole number",
            ),
            (
                "<PubmedArticle><MedlineCitation><PMID>7</PMID><Article></MedlineCitation></PubmedArticle>",
                Some(7),
                "malformed XML",
            ),
            (
                "<PubmedArticle><MedlineCitation><PMID>7</PMID>",
                Some(7),
                "ends before",
            ),
            (
                "<PubmedArticle><MedlineCitation></MedlineCitation></PubmedArticle>",
                None,
                "no PMID",
            ),
            ("<Foo/>", None, "unexpected"),
        ];
        for (xml, pmid, reason) in cases {
            let r = parse_record(xml.as_bytes(), 100).unwrap_err();
            assert_eq!(r.pmid.map(|p| p.0), pmid, "{xml}");
            assert!(r.reason.contains(reason), "{xml}: {}", r.reason);
            assert!(r.byte_offset >= 100, "{xml}");
        }
    }

    #[test]
    fn invalid_utf8_names_its_offset() {
        let mut bytes = b"<PubmedArticle><MedlineCitation><PMID>7</PMID>".to_vec();
        bytes.push(0xFF);
        let r = parse_record(&bytes, 1000).unwrap_err();
        assert_eq!(r.byte_offset, 1000 + bytes.len() as u64 - 1);
        assert!(r.reason.contains("UTF-8"));
    }

    #[test]
    fn delete_citation_lists_pmids() {
        let xml = "<DeleteCitation>\n<PMID Version=\"1\">111</PMID>\n<PMID Version=\"1\">222</PMID>\n</DeleteCitation>";
        assert_eq!(
            parse_record(xml.as_bytes(), 0),
            Ok(Record::Deleted(vec![Pmid(111), Pmid(222)]))
        );
    }
}
