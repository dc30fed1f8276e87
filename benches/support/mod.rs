//! What the bench targets share: timing reports, the rate at 32
//! connections, the process's memory. Timing lives here and in the bench
//! targets only, never in a test.

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use r1::TestApp;
use reqwest::StatusCode;

/// Calls timed one after another for each figure.
pub const RUNS: usize = 30;
/// Concurrent clients of a rate figure.
pub const CONNECTIONS: usize = 32;
/// How long a rate figure runs.
pub const SECONDS: u64 = 5;

/// Prints the minimum, median and 95th percentile of `times`.
pub fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
    println!(
        "{label:<72} min {:>7.1} ms  median {:>7.1} ms  p95 {:>7.1} ms",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(p95)
    );
}

/// Requests per second of `make` at [`CONNECTIONS`] connections for
/// [`SECONDS`]; every answer must be 200.
pub async fn rate<F>(app: &TestApp, make: F) -> f64
where
    F: Fn(&reqwest::Client) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(SECONDS);
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let http = app.http.clone();
        let (make, done) = (make.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < until {
                let res = make(&http).send().await.unwrap();
                assert_eq!(res.status(), StatusCode::OK);
                res.bytes().await.unwrap();
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / SECONDS as f64
}

/// A `/proc/self/status` figure in MB (`VmRSS`, `VmHWM`).
#[allow(dead_code)] // one bench target reads memory, the other does not
pub fn memory(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|rest| rest.trim_start_matches(':').split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}
