//! End to end through the real binary: `fetch` and `run` against the fake E-utilities on
//! 127.0.0.1, and `run` when the server cannot be reached. The environment is cleared of NCBI_*
//! so nothing but the mock is ever contacted.

use crate::eutils_mock;

use std::path::Path;
use std::process::{Command, Output};

use eutils_mock::{FakePubmed, Served, bundled_records};
use ketamine_evidence::store::{Store, StoreLock};

const BIN: &str = env!("CARGO_BIN_EXE_ketamine-evidence");
const KEY: &str = "KEY-cli-never-shown-5d1e";

fn query_path() -> String {
    format!("{}/queries/ketamine-anxiety.toml", env!("CARGO_MANIFEST_DIR"))
}

fn ke(args: &[&str], url: &str) -> Output {
    Command::new(BIN)
        .args(args)
        .args(["--query", &query_path(), "--eutils-url", url])
        .env_remove("NCBI_EUTILS_URL")
        .env_remove("NCBI_EMAIL")
        .env("NCBI_API_KEY", KEY)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A copy of the bundled store in `dir`.
fn copy_bundled(dir: &Path) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::create_dir_all(dir.join("raw")).unwrap();
    std::fs::copy(data.join("manifest.json"), dir.join("manifest.json")).unwrap();
    for f in &Store::open(&data).unwrap().manifest().files {
        std::fs::copy(data.join(&f.path), dir.join(&f.path)).unwrap();
    }
}

fn closed_port_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    format!("http://127.0.0.1:{port}/entrez/eutils/")
}

#[test]
fn fetch_fills_a_store_then_a_second_fetch_needs_two_requests() {
    let s = Served::start(FakePubmed::with_records(bundled_records()));
    let store = tempfile::tempdir().unwrap();
    let dir = store.path().to_str().unwrap();
    let out = ke(&["fetch", "--store", dir, "--batch-size", "10"], &s.base_url());
    assert!(out.status.success(), "{}", text(&out));
    let first = s.fake.log().len();
    assert_eq!(first, 1 + bundled_records().len().div_ceil(10));
    let out = ke(&["fetch", "--store", dir], &s.base_url());
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(s.fake.log().len() - first, 2, "no-change refresh");
    assert!(s.fake.log().iter().all(|l| l.host == "127.0.0.1"));
    assert!(!text(&out).contains(KEY));
    let m = Store::open(store.path()).unwrap();
    assert_eq!(m.manifest().record_count, bundled_records().len());
    assert!(!std::fs::read_to_string(store.path().join("manifest.json")).unwrap().contains(KEY));
    println!("MEASURE binary: fresh fetch {first} requests, no-change fetch 2 requests");
}

#[test]
fn run_without_pubmed_goes_on_with_stored_records_and_says_so() {
    let store = tempfile::tempdir().unwrap();
    copy_bundled(store.path());
    let outdir = tempfile::tempdir().unwrap();
    let url = closed_port_url();
    let args = ["run", "--store", store.path().to_str().unwrap(), "--out", outdir.path().to_str().unwrap()];
    let out = ke(&args, &url);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert_eq!(all.lines().filter(|l| l.contains("cannot be reached")).count(), 1, "one line says so: {all}");
    assert!(!all.contains(KEY));
    let stamped = std::fs::read_dir(outdir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .any(|p| std::fs::read_to_string(&p).is_ok_and(|t| t.contains("not refreshed, records as of")));
    assert!(stamped, "outputs carry the stale-records stamp");
    let fresh = ke(&[&args[..], &["--require-fresh"]].concat(), &url);
    assert_eq!(fresh.status.code(), Some(2), "{}", text(&fresh));
}

#[test]
fn fetch_on_a_locked_store_fails_naming_the_holder() {
    let s = Served::start(FakePubmed::with_records(bundled_records()));
    let store = tempfile::tempdir().unwrap();
    let _held = StoreLock::acquire(store.path()).unwrap();
    let out = ke(&["fetch", "--store", store.path().to_str().unwrap()], &s.base_url());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains(&format!("pid {}", std::process::id())), "{}", text(&out));
    assert!(s.fake.log().is_empty());
}
