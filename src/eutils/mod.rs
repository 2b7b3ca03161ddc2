//! HTTP to NCBI E-utilities: esearch (history server) and efetch in batches, with the rate limit
//! and retry policy. Returns raw bodies; parsing and storage happen elsewhere.
//!
//! Never logs, prints or stores the API key: it lives in a [`Secret`] whose `Debug` and
//! `Display` are redacted, and request URLs are stripped from every error.

mod body;
mod client;
mod rate;
pub mod retry;
mod search;

use std::fmt;
use std::time::Duration;

pub use body::{EfetchBody, EsearchBody, EsearchError, classify_efetch, parse_esearch};
pub use client::{Client, EutilsError, FetchEvent, Fetched, RequestLog, SearchParams};
pub use rate::RateLimiter;
pub use retry::{Decision, Failure, RetryPolicy};
pub use search::{SearchPart, search_all, search_part};

/// NCBI's public endpoint; `--eutils-url` / `NCBI_EUTILS_URL` replace it.
pub const DEFAULT_BASE_URL: &str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/";
/// esearch returns at most this many PMIDs per query (since the 2022 PubMed update).
pub const ESEARCH_CAP: u64 = 9_999;
/// Sent as `tool=` with every request, as NCBI asks.
pub const TOOL: &str = "ketamine-evidence";

/// A value that must never be shown: `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The value itself, only for building the request.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Everything the client needs, resolved once by the caller (flags, environment, defaults).
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Ends with `/`; `esearch.fcgi` and `efetch.fcgi` are joined to it.
    pub base_url: String,
    pub email: Option<String>,
    pub api_key: Option<Secret>,
    /// Sent as `tool=`; [`TOOL`] unless a test says otherwise.
    pub tool: String,
    /// Records per efetch request; the query's own `batch_size` is used when this is `None`.
    pub batch_size: Option<u32>,
    pub retry: RetryPolicy,
    /// Whole-request timeout (connect, send, read the body).
    pub timeout: Duration,
    /// Requests allowed in any one-second window; `None` means 3, or 10 with an API key.
    pub max_per_second: Option<u32>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            base_url: DEFAULT_BASE_URL.to_string(),
            email: None,
            api_key: None,
            tool: TOOL.to_string(),
            batch_size: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(60),
            max_per_second: None,
        }
    }
}

impl ClientConfig {
    /// The rate NCBI allows: 3 requests per second, 10 with an API key.
    pub fn rate(&self) -> u32 {
        self.max_per_second
            .unwrap_or(if self.api_key.is_some() { 10 } else { 3 })
    }

    /// Fills the base URL, email and API key from `NCBI_EUTILS_URL`, `NCBI_EMAIL` and
    /// `NCBI_API_KEY` where the caller has not already set them.
    pub fn with_env(mut self) -> ClientConfig {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        if let (true, Some(url)) = (self.base_url == DEFAULT_BASE_URL, var("NCBI_EUTILS_URL")) {
            self.base_url = url;
        }
        self.email = self.email.or_else(|| var("NCBI_EMAIL"));
        self.api_key = self
            .api_key
            .or_else(|| var("NCBI_API_KEY").map(Secret::new));
        self
    }

    /// `base_url` with a trailing slash, so endpoint names join onto it.
    pub fn endpoint(&self, name: &str) -> String {
        let base = self.base_url.trim_end_matches('/');
        format!("{base}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_never_printed() {
        let cfg = ClientConfig {
            api_key: Some(Secret::new("abc123key")),
            ..Default::default()
        };
        let shown = format!("{cfg:?} {}", cfg.api_key.as_ref().unwrap());
        assert!(!shown.contains("abc123key"), "{shown}");
    }

    #[test]
    fn rate_depends_on_the_key() {
        let mut cfg = ClientConfig::default();
        assert_eq!(cfg.rate(), 3);
        cfg.api_key = Some(Secret::new("k"));
        assert_eq!(cfg.rate(), 10);
        cfg.max_per_second = Some(1);
        assert_eq!(cfg.rate(), 1);
    }

    #[test]
    fn endpoints_join_with_one_slash() {
        for base in ["http://h/e", "http://h/e/"] {
            let cfg = ClientConfig {
                base_url: base.into(),
                ..Default::default()
            };
            assert_eq!(cfg.endpoint("efetch.fcgi"), "http://h/e/efetch.fcgi");
        }
    }
}
