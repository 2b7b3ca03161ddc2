//! The summaries as the app writes them: the small tables (PRISMA, population × route, pooled)
//! built whole from one `Digest` pass, and the tables that list studies (evidence, onset,
//! durability) handed out a chunk of rows at a time, each chunk's records fetched again by id.
//! So memory holds the digest and one chunk, whatever the number of studies. Never writes files.

use polars::prelude::DataFrame;

use super::digest::{Digest, RatePoint, TimedKey};
use super::input::SummaryInput;
use super::meta::ArticleMeta;
use super::pooled::{PooledRow, pooled, pooled_rows};
use super::summary::{SummaryError, evidence_frame, prisma, summary_by_population_route};
use super::timing::{TimedRow, durability, onset};

/// Rows of a listing table per chunk when streaming: a few megabytes of quotes and titles.
pub const CHUNK_ROWS: usize = 2048;

/// What receives each chunk of a listing: the rows, and their records' article metadata.
pub type ChunkFn<'f, E> = dyn FnMut(&DataFrame, &[ArticleMeta]) -> Result<(), E> + 'f;

/// The tables that list one row per study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Evidence,
    Onset,
    Durability,
}

pub struct SummaryStream<'a> {
    input: &'a SummaryInput,
    pub digest: Digest,
    pub prisma: DataFrame,
    pub by_route: DataFrame,
    pub pooled: DataFrame,
    pub pooled_rows: Vec<PooledRow>,
}

impl<'a> SummaryStream<'a> {
    pub fn new(input: &'a SummaryInput) -> Result<Self, SummaryError> {
        let digest = Digest::of(input)?;
        let pooled_rows = pooled_rows(&digest);
        Ok(SummaryStream {
            input,
            prisma: prisma(&input.prisma, &digest)?,
            by_route: summary_by_population_route(&digest)?,
            pooled: pooled(&pooled_rows)?,
            pooled_rows,
            digest,
        })
    }

    pub fn rates(&self) -> &[RatePoint] {
        &self.digest.rates
    }

    /// Calls `f` with each chunk of at most `rows` rows of the listing, in table order, and the
    /// chunk's article metadata (for citations); once with an empty frame when there are none.
    pub fn chunks<E: From<SummaryError>>(
        &self,
        which: Listing,
        rows: usize,
        f: &mut ChunkFn<'_, E>,
    ) -> Result<(), E> {
        let d = &self.digest;
        let timed = |keys: &[TimedKey]| -> Result<Vec<TimedRow>, SummaryError> {
            keys.iter()
                .map(|k| {
                    let (m, f) = self.input.studies.get(k.id)?;
                    Ok((m, f, *k))
                })
                .collect()
        };
        let count = match which {
            Listing::Evidence => d.evidence.len(),
            Listing::Onset => d.onset.len(),
            Listing::Durability => d.durability.len(),
        };
        let step = rows.max(1);
        let mut start = 0usize;
        loop {
            let range = start..count.min(start.saturating_add(step));
            let (df, metas) = match which {
                Listing::Evidence => {
                    let chunk = d.evidence[range.clone()]
                        .iter()
                        .map(|k| self.input.studies.get(k.id))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(SummaryError::from)?;
                    let df = evidence_frame(&chunk).map_err(SummaryError::from)?;
                    (df, chunk.into_iter().filter_map(|r| r.0).collect::<Vec<_>>())
                }
                Listing::Onset | Listing::Durability => {
                    let keys = if which == Listing::Onset { &d.onset } else { &d.durability };
                    let chunk = timed(&keys[range.clone()])?;
                    let df = if which == Listing::Onset { onset(&chunk) } else { durability(&chunk) }
                        .map_err(SummaryError::from)?;
                    (df, chunk.into_iter().filter_map(|r| r.0).collect())
                }
            };
            f(&df, &metas)?;
            start = range.end;
            if start >= count {
                return Ok(());
            }
        }
    }
}
