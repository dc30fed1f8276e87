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
        let counted = match key {
            // Unauthenticated calls are not counted: the handler refuses them.
            // The verified claims travel on, so the handler's extractor does
            // not look the token up a second time.
            RateKey::Tenant(_) => match state.keys.from_headers(&parts.headers) {
                Ok(claims) => {
                    let counted = state.rate_limits.check(&key, &claims.tenant_id);
                    parts.extensions.insert(claims);
                    counted
                }
                Err(_) => Ok(()),
            },
            RateKey::PathParam { param, .. } => {
                match RawPathParams::from_request_parts(&mut parts, &()).await {
                    Ok(params) => match params.iter().find(|(name, _)| *name == param) {
                        Some((_, value)) => state.rate_limits.check(&key, value),
                        None => Ok(()),
                    },
                    Err(_) => Ok(()),
                }
            }
        };
        if let Err(e) = counted {
            return e.into_response();
        }
        next.run(Request::from_parts(parts, body)).await
    })
}
