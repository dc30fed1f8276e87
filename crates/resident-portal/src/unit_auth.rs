//! `UnitCtx`: the unit a resident token opens. Resident tokens are opaque
//! (not the tenant JWTs): a tenant token opens no resident endpoint and a
//! resident token opens no tenant API. A token opens only its own unit's
//! endpoints under its own property (docs/behaviour/resident-portal.md).

use axum::{
    extract::{FromRequestParts, RawPathParams},
    http::{header, request::Parts},
};
use r1_core::{ApiError, AppState};
use r1_property::resident::UnitSession;

use crate::property_link;

#[derive(Debug, Clone)]
pub struct UnitCtx(pub UnitSession);

fn bearer(parts: &Parts) -> Result<String, ApiError> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            ApiError::Unauthorized(
                "Send the resident token as Authorization: Bearer <token>".into(),
            )
        })
}

impl FromRequestParts<AppState> for UnitCtx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts)?;
        let mut conn = state.db.acquire().await?;
        let session = property_link::session(&mut conn, &token)
            .await?
            .ok_or_else(|| ApiError::Unauthorized("Invalid or expired resident token".into()))?;
        let property = RawPathParams::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|params| {
                params
                    .iter()
                    .find(|(name, _)| *name == "propertyId")
                    .and_then(|(_, value)| property_link::property_id(value))
            });
        if property.as_deref() != Some(session.venue_id.as_str()) {
            return Err(ApiError::Forbidden(
                "The resident token does not open this property".into(),
            ));
        }
        Ok(UnitCtx(session))
    }
}
