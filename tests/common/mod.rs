//! A test environment for end-to-end runs of the real binary: a temporary folder, the command
//! line, its exit status and output, and readers for the CSV files it wrote.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_ketamine-evidence");
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Run the binary from the repository root (where `queries/` and `data/` live).
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, None)
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: Option<&Path>) -> Run {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .current_dir(ROOT)
            .env_remove("NCBI_API_KEY")
            .env_remove("NCBI_EUTILS_URL");
        cmd.stdin(match stdin {
            Some(p) => Stdio::from(std::fs::File::open(p).expect("stdin file")),
            None => Stdio::null(),
        });
        Run {
            output: cmd.output().expect("run the binary"),
        }
    }
}

/// A CSV file read as a header and rows of strings (a small, strict reader for test files that
/// polars wrote: quoted fields with doubled quotes, no embedded newlines expected).
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut lines = split_records(&text).into_iter();
    let header = lines.next().unwrap_or_default();
    (header, lines.collect())
}

fn split_records(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

pub fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    rows.iter().map(|r| r[i].as_str()).collect()
}

/// `../shared`, when present: tests that use it say so and skip with a message otherwise.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(ROOT).join("../shared").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (../shared is only on the developers' and CI machines)",
            p.display()
        );
        None
    }
}
