//! The request rate limit NCBI sets: at most N requests in any one-second window (3 without an
//! API key, 10 with one), retries included, shared by every task of the process.
//!
//! A token bucket of N tokens in which each token comes back one second (plus a margin for
//! clock and network jitter) after it was taken. Unlike a bucket refilled at a steady N per
//! second, this never lets N + 1 requests into one window after an idle spell.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

/// Slack added to the one-second window, so that requests sent just over a second apart do not
/// arrive inside one second at the server.
const MARGIN: Duration = Duration::from_millis(30);

#[derive(Debug)]
pub struct RateLimiter {
    per_window: usize,
    window: Duration,
    /// When each of the last `per_window` tokens was taken, oldest first.
    taken: Mutex<VecDeque<Instant>>,
}

impl RateLimiter {
    /// A limiter allowing `per_second` requests (at least 1) in any one-second window.
    pub fn new(per_second: u32) -> RateLimiter {
        RateLimiter::with_window(per_second, Duration::from_secs(1) + MARGIN)
    }

    pub fn with_window(per_window: u32, window: Duration) -> RateLimiter {
        let per_window = per_window.max(1) as usize;
        RateLimiter {
            per_window,
            window,
            taken: Mutex::new(VecDeque::with_capacity(per_window)),
        }
    }

    /// Waits until a request may be sent, and counts it as sent. Waiters are served in order
    /// (tokio's mutex is fair), so no task starves.
    pub async fn acquire(&self) {
        let mut taken = self.taken.lock().await;
        if taken.len() >= self.per_window {
            let oldest = taken[taken.len() - self.per_window];
            let free_at = oldest + self.window;
            tokio::time::sleep_until(free_at.into()).await;
        }
        taken.push_back(Instant::now());
        while taken.len() > self.per_window {
            taken.pop_front();
        }
    }
}

/// The largest number of `times` falling in any window of length `window` (half-open), for
/// measuring the rate a run actually kept.
pub fn max_in_window(times: &[Instant], window: Duration) -> usize {
    let mut sorted = times.to_vec();
    sorted.sort();
    let mut best = 0;
    let mut start = 0;
    for end in 0..sorted.len() {
        while sorted[end].duration_since(sorted[start]) >= window {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_busiest_window() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let cases: [(&[u64], usize); 5] = [
            (&[], 0),
            (&[0], 1),
            (&[0, 10, 20, 1000], 3),
            (&[0, 10, 20, 999], 4),
            (&[0, 500, 900, 1400, 1800, 2300], 3),
        ];
        for (ms, want) in cases {
            let times: Vec<Instant> = ms.iter().map(|&m| at(m)).collect();
            assert_eq!(
                max_in_window(&times, Duration::from_secs(1)),
                want,
                "{ms:?}"
            );
        }
    }

    #[tokio::test]
    async fn never_lets_more_than_n_into_a_window() {
        let limiter = std::sync::Arc::new(RateLimiter::with_window(3, Duration::from_millis(200)));
        let times = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let (l, t) = (limiter.clone(), times.clone());
            tasks.push(tokio::spawn(async move {
                for _ in 0..3 {
                    l.acquire().await;
                    t.lock().unwrap().push(Instant::now());
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let times = times.lock().unwrap().clone();
        assert_eq!(times.len(), 12);
        assert_eq!(max_in_window(&times, Duration::from_millis(190)), 3);
        let span = times
            .iter()
            .max()
            .unwrap()
            .duration_since(*times.iter().min().unwrap());
        assert!(
            span >= Duration::from_millis(600),
            "12 requests at 3 per 200 ms took only {span:?}"
        );
    }
}
