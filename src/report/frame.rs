//! Writes one DataFrame as CSV, Parquet and GitHub Markdown. Never computes or reorders data: the
//! table arrives finished from `tables`.
//!
//! CSV is UTF-8 with a header row. A cell of a STRING column that begins with `=`, `+`, `-` or
//! `@` is written with a leading apostrophe (`'=SUM(A1)`), so a spreadsheet opening the file
//! shows it as text instead of running it as a formula (OWASP "CSV injection"). Numeric columns
//! are never touched, so `-0.42` stays a number. Parquet and Markdown keep the text as it is;
//! Markdown escapes `|`, `<`, `>` and `&` and folds newlines so each row stays one table row.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::{
    AnyValue, Column, CsvWriter, DataFrame, DataType, IntoColumn, NewChunkedArray, ParquetWriter,
    SerWriter, StringChunked,
};

use super::ReportError;
pub use crate::tables::text::short_float;

/// One output format of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
    Markdown,
}

impl Format {
    pub const ALL: &'static [Format] = &[Format::Csv, Format::Parquet, Format::Markdown];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Markdown => "md",
        }
    }
}

/// Writes `dir/stem.{csv,parquet,md}` for each format asked; returns the paths written.
pub fn write_frame(
    df: &DataFrame,
    dir: &Path,
    stem: &str,
    formats: &[Format],
) -> Result<Vec<PathBuf>, ReportError> {
    write_frame_stamped(df, dir, stem, formats, None)
}

/// As `write_frame`; the Markdown file opens with `stamp` (the provenance line) when given.
pub fn write_frame_stamped(
    df: &DataFrame,
    dir: &Path,
    stem: &str,
    formats: &[Format],
    stamp: Option<&str>,
) -> Result<Vec<PathBuf>, ReportError> {
    fs::create_dir_all(dir).map_err(|e| ReportError::io(dir, e))?;
    let mut written = Vec::with_capacity(formats.len());
    for &format in formats {
        let path = dir.join(format!("{stem}.{}", format.extension()));
        let bytes = match format {
            Format::Csv => csv_bytes(df),
            Format::Parquet => parquet_bytes(df),
            Format::Markdown => Ok(markdown(df, stamp).into_bytes()),
        }
        .map_err(|e| ReportError::Polars {
            path: path.clone(),
            source: e,
        })?;
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes through a temporary sibling and a rename, so a reader never sees half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("")
    ));
    let mut f = BufWriter::new(fs::File::create(&tmp).map_err(|e| ReportError::io(&tmp, e))?);
    f.write_all(bytes).map_err(|e| ReportError::io(&tmp, e))?;
    f.into_inner()
        .map_err(|e| ReportError::io(&tmp, e.into_error()))?
        .sync_all()
        .map_err(|e| ReportError::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| ReportError::io(path, e))
}


pub(crate) fn csv_bytes(df: &DataFrame) -> polars::prelude::PolarsResult<Vec<u8>> {
    let mut safe = neutralised(df)?;
    let mut out = Vec::new();
    CsvWriter::new(&mut out)
        .include_header(true)
        .finish(&mut safe)?;
    Ok(out)
}

pub(crate) fn neutralised(df: &DataFrame) -> polars::prelude::PolarsResult<DataFrame> {
    let columns: Vec<Column> = df
        .columns()
        .iter()
        .map(|c| {
            if c.dtype() != &DataType::String {
                return Ok(c.clone());
            }
            let ca = c.str()?;
            let safe = StringChunked::from_iter_options(
                c.name().clone(),
                ca.iter().map(|o| o.map(crate::tables::spreadsheet_safe)),
            );
            Ok(safe.into_column())
        })
        .collect::<polars::prelude::PolarsResult<_>>()?;
    DataFrame::new(df.height(), columns)
}

fn parquet_bytes(df: &DataFrame) -> polars::prelude::PolarsResult<Vec<u8>> {
    let mut out = Vec::new();
    ParquetWriter::new(&mut out).finish(&mut df.clone())?;
    Ok(out)
}

/// A GitHub-flavoured Markdown table; floats shown to at most three decimals.
pub fn markdown(df: &DataFrame, stamp: Option<&str>) -> String {
    let mut s = markdown_head(df, stamp);
    s.push_str(&markdown_rows(df));
    s
}

/// The stamp line, the header row and the alignment row of a Markdown table.
pub fn markdown_head(df: &DataFrame, stamp: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(stamp) = stamp {
        s.push_str(&format!("_{}_\n\n", md_cell(stamp)));
    }
    let names: Vec<String> = df.columns().iter().map(|c| md_cell(c.name())).collect();
    s.push_str(&format!("| {} |\n", names.join(" | ")));
    let rules: Vec<String> = df
        .columns()
        .iter()
        .map(|c| {
            if c.dtype().is_primitive_numeric() {
                "---:"
            } else {
                "---"
            }
            .to_string()
        })
        .collect();
    s.push_str(&format!("|{}|\n", rules.join("|")));
    s
}

/// The body rows of a Markdown table, so a long table can be written a chunk at a time.
pub fn markdown_rows(df: &DataFrame) -> String {
    let mut s = String::new();
    for row in 0..df.height() {
        s.push_str("| ");
        for (k, c) in df.columns().iter().enumerate() {
            if k > 0 {
                s.push_str(" | ");
            }
            with_text(c, row, |t| md_cell_into(&mut s, t));
        }
        s.push_str(" |\n");
    }
    s
}

/// `f` of the display text of one cell (`display`; empty when the row is out of range): a
/// string cell is handed over as it is, without a copy.
pub fn with_text<R>(column: &Column, row: usize, f: impl FnOnce(&str) -> R) -> R {
    match column.get(row) {
        Ok(AnyValue::String(s)) => f(s),
        Ok(v) => f(&display(&v)),
        Err(_) => f(""),
    }
}

/// The text of one value as a person reads it: empty for null, floats to three decimals.
pub fn display(v: &AnyValue<'_>) -> String {
    match v {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Float64(x) => short_float(*x),
        AnyValue::Float32(x) => short_float(f64::from(*x)),
        AnyValue::Boolean(b) => if *b { "yes" } else { "no" }.to_string(),
        other => other.to_string(),
    }
}

fn md_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    md_cell_into(&mut out, text);
    out
}

/// `md_cell(text)` appended to `out`.
fn md_cell_into(out: &mut String, text: &str) {
    super::escape::push_replacing(out, text, |b| match b {
        b'|' => Some("\\|"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'&' => Some("&amp;"),
        b'\n' | b'\r' => Some(" "),
        _ => None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{NamedFrom, Series};

    #[test]
    fn markdown_cells_escape_pipes_and_markup_and_fold_lines() {
        let cases = [
            ("", ""),
            ("a|b\n", "a\\|b "),
            ("x\r\ny", "x  y"),
            ("≥5 µg <&>|", "≥5 µg &lt;&amp;&gt;\\|"),
        ];
        for (s, want) in cases {
            assert_eq!(md_cell(s), want, "{s:?}");
        }
    }

    fn frame() -> DataFrame {
        DataFrame::new_infer_height(vec![
            Series::new(
                "text".into(),
                &[Some("=1+1"), Some("plain"), None, Some("-3 a|b")],
            )
            .into_column(),
            Series::new("x".into(), &[Some(-0.5f64), Some(1.0), None, Some(2.125)]).into_column(),
        ])
        .unwrap()
    }

    #[test]
    fn csv_neutralises_strings_and_leaves_numbers() {
        let csv = String::from_utf8(csv_bytes(&frame()).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "text,x");
        assert_eq!(lines[1], "'=1+1,-0.5");
        assert_eq!(lines[3], ",");
        assert_eq!(lines[4], "'-3 a|b,2.125");
    }

    #[test]
    fn markdown_escapes_pipes_and_rounds() {
        let md = markdown(&frame(), Some("records as of 2026-01-01"));
        assert!(md.starts_with("_records as of 2026-01-01_\n\n| text | x |\n|---|---:|\n"));
        assert!(md.contains("| -3 a\\|b | 2.125 |"), "{md}");
        assert!(md.contains("| =1+1 | -0.5 |"), "{md}");
        assert!(md.contains("|  |  |"), "{md}");
    }

    #[test]
    fn write_frame_writes_every_format() {
        let dir = tempfile::tempdir().unwrap();
        let paths = write_frame(&frame(), dir.path(), "t", Format::ALL).unwrap();
        assert_eq!(paths.len(), 3);
        for p in &paths {
            assert!(fs::metadata(p).unwrap().len() > 0, "{}", p.display());
        }
        let pq = fs::read(dir.path().join("t.parquet")).unwrap();
        assert_eq!(&pq[..4], b"PAR1");
    }
}
