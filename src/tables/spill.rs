//! The studies the summaries need, spilled to a temporary file while the pipeline streams, so
//! memory does not grow with the number of studies: one frame per study (its `ArticleMeta` and
//! `Findings`, verbatim sentences included; a little-endian u32 length, then postcard bytes), read
//! back in order or fetched by byte offset. Never holds more than one record in memory; the file
//! is removed when the reader is dropped. Postcard, not JSON: decoding the spill was about 6 % of
//! the `extract` command's instructions as JSON.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::meta::ArticleMeta;
use crate::extract::{Arm, Evidence, Findings, Outcome, OutcomeKind, Study};
use crate::pubmed::Pmid;

#[derive(Debug, thiserror::Error)]
pub enum SpillError {
    #[error("cannot write the study spill file {path}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot read the study spill file {path} at byte {offset}")]
    Read { path: PathBuf, offset: u64, source: std::io::Error },
    #[error("the study spill file {path} is corrupt at byte {offset}")]
    Corrupt { path: PathBuf, offset: u64, source: postcard::Error },
}

#[derive(Serialize)]
struct LineOut<'a> {
    meta: &'a ArticleMeta,
    study: &'a Study,
    outcomes: &'a [Outcome],
}

#[derive(Deserialize)]
struct LineIn {
    meta: ArticleMeta,
    study: Study,
    outcomes: Vec<OutcomeIn>,
}

/// `Outcome` as read back: its `rule` is a `&'static str` in memory, a string on disk.
#[derive(Deserialize)]
struct OutcomeIn {
    pmid: Pmid,
    kind: OutcomeKind,
    arm: Arm,
    scale: Option<String>,
    timepoint: Option<String>,
    value: f64,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    p_value: Option<f64>,
    events: Option<u32>,
    n: Option<u32>,
    evidence: Evidence,
    rule: String,
    confidence: f32,
}

/// Rule names come from a fixed set in the extractor, so interning them leaks a bounded amount.
fn intern(rule: String) -> &'static str {
    static RULES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut rules = RULES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = rules.iter().find(|r| **r == rule) {
        return r;
    }
    let r: &'static str = Box::leak(rule.into_boxed_str());
    rules.push(r);
    r
}

impl From<OutcomeIn> for Outcome {
    fn from(o: OutcomeIn) -> Self {
        Outcome {
            pmid: o.pmid,
            kind: o.kind,
            arm: o.arm,
            scale: o.scale,
            timepoint: o.timepoint,
            value: o.value,
            ci_low: o.ci_low,
            ci_high: o.ci_high,
            p_value: o.p_value,
            events: o.events,
            n: o.n,
            evidence: o.evidence,
            rule: intern(o.rule),
            confidence: o.confidence,
        }
    }
}

/// Appends studies to the spill file.
pub struct SpillWriter {
    path: PathBuf,
    out: BufWriter<File>,
    offset: u64,
    count: u64,
    /// The frame being written, reused from study to study.
    frame: Vec<u8>,
}

impl SpillWriter {
    pub fn create(path: &Path) -> Result<Self, SpillError> {
        let file = File::create(path).map_err(|source| SpillError::Write { path: path.to_path_buf(), source })?;
        Ok(SpillWriter { path: path.to_path_buf(), out: BufWriter::new(file), offset: 0, count: 0, frame: Vec::new() })
    }

    /// Appends one study; returns its byte offset.
    pub fn push(&mut self, meta: &ArticleMeta, findings: &Findings) -> Result<u64, SpillError> {
        let line = LineOut { meta, study: &findings.study, outcomes: &findings.outcomes };
        let mut frame = std::mem::take(&mut self.frame);
        frame.clear();
        frame.extend_from_slice(&[0; 4]);
        let mut frame = postcard::to_extend(&line, frame).expect("plain data always serialises");
        let len = u32::try_from(frame.len() - 4).expect("one study's frame is under 4 GiB");
        frame[..4].copy_from_slice(&len.to_le_bytes());
        let written = self.out.write_all(&frame);
        let at = self.offset;
        self.offset += frame.len() as u64;
        self.frame = frame;
        written.map_err(|source| SpillError::Write { path: self.path.clone(), source })?;
        self.count += 1;
        Ok(at)
    }

    /// Flushes and hands the file to a reader.
    pub fn finish(self) -> Result<Spill, SpillError> {
        let SpillWriter { path, out, count, .. } = self;
        let file = out.into_inner().map_err(|e| SpillError::Write { path: path.clone(), source: e.into_error() })?;
        drop(file);
        let file = File::open(&path).map_err(|source| SpillError::Read { path: path.clone(), offset: 0, source })?;
        Ok(Spill { path, count, file })
    }
}

/// A finished spill file: read in order with `for_each`, or one record with `get`.
#[derive(Debug)]
pub struct Spill {
    path: PathBuf,
    count: u64,
    /// Kept open for `get`, which the summaries call once per listed row.
    file: File,
}

impl Spill {
    pub fn len(&self) -> u64 {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }


    fn parse(&self, frame: &[u8], offset: u64) -> Result<(ArticleMeta, Findings), SpillError> {
        let l: LineIn = postcard::from_bytes(frame)
            .map_err(|source| SpillError::Corrupt { path: self.path.clone(), offset, source })?;
        let outcomes = l.outcomes.into_iter().map(Outcome::from).collect();
        Ok((l.meta, Findings { study: l.study, outcomes }))
    }

    /// Every study in the order written, with its offset.
    pub fn for_each(&self, f: &mut dyn FnMut(u64, &ArticleMeta, &Findings)) -> Result<(), SpillError> {
        let file = File::open(&self.path).map_err(|source| SpillError::Read { path: self.path.clone(), offset: 0, source })?;
        let mut r = BufReader::with_capacity(64 * 1024, file);
        let mut frame = Vec::new();
        let mut offset = 0u64;
        while let Some(n) = self.read_frame(&mut r, &mut frame, offset)? {
            let (meta, findings) = self.parse(&frame, offset)?;
            f(offset, &meta, &findings);
            offset += n;
        }
        Ok(())
    }

    /// The frame at the reader's position into `frame`; its length on disk, or `None` at the end.
    fn read_frame(&self, r: &mut impl Read, frame: &mut Vec<u8>, offset: u64) -> Result<Option<u64>, SpillError> {
        let read = |source| SpillError::Read { path: self.path.clone(), offset, source };
        let mut len = [0u8; 4];
        let mut got = 0;
        while got < 4 {
            match r.read(&mut len[got..]) {
                Ok(0) if got == 0 => return Ok(None),
                Ok(0) => return Err(read(std::io::ErrorKind::UnexpectedEof.into())),
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(read(e)),
            }
        }
        let len = u64::from(u32::from_le_bytes(len));
        // Read up to the stated length rather than allocating it first: a corrupt length must
        // not ask for gigabytes.
        frame.clear();
        // Room for a frame of any sane size up front, so it is read in one go.
        frame.reserve(len.min(1 << 20) as usize);
        r.take(len).read_to_end(frame).map_err(read)?;
        if frame.len() as u64 != len {
            return Err(read(std::io::ErrorKind::UnexpectedEof.into()));
        }
        Ok(Some(4 + len))
    }

    /// The study written at `offset`.
    pub fn get(&self, offset: u64) -> Result<(ArticleMeta, Findings), SpillError> {
        let read = |source| SpillError::Read { path: self.path.clone(), offset, source };
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset)).map_err(read)?;
        let mut frame = Vec::new();
        match self.read_frame(&mut file, &mut frame, offset)? {
            Some(_) => self.parse(&frame, offset),
            None => Err(read(std::io::ErrorKind::UnexpectedEof.into())),
        }
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        std::fs::remove_file(&self.path).ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{AgeGroup, Blinding, Design, Population};

    fn study(pmid: u64, sentence: &str, rule: &'static str) -> (ArticleMeta, Findings) {
        let meta = ArticleMeta::from_article(&crate::pubmed::Article::new(Pmid(pmid)));
        let study = Study {
            pmid: Pmid(pmid), design: Design::Rct, blinding: Blinding::DoubleBlind, n_total: Some(20),
            n_studies: None, population: Population::Gad, age_group: AgeGroup::Adult, drugs: vec![],
            routes: vec![], comparators: vec![], scales: vec!["HAM-A".into()], doses: vec![], is_study: true,
        };
        let outcome = Outcome {
            pmid: Pmid(pmid), kind: OutcomeKind::ResponseRate, arm: Arm::Ketamine, scale: None,
            timepoint: Some("24 h".into()), value: 83.3, ci_low: None, ci_high: None, p_value: Some(0.01),
            events: Some(5), n: Some(6),
            evidence: Evidence { text: sentence.into(), section: Some("RESULTS".into()), start: Some(3), end: Some(9) },
            rule, confidence: 0.75,
        };
        (meta, Findings { study, outcomes: vec![outcome] })
    }

    #[test]
    fn studies_read_back_equal_in_order_and_by_offset() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            study(1, "Response was 83.3% (5/6).", "rate_pct"),
            study(2, "A line\nwith a newline and \"quotes\" — ünïcode.", "rate_events"),
            study(3, "", "rate_pct"),
        ];
        let mut w = SpillWriter::create(&dir.path().join("s.spill")).unwrap();
        let offsets: Vec<u64> = cases.iter().map(|(m, f)| w.push(m, f).unwrap()).collect();
        let spill = w.finish().unwrap();
        assert_eq!(spill.len(), 3);
        let mut seen = Vec::new();
        spill.for_each(&mut |at, m, f| seen.push((at, m.clone(), f.clone()))).unwrap();
        for (i, (m, f)) in cases.iter().enumerate() {
            assert_eq!(seen[i], (offsets[i], m.clone(), f.clone()), "case {i}");
            assert_eq!(spill.get(offsets[i]).unwrap(), (m.clone(), f.clone()), "case {i} by offset");
        }
    }

    #[test]
    fn a_corrupt_line_names_the_file_and_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.spill");
        let spill = SpillWriter::create(&path).unwrap().finish().unwrap();
        // A frame whose bytes are not a study, then a frame cut short.
        std::fs::write(&path, [3, 0, 0, 0, 0xff, 0xff, 0xff, 9, 0, 0, 0, 1]).unwrap();
        let e = spill.get(0).unwrap_err().to_string();
        assert!(e.contains("bad.spill") && e.contains("corrupt at byte 0"), "{e}");
        let e = spill.get(7).unwrap_err().to_string();
        assert!(e.contains("bad.spill") && e.contains("read") && e.contains("byte 7"), "{e}");
        let mut seen = 0;
        assert!(spill.for_each(&mut |_, _, _| seen += 1).is_err());
        assert_eq!(seen, 0);
        // A length of 4 GiB - 1 with 2 bytes behind it: an error, without allocating 4 GiB.
        std::fs::write(&path, [0xff, 0xff, 0xff, 0xff, 1, 2]).unwrap();
        let e = spill.get(0).unwrap_err().to_string();
        assert!(e.contains("read") && e.contains("byte 0"), "{e}");
    }

    #[test]
    fn the_file_is_removed_with_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.spill");
        drop(SpillWriter::create(&path).unwrap().finish().unwrap());
        assert!(!path.exists());
    }
}
