//! The vendor's documented rate limits, as one layer keyed per API:
//! per tenant for tenant-scoped APIs, per property for the Resident Portal.
//! A caller over budget gets 429 with `Retry-After`.

use std::{future::Future, num::NonZeroU32, pin::Pin};

use axum::{
    extract::{FromRequestParts, RawPathParams, Request, State},
    middleware::{from_fn_with_state, FromFnLayer, Next},
    response::{IntoResponse, Response},
};
use governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota, RateLimiter,
};

use crate::{config::Config, error::ApiError, state::AppState};

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

    fn check(&self, key: &RateKey, id: &str) -> Result<(), ApiError> {
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

type Enforce = fn(State<RateKey>, Request, Next) -> Pin<Box<dyn Future<Output = Response> + Send>>;

/// The layer a domain router puts on its routes, e.g. `per_tenant("dpsk")`.
pub fn per_tenant(api: &'static str) -> FromFnLayer<Enforce, RateKey, (State<RateKey>, Request)> {
    from_fn_with_state(RateKey::Tenant(api), enforce as Enforce)
}

/// Counts requests per `propertyId` path parameter (Resident Portal).
pub fn per_property(api: &'static str) -> FromFnLayer<Enforce, RateKey, (State<RateKey>, Request)> {
    from_fn_with_state(RateKey::Property(api), enforce as Enforce)
}

fn enforce(
    State(key): State<RateKey>,
    req: Request,
    next: Next,
) -> Pin<Box<dyn Future<Output = Response> + Send>> {
    Box::pin(async move {
        // The server puts its state on every request (see r1-server's app).
        let Some(state) = req.extensions().get::<AppState>().cloned() else {
            tracing::error!("rate limit layer without AppState extension");
            return next.run(req).await;
        };
        let (mut parts, body) = req.into_parts();
        let id = match key {
            // Unauthenticated calls are not counted: the handler refuses them.
            RateKey::Tenant(_) => state
                .keys
                .from_headers(&parts.headers)
                .ok()
                .map(|claims| claims.tenant_id),
            RateKey::Property(_) => RawPathParams::from_request_parts(&mut parts, &())
                .await
                .ok()
                .and_then(|params| {
                    params
                        .iter()
                        .find(|(name, _)| *name == "propertyId")
                        .map(|(_, value)| value.to_string())
                }),
        };
        if let Some(id) = id {
            if let Err(e) = state.rate_limits.check(&key, &id) {
                return e.into_response();
            }
        }
        next.run(Request::from_parts(parts, body)).await
    })
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
