//! The limits `scripts/bench` sets r1's figures beside, measured in the same
//! run on the same machine: `bare-http` (what axum and tokio serve with no
//! work behind the handler) and `db-limit` (what PostgreSQL answers for the
//! very statement r1 runs, over sqlx with no HTTP and no auth).

use std::time::Duration;

/// Latencies of one run, for the table's columns.
pub struct Summary {
    pub requests: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
}

impl Summary {
    /// `latencies` in any order; `elapsed` the run's wall time.
    pub fn of(mut latencies: Vec<Duration>, elapsed: Duration) -> Self {
        latencies.sort_unstable();
        let at = |q: f64| {
            latencies
                .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
                .copied()
                .unwrap_or_default()
        };
        Self {
            requests: latencies.len(),
            per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
            p50: at(0.50),
            p99: at(0.99),
        }
    }

    /// One line `scripts/bench` reads: `requests=… rps=… p50_ms=… p99_ms=…`.
    pub fn line(&self) -> String {
        format!(
            "requests={} rps={:.0} p50_ms={:.2} p99_ms={:.2}",
            self.requests,
            self.per_second,
            self.p50.as_secs_f64() * 1000.0,
            self.p99.as_secs_f64() * 1000.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_the_sorted_latencies() {
        let latencies = (1..=100).rev().map(Duration::from_millis).collect();
        let s = Summary::of(latencies, Duration::from_secs(2));
        assert_eq!(s.requests, 100);
        assert_eq!(s.per_second, 50.0);
        assert_eq!(s.p50, Duration::from_millis(51));
        assert_eq!(s.p99, Duration::from_millis(100));
        assert_eq!(s.line(), "requests=100 rps=50 p50_ms=51.00 p99_ms=100.00");
    }

    #[test]
    fn an_empty_run_reads_as_zero() {
        let s = Summary::of(Vec::new(), Duration::from_secs(1));
        assert_eq!(
            (s.requests, s.p50, s.p99),
            (0, Duration::ZERO, Duration::ZERO)
        );
    }
}
