//! Golden snapshots of every table `run` writes on the bundled records (a copy of data/, offline).
//! A change to the extractor or the summaries shows up here as a reviewed diff, never silently.
//! Regenerate deliberately with `INSTA_UPDATE=always cargo test --release --test integration snapshots_bundled::`.

use crate::common;

use std::path::Path;

use common::{TestEnv, ROOT};

fn run_bundled() -> (TestEnv, std::path::PathBuf) {
    let env = TestEnv::new();
    let out = env.path("out");
    let store = Path::new(ROOT).join("data");
    let run = env.run(&["run", "--offline", "-q", "--store", store.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    (env, out)
}

/// The CSV as written, minus nothing: provenance lives in provenance.json, not in the CSV.
fn csv(out: &Path, stem: &str) -> String {
    std::fs::read_to_string(out.join(format!("{stem}.csv"))).unwrap()
}

#[test]
fn bundled_tables() {
    let (_env, out) = run_bundled();
    for stem in [
        "studies",
        "outcomes",
        "evidence_table",
        "summary_by_population_route",
        "pooled",
        "onset",
        "durability",
        "prisma",
    ] {
        insta::assert_snapshot!(format!("bundled_{stem}"), csv(&out, stem));
    }
}
