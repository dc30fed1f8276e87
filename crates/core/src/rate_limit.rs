//! The vendor's documented rate limits, as one layer keyed per API: per
//! tenant for tenant-scoped APIs, or per value of a path parameter (the
//! Resident Portal counts per `propertyId`). A caller over budget gets 429
//! with `Retry-After`.

use std::{future::Future, pin::Pin};

use axum::{
    extract::{FromRequestParts, RawPathParams, Request, State},
    middleware::{from_fn_with_state, FromFnLayer, Next},
    response::{IntoResponse, Response},
};

use crate::state::AppState;

pub use crate::limits::{RateKey, RateLimits};

type Enforce = fn(State<RateKey>, Request, Next) -> Pin<Box<dyn Future<Output = Response> + Send>>;

/// The layer a domain router puts on its routes, e.g. `per_tenant("dpsk")`.
pub fn per_tenant(api: &'static str) -> FromFnLayer<Enforce, RateKey, (State<RateKey>, Request)> {
    from_fn_with_state(RateKey::Tenant(api), enforce as Enforce)
}

/// Counts requests per value of the path parameter `param`, against the
/// path-parameter budget (`rate_limit_property_*`), e.g.
/// `per_path_param("resident-portal", "propertyId")`.
pub fn per_path_param(
    api: &'static str,
    param: &'static str,
) -> FromFnLayer<Enforce, RateKey, (State<RateKey>, Request)> {
    from_fn_with_state(RateKey::PathParam { api, param }, enforce as Enforce)
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
            // The verified claims travel on, so the handler's extractor does
            // not decode the token a second time.
            RateKey::Tenant(_) => state.keys.from_headers(&parts.headers).ok().map(|claims| {
                let id = claims.tenant_id.clone();
                parts.extensions.insert(claims);
                id
            }),
            RateKey::PathParam { param, .. } => RawPathParams::from_request_parts(&mut parts, &())
                .await
                .ok()
                .and_then(|params| {
                    params
                        .iter()
                        .find(|(name, _)| *name == param)
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
