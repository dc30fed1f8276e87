//! HTTP handlers: extract, call a use case or the repository, shape the
//! response. Path parameters are named as the bundle names them: `id` on the
//! group's own paths, `groupId` and `id` under `.../identities`.

pub mod dpsk;
pub mod groups;
pub mod identities;

use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, Request},
};
use r1_core::{extract::Json, ApiError};
use serde::{de::DeserializeOwned, Deserialize};
use serde_json::Value;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::rules;

/// The group's own paths: `/identityGroups/{id}...`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct GroupIdPath {
    /// Group id
    pub id: Uuid,
}

/// The group as the parent of identities: `/identityGroups/{groupId}/identities...`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct GroupPath {
    /// Group id
    pub group_id: Uuid,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct IdentityPath {
    /// Group id
    pub group_id: Uuid,
    /// Identity id
    pub id: Uuid,
}

/// A JSON request body, extracted as `r1_core::extract::Json` (same media
/// types and rejections), whose strings hold no NUL character: PostgreSQL
/// cannot store one, so it is a 400 naming the member, not a database error.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state).await?;
        // JSON can only carry NUL escaped; parse for its place only then.
        if bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
            if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
                if let Some(path) = rules::nul_at(&value) {
                    return Err(ApiError::field(
                        "request",
                        &path,
                        Value::Null,
                        "must not contain the NUL character",
                    ));
                }
            }
        }
        let req = Request::from_parts(parts, Body::from(bytes));
        let Json(value) = Json::<T>::from_request(req, state).await?;
        Ok(JsonBody(value))
    }
}
