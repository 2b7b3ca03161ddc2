//! Faults injected by the fake E-utilities, one named test each: 429 with Retry-After, 5xx,
//! errors inside HTTP 200, timeouts, a truncated body, a short batch, an expired WebEnv,
//! permanent errors and an unreachable server. Backoff is shrunk except where Retry-After rules.

use crate::eutils_mock;

use std::sync::Mutex;
use std::time::Duration;

use eutils_mock::{Endpoint, FakePubmed, Fault, Served, bundled_records, fixture, query, quiet};
use ketamine_evidence::eutils::{ClientConfig, EutilsError, FetchEvent, Secret};
use ketamine_evidence::refresh::{RefreshError, RefreshOptions, RefreshReport, refresh};
use ketamine_evidence::store::Store;

fn served() -> Served {
    Served::start(FakePubmed::with_records(bundled_records()))
}

/// Runs a refresh into a new store, collecting events; checks every record arrived once.
fn run_ok(s: &Served, cfg: &ClientConfig) -> (RefreshReport, Vec<FetchEvent>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let events = Mutex::new(Vec::new());
    let report = refresh(cfg, dir.path(), &query(), &RefreshOptions::default(), &|e| events.lock().unwrap().push(e))
        .expect("refresh recovers");
    s.assert_all_local(report.requests);
    let store = Store::open(dir.path()).unwrap();
    let n = bundled_records().len();
    assert_eq!(store.manifest().record_count + report.missing.len(), n);
    (report, events.into_inner().unwrap(), dir)
}

fn retries(events: &[FetchEvent]) -> usize {
    events.iter().filter(|e| matches!(e, FetchEvent::Retrying { .. })).count()
}

const CLEAN_REQUESTS: usize = 1 + 4; // esearch + 36 records in batches of 10

#[test]
fn rate_limit_429_waits_as_long_as_retry_after_says() {
    let s = served();
    let body = fixture("issue_primerTree-33_rate_limit_http429.json");
    s.fake.fault(Endpoint::Esearch, Fault::Status { code: 429, body, retry_after: Some("1".into()) });
    let (report, events, _d) = run_ok(&s, &s.config());
    assert_eq!(report.requests, CLEAN_REQUESTS + 1);
    let log = s.fake.log();
    let gap = log[1].at.duration_since(log[0].at);
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}, Retry-After said 1 s");
    assert!(matches!(&events[0], FetchEvent::Retrying { wait, .. } if *wait >= Duration::from_secs(1)));
}

#[test]
fn server_errors_500_502_503_504_are_retried() {
    let s = served();
    for code in [500, 502, 503, 504] {
        let body = fixture("issue_rentrez-162_error_forwarding_request_http500.json");
        s.fake.fault(Endpoint::Efetch, Fault::Status { code, body, retry_after: None });
    }
    let (report, events, _d) = run_ok(&s, &s.config());
    assert_eq!(report.requests, CLEAN_REQUESTS + 4);
    assert_eq!(retries(&events), 4);
}

#[test]
fn error_bodies_with_http_200_are_errors() {
    let s = served();
    s.fake.fault(Endpoint::Esearch, Fault::Body200(fixture("klortho_esearch.baderror.json")));
    s.fake.fault(Endpoint::Esearch, Fault::Body200(fixture("ncbi_nbk25497_rate_limit_example.json")));
    s.fake.fault(Endpoint::Esearch, Fault::Body200(fixture("issue_refinebio-1390_esearch_backend_failed.xml")));
    s.fake.fault(Endpoint::Efetch, Fault::Body200(fixture("issue_tools-artbio-425_unable_to_route_request.txt")));
    let (report, events, _d) = run_ok(&s, &s.config());
    assert_eq!(report.requests, CLEAN_REQUESTS + 4);
    assert_eq!(retries(&events), 4);
}

#[test]
fn a_timeout_is_retried() {
    let s = served();
    s.fake.fault(Endpoint::Efetch, Fault::Pass);
    s.fake.fault(Endpoint::Efetch, Fault::Delay(Duration::from_secs(2)));
    let cfg = ClientConfig { timeout: Duration::from_millis(300), ..s.config() };
    let (report, events, _d) = run_ok(&s, &cfg);
    assert_eq!(report.requests, CLEAN_REQUESTS + 1);
    assert!(events.iter().any(|e| matches!(e, FetchEvent::Retrying { reason, .. } if reason.contains("timed out"))), "{events:?}");
}

#[test]
fn a_truncated_body_is_fetched_again_and_never_stored() {
    let s = served();
    s.fake.fault(Endpoint::Efetch, Fault::Truncate);
    let (report, _events, dir) = run_ok(&s, &s.config());
    assert_eq!(report.requests, CLEAN_REQUESTS + 1);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.record_files().len(), 4);
    store.verify().unwrap();
}

#[test]
fn a_short_batch_is_completed_by_id_and_the_rest_listed_missing() {
    let s = served();
    let records = bundled_records();
    let hidden = [records[3].0, records[20].0];
    for h in hidden {
        s.fake.hide(h);
    }
    let (report, _events, dir) = run_ok(&s, &s.config());
    let mut missing: Vec<u64> = report.missing.iter().map(|m| m.pmid.0).collect();
    missing.sort();
    let mut want = hidden.to_vec();
    want.sort();
    assert_eq!(missing, want);
    let by_id = s.fake.log().into_iter().filter(|l| l.params.contains_key("id")).collect::<Vec<_>>();
    assert_eq!(by_id.len(), 1, "one efetch by id for the PMIDs the batches lacked");
    let csv = std::fs::read_to_string(dir.path().join("missing.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "pmid,reason");
    assert_eq!(rows.len(), 3);
    for h in hidden {
        assert!(csv.contains(&format!("\n{h},")), "{h} not in missing.csv");
    }
    assert_eq!(Store::open(dir.path()).unwrap().manifest().missing, report.missing);
}

#[test]
fn an_expired_webenv_leads_to_a_new_search() {
    let s = served();
    s.fake.fault(Endpoint::Efetch, Fault::Pass);
    s.fake.fault(Endpoint::Efetch, Fault::ForgetWebEnvs);
    let (report, events, _d) = run_ok(&s, &s.config());
    assert!(events.contains(&FetchEvent::Researching));
    assert_eq!(s.fake.count(Endpoint::Esearch), 2);
    // the forgetting request answered 400 eFetchResult, then one more esearch, then the batch
    assert_eq!(report.requests, CLEAN_REQUESTS + 2);
    assert!(report.missing.is_empty());
}

#[test]
fn a_permanent_error_fails_without_retrying() {
    let s = served();
    s.fake.fault(Endpoint::Esearch, Fault::Status { code: 400, body: b"Bad Request".to_vec(), retry_after: None });
    let dir = tempfile::tempdir().unwrap();
    let err = refresh(&s.config(), dir.path(), &query(), &RefreshOptions::default(), &quiet).unwrap_err();
    assert!(matches!(err, RefreshError::Eutils(EutilsError::Http { status: 400, .. })), "{err:?}");
    assert_eq!(s.fake.log().len(), 1);
}

#[test]
fn retries_stop_at_the_attempt_cap() {
    let s = served();
    for _ in 0..10 {
        s.fake.fault(Endpoint::Esearch, Fault::Status { code: 503, body: Vec::new(), retry_after: None });
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = s.config();
    let err = refresh(&cfg, dir.path(), &query(), &RefreshOptions::default(), &quiet).unwrap_err();
    assert!(matches!(err, RefreshError::Eutils(EutilsError::Exhausted { attempts: 5, .. })), "{err:?}");
    assert_eq!(s.fake.log().len(), cfg.retry.max_attempts as usize);
}

#[test]
fn an_unreachable_server_is_reported_as_such_without_the_key() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let key = "KEY-unreachable-91b2";
    let base = ClientConfig::default();
    let cfg = ClientConfig {
        base_url: format!("http://127.0.0.1:{port}/entrez/eutils/"),
        api_key: Some(Secret::new(key)),
        retry: ketamine_evidence::eutils::RetryPolicy { max_attempts: 2, base_delay: Duration::from_millis(5), ..base.retry },
        ..base
    };
    let dir = tempfile::tempdir().unwrap();
    let err = refresh(&cfg, dir.path(), &query(), &RefreshOptions::default(), &quiet).unwrap_err();
    assert!(matches!(err, RefreshError::Unreachable(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(key), "{shown}");
    assert!(shown.contains("127.0.0.1"), "the error names the server: {shown}");
    let m = Store::open(dir.path()).unwrap();
    assert_eq!(m.manifest().record_count, 0);
    assert!(m.manifest().in_progress.is_none(), "a run that fetched nothing leaves the store as it was");
}
