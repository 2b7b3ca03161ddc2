//! `report.html`: one self-contained page (inline CSS and SVG, no scripts, no fetches; a
//! Content-Security-Policy forbids any) with the provenance stamp, PRISMA counts, the tables and
//! the forest plot, written as it goes so a long table is never held whole. Every cell is
//! HTML-escaped: titles and quotes come from abstracts. The order of sections is `write.rs`'s.

use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;

use super::ReportError;
use super::frame::with_text;
use super::stream::AtomicFile;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// `escape(s)` appended to `out`.
fn escape_into(out: &mut String, s: &str) {
    super::escape::push_replacing(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}\
table{border-collapse:collapse;margin:1em 0;font-size:13px}\
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}\
th{background:#f0f0f0}td.quote{min-width:320px;max-width:480px;font-style:italic}\
.wrap{overflow-x:auto;max-width:100%}\
tr.retracted td{background:#fde2e2}.stamp{color:#555;font-size:13px}\
.note{color:#555;font-size:13px;max-width:900px}";

fn table_head(df: &DataFrame) -> String {
    let mut s = String::from("<div class=\"wrap\"><table>\n<thead><tr>");
    for c in df.columns() {
        s.push_str(&format!("<th>{}</th>", escape(c.name())));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    s
}

const TABLE_TAIL: &str = "</tbody></table></div>\n";

fn table_rows(df: &DataFrame) -> String {
    let columns = df.columns();
    let retracted = columns.iter().position(|c| c.name().as_str() == "retracted");
    let opens: Vec<&str> = columns
        .iter()
        .map(|c| if c.name().as_str() == "quote" { "<td class=\"quote\">" } else { "<td>" })
        .collect();
    let mut s = String::new();
    for row in 0..df.height() {
        let flagged = retracted.is_some_and(|i| with_text(&columns[i], row, |t| t == "yes"));
        s.push_str(if flagged {
            "<tr class=\"retracted\">"
        } else {
            "<tr>"
        });
        for (c, open) in columns.iter().zip(&opens) {
            s.push_str(open);
            with_text(c, row, |t| escape_into(&mut s, t));
            s.push_str("</td>");
        }
        s.push_str("</tr>\n");
    }
    s
}

fn section_head(title: &str, note: &str) -> String {
    format!(
        "<h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        escape(title),
        escape(note)
    )
}

/// `report.html`, written section by section; a long table is written a chunk of rows at a time
/// between `open_table` and `close_table`.
pub struct HtmlPage {
    file: AtomicFile,
    table_open: bool,
}

impl HtmlPage {
    pub fn create(path: &Path, stamp: &str) -> Result<Self, ReportError> {
        let mut file = AtomicFile::create(path)?;
        file.write(format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Ketamine and anxiety: evidence report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<h1>Ketamine and anxiety: evidence report</h1>\n<p class=\"stamp\">{}</p>\n",
            escape(stamp)
        ).as_bytes())?;
        Ok(HtmlPage { file, table_open: false })
    }

    /// A section holding one whole table.
    pub fn table(&mut self, title: &str, note: &str, df: &DataFrame) -> Result<(), ReportError> {
        let body = format!("{}{}{}{TABLE_TAIL}", section_head(title, note), table_head(df), table_rows(df));
        self.file.write(body.as_bytes())
    }

    /// A section holding a figure (an inline `<svg>`).
    pub fn figure(&mut self, title: &str, note: &str, svg: &str) -> Result<(), ReportError> {
        let body = format!("{}<figure>{svg}</figure>\n", section_head(title, note));
        self.file.write(body.as_bytes())
    }

    /// The heading of a long table; its first chunk `df` gives the column names.
    pub fn open_table(&mut self, title: &str, note: &str, df: &DataFrame) -> Result<(), ReportError> {
        self.table_open = true;
        self.file.write(format!("{}{}", section_head(title, note), table_head(df)).as_bytes())
    }

    pub fn rows(&mut self, df: &DataFrame) -> Result<(), ReportError> {
        self.file.write(table_rows(df).as_bytes())
    }

    pub fn close_table(&mut self) -> Result<(), ReportError> {
        self.table_open = false;
        self.file.write(TABLE_TAIL.as_bytes())
    }

    pub fn finish(mut self) -> Result<PathBuf, ReportError> {
        debug_assert!(!self.table_open, "a table was left open");
        self.file.write(
            "<p class=\"note\">Numbers were extracted by rules from PubMed titles and abstracts, not full texts; check the quote before citing.</p>\n</body>\n</html>\n".as_bytes(),
        )?;
        self.file.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_replaces_the_five_special_chars_and_keeps_the_rest() {
        let cases = [
            ("", ""),
            ("p < .05 & \"x\"", "p &lt; .05 &amp; &quot;x&quot;"),
            ("'r' >", "&#39;r&#39; &gt;"),
            ("≥5 µg é<", "≥5 µg é&lt;"),
        ];
        for (s, want) in cases {
            assert_eq!(escape(s), want, "{s:?}");
        }
    }
}
