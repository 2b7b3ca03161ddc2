//! `report.html`: one self-contained page (inline CSS and SVG, no scripts, no fetches; a
//! Content-Security-Policy forbids any) with the provenance stamp, PRISMA counts, the tables and
//! the forest plot. Every cell is HTML-escaped: titles and quotes come from abstracts.

use crate::tables::{Summaries, SummaryInput};

use super::ReportError;
use super::forest::{forest_lines, forest_svg};
use super::frame::cells;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}\
table{border-collapse:collapse;margin:1em 0;font-size:13px}\
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}\
th{background:#f0f0f0}td.quote{min-width:320px;max-width:480px;font-style:italic}\
.wrap{overflow-x:auto;max-width:100%}\
tr.retracted td{background:#fde2e2}.stamp{color:#555;font-size:13px}\
.note{color:#555;font-size:13px;max-width:900px}";

fn table(df: &polars::prelude::DataFrame) -> String {
    let (names, rows) = cells(df);
    let retracted = names.iter().position(|n| n == "retracted");
    let mut s = String::from("<div class=\"wrap\"><table>\n<thead><tr>");
    for n in &names {
        s.push_str(&format!("<th>{}</th>", escape(n)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &rows {
        let flagged = retracted.is_some_and(|i| row[i] == "yes");
        s.push_str(if flagged {
            "<tr class=\"retracted\">"
        } else {
            "<tr>"
        });
        for (name, cell) in names.iter().zip(row) {
            let class = if name == "quote" {
                " class=\"quote\""
            } else {
                ""
            };
            s.push_str(&format!("<td{class}>{}</td>", escape(cell)));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div>\n");
    s
}

fn section(title: &str, note: &str, body: &str) -> String {
    format!(
        "<h2>{}</h2>\n<p class=\"note\">{}</p>\n{body}",
        escape(title),
        escape(note)
    )
}

/// The whole page.
pub fn report_html(summaries: &Summaries, input: &SummaryInput) -> Result<String, ReportError> {
    let svg = forest_svg(&forest_lines(input))?;
    let mut body = String::new();
    body.push_str(&section(
        "PRISMA flow",
        "Records at each stage of the search and screening.",
        &table(&summaries.prisma),
    ));
    body.push_str(&section(
        "Evidence table",
        "One row per study, by population then year. The headline is the study's first response or remission rate (else its main effect); the quote is the abstract's sentence, verbatim. Retracted records are shaded.",
        &table(&summaries.evidence_table),
    ));
    body.push_str(&section(
        "Pooled estimates",
        "Random effects (REML τ², Hartung–Knapp–Sidik–Jonkman 95% CI, 95% prediction interval); rates pooled on the logit scale and shown in percent. A cell with one study shows that study's own number and is not pooled.",
        &table(&summaries.pooled),
    ));
    body.push_str(&section(
        "Forest plot",
        "Each study's ketamine-arm rate with its 95% CI; diamonds are pooled estimates.",
        &format!("<figure>{svg}</figure>\n"),
    ));
    body.push_str(&section(
        "Studies by population and route",
        "Primary studies, RCTs and participants; reviews counted apart.",
        &table(&summaries.summary_by_population_route),
    ));
    body.push_str(&section(
        "Onset",
        "Per study, the earliest time point at which an anxiety result is reported.",
        &table(&summaries.onset),
    ));
    body.push_str(&section(
        "Durability",
        "Per study, the latest time point at which an anxiety result is reported.",
        &table(&summaries.durability),
    ));
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Ketamine and anxiety: evidence report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<h1>Ketamine and anxiety: evidence report</h1>\n<p class=\"stamp\">{}</p>\n{body}\
<p class=\"note\">Numbers were extracted by rules from PubMed titles and abstracts, not full texts; check the quote before citing.</p>\n</body>\n</html>\n",
        escape(&input.provenance.stamp())
    ))
}
