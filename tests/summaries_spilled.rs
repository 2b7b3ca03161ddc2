//! The summaries of a spilled input (what `app` writes: studies in a file, read back a chunk at a
//! time) are the summaries of the same studies held in memory: every table, every chunk size,
//! and every file written.

use crate::support;

use std::fs;

use ketamine_evidence::report::{write_streamed, write_summaries};
use ketamine_evidence::tables::{
    Listing, SpillWriter, Studies, SummaryInput, SummaryStream, build_summaries,
};
use polars::prelude::DataFrame;
use support::synthetic::input;

/// The synthetic input with its studies moved into a spill file under `dir`.
fn spilled(dir: &std::path::Path) -> SummaryInput {
    let mem = input();
    let mut w = SpillWriter::create(&dir.join("studies.jsonl")).unwrap();
    mem.studies
        .for_each(&mut |_, meta, f| {
            w.push(meta.expect("every synthetic record has metadata"), f).unwrap();
        })
        .unwrap();
    SummaryInput { studies: Studies::Spilled(w.finish().unwrap()), ..mem }
}

#[test]
fn spilled_tables_equal_in_memory_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (build_summaries(&input()).unwrap(), build_summaries(&spilled(dir.path())).unwrap());
    for ((name, x), (_, y)) in a.named().into_iter().zip(b.named()) {
        assert!(x.equals_missing(y), "{name}:\n{x}\n{y}");
    }
    assert_eq!(a.cited, b.cited);
    assert_eq!(a.rates, b.rates);
    assert_eq!(a.pooled_rows, b.pooled_rows);
}

#[test]
fn chunks_of_any_size_make_the_whole_table() {
    let dir = tempfile::tempdir().unwrap();
    let inp = spilled(dir.path());
    let whole = build_summaries(&inp).unwrap();
    let stream = SummaryStream::new(&inp).unwrap();
    for (which, table) in [
        (Listing::Evidence, &whole.evidence_table),
        (Listing::Onset, &whole.onset),
        (Listing::Durability, &whole.durability),
    ] {
        for rows in [1, 2, 3, 100] {
            let mut parts: Vec<DataFrame> = Vec::new();
            let mut cited = Vec::new();
            stream
                .chunks(which, rows, &mut |df, metas| {
                    assert!(df.height() <= rows);
                    parts.push(df.clone());
                    cited.extend_from_slice(metas);
                    Ok::<(), ketamine_evidence::tables::SummaryError>(())
                })
                .unwrap();
            let mut joined = parts[0].clone();
            for p in &parts[1..] {
                joined.vstack_mut(p).unwrap();
            }
            assert!(joined.equals_missing(table), "{which:?} in chunks of {rows}");
            if which == Listing::Evidence {
                assert_eq!(cited, whole.cited, "citations in chunks of {rows}");
            }
        }
    }
}

#[test]
fn streamed_files_equal_the_files_of_whole_tables() {
    let (a, b, s) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mem = input();
    let mut paths_a = write_summaries(a.path(), &build_summaries(&mem).unwrap(), &mem).unwrap();
    let mut paths_b = write_streamed(b.path(), &spilled(s.path())).unwrap();
    paths_a.sort();
    paths_b.sort();
    let names = |ps: &[std::path::PathBuf]| -> Vec<String> {
        ps.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
    };
    assert_eq!(names(&paths_a), names(&paths_b));
    for name in names(&paths_a).iter().filter(|n| !n.ends_with(".parquet")) {
        let read = |d: &std::path::Path| fs::read(d.join(name)).unwrap();
        assert!(read(a.path()) == read(b.path()), "{name} differs");
    }
    assert!(fs::read_dir(b.path()).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".tmp")));
}
