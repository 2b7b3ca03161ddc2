//! Writes every summary output into one directory: each table as CSV, Parquet and Markdown, the
//! citations, `report.html` and `provenance.json`. The only entry point `app` needs after
//! `tables::build_summaries`.

use std::path::{Path, PathBuf};

use crate::tables::summary::{evidence_rows, meta_index};
use crate::tables::{Summaries, SummaryInput};

use super::ReportError;
use super::citations::{bibtex, ris};
use super::frame::{Format, write_atomic, write_frame_stamped};
use super::html::report_html;

pub fn write_summaries(
    out_dir: &Path,
    summaries: &Summaries,
    input: &SummaryInput,
) -> Result<Vec<PathBuf>, ReportError> {
    let stamp = input.provenance.stamp();
    let mut written = Vec::new();
    for (stem, df) in summaries.named() {
        written.extend(write_frame_stamped(
            df,
            out_dir,
            stem,
            Format::ALL,
            Some(&stamp),
        )?);
    }
    let metas = meta_index(input);
    let cited: Vec<_> = evidence_rows(input)
        .iter()
        .filter_map(|f| metas.get(&f.study.pmid).copied())
        .collect();
    let mut put = |name: &str, bytes: Vec<u8>| -> Result<(), ReportError> {
        let path = out_dir.join(name);
        write_atomic(&path, &bytes)?;
        written.push(path);
        Ok(())
    };
    put("citations.ris", ris(&cited).into_bytes())?;
    put("citations.bib", bibtex(&cited).into_bytes())?;
    put("report.html", report_html(summaries, input)?.into_bytes())?;
    let mut prov = serde_json::to_value(&input.provenance).map_err(ReportError::Json)?;
    prov["stamp"] = serde_json::Value::String(stamp);
    put(
        "provenance.json",
        serde_json::to_vec_pretty(&prov).map_err(ReportError::Json)?,
    )?;
    Ok(written)
}
