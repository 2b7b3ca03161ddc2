//! When to retry a failed request and how long to wait: a pure function of what failed, how
//! many attempts were made, the server's `Retry-After` and the time already spent waiting.
//!
//! Never sleeps and never looks at the text of an error message; the client does the waiting.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Limits on retrying one request. The defaults suit NCBI; tests shrink the delays.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// Attempts in all when the connection itself fails (refused, DNS): a server that is not
    /// there seldom comes back within seconds, and `run` should fall back to stored records soon.
    pub max_connect_attempts: u32,
    /// The wait before the first retry; it doubles with each further one.
    pub base_delay: Duration,
    /// No single wait is longer, unless the server asked for it with `Retry-After`.
    pub max_delay: Duration,
    /// Waits for one request add up to at most this; past it the request fails.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            max_connect_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_total_wait: Duration::from_secs(120),
        }
    }
}

/// What went wrong with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// An HTTP status other than 2xx, with no more specific reading of the body.
    Status(u16),
    /// No full answer within the client's timeout.
    Timeout,
    /// The connection could not be made or was dropped (refused, DNS, reset).
    Connect,
    /// HTTP 200 whose body is cut off, not XML/JSON, or another document than expected.
    BadBody,
    /// HTTP 200 carrying an error of the service (`ERROR` member or element).
    ServiceError,
}

impl Failure {
    /// Whether this kind of failure can go away by itself.
    pub fn is_transient(self) -> bool {
        match self {
            Failure::Status(s) => matches!(s, 429 | 500 | 502 | 503 | 504),
            Failure::Timeout | Failure::Connect | Failure::BadBody | Failure::ServiceError => true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Retry(Duration),
    GiveUp,
}

impl RetryPolicy {
    /// Decide after `attempts` failed attempts (1 after the first failure). `waited` is the total
    /// already slept for this request; `jitter` in `[0, 1]` spreads the backoff so that parallel
    /// clients do not retry in step.
    pub fn decide(
        &self,
        failure: Failure,
        attempts: u32,
        retry_after: Option<Duration>,
        waited: Duration,
        jitter: f64,
    ) -> Decision {
        let cap = if failure == Failure::Connect {
            self.max_connect_attempts
        } else {
            self.max_attempts
        };
        if !failure.is_transient() || attempts >= cap {
            return Decision::GiveUp;
        }
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempts.saturating_sub(1).min(16));
        let capped = exp.min(self.max_delay);
        // Equal jitter: at least half the backoff, so delays still grow.
        let backoff = capped.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0));
        let wait = retry_after.map_or(backoff, |ra| ra.max(backoff));
        if waited + wait > self.max_total_wait {
            return Decision::GiveUp;
        }
        Decision::Retry(wait)
    }
}

/// Reads a `Retry-After` value: whole seconds, or an HTTP date (`Sat, 06 Dec 2025 16:00:59 GMT`)
/// measured from `now`. A date in the past means no wait.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(v).ok()?.with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            max_connect_attempts: 2,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            max_total_wait: Duration::from_secs(2),
        }
    }

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn retries_transient_failures_with_growing_backoff() {
        let p = policy();
        let cases = [
            (Failure::Status(429), 1, MS(100)),
            (Failure::Status(500), 2, MS(200)),
            (Failure::Status(502), 3, MS(300)),
            (Failure::Status(503), 1, MS(100)),
            (Failure::Status(504), 1, MS(100)),
            (Failure::Timeout, 1, MS(100)),
            (Failure::Connect, 1, MS(100)),
            (Failure::BadBody, 1, MS(100)),
            (Failure::ServiceError, 1, MS(100)),
        ];
        for (f, attempts, full) in cases {
            assert_eq!(
                p.decide(f, attempts, None, Duration::ZERO, 1.0),
                Decision::Retry(full),
                "{f:?}"
            );
            assert_eq!(
                p.decide(f, attempts, None, Duration::ZERO, 0.0),
                Decision::Retry(full / 2),
                "{f:?}"
            );
        }
    }

    #[test]
    fn gives_up_on_permanent_statuses() {
        for s in [400, 401, 403, 404, 414, 501] {
            assert_eq!(
                policy().decide(Failure::Status(s), 1, None, Duration::ZERO, 0.5),
                Decision::GiveUp,
                "{s}"
            );
        }
    }

    #[test]
    fn gives_up_after_the_attempt_cap() {
        let p = policy();
        assert_eq!(
            p.decide(Failure::Timeout, 4, None, Duration::ZERO, 0.5),
            Decision::GiveUp
        );
        assert_eq!(
            p.decide(Failure::Timeout, 2, None, Duration::ZERO, 0.0),
            Decision::Retry(MS(100))
        );
        assert_eq!(
            p.decide(Failure::Connect, 2, None, Duration::ZERO, 0.0),
            Decision::GiveUp
        );
    }

    #[test]
    fn gives_up_past_the_total_wait() {
        let p = policy();
        assert_eq!(
            p.decide(Failure::Status(503), 1, None, MS(1_990), 0.0),
            Decision::GiveUp
        );
        assert_eq!(
            p.decide(Failure::Status(503), 1, None, MS(1_900), 0.0),
            Decision::Retry(MS(50))
        );
    }

    #[test]
    fn retry_after_is_honoured_even_above_the_backoff() {
        let p = policy();
        assert_eq!(
            p.decide(
                Failure::Status(429),
                1,
                Some(MS(1_500)),
                Duration::ZERO,
                0.0
            ),
            Decision::Retry(MS(1_500))
        );
        assert_eq!(
            p.decide(Failure::Status(429), 1, Some(MS(10)), Duration::ZERO, 0.0),
            Decision::Retry(MS(50))
        );
        assert_eq!(
            p.decide(
                Failure::Status(429),
                1,
                Some(MS(5_000)),
                Duration::ZERO,
                0.0
            ),
            Decision::GiveUp
        );
    }

    #[test]
    fn reads_retry_after_in_both_forms() {
        let now = DateTime::parse_from_rfc3339("2025-12-06T16:00:50Z")
            .unwrap()
            .with_timezone(&Utc);
        let cases = [
            ("3", Some(Duration::from_secs(3))),
            (" 0 ", Some(Duration::ZERO)),
            (
                "Sat, 06 Dec 2025 16:00:59 GMT",
                Some(Duration::from_secs(9)),
            ),
            ("Sat, 06 Dec 2025 16:00:00 GMT", Some(Duration::ZERO)),
            ("soon", None),
            ("-1", None),
        ];
        for (v, want) in cases {
            assert_eq!(parse_retry_after(v, now), want, "{v:?}");
        }
    }
}
