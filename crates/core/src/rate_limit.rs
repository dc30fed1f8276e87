//! The vendor's documented rate limits, as one layer keyed per API: per
//! tenant for tenant-scoped APIs, or per value of a path parameter (the
//! Resident Portal counts per `propertyId`). A caller over budget gets 429
//! with `Retry-After`.

use axum::{
    extract::{FromRequestParts, RawPathParams, Request},
    response::{IntoResponse, Response},
};
use futures::FutureExt;

use crate::around::{Around, AroundLayer, Pass};
use crate::state::AppState;

pub use crate::limits::{RateKey, RateLimits};

/// The layer a domain router puts on its routes, e.g. `per_tenant("dpsk")`.
pub fn per_tenant(api: &'static str) -> AroundLayer<Enforce> {
    AroundLayer(Enforce(RateKey::Tenant(api)))
}

/// Counts requests per value of the path parameter `param`, against the
/// path-parameter budget (`rate_limit_property_*`), e.g.
/// `per_path_param("resident-portal", "propertyId")`.
pub fn per_path_param(api: &'static str, param: &'static str) -> AroundLayer<Enforce> {
    AroundLayer(Enforce(RateKey::PathParam { api, param }))
}

/// Counts each request against its key's budget; over it, the answer is 429.
#[derive(Clone)]
pub struct Enforce(RateKey);

impl Around for Enforce {
    type Seen = ();

    fn request(&self, req: Request) -> Pass<()> {
        // The server puts its state on every request (see r1-server's app).
        let Some(state) = req.extensions().get::<AppState>().cloned() else {
            tracing::error!("rate limit layer without AppState extension");
            return Pass::On(req, ());
        };
        let (mut parts, body) = req.into_parts();
        let key = self.0;
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
            // axum's extractor reads the route's parameters, which the router
            // has set, and waits for nothing: its future is ready at once.
            RateKey::PathParam { param, .. } => {
                match RawPathParams::from_request_parts(&mut parts, &()).now_or_never() {
                    Some(Ok(params)) => match params.iter().find(|(name, _)| *name == param) {
                        Some((_, value)) => state.rate_limits.check(&key, value),
                        None => Ok(()),
                    },
                    _ => Ok(()),
                }
            }
        };
        match counted {
            Ok(()) => Pass::On(Request::from_parts(parts, body), ()),
            Err(over) => Pass::Answer(over.into_response()),
        }
    }

    fn response(&self, _: (), res: Response) -> Response {
        res
    }
}
