//! Looks at a response body just enough to tell a complete answer from an error or a truncated
//! one: the PMIDs of an efetch `PubmedArticleSet`, the ids of an esearch JSON answer.
//!
//! Classification is by structure (root element, `ERROR` members), never by searching the text
//! of a message. This is not the record parser (`pubmed`): it never builds an `Article`.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use crate::pubmed::Pmid;

/// What an efetch (`retmode=xml`) body turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum EfetchBody {
    /// A well-formed `PubmedArticleSet` read to its end: the PMIDs of its records in order, and
    /// those of any `DeleteCitation`.
    Articles { pmids: Vec<Pmid>, deleted: Vec<Pmid> },
    /// An `eFetchResult` holding `ERROR` elements (e.g. an unknown or expired WebEnv).
    Error(String),
    /// Not XML, another root, or cut off before `</PubmedArticleSet>`.
    Malformed { offset: u64, reason: String },
}

/// Reads `body` as efetch XML and says what it is.
pub fn classify_efetch(body: &[u8]) -> EfetchBody {
    let malformed = |offset: u64, reason: String| EfetchBody::Malformed { offset, reason };
    let Ok(text) = std::str::from_utf8(body) else {
        return malformed(0, "body is not UTF-8".into());
    };
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let (mut pmids, mut deleted, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    let mut root: Option<String> = None;
    let mut closed = false;
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => return malformed(reader.error_position(), format!("XML error: {e}")),
        };
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().into_inner()).into_owned();
                if stack.is_empty() {
                    if root.is_some() {
                        return malformed(reader.buffer_position(), "a second root element".into());
                    }
                    root = Some(name.clone());
                }
                stack.push(name);
            }
            Event::Empty(e) if stack.is_empty() => {
                root = Some(String::from_utf8_lossy(e.local_name().into_inner()).into_owned());
                closed = true;
            }
            Event::End(_) => {
                stack.pop();
                closed |= stack.is_empty();
            }
            Event::Text(t) => {
                let raw = String::from_utf8_lossy(&t).into_owned();
                match slot(&stack) {
                    Slot::Error => errors.push(raw.trim().to_string()),
                    Slot::Other => {}
                    _ if raw.trim().is_empty() => {}
                    s => match raw.parse::<Pmid>() {
                        Ok(p) if s == Slot::Pmid => pmids.push(p),
                        Ok(p) => deleted.push(p),
                        Err(m) => return malformed(reader.buffer_position(), m),
                    },
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match root.as_deref() {
        Some("eFetchResult") if closed => EfetchBody::Error(errors.join("; ")),
        Some("PubmedArticleSet") if closed => EfetchBody::Articles { pmids, deleted },
        Some(r @ ("PubmedArticleSet" | "eFetchResult")) => {
            malformed(reader.buffer_position(), format!("body ends before </{r}>"))
        }
        Some(other) => malformed(0, format!("root element is <{other}>, not <PubmedArticleSet>")),
        None => malformed(0, "no XML element in the body".into()),
    }
}

#[derive(Debug, PartialEq)]
enum Slot {
    Pmid,
    Deleted,
    Error,
    Other,
}

/// Which text matters where: only the record's own PMID (a direct child of `MedlineCitation`
/// or `BookDocument`), never the PMIDs cited in `CommentsCorrections` or references.
fn slot(stack: &[String]) -> Slot {
    let tail: Vec<&str> = stack.iter().rev().take(3).map(String::as_str).collect();
    match tail.as_slice() {
        ["PMID", "MedlineCitation", "PubmedArticle", ..] => Slot::Pmid,
        ["PMID", "BookDocument", "PubmedBookArticle", ..] => Slot::Pmid,
        ["PMID", "DeleteCitation", ..] => Slot::Deleted,
        ["ERROR", "eFetchResult", ..] => Slot::Error,
        _ => Slot::Other,
    }
}

/// A successful esearch (`retmode=json`) answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EsearchBody {
    pub count: u64,
    pub ids: Vec<Pmid>,
    pub webenv: Option<String>,
    pub query_key: Option<String>,
    /// Phrases or fields PubMed did not find: worth a warning, not a failure.
    pub warnings: Vec<String>,
}

/// Why an esearch body is not an answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EsearchError {
    /// `esearchresult.ERROR`: PubMed's own error, sent with HTTP 200.
    #[error("esearch answered with an error: {0}")]
    Service(String),
    /// A top-level `{"error": …}` from NCBI's gateway (rate limit, forwarding failure).
    #[error("the E-utilities gateway answered with an error: {0}")]
    Gateway(String),
    #[error("esearch body is not the expected JSON: {0}")]
    Malformed(String),
}

/// Reads an esearch JSON body; `ERROR` members make it an error whatever the HTTP status.
pub fn parse_esearch(body: &[u8]) -> Result<EsearchBody, EsearchError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| EsearchError::Malformed(e.to_string()))?;
    if let Some(err) = v.get("error") {
        return Err(EsearchError::Gateway(json_text(err)));
    }
    let r = v
        .get("esearchresult")
        .ok_or_else(|| EsearchError::Malformed("no esearchresult member".into()))?;
    if let Some(err) = r.get("ERROR") {
        return Err(EsearchError::Service(json_text(err)));
    }
    let count = r
        .get("count")
        .and_then(|c| json_text(c).parse::<u64>().ok())
        .ok_or_else(|| EsearchError::Malformed("esearchresult.count is missing or not a number".into()))?;
    let mut ids = Vec::new();
    for id in r.get("idlist").and_then(Value::as_array).into_iter().flatten() {
        ids.push(json_text(id).parse::<Pmid>().map_err(EsearchError::Malformed)?);
    }
    let text_of = |k: &str| r.get(k).map(json_text).filter(|s| !s.is_empty());
    let mut warnings = Vec::new();
    for list in ["errorlist", "warninglist"] {
        if let Some(obj) = r.get(list).and_then(Value::as_object) {
            for (kind, items) in obj {
                for item in items.as_array().into_iter().flatten() {
                    warnings.push(format!("{kind}: {}", json_text(item)));
                }
            }
        }
    }
    Ok(EsearchBody { count, ids, webenv: text_of("webenv"), query_key: text_of("querykey"), warnings })
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
#[path = "body_tests.rs"]
mod tests;
