//! A refresh against the fake E-utilities (tests/eutils_mock): what is stored, how many
//! requests it takes, the rate it keeps, incremental refreshes, removed records, the cap split.
//! Every request goes to 127.0.0.1; each test checks the mock saw all the client sent.

use crate::eutils_mock;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use eutils_mock::{Endpoint, FakePubmed, Served, bundled_records, query, quiet, synthetic};
use ketamine_evidence::eutils::{EfetchBody, Secret, classify_efetch};
use ketamine_evidence::pubmed::Pmid;
use ketamine_evidence::refresh::{RefreshOptions, RefreshReport, refresh};
use ketamine_evidence::store::{Origin, RemovedReason, Store};

fn run(served: &Served, cfg: &ketamine_evidence::eutils::ClientConfig, dir: &Path) -> RefreshReport {
    served.fake.clear_log();
    let report = refresh(cfg, dir, &query(), &RefreshOptions::default(), &quiet).expect("refresh succeeds");
    served.assert_all_local(report.requests);
    report
}

/// Each held PMID appears in exactly one place the store calls current, and the raw files
/// hold exactly the PMIDs the manifest lists.
fn assert_each_record_once(dir: &Path) -> Store {
    let store = Store::open(dir).unwrap();
    store.verify().unwrap();
    let mut current: HashMap<Pmid, usize> = HashMap::new();
    for f in store.record_files() {
        let EfetchBody::Articles { pmids, .. } = classify_efetch(&std::fs::read(&f).unwrap()) else { panic!("bad raw file") };
        for p in pmids {
            if store.is_current(p, &f) {
                *current.entry(p).or_default() += 1;
            }
        }
    }
    let live: Vec<&Pmid> = store.manifest().pmids.iter().filter(|p| !store.manifest().is_removed(**p)).collect();
    assert_eq!(current.len(), live.len());
    assert!(current.values().all(|&n| n == 1), "a PMID is current in two places");
    store
}

#[test]
fn fresh_fetch_stores_every_record_once_with_provenance() {
    let records = bundled_records();
    let served = Served::start(FakePubmed::with_records(records.clone()));
    let dir = tempfile::tempdir().unwrap();
    let report = run(&served, &served.config(), dir.path());
    let n = records.len();
    assert_eq!(report.esearch_count, n as u64);
    assert_eq!(report.new.len(), n);
    assert_eq!(report.records_written, n);
    let batches = n.div_ceil(10);
    assert_eq!(report.requests, 1 + batches, "one esearch, then one efetch per batch of 10");
    println!("MEASURE fresh fetch of {n} records, batch 10: {} requests", report.requests);
    let store = assert_each_record_once(dir.path());
    let m = store.manifest();
    assert_eq!(m.esearch_count, Some(n as u64));
    assert_eq!(m.query.term, query().term);
    assert_eq!(m.base_url.as_deref(), Some(served.base_url().as_str()));
    assert_eq!(m.tool_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(m.retrieved_at, report.retrieved_at);
    assert!(m.in_progress.is_none());
    assert!(m.files.iter().all(|f| f.origin == Origin::EfetchHistory));
    for l in served.fake.log() {
        assert_eq!(l.params.get("tool").map(String::as_str), Some("ketamine-evidence"));
        assert_eq!(l.params.get("email").map(String::as_str), Some("tests@example.org"));
        assert_eq!(l.params.get("db").map(String::as_str), Some("pubmed"));
        assert!(!l.params.contains_key("api_key"));
    }
    let esearch = &served.fake.log()[0].params;
    assert_eq!((esearch["usehistory"].as_str(), esearch["retmode"].as_str()), ("y", "json"));
}

#[test]
fn no_change_refresh_makes_two_requests_and_writes_nothing() {
    let served = Served::start(FakePubmed::with_records(bundled_records()));
    let dir = tempfile::tempdir().unwrap();
    let first = run(&served, &served.config(), dir.path());
    let again = run(&served, &served.config(), dir.path());
    assert_eq!(again.requests, 2, "esearch for the query and esearch for revisions only");
    assert_eq!((again.files_written, again.new.len(), again.revised.len()), (0, 0, 0));
    assert_eq!(served.fake.count(Endpoint::Efetch), 0);
    let mdat = &served.fake.log()[1].params;
    assert_eq!(mdat.get("datetype").map(String::as_str), Some("mdat"));
    assert_eq!(mdat["mindate"], (first.retrieved_at - chrono::Duration::hours(5)).format("%Y/%m/%d").to_string(), "revisions since the last refresh");
    println!("MEASURE no-change refresh: {} requests", again.requests);
}

#[test]
fn new_and_revised_records_are_fetched_by_id() {
    let all = bundled_records();
    let (later, first) = all.split_at(4);
    let served = Served::start(FakePubmed::with_records(first.to_vec()));
    let dir = tempfile::tempdir().unwrap();
    run(&served, &served.config(), dir.path());
    for (pmid, rec) in later {
        served.fake.insert(*pmid, rec.clone());
    }
    let revised = [first[0].0, first[1].0];
    for p in revised {
        served.fake.insert(p, first.iter().find(|r| r.0 == p).unwrap().1.replace("</MedlineCitation>", "<!-- revised --></MedlineCitation>"));
    }
    served.fake.set_revised(&revised);
    let report = run(&served, &served.config(), dir.path());
    let mut new: Vec<u64> = report.new.iter().map(|p| p.0).collect();
    new.sort();
    let mut want: Vec<u64> = later.iter().map(|r| r.0).collect();
    want.sort();
    assert_eq!(new, want);
    assert_eq!(report.revised.iter().map(|p| p.0).collect::<Vec<_>>(), revised.to_vec());
    assert_eq!(report.requests, 3, "two esearches and one efetch by id for six records");
    let efetch = served.fake.log().into_iter().find(|l| l.endpoint == Endpoint::Efetch).unwrap();
    assert!(efetch.params.contains_key("id") && !efetch.params.contains_key("WebEnv"));
    let store = assert_each_record_once(dir.path());
    for p in revised {
        let file = store.file_of(Pmid(p)).unwrap();
        assert!(std::fs::read_to_string(&file).unwrap().contains("<!-- revised -->"), "current copy of {p} is the revised one");
        assert_eq!(store.current_entry(Pmid(p)).unwrap().origin, Origin::EfetchIds);
    }
}

#[test]
fn deleted_and_unmatched_records_are_marked_not_dropped() {
    let records = bundled_records();
    let served = Served::start(FakePubmed::with_records(records.clone()));
    let dir = tempfile::tempdir().unwrap();
    run(&served, &served.config(), dir.path());
    let (gone, moved) = (records[0].0, records[1].0);
    served.fake.delete(gone);
    served.fake.unmatch(moved);
    let report = run(&served, &served.config(), dir.path());
    let marks: HashMap<u64, RemovedReason> = report.removed.iter().map(|r| (r.pmid.0, r.reason)).collect();
    assert_eq!(marks, HashMap::from([(gone, RemovedReason::Deleted), (moved, RemovedReason::NoLongerMatches)]));
    let store = Store::open(dir.path()).unwrap();
    for p in [gone, moved] {
        let file = store.file_of(Pmid(p)).expect("still held");
        assert!(!store.is_current(Pmid(p), &file), "a removed record is not current");
    }
    assert_eq!(store.manifest().record_count, records.len());
    assert_eq!(store.removed().len(), 2);
}

#[test]
fn bundled_seed_records_are_replaced_by_the_first_refresh() {
    let served = Served::start(FakePubmed::with_records(bundled_records()));
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::create_dir_all(dir.path().join("raw")).unwrap();
    std::fs::copy(data.join("manifest.json"), dir.path().join("manifest.json")).unwrap();
    for f in Store::open(&data).unwrap().manifest().files.iter() {
        std::fs::copy(data.join(&f.path), dir.path().join(&f.path)).unwrap();
    }
    assert!(Store::open(dir.path()).unwrap().has_seed_records());
    let report = run(&served, &served.config(), dir.path());
    assert_eq!(report.new.len(), 0, "the seed already held them");
    assert_eq!(report.records_written, bundled_records().len());
    let store = assert_each_record_once(dir.path());
    assert!(!store.has_seed_records());
    assert!(store.manifest().source.contains("E-utilities"));
}

#[test]
fn rate_stays_within_three_per_second() {
    let served = Served::start(FakePubmed::with_records(bundled_records()));
    let dir = tempfile::tempdir().unwrap();
    let cfg = ketamine_evidence::eutils::ClientConfig { batch_size: Some(3), ..served.config() };
    let report = run(&served, &cfg, dir.path());
    let times = served.fake.times();
    assert!(times.len() >= 12, "{} requests", times.len());
    let max = max_in_window(&times, Duration::from_secs(1));
    assert!(max <= 3, "{max} requests reached the server within one second");
    let span = times.last().unwrap().duration_since(times[0]).as_secs_f64();
    let mean = (times.len() - 1) as f64 / span;
    println!("MEASURE rate without key: {} requests in {span:.2} s, max {max} in any 1 s window, mean {mean:.2}/s", times.len());
    assert!(report.max_requests_per_second <= 3);
}

#[test]
fn api_key_raises_the_rate_and_is_stored_nowhere() {
    let served = Served::start(FakePubmed::with_records(bundled_records()));
    let dir = tempfile::tempdir().unwrap();
    let key = "KEY-must-not-leak-7f3a";
    let cfg = ketamine_evidence::eutils::ClientConfig { api_key: Some(Secret::new(key)), batch_size: Some(2), ..served.config() };
    let report = run(&served, &cfg, dir.path());
    assert!(served.fake.log().iter().all(|l| l.params.get("api_key").map(String::as_str) == Some(key)));
    let max = max_in_window(&served.fake.times(), Duration::from_secs(1));
    assert!((4..=10).contains(&max), "with a key the rate may reach 10/s, saw {max}");
    println!("MEASURE rate with key: max {max} in any 1 s window over {} requests", report.requests);
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains(key), "{} holds the API key", entry.display());
    }
    assert!(!format!("{report:?} {cfg:?}").contains(key));
}

#[test]
fn count_over_the_esearch_cap_is_split_by_pmid_range() {
    let n = 12_500u64;
    let served = Served::start(FakePubmed::with_records((30_000_001..=30_000_000 + n).map(|p| (p, synthetic(p)))));
    let dir = tempfile::tempdir().unwrap();
    let cfg = ketamine_evidence::eutils::ClientConfig { batch_size: Some(10_000), max_per_second: Some(100), ..served.config() };
    let report = run(&served, &cfg, dir.path());
    assert_eq!(report.esearch_count, n);
    assert_eq!(report.records_written as u64, n);
    let store = assert_each_record_once(dir.path());
    assert_eq!(store.manifest().record_count as u64, n);
    let searches: Vec<String> = served.fake.log().iter().filter(|l| l.endpoint == Endpoint::Esearch).map(|l| l.params["term"].clone()).collect();
    assert!(searches[1..].iter().all(|t| t.ends_with("[UID]")), "parts are PMID ranges");
    println!("MEASURE split of {n} records: {} esearch, {} efetch", searches.len(), served.fake.count(Endpoint::Efetch));
}

fn max_in_window(times: &[std::time::Instant], window: Duration) -> usize {
    let mut t = times.to_vec();
    t.sort();
    (0..t.len()).map(|i| t[i..].iter().take_while(|x| x.duration_since(t[i]) < window).count()).max().unwrap_or(0)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

#[test]
fn full_refresh_fetches_everything_again_from_the_history_server() {
    let records = bundled_records();
    let served = Served::start(FakePubmed::with_records(records.clone()));
    let dir = tempfile::tempdir().unwrap();
    run(&served, &served.config(), dir.path());
    served.fake.clear_log();
    let opts = RefreshOptions { full: true };
    let report = refresh(&served.config(), dir.path(), &query(), &opts, &quiet).unwrap();
    served.assert_all_local(report.requests);
    assert_eq!(report.records_written, records.len());
    assert_eq!(report.requests, 1 + records.len().div_ceil(10), "no revision search when fetching all");
    assert!(served.fake.log().iter().skip(1).all(|l| l.params.contains_key("WebEnv")));
    let store = assert_each_record_once(dir.path());
    let newest = store.manifest().files.last().unwrap().run;
    for p in &store.manifest().pmids {
        assert_eq!(store.current_entry(*p).unwrap().run, newest, "{p} current copy is from the full refresh");
    }
}

#[test]
fn long_id_lists_are_posted_short_ones_are_not() {
    let served = Served::start(FakePubmed::with_records((1..=400u64).map(|p| (p, synthetic(p)))));
    let cfg = ketamine_evidence::eutils::ClientConfig { max_per_second: Some(50), ..served.config() };
    let client = ketamine_evidence::eutils::Client::new(cfg, &quiet).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let ids: Vec<Pmid> = (1..=400).map(Pmid).collect();
    for (n, method) in [(5, "GET"), (400, "POST")] {
        served.fake.clear_log();
        let got = rt.block_on(client.efetch_ids(&ids[..n])).unwrap();
        assert_eq!(got.pmids, ids[..n].to_vec());
        let log = served.fake.log();
        assert_eq!(log[0].method, method, "{n} ids");
        assert_eq!(log[0].params["id"].split(',').count(), n);
    }
}

#[test]
fn a_dated_query_asks_for_revisions_inside_its_term() {
    let served = Served::start(FakePubmed::with_records(bundled_records()));
    let dir = tempfile::tempdir().unwrap();
    let q = ketamine_evidence::query::Query { mindate: Some("2000".into()), maxdate: Some("2026/12/31".into()), ..query() };
    let first = refresh(&served.config(), dir.path(), &q, &RefreshOptions::default(), &quiet).unwrap();
    let p = &served.fake.log()[0].params;
    assert_eq!((p["datetype"].as_str(), p["mindate"].as_str(), p["maxdate"].as_str()), ("pdat", "2000", "2026/12/31"));
    served.fake.clear_log();
    let again = refresh(&served.config(), dir.path(), &q, &RefreshOptions::default(), &quiet).unwrap();
    assert_eq!(again.requests, 2);
    let mdat = &served.fake.log()[1].params;
    assert_eq!(mdat["datetype"], "pdat", "the query's own date filter stays a parameter");
    let day = (first.retrieved_at - chrono::Duration::hours(5)).format("%Y/%m/%d").to_string();
    assert!(mdat["term"].ends_with(&format!("AND (\"{day}\"[MDAT] : \"3000\"[MDAT])")), "{}", mdat["term"]);
}
