//! The token buckets behind the vendor's documented rate limits, one per
//! (API, tenant) and one per (API, path-parameter value). The layers that count requests
//! against them are in `rate_limit`.
//!
//! Several r1 processes may serve one database behind a load balancer. Each
//! keeps its buckets in memory (no database round trip on any request, so a
//! 429 stays cheap) and takes an equal share of every budget: with n live
//! processes (`instances`), each allows burst/n and refills rate/n, so the
//! budgets hold across processes when the balancer spreads requests evenly.

use std::{
    num::NonZeroU32,
    sync::{Arc, RwLock},
};

use governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota, RateLimiter,
};

use crate::{config::Config, error::ApiError};

/// Token buckets, one per (API, tenant) and one per (API, path-parameter value).
pub struct RateLimits {
    buckets: RwLock<Arc<Buckets>>,
    budgets: [(u32, u32); 2],
    clock: DefaultClock,
}

/// One process's share of the budgets.
struct Buckets {
    shares: u32,
    tenant: DefaultKeyedRateLimiter<String>,
    path_param: DefaultKeyedRateLimiter<String>,
}

impl Buckets {
    fn new(budgets: [(u32, u32); 2], shares: u32) -> Self {
        let share = |(burst, per_second): (u32, u32)| quota(burst / shares, per_second / shares);
        Buckets {
            shares,
            tenant: RateLimiter::keyed(share(budgets[0])),
            path_param: RateLimiter::keyed(share(budgets[1])),
        }
    }
}

fn quota(burst: u32, per_second: u32) -> Quota {
    let nz = |n: u32| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
    Quota::per_second(nz(per_second)).allow_burst(nz(burst))
}

impl RateLimits {
    pub fn new(config: &Config) -> Self {
        let budgets = [
            (
                config.rate_limit_tenant_burst,
                config.rate_limit_tenant_per_second,
            ),
            (
                config.rate_limit_property_burst,
                config.rate_limit_property_per_second,
            ),
        ];
        Self {
            buckets: RwLock::new(Arc::new(Buckets::new(budgets, 1))),
            budgets,
            clock: DefaultClock::default(),
        }
    }

    /// How many processes share the budgets now.
    pub fn shares(&self) -> u32 {
        self.current().shares
    }

    /// Takes a 1/n share of every budget. Buckets start full again when the
    /// number of processes changes, which only happens as processes come and
    /// go.
    pub fn set_shares(&self, n: u32) {
        let n = n.max(1);
        if self.current().shares == n {
            return;
        }
        let fresh = Arc::new(Buckets::new(self.budgets, n));
        if let Ok(mut buckets) = self.buckets.write() {
            *buckets = fresh;
        }
    }

    fn current(&self) -> Arc<Buckets> {
        match self.buckets.read() {
            Ok(buckets) => Arc::clone(&buckets),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn check(&self, key: &RateKey, id: &str) -> Result<(), ApiError> {
        let buckets = self.current();
        let (limiter, api) = match key {
            RateKey::Tenant(api) => (&buckets.tenant, api),
            RateKey::PathParam { api, .. } => (&buckets.path_param, api),
        };
        // `api:id`, sized up front: one allocation per counted request.
        let mut bucket = String::with_capacity(api.len() + 1 + id.len());
        bucket.push_str(api);
        bucket.push(':');
        bucket.push_str(id);
        limiter
            .check_key(&bucket)
            .map_err(|not_until| ApiError::TooManyRequests {
                retry_after: not_until.wait_time_from(self.clock.now()),
            })
    }
}

/// What a request is counted against.
#[derive(Debug, Clone, Copy)]
pub enum RateKey {
    /// The tenant of the bearer token, for the named API.
    Tenant(&'static str),
    /// A path parameter's value (the Resident Portal's `propertyId`), for
    /// the named API.
    PathParam {
        api: &'static str,
        param: &'static str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(burst: u32) -> RateLimits {
        let mut config = Config::from_env(Vec::new()).unwrap();
        config.rate_limit_tenant_burst = burst;
        config.rate_limit_tenant_per_second = 1;
        RateLimits::new(&config)
    }

    #[test]
    fn burst_then_429_with_retry_after_per_api_and_tenant() {
        let limits = limits(3);
        let dpsk = RateKey::Tenant("dpsk");
        for _ in 0..3 {
            limits.check(&dpsk, "t1").unwrap();
        }
        match limits.check(&dpsk, "t1") {
            Err(ApiError::TooManyRequests { retry_after }) => {
                assert!(retry_after.as_millis() > 0)
            }
            other => panic!("expected 429, got {other:?}"),
        }
        // Other tenants and other APIs have their own budget.
        limits.check(&dpsk, "t2").unwrap();
        limits.check(&RateKey::Tenant("identity"), "t1").unwrap();
    }

    #[test]
    fn each_of_n_processes_takes_an_nth_of_the_budget() {
        let limits = limits(10);
        limits.set_shares(2);
        assert_eq!(limits.shares(), 2);
        let dpsk = RateKey::Tenant("dpsk");
        let allowed = (0..10)
            .filter(|_| limits.check(&dpsk, "t1").is_ok())
            .count();
        assert_eq!(allowed, 5);
        // Back to one process: the whole budget, buckets full again.
        limits.set_shares(1);
        let allowed = (0..20)
            .filter(|_| limits.check(&dpsk, "t1").is_ok())
            .count();
        assert_eq!(allowed, 10);
        limits.set_shares(0);
        assert_eq!(limits.shares(), 1, "never less than one share");
    }
}
