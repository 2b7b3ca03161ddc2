//! End-to-end: the real binary's `run` command on a copy of the bundled store, offline and with
//! PubMed unreachable (a closed port on 127.0.0.1; no test request leaves this machine).

use crate::common;

use std::path::Path;

use common::{column, read_csv, TestEnv, ROOT};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn manifest_pmids(store: &Path) -> Vec<String> {
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(store.join("manifest.json")).unwrap()).unwrap();
    let mut p: Vec<String> = m["pmids"].as_array().unwrap().iter().map(|v| v.to_string()).collect();
    p.sort();
    p
}

/// A port on 127.0.0.1 that nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn offline_run_writes_exactly_the_stored_pmids_and_says_it_did_not_refresh() {
    let env = TestEnv::new();
    let store = env.path("data");
    copy_dir(&Path::new(ROOT).join("data"), &store);
    let before = std::fs::read(store.join("manifest.json")).unwrap();
    let out = env.path("out");
    let run = env.run(&["run", "--offline", "--store", store.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(run.stderr().contains("did not refresh"), "{}", run.stderr());
    let (h, rows) = read_csv(&out.join("articles.csv"));
    let mut got: Vec<String> = column(&h, &rows, "pmid").into_iter().map(String::from).collect();
    got.sort();
    assert_eq!(got, manifest_pmids(&store));
    for f in ["studies.csv", "outcomes.csv", "rejects.csv", "missing.csv", "evidence_table.csv", "pooled.csv", "prisma.csv"] {
        assert!(out.join(f).exists(), "{f}");
    }
    assert_eq!(std::fs::read(store.join("manifest.json")).unwrap(), before, "an offline run leaves the store as it was");
}

#[test]
fn unreachable_pubmed_warns_goes_on_and_leaves_the_store_unchanged() {
    let env = TestEnv::new();
    let store = env.path("data");
    copy_dir(&Path::new(ROOT).join("data"), &store);
    let before = std::fs::read(store.join("manifest.json")).unwrap();
    let url = format!("http://127.0.0.1:{}/entrez/eutils/", closed_port());
    let out = env.path("out");
    let args = ["run", "--eutils-url", &url, "--store", store.to_str().unwrap(), "--out", out.to_str().unwrap()];
    let run = env.run(&args);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let err = run.stderr();
    assert!(err.contains("cannot be reached"), "{err}");
    assert!(out.join("articles.csv").exists());
    let prov = std::fs::read_to_string(out.join("prisma.md")).unwrap();
    assert!(prov.contains("not refreshed, records as of"), "stamped: {prov}");
    assert_eq!(std::fs::read(store.join("manifest.json")).unwrap(), before, "a failed refresh leaves the store as it was");

    let mut strict = args.to_vec();
    strict.push("--require-fresh");
    let run = env.run(&strict);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("--require-fresh"), "{}", run.stderr());
}

#[test]
fn a_flag_error_names_the_flag_and_exits_2() {
    let env = TestEnv::new();
    let run = env.run(&["run", "--batch-size", "0"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("--batch-size"), "{}", run.stderr());
    let run = env.run(&["run", "--query", "no-such-query", "--offline"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("no-such-query"), "{}", run.stderr());
}
