//! The set of PMIDs already written in this run, as a paged bitset: one bit per PMID, in 8 KB
//! pages allocated only where PMIDs occur. All of today's PMIDs (up to about 42 million) fit in
//! 5 MB, a run over one range of PMIDs needs a few pages, and nothing grows with the number of
//! records beyond that. Never stores anything but the bits.

use crate::pubmed::Pmid;

/// PMIDs per page (8 KB of bits).
const PAGE_BITS: u64 = 1 << 16;
const PAGE_WORDS: usize = (PAGE_BITS / 64) as usize;

/// PMIDs at or above this are kept in a small ordered set instead of a page table sized for
/// them (PubMed's ids are far below it; a malformed one must not cost gigabytes).
const MAX_PAGED: u64 = 1 << 32;

#[derive(Debug, Default)]
pub struct SeenPmids {
    pages: Vec<Option<Box<[u64; PAGE_WORDS]>>>,
    overflow: std::collections::BTreeSet<u64>,
}

impl SeenPmids {
    /// Records `pmid`; true when it was not seen before.
    pub fn insert(&mut self, pmid: Pmid) -> bool {
        let id = pmid.0;
        if id >= MAX_PAGED {
            return self.overflow.insert(id);
        }
        let page = (id / PAGE_BITS) as usize;
        if page >= self.pages.len() {
            self.pages.resize_with(page + 1, || None);
        }
        let bits = self.pages[page].get_or_insert_with(|| Box::new([0; PAGE_WORDS]));
        let within = id % PAGE_BITS;
        let (word, mask) = ((within / 64) as usize, 1u64 << (within % 64));
        let new = bits[word] & mask == 0;
        bits[word] |= mask;
        new
    }

    /// Bytes held, for tests.
    #[cfg(test)]
    pub fn heap_bytes(&self) -> usize {
        let pages = self.pages.iter().flatten().count() * PAGE_WORDS * 8;
        pages
            + self.pages.capacity() * std::mem::size_of::<Option<Box<[u64; PAGE_WORDS]>>>()
            + self.overflow.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_report_first_sightings() {
        // (pmid, expected result of insert), applied in order to one set.
        let cases: &[(u64, bool)] = &[
            (42, true),
            (42, false),
            (0, true),
            (63, true),
            (64, true),
            (63, false),
            (41_999_999, true),
            (41_999_999, false),
            (u64::MAX, true),
            (u64::MAX, false),
            (MAX_PAGED, true),
            (MAX_PAGED - 1, true),
            (PAGE_BITS, true),
            (PAGE_BITS - 1, true),
            (PAGE_BITS, false),
        ];
        let mut seen = SeenPmids::default();
        for &(pmid, want) in cases {
            assert_eq!(seen.insert(Pmid(pmid)), want, "pmid {pmid}");
        }
    }

    #[test]
    fn memory_follows_the_pmids_not_the_records() {
        // (PMIDs inserted, most bytes allowed): one range needs a few pages; PMIDs spread over
        // every page up to 42 million need about 5 MB.
        let cases: &[(&dyn Fn() -> Vec<u64>, usize)] = &[
            (&|| (50_000_001..50_100_000).collect(), 64 * 1024),
            (&|| (0..42_000_000).step_by(1000).collect(), 6 * 1024 * 1024),
            (&|| vec![7; 100_000], 16 * 1024),
        ];
        for (i, (pmids, most)) in cases.iter().enumerate() {
            let mut seen = SeenPmids::default();
            for p in pmids() {
                seen.insert(Pmid(p));
            }
            assert!(
                seen.heap_bytes() <= *most,
                "case {i}: {} bytes",
                seen.heap_bytes()
            );
        }
    }
}
