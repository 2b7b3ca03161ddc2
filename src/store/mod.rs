//! The local record store: raw PubMed XML batches exactly as fetched, plus `manifest.json`.
//! Writes are atomic (temp file, fsync, rename) and guarded by a lock file.
