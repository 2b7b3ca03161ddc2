//! The refresh step of `run` and `fetch`: builds the E-utilities client configuration from the
//! resolved `Config`, drives the progress bar from fetch events, and turns "PubMed cannot be
//! reached" into a stale-but-usable store when the user allows it.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::config::{Config, Refresh, StoreJob};
use crate::eutils::{ClientConfig, EutilsError, FetchEvent, Secret};
use crate::refresh::{self, RefreshError, RefreshOptions, RefreshReport};

/// What the refresh step ended with.
pub enum Fetched {
    Refreshed(RefreshReport),
    /// Offline: by request (`unreachable` is `None`) or because PubMed could not be reached.
    Stale {
        unreachable: Option<String>,
    },
}

pub fn client_config(job: &StoreJob) -> ClientConfig {
    ClientConfig {
        base_url: normalise_base(&job.net.base_url),
        email: job.net.email.clone(),
        api_key: job.net.api_key.clone().map(Secret::new),
        batch_size: Some(job.net.batch_size),
        ..ClientConfig::default()
    }
}

/// E-utilities paths are joined to the base, so it must end with `/`.
fn normalise_base(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// Refresh the store unless offline; `Err` only for what must stop the run.
pub fn refresh_step(cfg: &Config, job: &StoreJob) -> anyhow::Result<Fetched> {
    if job.refresh == Refresh::Offline {
        return Ok(Fetched::Stale { unreachable: None });
    }
    let bar = progress_bar(cfg.progress);
    let on_event = |e: FetchEvent| match e {
        FetchEvent::Searched { count, to_fetch } => {
            bar.set_length(to_fetch as u64);
            bar.set_message(format!("{count} match the query; fetching {to_fetch}"));
        }
        FetchEvent::BatchDone { done, total, .. } => {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
        FetchEvent::Retrying {
            endpoint,
            attempt,
            wait,
            reason,
        } => {
            tracing::info!("{endpoint}: attempt {attempt} failed ({reason}); retrying in {wait:?}");
        }
        FetchEvent::Researching => {
            tracing::info!("the history server forgot the search; searching again")
        }
    };
    let opts = RefreshOptions { full: job.net.full };
    let result = refresh::refresh(
        &client_config(job),
        &job.store,
        &job.query,
        &opts,
        &on_event,
    );
    bar.finish_and_clear();
    match result {
        Ok(report) => Ok(Fetched::Refreshed(report)),
        Err(e) if unreachable(&e) && job.refresh == Refresh::BestEffort => Ok(Fetched::Stale {
            unreachable: Some(e.to_string()),
        }),
        Err(e) if unreachable(&e) => {
            Err(anyhow::Error::new(e).context("--require-fresh: PubMed cannot be reached"))
        }
        Err(e) => Err(anyhow::Error::new(e)
            .context(format!("cannot refresh the store {}", job.store.display()))),
    }
}

/// The service could not be reached or kept failing: the stored records are still usable.
fn unreachable(e: &RefreshError) -> bool {
    matches!(
        e,
        RefreshError::Unreachable(_)
            | RefreshError::Eutils(EutilsError::Exhausted { .. } | EutilsError::Http { .. })
    )
}

fn progress_bar(visible: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        None,
        if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} fetch [{bar:30}] {pos}/{len} records {per_sec} eta {eta} {msg}",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
