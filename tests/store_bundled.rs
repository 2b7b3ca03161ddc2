//! The bundled store in data/: it opens, its checksums hold, its manifest says where the
//! records came from, and (when ../shared is present) its seed file is snapshot.xml verbatim.
//! `cargo test --release --test integration store_bundled:: -- --ignored seed_bundled_store` rebuilds it.

use std::path::{Path, PathBuf};

use ketamine_evidence::eutils::{EfetchBody, classify_efetch};
use ketamine_evidence::query::Query;
use ketamine_evidence::store::{Origin, Store, StoreWriter};

const SEED_NOTE: &str = "reconstructed from public abstract pages; refresh replaces them";
const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/snapshot.xml");

/// `KE_SHARED_DIR` stands in for ../shared in a checkout where it sits elsewhere.
fn snapshot_path() -> PathBuf {
    match std::env::var_os("KE_SHARED_DIR") {
        Some(d) => Path::new(&d).join("corpus/snapshot.xml"),
        None => PathBuf::from(SNAPSHOT),
    }
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn query() -> Query {
    Query::load("ketamine-anxiety", &Path::new(env!("CARGO_MANIFEST_DIR")).join("queries")).expect("shipped query loads")
}

#[test]
#[ignore = "writes data/; run by hand to rebuild the bundled store from ../shared"]
fn seed_bundled_store() {
    let body = std::fs::read(snapshot_path()).expect("this test reads ../shared/corpus/snapshot.xml");
    let EfetchBody::Articles { pmids, .. } = classify_efetch(&body) else { panic!("snapshot is not a complete PubmedArticleSet") };
    let dir = data_dir();
    let _ = std::fs::remove_file(dir.join("manifest.json"));
    let _ = std::fs::remove_dir_all(dir.join("raw"));
    let mut w = StoreWriter::open(&dir, &query()).unwrap();
    let at = chrono::Utc::now();
    w.add_batch(&body, pmids, Origin::Seed, at).unwrap();
    w.update(|m| {
        m.source = SEED_NOTE.into();
        m.retrieved_at = at;
    })
    .unwrap();
}

#[test]
fn bundled_store_opens_and_its_checksums_hold() {
    let store = Store::open(&data_dir()).expect("data/ is a store");
    store.verify().expect("raw files match their sha256");
    let m = store.manifest();
    assert_eq!(m.source, SEED_NOTE);
    assert_eq!(m.query.name, "ketamine-anxiety");
    assert_eq!(m.query.term, query().term, "manifest term is the shipped query's");
    assert_eq!(m.esearch_count, None, "a seeded store has made no search");
    assert!(store.has_seed_records());
    let mut scanned = Vec::new();
    for f in store.record_files() {
        match classify_efetch(&std::fs::read(&f).unwrap()) {
            EfetchBody::Articles { pmids, .. } => scanned.extend(pmids),
            other => panic!("{}: {other:?}", f.display()),
        }
    }
    assert_eq!(scanned.len(), m.record_count, "one copy of each record");
    scanned.sort();
    assert_eq!(scanned, m.pmids);
    for p in &m.pmids {
        let file = store.file_of(*p).unwrap();
        assert!(store.is_current(*p, &file));
    }
}

#[test]
fn bundled_seed_is_the_snapshot_verbatim() {
    let Ok(snapshot) = std::fs::read(snapshot_path()) else {
        println!("skipped: {} is absent (../shared is only on the developers' machines)", snapshot_path().display());
        return;
    };
    let store = Store::open(&data_dir()).unwrap();
    let files = store.record_files();
    assert_eq!(files.len(), 1);
    assert_eq!(std::fs::read(&files[0]).unwrap(), snapshot);
}

#[test]
fn shipped_query_is_valid_and_covers_the_drug_and_scales() {
    let q = query();
    assert_eq!(q.batch_size, 200);
    for needle in ["esketamine[tiab]", "arketamine[tiab]", "\"Ketamine\"[Mesh]", "\"GAD-7\"[tiab]", "STAI[tiab]", "PTSD[tiab]"] {
        assert!(q.term.contains(needle), "term lacks {needle}");
    }
    assert!(!q.term.contains('\n'), "term is one line");
    assert_eq!(q.term.matches('(').count(), q.term.matches(')').count());
}
