//! The set of PMIDs already written in this run, as a bitset that grows on demand: one bit per
//! PMID up to the largest seen (about 5 MB for today's PMIDs, near 42 million), whatever the
//! number of records. Never stores anything but the bits.

use crate::pubmed::Pmid;

/// PMIDs above this are kept in a small sorted overflow list instead of growing the bitset to
/// gigabytes for one malformed id (PubMed's ids are far below it).
const MAX_BIT: u64 = 1 << 30;

#[derive(Debug, Default)]
pub struct SeenPmids {
    words: Vec<u64>,
    overflow: std::collections::BTreeSet<u64>,
}

impl SeenPmids {
    /// Records `pmid`; true when it was not seen before.
    pub fn insert(&mut self, pmid: Pmid) -> bool {
        let id = pmid.0;
        if id >= MAX_BIT {
            return self.overflow.insert(id);
        }
        let (word, bit) = ((id / 64) as usize, id % 64);
        if word >= self.words.len() {
            // Grow by at least half again, so a rising stream of PMIDs is amortised.
            let want = (word + 1).max(self.words.len() + self.words.len() / 2);
            self.words.resize(want, 0);
        }
        let mask = 1u64 << bit;
        let new = self.words[word] & mask == 0;
        self.words[word] |= mask;
        new
    }

    /// Bytes held, for tests.
    #[cfg(test)]
    pub fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8 + self.overflow.len() * 8
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
            (MAX_BIT, true),
            (MAX_BIT - 1, true),
        ];
        let mut seen = SeenPmids::default();
        for &(pmid, want) in cases {
            assert_eq!(seen.insert(Pmid(pmid)), want, "pmid {pmid}");
        }
    }

    #[test]
    fn memory_is_one_bit_per_pmid_up_to_the_largest() {
        let mut seen = SeenPmids::default();
        for p in (0..1_000_000u64).step_by(7) {
            seen.insert(Pmid(40_000_000 + p));
        }
        // 41 million bits is about 5.1 MB; growth may over-allocate by half.
        assert!(seen.heap_bytes() < 8 * 1024 * 1024, "{}", seen.heap_bytes());
    }
}
