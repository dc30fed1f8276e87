//! `UnitCtx`: the unit a resident token opens. Resident tokens are opaque
//! (not the tenant JWTs): a tenant token opens no resident endpoint and a
//! resident token opens no tenant API. A token opens only its own unit's
//! endpoints under its own property (docs/behaviour/resident-portal.md).

use axum::{
    extract::{FromRequestParts, RawPathParams},
    http::{header, request::Parts},
};
use r1_core::{ApiError, AppState};
use r1_property::resident::{TokenCheck, UnitSession};

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

/// A resident's bearer token and the property its request names, before
/// any check: the unit read takes this and checks the token in the same
/// statement that reads the unit.
#[derive(Debug, Clone)]
pub struct UnitToken {
    pub token: String,
    /// The stored venue id of the path's `propertyId`, if it can be one.
    pub property: Option<String>,
}

impl UnitToken {
    /// What the token opened, or 403 for a token of another property and
    /// 401 for no live token.
    pub fn opened<T>(check: TokenCheck<T>) -> Result<T, ApiError> {
        match check {
            TokenCheck::Opens(opened) => Ok(opened),
            TokenCheck::OtherProperty => Err(ApiError::Forbidden(
                "The resident token does not open this property".into(),
            )),
            TokenCheck::Refused => Err(ApiError::Unauthorized(
                "Invalid or expired resident token".into(),
            )),
        }
    }
}

impl FromRequestParts<AppState> for UnitToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts)?;
        let property = RawPathParams::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|params| {
                params
                    .iter()
                    .find(|(name, _)| *name == "propertyId")
                    .and_then(|(_, value)| property_link::property_id(value))
            });
        Ok(UnitToken { token, property })
    }
}

impl FromRequestParts<AppState> for UnitCtx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let t = UnitToken::from_request_parts(parts, state).await?;
        let mut conn = state.db.acquire().await?;
        let check = property_link::check_token(&mut conn, &t.token, t.property.as_deref()).await?;
        UnitToken::opened(check).map(UnitCtx)
    }
}
