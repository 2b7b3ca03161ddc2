//! The local record store: raw PubMed XML batches exactly as fetched, plus `manifest.json`.
//! Writes are atomic (temp file, fsync, rename) and guarded by a lock file.
//!
//! Layout of a store directory:
//!
//! ```text
//! manifest.json            the index and provenance (see `Manifest`)
//! raw/000001-<time>.xml    one efetch body per file, verbatim; sha256 in the manifest
//! missing.csv              pmid,reason: found by esearch, not returned by efetch
//! .lock                    pid of the refresh holding the store
//! ```
//!
//! A raw file exists in the manifest only once it is complete and synced, so a run killed at
//! any moment leaves a store that opens cleanly; files the manifest does not name are leftovers
//! of such a run and the next writer deletes them. Never edits a raw file after writing it.

mod lock;
mod manifest;
mod write;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use lock::{LOCK_FILE, StoreLock};
pub use manifest::{
    FORMAT, InProgress, Manifest, Missing, Origin, QueryInfo, RawFile, Removed, RemovedReason,
};
pub use write::StoreWriter;

use crate::pubmed::Pmid;

pub const MANIFEST: &str = "manifest.json";
pub const MISSING_CSV: &str = "missing.csv";
pub const RAW_DIR: &str = "raw";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {} is in use by another refresh (pid {})", dir.display(), pid.map_or("unknown".into(), |p| p.to_string()))]
    Locked { dir: PathBuf, pid: Option<u32> },
    #[error("no store at {}: {MANIFEST} is missing", .0.display())]
    NotFound(PathBuf),
    #[error("cannot read or write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a valid manifest: {message}", path.display())]
    BadManifest { path: PathBuf, message: String },
    #[error("raw file {} does not match its sha256 in the manifest", .0.display())]
    Checksum(PathBuf),
}

/// A read-only view of a store, as of the manifest read by [`Store::open`].
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    manifest: Manifest,
    /// PMID → index in `manifest.files` of the file holding its current copy.
    current: HashMap<Pmid, usize>,
}

impl Store {
    /// Reads `dir/manifest.json` and checks that every raw file it names exists.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let path = dir.join(MANIFEST);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NotFound(dir.into()));
            }
            Err(source) => return Err(StoreError::Io { path, source }),
        };
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|e| StoreError::BadManifest {
                path: path.clone(),
                message: e.to_string(),
            })?;
        if manifest.format != FORMAT {
            let message = format!("format {} is not the supported {FORMAT}", manifest.format);
            return Err(StoreError::BadManifest { path, message });
        }
        for f in &manifest.files {
            let p = dir.join(&f.path);
            if !p.is_file() {
                let source = std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "named in the manifest but absent",
                );
                return Err(StoreError::Io { path: p, source });
            }
        }
        Ok(Store::from_manifest(dir, manifest))
    }

    pub(crate) fn from_manifest(dir: &Path, manifest: Manifest) -> Store {
        let mut current = HashMap::new();
        for (i, f) in manifest.files.iter().enumerate() {
            for &p in &f.pmids {
                current.insert(p, i);
            }
        }
        Store {
            dir: dir.to_path_buf(),
            manifest,
            current,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The raw files, oldest first; read them all and keep a record only where
    /// [`Store::is_current`] says so.
    pub fn record_files(&self) -> Vec<PathBuf> {
        self.manifest
            .files
            .iter()
            .map(|f| self.dir.join(&f.path))
            .collect()
    }

    /// Whether `file` holds the copy of `pmid` to use: the newest one, and the record neither
    /// deleted nor out of the query (see [`Store::removed`]).
    pub fn is_current(&self, pmid: Pmid, file: &Path) -> bool {
        let Some(&i) = self.current.get(&pmid) else {
            return false;
        };
        !self.manifest.is_removed(pmid) && self.dir.join(&self.manifest.files[i].path) == file
    }

    /// The file holding the newest copy of `pmid`, removed or not.
    pub fn file_of(&self, pmid: Pmid) -> Option<PathBuf> {
        self.current
            .get(&pmid)
            .map(|&i| self.dir.join(&self.manifest.files[i].path))
    }

    /// The manifest entry of the file holding the newest copy of `pmid`.
    pub fn current_entry(&self, pmid: Pmid) -> Option<&RawFile> {
        self.current.get(&pmid).map(|&i| &self.manifest.files[i])
    }

    /// Held PMIDs marked deleted or no longer matching, with why and when.
    pub fn removed(&self) -> &[Removed] {
        &self.manifest.removed
    }

    /// Whether any record still comes from the bundled seed rather than from PubMed.
    pub fn has_seed_records(&self) -> bool {
        self.current
            .values()
            .any(|&i| self.manifest.files[i].origin == Origin::Seed)
    }

    /// Checks every raw file against its sha256.
    pub fn verify(&self) -> Result<(), StoreError> {
        for f in &self.manifest.files {
            let path = self.dir.join(&f.path);
            let bytes = std::fs::read(&path).map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
            if sha256_hex(&bytes) != f.sha256 {
                return Err(StoreError::Checksum(path));
            }
        }
        Ok(())
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `pmid,reason` rows with a header; reasons are quoted when they need it.
pub fn write_missing_csv(mut w: impl Write, missing: &[Missing]) -> std::io::Result<()> {
    writeln!(w, "pmid,reason")?;
    for m in missing {
        let reason = if m.reason.contains([',', '"', '\n']) {
            format!("\"{}\"", m.reason.replace('"', "\"\""))
        } else {
            m.reason.clone()
        };
        writeln!(w, "{},{reason}", m.pmid)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_csv_quotes_only_when_needed() {
        let rows = [
            Missing {
                pmid: Pmid(1),
                reason: "not returned by efetch".into(),
            },
            Missing {
                pmid: Pmid(2),
                reason: "said \"gone\", twice".into(),
            },
        ];
        let mut out = Vec::new();
        write_missing_csv(&mut out, &rows).unwrap();
        let want = "pmid,reason\n1,not returned by efetch\n2,\"said \"\"gone\"\", twice\"\n";
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }
}
