//! The token buckets behind the vendor's documented rate limits, one per
//! (API, tenant) and one per (API, property). The layers that count requests
//! against them are in `rate_limit`.

use std::num::NonZeroU32;

use governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota, RateLimiter,
};

use crate::{config::Config, error::ApiError};

/// Token buckets, one per (API, tenant) and one per (API, property).
pub struct RateLimits {
    tenant: DefaultKeyedRateLimiter<String>,
    property: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

fn quota(burst: u32, per_second: u32) -> Quota {
    let nz = |n: u32| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
    Quota::per_second(nz(per_second)).allow_burst(nz(burst))
}

impl RateLimits {
    pub fn new(config: &Config) -> Self {
        Self {
            tenant: RateLimiter::keyed(quota(
                config.rate_limit_tenant_burst,
                config.rate_limit_tenant_per_second,
            )),
            property: RateLimiter::keyed(quota(
                config.rate_limit_property_burst,
                config.rate_limit_property_per_second,
            )),
            clock: DefaultClock::default(),
        }
    }

    pub fn check(&self, key: &RateKey, id: &str) -> Result<(), ApiError> {
        let (limiter, api) = match key {
            RateKey::Tenant(api) => (&self.tenant, api),
            RateKey::Property(api) => (&self.property, api),
        };
        limiter
            .check_key(&format!("{api}:{id}"))
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
    /// The `propertyId` path parameter, for the named API.
    Property(&'static str),
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
}
