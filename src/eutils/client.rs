//! The E-utilities HTTP client: one request at a time through the shared rate limiter, retried
//! by [`RetryPolicy::decide`], each answer checked for its expected structure before it is
//! returned.
//!
//! Never puts a request URL into an error or a log line: the query string holds the API key.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::ClientConfig;
use super::body::{EfetchBody, EsearchBody, EsearchError, classify_efetch, parse_esearch};
use super::rate::{RateLimiter, max_in_window};
use super::retry::{Decision, Failure, parse_retry_after};
use crate::pubmed::Pmid;

/// Above this many bytes of query string a request is sent as a form POST (NCBI's advice for
/// long id lists; Biopython switches near 1,000 characters, servers refuse past ~8,000).
const MAX_GET_QUERY: usize = 2_000;

/// Progress and trouble reported while refreshing, for the caller's progress bar and log.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchEvent {
    /// esearch answered: `count` records match, `to_fetch` of them will be fetched.
    Searched { count: u64, to_fetch: usize },
    /// One efetch batch stored: `records` in it, `done` of `total` so far in this refresh.
    BatchDone {
        records: usize,
        done: usize,
        total: usize,
    },
    /// A request failed and will be sent again after `wait`.
    Retrying {
        endpoint: &'static str,
        attempt: u32,
        wait: Duration,
        reason: String,
    },
    /// The history server forgot the search (expired WebEnv): searching again.
    Researching,
}

/// Why a request finally failed. URLs here are endpoint URLs without their query string.
#[derive(Debug, thiserror::Error)]
pub enum EutilsError {
    #[error("cannot reach E-utilities at {url} after {attempts} attempts: {last}")]
    Unreachable {
        url: String,
        attempts: u32,
        last: String,
    },
    #[error("{url} failed {attempts} times, last with: {last}")]
    Exhausted {
        url: String,
        attempts: u32,
        last: String,
    },
    #[error("{url} answered HTTP {status}, which retrying will not fix")]
    Http { url: String, status: u16 },
    /// An `eFetchResult` error on a history request: the WebEnv is unknown or expired.
    #[error("the history server at {url} refused the search: {message}")]
    History { url: String, message: String },
    #[error("cannot build the HTTP client: {0}")]
    Setup(String),
}

/// The parameters of one esearch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchParams {
    pub term: String,
    /// `(datetype, mindate, maxdate)`; both dates are required by esearch.
    pub dates: Option<(String, String, String)>,
    pub retmax: u32,
    pub usehistory: bool,
}

/// One efetch body that was checked to be a complete `PubmedArticleSet`.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub body: Vec<u8>,
    pub pmids: Vec<Pmid>,
    pub deleted: Vec<Pmid>,
}

/// When each request was sent, retries included.
#[derive(Debug, Default)]
pub struct RequestLog {
    sent: Mutex<Vec<Instant>>,
}

impl RequestLog {
    pub fn count(&self) -> usize {
        self.sent.lock().expect("request log lock").len()
    }
    /// The most requests sent in any one-second window.
    pub fn max_per_second(&self) -> usize {
        max_in_window(
            &self.sent.lock().expect("request log lock"),
            Duration::from_secs(1),
        )
    }
    fn push(&self, at: Instant) {
        self.sent.lock().expect("request log lock").push(at);
    }
}

enum Checked<T> {
    Ok(T),
    Fail(Failure, String),
    Fatal(EutilsError),
}

pub struct Client<'e> {
    cfg: ClientConfig,
    http: reqwest::Client,
    limiter: RateLimiter,
    log: RequestLog,
    on_event: &'e (dyn Fn(FetchEvent) + Sync),
}

impl<'e> Client<'e> {
    pub fn new(
        cfg: ClientConfig,
        on_event: &'e (dyn Fn(FetchEvent) + Sync),
    ) -> Result<Client<'e>, EutilsError> {
        // reqwest is built without a default TLS provider; an earlier install is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .user_agent(format!("{}/{}", cfg.tool, env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| EutilsError::Setup(e.without_url().to_string()))?;
        let limiter = RateLimiter::new(cfg.rate());
        Ok(Client {
            cfg,
            http,
            limiter,
            log: RequestLog::default(),
            on_event,
        })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.cfg
    }

    /// The callback given to [`Client::new`], for callers that report their own events.
    pub fn on_event(&self) -> &'e (dyn Fn(FetchEvent) + Sync) {
        self.on_event
    }

    pub fn log(&self) -> &RequestLog {
        &self.log
    }

    /// esearch with `retmode=json`; an `ERROR` in the body is retried like a server error.
    pub async fn esearch(&self, p: &SearchParams) -> Result<EsearchBody, EutilsError> {
        let mut params = vec![
            ("term", p.term.clone()),
            ("retmode", "json".into()),
            ("retmax", p.retmax.to_string()),
        ];
        if p.usehistory {
            params.push(("usehistory", "y".into()));
        }
        if let Some((kind, min, max)) = &p.dates {
            params.extend([
                ("datetype", kind.clone()),
                ("mindate", min.clone()),
                ("maxdate", max.clone()),
            ]);
        }
        self.call("esearch.fcgi", params, |status, body| {
            if !(200..300).contains(&status) {
                return Checked::Fail(Failure::Status(status), format!("HTTP {status}"));
            }
            match parse_esearch(body) {
                Ok(b) => Checked::Ok(b),
                Err(e @ EsearchError::Malformed(_)) => {
                    Checked::Fail(Failure::BadBody, e.to_string())
                }
                Err(e) => Checked::Fail(Failure::ServiceError, e.to_string()),
            }
        })
        .await
    }

    /// efetch `retstart..retstart + retmax` of a history-server search.
    pub async fn efetch_history(
        &self,
        webenv: &str,
        query_key: &str,
        retstart: u64,
        retmax: u32,
    ) -> Result<Fetched, EutilsError> {
        let params = vec![
            ("WebEnv", webenv.to_string()),
            ("query_key", query_key.to_string()),
            ("retstart", retstart.to_string()),
            ("retmax", retmax.to_string()),
            ("retmode", "xml".into()),
        ];
        let url = self.cfg.endpoint("efetch.fcgi");
        self.call("efetch.fcgi", params, |status, body| {
            match check_efetch(status, body) {
                Checked::Fail(Failure::ServiceError, message) => {
                    Checked::Fatal(EutilsError::History {
                        url: url.clone(),
                        message,
                    })
                }
                other => other,
            }
        })
        .await
    }

    /// efetch the given PMIDs; sent as a POST when the list is long.
    pub async fn efetch_ids(&self, ids: &[Pmid]) -> Result<Fetched, EutilsError> {
        let list = ids
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let params = vec![("id", list), ("retmode", "xml".into())];
        self.call("efetch.fcgi", params, check_efetch).await
    }

    async fn call<T>(
        &self,
        endpoint: &'static str,
        mut params: Vec<(&'static str, String)>,
        check: impl Fn(u16, &[u8]) -> Checked<T>,
    ) -> Result<T, EutilsError> {
        params.insert(0, ("db", "pubmed".into()));
        params.push(("tool", self.cfg.tool.clone()));
        if let Some(email) = &self.cfg.email {
            params.push(("email", email.clone()));
        }
        if let Some(key) = &self.cfg.api_key {
            params.push(("api_key", key.expose().to_string()));
        }
        let url = self.cfg.endpoint(endpoint);
        let post = reqwest::Url::parse_with_params(&url, &params)
            .map_err(|e| EutilsError::Setup(format!("base URL {url} is not valid: {e}")))?
            .query()
            .is_some_and(|q| q.len() > MAX_GET_QUERY);
        let (mut attempts, mut waited, mut answered) = (0u32, Duration::ZERO, false);
        loop {
            self.limiter.acquire().await;
            self.log.push(Instant::now());
            tracing::debug!(
                endpoint,
                attempt = attempts + 1,
                post,
                "E-utilities request"
            );
            let req = if post {
                self.http.post(&url).form(&params)
            } else {
                self.http.get(&url).query(&params)
            };
            let (failure, reason, retry_after) = match self.send(req).await {
                Ok((status, headers, body)) => {
                    answered = true;
                    match check(status, &body) {
                        Checked::Ok(v) => return Ok(v),
                        Checked::Fatal(e) => return Err(e),
                        Checked::Fail(f, reason) => (f, reason, retry_after_of(&headers)),
                    }
                }
                Err((f, reason)) => (f, reason, None),
            };
            attempts += 1;
            let jitter = rand::random::<f64>();
            match self
                .cfg
                .retry
                .decide(failure, attempts, retry_after, waited, jitter)
            {
                Decision::Retry(wait) => {
                    tracing::debug!(endpoint, attempts, ?wait, %reason, "retrying");
                    (self.on_event)(FetchEvent::Retrying {
                        endpoint,
                        attempt: attempts,
                        wait,
                        reason,
                    });
                    tokio::time::sleep(wait).await;
                    waited += wait;
                }
                Decision::GiveUp => {
                    return Err(match failure {
                        Failure::Status(status) if !failure.is_transient() => {
                            EutilsError::Http { url, status }
                        }
                        _ if !answered => EutilsError::Unreachable {
                            url,
                            attempts,
                            last: reason,
                        },
                        _ => EutilsError::Exhausted {
                            url,
                            attempts,
                            last: reason,
                        },
                    });
                }
            }
        }
    }

    /// Sends one request and reads the whole body; transport errors lose their URL here.
    async fn send(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<(u16, HeaderMap, Vec<u8>), (Failure, String)> {
        let transport = |e: reqwest::Error| {
            let kind = if e.is_timeout() {
                Failure::Timeout
            } else {
                Failure::Connect
            };
            let e = e.without_url();
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg = format!("{msg}: {s}");
                src = s.source();
            }
            (kind, msg)
        };
        let resp = req.send().await.map_err(transport)?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.bytes().await.map_err(transport)?;
        Ok((status, headers, body.to_vec()))
    }
}

fn check_efetch(status: u16, body: &[u8]) -> Checked<Fetched> {
    match classify_efetch(body) {
        EfetchBody::Error(message) => Checked::Fail(Failure::ServiceError, message),
        _ if !(200..300).contains(&status) => {
            Checked::Fail(Failure::Status(status), format!("HTTP {status}"))
        }
        EfetchBody::Articles { pmids, deleted } => Checked::Ok(Fetched {
            body: body.to_vec(),
            pmids,
            deleted,
        }),
        EfetchBody::Malformed { offset, reason } => Checked::Fail(
            Failure::BadBody,
            format!("efetch body unusable at byte {offset}: {reason}"),
        ),
    }
}

fn retry_after_of(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(v, chrono::Utc::now())
}
