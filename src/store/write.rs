//! Writing a store: one raw file per complete batch, then the manifest, each written to a temp
//! file, synced and renamed into place, all under the store lock.
//!
//! Never writes a raw file the manifest already names, and never rewrites the manifest before
//! the raw file it will name is on disk.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::manifest::{Manifest, Origin, RawFile};
use super::{
    MANIFEST, MISSING_CSV, RAW_DIR, Store, StoreError, StoreLock, sha256_hex, write_missing_csv,
};
use crate::pubmed::Pmid;
use crate::query::Query;

/// The one writer of a store, holding its lock.
#[derive(Debug)]
pub struct StoreWriter {
    dir: PathBuf,
    manifest: Manifest,
    _lock: StoreLock,
}

impl StoreWriter {
    /// Locks `dir` (creating it and an empty manifest for `query` if needed) and deletes what a
    /// killed run left behind: temp files and raw files the manifest does not name.
    pub fn open(dir: &Path, query: &Query) -> Result<StoreWriter, StoreError> {
        fs::create_dir_all(dir.join(RAW_DIR)).map_err(|source| StoreError::Io {
            path: dir.join(RAW_DIR),
            source,
        })?;
        let lock = StoreLock::acquire(dir)?;
        let (manifest, fresh) = match Store::open(dir) {
            Ok(store) => (store.manifest().clone(), false),
            Err(StoreError::NotFound(_)) => (Manifest::new(query, Utc::now()), true),
            Err(e) => return Err(e),
        };
        let w = StoreWriter {
            dir: dir.to_path_buf(),
            manifest,
            _lock: lock,
        };
        w.remove_leftovers()?;
        if fresh {
            w.save()?;
        }
        Ok(w)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// A read-only view of what has been committed so far.
    pub fn view(&self) -> Store {
        Store::from_manifest(&self.dir, self.manifest.clone())
    }

    /// Stores one complete body verbatim and records it in the manifest; returns its path.
    /// `pmids` are the records in it, in order.
    pub fn add_batch(
        &mut self,
        body: &[u8],
        pmids: Vec<Pmid>,
        origin: Origin,
        run: DateTime<Utc>,
    ) -> Result<PathBuf, StoreError> {
        let now = Utc::now();
        let rel = format!(
            "{RAW_DIR}/{:06}-{}.xml",
            self.manifest.files.len() + 1,
            now.format("%Y%m%dT%H%M%S%.3fZ")
        );
        let path = self.dir.join(&rel);
        atomic_write(&path, body)?;
        let file = RawFile {
            path: rel,
            sha256: sha256_hex(body),
            bytes: body.len() as u64,
            origin,
            retrieved_at: now,
            run,
            pmids,
        };
        self.update(|m| m.files.push(file))?;
        Ok(path)
    }

    /// Changes the manifest and saves it atomically; on failure the change is dropped.
    pub fn update(&mut self, change: impl FnOnce(&mut Manifest)) -> Result<(), StoreError> {
        let before = self.manifest.clone();
        change(&mut self.manifest);
        self.manifest.reindex();
        self.save().inspect_err(|_| self.manifest = before)
    }

    /// Writes `missing.csv` from the manifest's missing list.
    pub fn write_missing(&self) -> Result<(), StoreError> {
        let mut out = Vec::new();
        write_missing_csv(&mut out, &self.manifest.missing).expect("writing to a Vec cannot fail");
        atomic_write(&self.dir.join(MISSING_CSV), &out)
    }

    fn save(&self) -> Result<(), StoreError> {
        let path = self.dir.join(MANIFEST);
        let mut text =
            serde_json::to_string_pretty(&self.manifest).map_err(|e| StoreError::BadManifest {
                path: path.clone(),
                message: e.to_string(),
            })?;
        text.push('\n');
        atomic_write(&path, text.as_bytes())
    }

    fn remove_leftovers(&self) -> Result<(), StoreError> {
        let named: std::collections::HashSet<&str> = self
            .manifest
            .files
            .iter()
            .map(|f| f.path.as_str())
            .collect();
        let raw = self.dir.join(RAW_DIR);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        for entry in fs::read_dir(&raw).map_err(io(&raw))? {
            let entry = entry.map_err(io(&raw))?;
            let rel = format!("{RAW_DIR}/{}", entry.file_name().to_string_lossy());
            if !named.contains(rel.as_str()) {
                tracing::info!(file = %rel, "removing a leftover of an interrupted refresh");
                fs::remove_file(entry.path()).map_err(io(&entry.path()))?;
            }
        }
        for name in [MANIFEST, MISSING_CSV] {
            let tmp = temp_path(&self.dir.join(name));
            if tmp.exists() {
                fs::remove_file(&tmp).map_err(io(&tmp))?;
            }
        }
        Ok(())
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` so that readers see the old file or the whole new one, and the new
/// one survives a crash once this returns: temp file, fsync, rename, fsync of the directory.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let tmp = temp_path(path);
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| StoreError::Io { path: p, source }
    };
    let mut f = File::create(&tmp).map_err(io(&tmp))?;
    f.write_all(bytes).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    drop(f);
    fs::rename(&tmp, path).map_err(io(path))?;
    if let Some(parent) = path.parent() {
        // Makes the rename itself durable; not every platform can open a directory.
        if let Ok(d) = File::open(parent) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}
