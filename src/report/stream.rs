//! Writers that take a table a chunk at a time: `AtomicFile` (a temporary sibling renamed into
//! place on `finish`, so a reader never sees half a file) and `ChunkedFrame`, which appends each
//! chunk to `<stem>.csv`, `.parquet` and `.md` exactly as `frame::write_frame_stamped` writes
//! the whole table. Never computes or reorders rows.

use std::cell::RefCell;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use polars::io::csv::write::BatchedWriter as CsvBatched;
use polars::prelude::{CsvWriter, DataFrame, ParquetWriter, PolarsError, SerWriter};

use super::ReportError;
use super::frame::{markdown_head, markdown_rows, neutralised};
use crate::tables::row_groups::RowGroupWriter;

/// A file written through `<name>.tmp` and renamed into place by `finish`. Polars' batched
/// writers cannot hand their writer back, so they write through a `Handle` to the same buffer.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    out: Rc<RefCell<BufWriter<File>>>,
}

/// A second way into an `AtomicFile`'s buffer; drop it before `finish`.
pub struct Handle(Rc<RefCell<BufWriter<File>>>);

impl Write for Handle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.borrow_mut().flush()
    }
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<Self, ReportError> {
        let tmp = path.with_extension(format!(
            "{}.tmp",
            path.extension().and_then(|e| e.to_str()).unwrap_or("")
        ));
        let file = File::create(&tmp).map_err(|e| ReportError::io(&tmp, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            out: Rc::new(RefCell::new(BufWriter::new(file))),
        })
    }

    pub fn handle(&self) -> Handle {
        Handle(Rc::clone(&self.out))
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), ReportError> {
        self.out
            .borrow_mut()
            .write_all(bytes)
            .map_err(|e| ReportError::io(&self.tmp, e))
    }

    /// Flush, sync and rename into place; returns the final path.
    pub fn finish(self) -> Result<PathBuf, ReportError> {
        let AtomicFile { path, tmp, out } = self;
        let still_shared =
            || ReportError::io(&tmp, std::io::Error::other("a writer still holds the file"));
        let out = Rc::try_unwrap(out)
            .map_err(|_| still_shared())?
            .into_inner();
        out.into_inner()
            .map_err(|e| ReportError::io(&tmp, e.into_error()))?
            .sync_all()
            .map_err(|e| ReportError::io(&tmp, e))?;
        fs::rename(&tmp, &path).map_err(|e| ReportError::io(&path, e))?;
        Ok(path)
    }
}

/// One table written as CSV, Parquet and Markdown, a chunk at a time. The writers open on the
/// first chunk, whose schema every later chunk must share.
pub struct ChunkedFrame {
    dir: PathBuf,
    stem: String,
    stamp: Option<String>,
    open: Option<Open>,
}

struct Open {
    csv: CsvBatched<Handle>,
    csv_file: AtomicFile,
    parquet: RowGroupWriter<Handle>,
    parquet_file: AtomicFile,
    md: AtomicFile,
}

impl ChunkedFrame {
    pub fn new(dir: &Path, stem: &str, stamp: Option<&str>) -> Self {
        ChunkedFrame {
            dir: dir.to_path_buf(),
            stem: stem.to_string(),
            stamp: stamp.map(str::to_string),
            open: None,
        }
    }

    fn path(&self, ext: &str) -> PathBuf {
        self.dir.join(format!("{}.{ext}", self.stem))
    }

    fn polars(&self, ext: &str) -> impl Fn(PolarsError) -> ReportError + use<> {
        let path = self.path(ext);
        move |source| ReportError::Polars {
            path: path.clone(),
            source,
        }
    }

    pub fn write(&mut self, df: &DataFrame) -> Result<(), ReportError> {
        if self.open.is_none() {
            let schema = df.schema().as_ref().clone();
            let csv_file = AtomicFile::create(&self.path("csv"))?;
            let csv = CsvWriter::new(csv_file.handle())
                .include_header(true)
                .batched(&schema)
                .map_err(self.polars("csv"))?;
            let parquet_file = AtomicFile::create(&self.path("parquet"))?;
            let parquet = RowGroupWriter::new(
                ParquetWriter::new(parquet_file.handle())
                    .batched(&schema)
                    .map_err(self.polars("parquet"))?,
            );
            let mut md = AtomicFile::create(&self.path("md"))?;
            md.write(markdown_head(df, self.stamp.as_deref()).as_bytes())?;
            self.open = Some(Open {
                csv,
                csv_file,
                parquet,
                parquet_file,
                md,
            });
        }
        let safe = neutralised(df).map_err(self.polars("csv"))?;
        let (csv_err, pq_err) = (self.polars("csv"), self.polars("parquet"));
        let open = self.open.as_mut().expect("opened above");
        open.csv.write_batch(&safe).map_err(csv_err)?;
        open.parquet.write(df).map_err(pq_err)?;
        open.md.write(markdown_rows(df).as_bytes())
    }

    /// Closes the three files; returns their paths (none if no chunk was written).
    pub fn finish(mut self) -> Result<Vec<PathBuf>, ReportError> {
        let Some(open) = self.open.take() else {
            return Ok(Vec::new());
        };
        let Open {
            mut csv,
            csv_file,
            parquet,
            parquet_file,
            md,
        } = open;
        csv.finish().map_err(self.polars("csv"))?;
        drop(csv);
        // Consumes the writer, and with it the handle into the file.
        parquet.finish().map_err(self.polars("parquet"))?;
        Ok(vec![
            csv_file.finish()?,
            parquet_file.finish()?,
            md.finish()?,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::frame::{Format, write_frame_stamped};
    use polars::prelude::{IntoColumn, NamedFrom, Series};

    fn frame(rows: &[(Option<&str>, Option<f64>, bool)]) -> DataFrame {
        let text: Vec<Option<&str>> = rows.iter().map(|r| r.0).collect();
        let x: Vec<Option<f64>> = rows.iter().map(|r| r.1).collect();
        let flag: Vec<bool> = rows.iter().map(|r| r.2).collect();
        DataFrame::new_infer_height(vec![
            Series::new("text".into(), text).into_column(),
            Series::new("x".into(), x).into_column(),
            Series::new("flag".into(), flag).into_column(),
        ])
        .unwrap()
    }

    #[test]
    fn chunks_write_what_the_whole_table_writes() {
        let rows = [
            (Some("=1+1"), Some(-0.5), true),
            (Some("plain | pipe"), None, false),
            (None, Some(2.125), false),
            (Some("-3"), Some(1e-9), true),
            (Some("line\nbreak"), Some(7.0), false),
        ];
        // (rows per chunk) — 0 rows per chunk means the table is empty.
        for per in [1usize, 2, 5, 0] {
            let whole_rows: &[_] = if per == 0 { &[] } else { &rows };
            let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
            write_frame_stamped(
                &frame(whole_rows),
                a.path(),
                "t",
                Format::ALL,
                Some("stamp"),
            )
            .unwrap();
            let mut c = ChunkedFrame::new(b.path(), "t", Some("stamp"));
            if per == 0 {
                c.write(&frame(&[])).unwrap();
            }
            for chunk in whole_rows.chunks(per.max(1)) {
                c.write(&frame(chunk)).unwrap();
            }
            assert_eq!(c.finish().unwrap().len(), 3);
            for ext in ["csv", "md"] {
                let read = |d: &Path| fs::read_to_string(d.join(format!("t.{ext}"))).unwrap();
                assert_eq!(
                    read(b.path()),
                    read(a.path()),
                    "{per} rows per chunk, {ext}"
                );
            }
            let pq = fs::File::open(b.path().join("t.parquet")).unwrap();
            let back = polars::prelude::ParquetReader::new(pq).finish().unwrap();
            use polars::prelude::SerReader;
            assert!(
                back.equals_missing(&frame(whole_rows)),
                "{per} rows per chunk, parquet"
            );
            assert!(!b.path().join("t.csv.tmp").exists());
        }
    }
}
