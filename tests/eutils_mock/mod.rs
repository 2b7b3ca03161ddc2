//! A fake E-utilities for the tests: esearch (JSON, history server) and efetch (XML, by history
//! or by id) over a set of records, with faults injected per endpoint, every request logged
//! with its arrival time. Served by wiremock on 127.0.0.1, port 0.
//!
//! Records come from the bundled store (data/raw/) or are generated; error bodies are the
//! fixtures in tests/fixtures/eutils/.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ketamine_evidence::eutils::{ClientConfig, RetryPolicy};
use ketamine_evidence::query::Query;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const HEAD: &str = "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n<PubmedArticleSet>\n";

pub fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eutils")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Esearch,
    Efetch,
}

/// One injected fault, used up by the next request to its endpoint.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer normally (to aim a later fault at the n-th request).
    Pass,
    Status {
        code: u16,
        body: Vec<u8>,
        retry_after: Option<String>,
    },
    /// HTTP 200 with this body instead of the answer.
    Body200(Vec<u8>),
    /// The normal answer, sent after this delay.
    Delay(Duration),
    /// The normal answer cut in half.
    Truncate,
    /// Forget every WebEnv, then answer (an expired history search).
    ForgetWebEnvs,
}

#[derive(Debug, Clone)]
pub struct Logged {
    pub at: Instant,
    pub endpoint: Endpoint,
    pub method: String,
    pub params: HashMap<String, String>,
    pub host: String,
}

#[derive(Default)]
struct State {
    records: BTreeMap<u64, String>,
    /// Found by the search but efetch never returns them.
    hidden: HashSet<u64>,
    /// Returned by efetch but no longer found by the search.
    unmatched: HashSet<u64>,
    /// What an `mdat` search finds.
    revised: Vec<u64>,
    webenvs: HashMap<String, Vec<u64>>,
    next_env: u32,
    faults: VecDeque<(Endpoint, Fault)>,
    log: Vec<Logged>,
}

#[derive(Clone, Default)]
pub struct FakePubmed {
    state: Arc<Mutex<State>>,
}

impl FakePubmed {
    pub fn with_records(records: impl IntoIterator<Item = (u64, String)>) -> FakePubmed {
        let fake = FakePubmed::default();
        fake.state.lock().unwrap().records.extend(records);
        fake
    }
    pub fn insert(&self, pmid: u64, xml: String) {
        self.state.lock().unwrap().records.insert(pmid, xml);
    }
    pub fn delete(&self, pmid: u64) {
        self.state.lock().unwrap().records.remove(&pmid);
    }
    pub fn hide(&self, pmid: u64) {
        self.state.lock().unwrap().hidden.insert(pmid);
    }
    pub fn unmatch(&self, pmid: u64) {
        self.state.lock().unwrap().unmatched.insert(pmid);
    }
    pub fn set_revised(&self, pmids: &[u64]) {
        self.state.lock().unwrap().revised = pmids.to_vec();
    }
    pub fn fault(&self, endpoint: Endpoint, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .push_back((endpoint, fault));
    }
    pub fn log(&self) -> Vec<Logged> {
        self.state.lock().unwrap().log.clone()
    }
    pub fn clear_log(&self) {
        self.state.lock().unwrap().log.clear();
    }
    pub fn count(&self, endpoint: Endpoint) -> usize {
        self.log().iter().filter(|l| l.endpoint == endpoint).count()
    }
    pub fn times(&self) -> Vec<Instant> {
        self.log().iter().map(|l| l.at).collect()
    }

    fn search(&self, st: &mut State, p: &HashMap<String, String>) -> Answer {
        let term = p.get("term").cloned().unwrap_or_default();
        let revised_only =
            p.get("datetype").is_some_and(|d| d == "mdat") || term.contains("[MDAT]");
        let range = uid_range(&term);
        let mut ids: Vec<u64> = if revised_only {
            st.revised.clone()
        } else {
            // Newest first, as PubMed's default order roughly is.
            st.records
                .keys()
                .rev()
                .copied()
                .filter(|id| !st.unmatched.contains(id))
                .collect()
        };
        let extra: Vec<u64> = st
            .hidden
            .iter()
            .copied()
            .filter(|h| !ids.contains(h) && !revised_only)
            .collect();
        ids.extend(extra);
        ids.retain(|id| range.is_none_or(|(lo, hi)| (lo..=hi).contains(id)));
        let retmax: usize = p
            .get("retmax")
            .and_then(|r| r.parse().ok())
            .unwrap_or(20)
            .min(9_999);
        let mut result = serde_json::json!({
            "count": ids.len().to_string(),
            "retmax": ids.len().min(retmax).to_string(),
            "retstart": "0",
            "idlist": ids.iter().take(retmax).map(u64::to_string).collect::<Vec<_>>(),
        });
        if p.get("usehistory").is_some_and(|u| u == "y") {
            st.next_env += 1;
            let env = format!("MCID_mock{}", st.next_env);
            st.webenvs.insert(env.clone(), ids);
            result["webenv"] = env.into();
            result["querykey"] = "1".into();
        }
        let body = serde_json::json!({"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result});
        Answer {
            status: 200,
            body: body.to_string().into_bytes(),
            mime: "application/json",
        }
    }

    fn fetch(&self, st: &State, p: &HashMap<String, String>) -> Answer {
        let ids: Vec<u64> = if let Some(env) = p.get("WebEnv") {
            let Some(all) = st.webenvs.get(env) else {
                let body = fixture("issue_pubmedR-7_efetch_history_out_of_range_http400.xml");
                return Answer {
                    status: 400,
                    body,
                    mime: "text/xml",
                };
            };
            let start: usize = p.get("retstart").and_then(|r| r.parse().ok()).unwrap_or(0);
            let max: usize = p.get("retmax").and_then(|r| r.parse().ok()).unwrap_or(20);
            all.iter().skip(start).take(max).copied().collect()
        } else {
            p.get("id")
                .map(|l| l.split(',').filter_map(|s| s.parse().ok()).collect())
                .unwrap_or_default()
        };
        let mut body = HEAD.to_string();
        for id in ids {
            if let (Some(rec), false) = (st.records.get(&id), st.hidden.contains(&id)) {
                body.push_str(rec);
                body.push('\n');
            }
        }
        body.push_str("</PubmedArticleSet>\n");
        Answer {
            status: 200,
            body: body.into_bytes(),
            mime: "text/xml",
        }
    }
}

impl Respond for FakePubmed {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let at = Instant::now();
        let mut params: HashMap<String, String> = req.url.query_pairs().into_owned().collect();
        if req.method.as_str() == "POST" {
            let form = String::from_utf8_lossy(&req.body);
            let url = reqwest::Url::parse(&format!("http://x/?{form}")).unwrap();
            params.extend(url.query_pairs().into_owned());
        }
        let endpoint = if req.url.path().ends_with("esearch.fcgi") {
            Endpoint::Esearch
        } else {
            Endpoint::Efetch
        };
        let mut st = self.state.lock().unwrap();
        // The Host header names the address the client connected to.
        let host = req
            .headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        let host = host.rsplit_once(':').map_or(host, |(h, _)| h).to_string();
        st.log.push(Logged {
            at,
            endpoint,
            method: req.method.to_string(),
            params: params.clone(),
            host,
        });
        let fault = st
            .faults
            .iter()
            .position(|(e, _)| *e == endpoint)
            .and_then(|i| st.faults.remove(i))
            .map(|(_, f)| f);
        let answer = |st: &mut State| match endpoint {
            Endpoint::Esearch => self.search(st, &params),
            Endpoint::Efetch => self.fetch(st, &params),
        };
        match fault {
            None | Some(Fault::Pass) => answer(&mut st).template(),
            Some(Fault::Status {
                code,
                body,
                retry_after,
            }) => {
                let t = ResponseTemplate::new(code).set_body_raw(body, "application/json");
                match retry_after {
                    Some(v) => t.insert_header("Retry-After", v.as_str()),
                    None => t,
                }
            }
            Some(Fault::Body200(body)) => {
                ResponseTemplate::new(200).set_body_raw(body, "text/plain")
            }
            Some(Fault::Delay(d)) => answer(&mut st).template().set_delay(d),
            Some(Fault::Truncate) => {
                let full = answer(&mut st).body;
                ResponseTemplate::new(200).set_body_raw(full[..full.len() / 2].to_vec(), "text/xml")
            }
            Some(Fault::ForgetWebEnvs) => {
                st.webenvs.clear();
                answer(&mut st).template()
            }
        }
    }
}

struct Answer {
    status: u16,
    body: Vec<u8>,
    mime: &'static str,
}

impl Answer {
    fn template(self) -> ResponseTemplate {
        ResponseTemplate::new(self.status).set_body_raw(self.body, self.mime)
    }
}

fn uid_range(term: &str) -> Option<(u64, u64)> {
    let re = regex::Regex::new(r"(\d+):(\d+)\[UID\]").unwrap();
    let c = re.captures(term)?;
    Some((c[1].parse().unwrap(), c[2].parse().unwrap()))
}

/// The records of the bundled store, one `<PubmedArticle>` string per PMID.
pub fn bundled_records() -> Vec<(u64, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/raw");
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for chunk in text.split("<PubmedArticle>").skip(1) {
            let rec = format!(
                "<PubmedArticle>{}</PubmedArticle>",
                chunk.split("</PubmedArticle>").next().unwrap()
            );
            let pmid = pmid_of(&rec);
            out.push((pmid, rec));
        }
    }
    out
}

pub fn pmid_of(rec: &str) -> u64 {
    let start = rec.find("<PMID").unwrap();
    let open_end = start + rec[start..].find('>').unwrap() + 1;
    let close = open_end + rec[open_end..].find("</PMID>").unwrap();
    rec[open_end..close].parse().unwrap()
}

/// A minimal record for tests that need many.
pub fn synthetic(pmid: u64) -> String {
    format!(
        "<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\"><PMID Version=\"1\">{pmid}</PMID><Article><ArticleTitle>Record {pmid}.</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
    )
}

/// A running fake server: the wiremock server runs on its own thread, so tests stay sync and
/// call the synchronous `refresh`.
pub struct Served {
    pub fake: FakePubmed,
    pub server: MockServer,
    _rt: tokio::runtime::Runtime,
}

impl Served {
    pub fn start(fake: FakePubmed) -> Served {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = rt.block_on(MockServer::start());
        rt.block_on(Mock::given(any()).respond_with(fake.clone()).mount(&server));
        assert_eq!(
            server.address().ip().to_string(),
            "127.0.0.1",
            "the mock listens on loopback only"
        );
        Served {
            fake,
            server,
            _rt: rt,
        }
    }

    pub fn base_url(&self) -> String {
        format!("{}/entrez/eutils/", self.server.uri())
    }

    /// A client config for this server: tiny backoff, short timeout, the real rate limit.
    pub fn config(&self) -> ClientConfig {
        ClientConfig {
            base_url: self.base_url(),
            email: Some("tests@example.org".into()),
            api_key: None,
            batch_size: Some(10),
            retry: RetryPolicy {
                max_attempts: 5,
                max_connect_attempts: 3,
                base_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(40),
                max_total_wait: Duration::from_secs(5),
            },
            timeout: Duration::from_millis(800),
            ..ClientConfig::default()
        }
    }

    /// Every request the server saw came to 127.0.0.1, and there were exactly `client_count`.
    pub fn assert_all_local(&self, client_count: usize) {
        let log = self.fake.log();
        assert!(
            log.iter().all(|l| l.host == "127.0.0.1"),
            "a request named another host"
        );
        assert_eq!(
            log.len(),
            client_count,
            "requests the client counted vs requests the mock saw"
        );
    }
}

pub fn query() -> Query {
    Query::load(
        "ketamine-anxiety",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("queries"),
    )
    .unwrap()
}

/// No-op event sink.
pub fn quiet(_: ketamine_evidence::eutils::FetchEvent) {}
