//! `Resident Portal Login API`.

use axum::extract::State;
use r1_core::{
    extract::{Json, Path},
    ApiError, AppState,
};
use r1_property::Hal;

use super::PropertyPath;
use crate::{
    model::ErrorResource,
    model::{LoginResource, PortalTokenResource},
    property_link,
};

/// Access Resident Portal
#[utoipa::path(
    post,
    path = "/residents/properties/{propertyId}/units/logins",
    tag = "Resident Portal Login API",
    operation_id = "residentLogin",
    params(PropertyPath),
    request_body(content = LoginResource, content_type = "application/json"),
    security(()),
    responses(
        (status = 200, description = "Ok", content((PortalTokenResource = "application/hal+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 401, description = "Unknown property, wrong secret or disabled unit", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn resident_login(
    State(state): State<AppState>,
    Path(path): Path<PropertyPath>,
    Json(body): Json<LoginResource>,
) -> Result<Hal<PortalTokenResource>, ApiError> {
    let hashed = body
        .hashed_secret
        .ok_or_else(|| ApiError::field("login", "hashedSecret", (), "must not be null"))?;
    let mut tx = state.db.begin().await?;
    let login = property_link::login(
        &mut tx,
        &path.property_id,
        &hashed,
        state.config.token_ttl_secs,
    )
    .await?;
    tx.commit().await?;
    Ok(Hal(PortalTokenResource {
        unit_guid: login.unit_id.to_string(),
        token: login.token,
        server_version: env!("CARGO_PKG_VERSION").to_string(),
        expire_date_time: login.expires_at,
    }))
}
