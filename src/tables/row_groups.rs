//! Parquet row groups of a useful size out of small chunks. The tables are streamed a thousand
//! rows at a time, and polars writes one row group per chunk; its writer keeps a few KB of
//! metadata per column chunk until the file closes, which grew by about 35 MB over a 2 GB input.
//! Chunks are stacked here (no copy) until they reach `BYTES` or `ROWS`, then written as one
//! row group, so that metadata stays small and readers get row groups of a sensible size.

use std::io::Write;

use polars::io::parquet::write::BatchedWriter;
use polars::prelude::{DataFrame, PolarsResult};

/// Bytes held before a row group is written: bounds the memory this costs per table.
const BYTES: usize = 2 << 20;
/// Rows per row group at most, for tables of very short rows.
const ROWS: usize = 64 << 10;

pub struct RowGroupWriter<W: Write> {
    inner: BatchedWriter<W>,
    pending: Option<DataFrame>,
}

impl<W: Write> RowGroupWriter<W> {
    pub fn new(inner: BatchedWriter<W>) -> Self {
        RowGroupWriter {
            inner,
            pending: None,
        }
    }

    /// Add a chunk; writes a row group once enough has been stacked.
    pub fn write(&mut self, df: &DataFrame) -> PolarsResult<()> {
        let pending = match self.pending.as_mut() {
            Some(p) => p.vstack_mut(df)?,
            None => self.pending.insert(df.clone()),
        };
        if pending.estimated_size() >= BYTES || pending.height() >= ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> PolarsResult<()> {
        if let Some(mut df) = self.pending.take() {
            // One chunk, so polars writes one row group.
            df.rechunk_mut();
            self.inner.write_batch(&df)?;
        }
        Ok(())
    }

    /// Write what is stacked and close the file (its footer); returns the bytes written.
    pub fn finish(mut self) -> PolarsResult<u64> {
        self.flush()?;
        self.inner.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn chunk(from: i64, rows: usize, text: &str) -> DataFrame {
        df!(
            "n" => (from..from + rows as i64).collect::<Vec<_>>(),
            "t" => vec![text; rows],
        )
        .unwrap()
    }

    /// (rows per chunk, chunks, bytes of text per row, fewest and most row groups expected).
    #[test]
    fn stacks_chunks_into_few_row_groups_and_keeps_every_row() {
        let cases: [(usize, usize, usize, usize, usize); 4] = [
            (1024, 10, 8, 1, 1),    // ten small chunks: one row group
            (1024, 1, 8, 1, 1),     // a single chunk
            (1024, 80, 8, 2, 2),    // 80 Ki short rows: the row cap splits them at 64 Ki
            (512, 20, 1500, 5, 10), // ~0.75 MB chunks: the 2 MB cap, every 2 to 4 chunks
        ];
        for (rows, chunks, width, fewest, most) in cases {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("t.parquet");
            let text = "x".repeat(width);
            let first = chunk(0, rows, &text);
            let inner = ParquetWriter::new(std::fs::File::create(&path).unwrap())
                .batched(first.schema())
                .unwrap();
            let mut w = RowGroupWriter::new(inner);
            for c in 0..chunks {
                w.write(&chunk((c * rows) as i64, rows, &text)).unwrap();
            }
            w.finish().unwrap();
            let mut reader = ParquetReader::new(std::fs::File::open(&path).unwrap());
            let groups = reader.get_metadata().unwrap().row_groups.len();
            assert!(
                (fewest..=most).contains(&groups),
                "{rows}x{chunks}: {groups} row groups"
            );
            let back = reader.finish().unwrap();
            let n: Vec<i64> = back
                .column("n")
                .unwrap()
                .i64()
                .unwrap()
                .into_no_null_iter()
                .collect();
            assert_eq!(
                n,
                (0..(rows * chunks) as i64).collect::<Vec<_>>(),
                "{rows}x{chunks}"
            );
        }
    }
}
