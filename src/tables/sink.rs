//! Streams a table to `<stem>.csv` and `<stem>.parquet` in chunks, so memory stays bounded
//! whatever the number of rows. Rows are buffered in `Columns` and flushed every `chunk_rows`.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::io::csv::write::BatchedWriter as CsvBatched;
use polars::prelude::*;

use super::columns::{Columns, Kind};
use super::row_groups::RowGroupWriter;

/// A table being written: CSV and Parquet side by side, flushed in chunks.
pub struct TableSink {
    pub rows: Columns,
    chunk_rows: usize,
    written: usize,
    csv: Option<CsvBatched<BufWriter<File>>>,
    parquet: Option<RowGroupWriter<BufWriter<File>>>,
    paths: [PathBuf; 2],
}

impl TableSink {
    /// Create `<dir>/<stem>.csv` and `<dir>/<stem>.parquet` with this schema.
    pub fn create(
        dir: &Path,
        stem: &str,
        schema: &[(&'static str, Kind)],
        chunk_rows: usize,
    ) -> PolarsResult<Self> {
        let rows = Columns::new(schema);
        let csv_path = dir.join(format!("{stem}.csv"));
        let pq_path = dir.join(format!("{stem}.parquet"));
        let csv_schema = rows.csv_frame()?.schema().as_ref().clone();
        let pq_schema = rows.parquet_frame()?.schema().as_ref().clone();
        let csv = CsvWriter::new(BufWriter::new(create(&csv_path)?))
            .include_header(true)
            .batched(&csv_schema)?;
        let parquet = ParquetWriter::new(BufWriter::new(create(&pq_path)?))
            .with_compression(ParquetCompression::Zstd(None))
            .batched(&pq_schema)?;
        Ok(TableSink {
            rows,
            chunk_rows: chunk_rows.max(1),
            written: 0,
            csv: Some(csv),
            parquet: Some(RowGroupWriter::new(parquet)),
            paths: [csv_path, pq_path],
        })
    }

    /// Call after each `end_row` (or batch of rows): flushes when the buffer is full.
    pub fn maybe_flush(&mut self) -> PolarsResult<()> {
        if self.rows.rows() >= self.chunk_rows {
            self.flush()
        } else {
            Ok(())
        }
    }

    fn flush(&mut self) -> PolarsResult<()> {
        if self.rows.rows() == 0 {
            return Ok(());
        }
        if let Some(w) = self.csv.as_mut() {
            w.write_batch(&self.rows.csv_frame()?)?;
        }
        if let Some(w) = self.parquet.as_mut() {
            w.write(&self.rows.parquet_frame()?)?;
        }
        self.written += self.rows.rows();
        self.rows.clear();
        Ok(())
    }

    /// Flush the rest and close both files; returns the rows written and the two paths.
    pub fn finish(mut self) -> PolarsResult<(usize, [PathBuf; 2])> {
        self.flush()?;
        if let Some(mut w) = self.csv.take() {
            w.finish()?;
        }
        if let Some(w) = self.parquet.take() {
            w.finish()?;
        }
        Ok((self.written, self.paths.clone()))
    }
}

fn create(path: &Path) -> PolarsResult<File> {
    File::create(path)
        .map_err(|e| polars_err!(ComputeError: "cannot create {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_chunks_that_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = TableSink::create(
            dir.path(),
            "t",
            &[("pmid", Kind::Text), ("tags", Kind::List)],
            2,
        )
        .unwrap();
        for i in 0..5 {
            t.rows
                .text(Some(i.to_string()))
                .list([format!("a{i}"), "b".to_string()])
                .end_row();
            t.maybe_flush().unwrap();
        }
        let (n, [csv, pq]) = t.finish().unwrap();
        assert_eq!(n, 5);
        let text = std::fs::read_to_string(csv).unwrap();
        assert_eq!(text.lines().next(), Some("pmid,tags"));
        assert_eq!(text.lines().count(), 6);
        assert!(text.contains("4,a4;b"));
        let df = ParquetReader::new(File::open(pq).unwrap())
            .finish()
            .unwrap();
        assert_eq!(df.height(), 5);
    }

    #[test]
    fn an_empty_table_still_has_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let t = TableSink::create(
            dir.path(),
            "e",
            &[("pmid", Kind::Text), ("n", Kind::Int)],
            10,
        )
        .unwrap();
        let (n, [csv, _]) = t.finish().unwrap();
        assert_eq!(n, 0);
        assert_eq!(std::fs::read_to_string(csv).unwrap().trim(), "pmid,n");
    }
}
