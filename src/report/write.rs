//! Writes every summary output into one directory: each table as CSV, Parquet and Markdown, the
//! citations, `report.html` and `provenance.json`. `write_streamed` is what `app` calls: the
//! tables that list studies are written a chunk at a time as `SummaryStream` hands them out, so
//! memory does not grow with the number of studies. `write_summaries` writes tables already
//! built whole, through the same code.

use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;

use crate::tables::digest::RatePoint;
use crate::tables::pooled::PooledRow;
use crate::tables::stream::CHUNK_ROWS;
use crate::tables::{ArticleMeta, Listing, Provenance, Summaries, SummaryInput, SummaryStream};

use super::ReportError;
use super::citations::{bibtex, ris};
use super::forest::{forest_lines, forest_svg};
use super::frame::{Format, write_atomic, write_frame_stamped};
use super::html::HtmlPage;
use super::stream::{AtomicFile, ChunkedFrame};

type ChunkFn<'f> = dyn FnMut(&DataFrame, &[ArticleMeta]) -> Result<(), ReportError> + 'f;

/// The summaries as the writer needs them, whole or a chunk at a time.
trait Source {
    fn prisma(&self) -> &DataFrame;
    fn by_route(&self) -> &DataFrame;
    fn pooled(&self) -> &DataFrame;
    fn rates(&self) -> &[RatePoint];
    fn pooled_rows(&self) -> &[PooledRow];
    /// Each chunk of a listing with its records' metadata, in table order.
    fn listing(&self, which: Listing, f: &mut ChunkFn<'_>) -> Result<(), ReportError>;
}

impl Source for Summaries {
    fn prisma(&self) -> &DataFrame { &self.prisma }
    fn by_route(&self) -> &DataFrame { &self.summary_by_population_route }
    fn pooled(&self) -> &DataFrame { &self.pooled }
    fn rates(&self) -> &[RatePoint] { &self.rates }
    fn pooled_rows(&self) -> &[PooledRow] { &self.pooled_rows }
    fn listing(&self, which: Listing, f: &mut ChunkFn<'_>) -> Result<(), ReportError> {
        match which {
            Listing::Evidence => f(&self.evidence_table, &self.cited),
            Listing::Onset => f(&self.onset, &[]),
            Listing::Durability => f(&self.durability, &[]),
        }
    }
}

impl Source for SummaryStream<'_> {
    fn prisma(&self) -> &DataFrame { &self.prisma }
    fn by_route(&self) -> &DataFrame { &self.by_route }
    fn pooled(&self) -> &DataFrame { &self.pooled }
    fn rates(&self) -> &[RatePoint] { SummaryStream::rates(self) }
    fn pooled_rows(&self) -> &[PooledRow] { &self.pooled_rows }
    fn listing(&self, which: Listing, f: &mut ChunkFn<'_>) -> Result<(), ReportError> {
        self.chunks(which, CHUNK_ROWS, f)
    }
}

/// Writes tables built whole by `tables::build_summaries(input)`.
pub fn write_summaries(out_dir: &Path, summaries: &Summaries, input: &SummaryInput) -> Result<Vec<PathBuf>, ReportError> {
    write_from(out_dir, summaries, &input.provenance)
}

/// Builds and writes the summaries of `input`, streaming the tables that list studies.
pub fn write_streamed(out_dir: &Path, input: &SummaryInput) -> Result<Vec<PathBuf>, ReportError> {
    let stream = SummaryStream::new(input)?;
    write_from(out_dir, &stream, &input.provenance)
}

/// Section titles and notes of report.html, in page order after the PRISMA flow.
const EVIDENCE: (&str, &str) = ("Evidence table", "One row per study, by population then year. The headline is the study's first response or remission rate (else its main effect); the quote is the abstract's sentence, verbatim. Retracted records are shaded.");
const POOLED: (&str, &str) = ("Pooled estimates", "Random effects (REML τ², Hartung–Knapp–Sidik–Jonkman 95% CI, 95% prediction interval); rates pooled on the logit scale and shown in percent. A cell with one study shows that study's own number and is not pooled.");
const FOREST: (&str, &str) = ("Forest plot", "Each study's ketamine-arm rate with its 95% CI; diamonds are pooled estimates.");
const BY_ROUTE: (&str, &str) = ("Studies by population and route", "Primary studies, RCTs and participants; reviews counted apart.");
const ONSET: (&str, &str) = ("Onset", "Per study, the earliest time point at which an anxiety result is reported.");
const DURABILITY: (&str, &str) = ("Durability", "Per study, the latest time point at which an anxiety result is reported.");

fn write_from(out_dir: &Path, src: &dyn Source, provenance: &Provenance) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(out_dir).map_err(|e| ReportError::io(out_dir, e))?;
    let stamp = provenance.stamp();
    let mut written = Vec::new();
    for (stem, df) in [("prisma", src.prisma()), ("summary_by_population_route", src.by_route()), ("pooled", src.pooled())] {
        written.extend(write_frame_stamped(df, out_dir, stem, Format::ALL, Some(&stamp))?);
    }
    let mut page = HtmlPage::create(&out_dir.join("report.html"), &stamp)?;
    page.table("PRISMA flow", "Records at each stage of the search and screening.", src.prisma())?;
    let mut ris_file = AtomicFile::create(&out_dir.join("citations.ris"))?;
    let mut bib_file = AtomicFile::create(&out_dir.join("citations.bib"))?;
    written.extend(listing(out_dir, src, Listing::Evidence, "evidence_table", EVIDENCE, &stamp, &mut page, &mut |metas| {
        let cited: Vec<&ArticleMeta> = metas.iter().collect();
        ris_file.write(ris(&cited).as_bytes())?;
        bib_file.write(bibtex(&cited).as_bytes())
    })?);
    written.push(ris_file.finish()?);
    written.push(bib_file.finish()?);
    page.table(POOLED.0, POOLED.1, src.pooled())?;
    let svg = forest_svg(&forest_lines(src.rates(), src.pooled_rows()))?;
    page.figure(FOREST.0, FOREST.1, &svg)?;
    page.table(BY_ROUTE.0, BY_ROUTE.1, src.by_route())?;
    for (which, stem, text) in [(Listing::Onset, "onset", ONSET), (Listing::Durability, "durability", DURABILITY)] {
        written.extend(listing(out_dir, src, which, stem, text, &stamp, &mut page, &mut |_| Ok(()))?);
    }
    written.push(page.finish()?);
    let mut prov = serde_json::to_value(provenance).map_err(ReportError::Json)?;
    prov["stamp"] = serde_json::Value::String(stamp);
    let path = out_dir.join("provenance.json");
    write_atomic(&path, &serde_json::to_vec_pretty(&prov).map_err(ReportError::Json)?)?;
    written.push(path);
    Ok(written)
}

/// One listing table: its three files and its report section, a chunk at a time; `cite` sees
/// each chunk's article metadata.
#[allow(clippy::too_many_arguments)]
fn listing(
    out_dir: &Path,
    src: &dyn Source,
    which: Listing,
    stem: &str,
    (title, note): (&str, &str),
    stamp: &str,
    page: &mut HtmlPage,
    cite: &mut dyn FnMut(&[ArticleMeta]) -> Result<(), ReportError>,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut files = ChunkedFrame::new(out_dir, stem, Some(stamp));
    let mut first = true;
    src.listing(which, &mut |df, metas| {
        if std::mem::take(&mut first) {
            page.open_table(title, note, df)?;
        }
        files.write(df)?;
        page.rows(df)?;
        cite(metas)
    })?;
    page.close_table()?;
    files.finish()
}
