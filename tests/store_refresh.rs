//! The store under a refresh: the lock, and runs killed with SIGKILL at any moment (a child
//! process running the `crash_child` test, killed by this one) that complete on the next run
//! with every record exactly once.

use crate::eutils_mock;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use eutils_mock::{Endpoint, FakePubmed, Fault, Served, bundled_records, query, quiet};
use ketamine_evidence::eutils::{ClientConfig, EfetchBody, classify_efetch};
use ketamine_evidence::refresh::{RefreshError, RefreshOptions, refresh};
use ketamine_evidence::store::{Store, StoreError, StoreLock};

const URL_VAR: &str = "KE_TEST_CRASH_URL";
const STORE_VAR: &str = "KE_TEST_CRASH_STORE";

fn child_config(base_url: String) -> ClientConfig {
    ClientConfig { base_url, batch_size: Some(3), timeout: Duration::from_secs(120), ..ClientConfig::default() }
}

/// Runs in the child process only: one refresh, to be killed part way.
#[test]
#[ignore = "run by the crash tests as a child process"]
fn crash_child() {
    let (Ok(url), Ok(dir)) = (std::env::var(URL_VAR), std::env::var(STORE_VAR)) else { return };
    refresh(&child_config(url), Path::new(&dir), &query(), &RefreshOptions::default(), &quiet).unwrap();
}

/// `crash_child`'s name as the test harness knows it: its module path without the crate.
fn child_test_name() -> String {
    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    if module.is_empty() { "crash_child".into() } else { format!("{module}::crash_child") }
}

fn spawn_child(s: &Served, dir: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", &child_test_name(), "--ignored", "--test-threads=1"])
        .env(URL_VAR, s.base_url())
        .env(STORE_VAR, dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Every PMID the search finds is held once, across all raw files: no copy twice.
fn assert_exactly_once(dir: &Path, n: usize) {
    let store = Store::open(dir).unwrap();
    store.verify().unwrap();
    let mut all = Vec::new();
    for f in store.record_files() {
        let EfetchBody::Articles { pmids, .. } = classify_efetch(&std::fs::read(&f).unwrap()) else { panic!("bad raw file") };
        all.extend(pmids);
    }
    assert_eq!(all.len(), n, "records across raw files");
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "a record is stored twice");
    assert_eq!(store.manifest().record_count, n);
    assert!(store.manifest().in_progress.is_none());
    let raw: Vec<_> = std::fs::read_dir(dir.join("raw")).unwrap().collect();
    assert_eq!(raw.len(), store.record_files().len(), "no leftover files");
}

#[test]
fn a_second_refresh_on_a_locked_store_names_the_holder() {
    let s = Served::start(FakePubmed::with_records(bundled_records()));
    let dir = tempfile::tempdir().unwrap();
    let _held = StoreLock::acquire(dir.path()).unwrap();
    let err = refresh(&s.config(), dir.path(), &query(), &RefreshOptions::default(), &quiet).unwrap_err();
    let RefreshError::Store(StoreError::Locked { pid, .. }) = &err else { panic!("{err:?}") };
    assert_eq!(*pid, Some(std::process::id()));
    assert!(err.to_string().contains(&format!("pid {}", std::process::id())), "{err}");
    assert!(s.fake.log().is_empty(), "a locked store sends no request");
}

#[test]
fn killed_while_a_batch_is_in_flight_then_resumed() {
    let s = Served::start(FakePubmed::with_records(bundled_records()));
    let n = bundled_records().len();
    let dir = tempfile::tempdir().unwrap();
    s.fake.fault(Endpoint::Efetch, Fault::Pass);
    s.fake.fault(Endpoint::Efetch, Fault::Pass);
    s.fake.fault(Endpoint::Efetch, Fault::Delay(Duration::from_secs(60)));
    let mut child = spawn_child(&s, dir.path());
    let start = Instant::now();
    while s.fake.count(Endpoint::Efetch) < 3 {
        assert!(start.elapsed() < Duration::from_secs(30), "child never reached the third batch");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let store = Store::open(dir.path()).expect("a killed run leaves a store that opens");
    assert_eq!(store.manifest().record_count, 6, "two batches of 3 were committed");
    assert!(store.manifest().in_progress.is_some());
    s.fake.clear_log();
    let report = refresh(&s.config(), dir.path(), &query(), &RefreshOptions::default(), &quiet).unwrap();
    assert!(report.resumed);
    assert_eq!(report.records_written, n - 6, "only what the killed run had not stored");
    assert_exactly_once(dir.path(), n);
}

#[test]
fn killed_at_many_moments_then_completed_holds_every_record_once() {
    let s = Served::start(FakePubmed::with_records(bundled_records()));
    let n = bundled_records().len();
    let dir = tempfile::tempdir().unwrap();
    let mut held = Vec::new();
    for delay_ms in [150, 420, 700, 260, 900, 530, 1100] {
        let mut child = spawn_child(&s, dir.path());
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        held.push(Store::open(dir.path()).expect("store opens after every kill").manifest().record_count);
    }
    println!("records held after each kill: {held:?}");
    assert!(held.iter().any(|&h| 0 < h && h < n), "no kill landed part way: {held:?}");
    s.fake.clear_log();
    let report = refresh(&s.config(), dir.path(), &query(), &RefreshOptions::default(), &quiet).unwrap();
    s.assert_all_local(report.requests);
    assert_exactly_once(dir.path(), n);
}

#[test]
fn leftovers_of_a_crash_between_raw_file_and_manifest_are_removed() {
    let records = bundled_records();
    let s = Served::start(FakePubmed::with_records(records.clone()));
    let dir = tempfile::tempdir().unwrap();
    refresh(&s.config(), dir.path(), &query(), &RefreshOptions::default(), &quiet).unwrap();
    // A batch written but never named in the manifest, and a half-written manifest.
    let orphan = format!("{}{}</PubmedArticleSet>\n", eutils_mock::HEAD, records[0].1);
    std::fs::write(dir.path().join("raw/000099-20260101T000000.000Z.xml"), orphan).unwrap();
    std::fs::write(dir.path().join("raw/000100-x.xml.tmp"), "<PubmedArt").unwrap();
    std::fs::write(dir.path().join("manifest.json.tmp"), "{\"format\":").unwrap();
    Store::open(dir.path()).expect("leftovers do not stop a reader");
    refresh(&s.config(), dir.path(), &query(), &RefreshOptions::default(), &quiet).unwrap();
    assert!(!dir.path().join("manifest.json.tmp").exists());
    assert_exactly_once(dir.path(), records.len());
}
