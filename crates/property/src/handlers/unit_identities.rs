//! Property Management's `Units Identity API` operations.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    auth::TenantCtx,
    extract::{Json, Path, Query},
    hal::BaseUrl,
    media::{JSON, V1},
    pagination::Page,
    ApiError, AppState,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{properties::ExcludeContent, Hal, VenuePath};
use crate::{
    model::{EntityModelPersona, Persona, QueryData},
    schemas::ErrorResource,
    unit_identities,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct UnitIdentityPath {
    /// Venue Id
    pub venue_id: String,
    /// Unit Id
    pub unit_id: Uuid,
    /// Identity Id
    pub identity_id: Uuid,
}

/// Associate Identity to Unit
#[utoipa::path(
    put,
    path = "/venues/{venueId}/units/{unitId}/identities/{identityId}",
    tag = "Units Identity API",
    operation_id = "associateIdentity",
    params(UnitIdentityPath),
    responses(
        (status = 200, description = "Ok", content((Persona = "application/json"), (Persona = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Unit or identity not found", content((ErrorResource = "application/json"))),
        (status = 409, description = "The identity belongs to a unit already", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn associate_identity(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<UnitIdentityPath>,
) -> Result<Json<Persona>, ApiError> {
    let venue_id = VenuePath {
        venue_id: path.venue_id,
    }
    .id()?;
    let mut tx = state.db.begin().await?;
    let persona = unit_identities::associate_identity(
        &mut tx,
        &ctx.tenant_id,
        &venue_id,
        path.unit_id,
        path.identity_id,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(persona))
}

/// Delete Unit Identity
#[utoipa::path(
    delete,
    path = "/venues/{venueId}/units/{unitId}/identities/{identityId}",
    tag = "Units Identity API",
    operation_id = "deleteIdentity",
    params(UnitIdentityPath),
    responses(
        (status = 200, description = "Ok"),
        (status = 400, description = "The unit's own identity", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not associated", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn delete_identity(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<UnitIdentityPath>,
) -> Result<StatusCode, ApiError> {
    let venue_id = VenuePath {
        venue_id: path.venue_id,
    }
    .id()?;
    let mut tx = state.db.begin().await?;
    unit_identities::remove_identity(
        &mut tx,
        &ctx.tenant_id,
        &venue_id,
        path.unit_id,
        path.identity_id,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}

/// Query Associated Identities for a Unit
#[utoipa::path(
    post,
    path = "/venues/{venueId}/units/identities/query",
    tag = "Units Identity API",
    operation_id = "queryIdentities",
    params(VenuePath, ExcludeContent),
    request_body(content((QueryData = JSON), (QueryData = V1))),
    responses(
        (status = 200, description = "Identities for venue.", content((Page<EntityModelPersona> = "application/hal+json"), (Page<EntityModelPersona> = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Invalid query data supplied.", content((ErrorResource = "application/json"))),
    )
)]
pub async fn query_identities(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    Query(exclude): Query<ExcludeContent>,
    base: BaseUrl,
    Json(q): Json<QueryData>,
) -> Result<Hal<Page<EntityModelPersona>>, ApiError> {
    let venue_id = path.id()?;
    let mut conn = state.db.acquire().await?;
    let q = exclude.paging(q);
    let page =
        unit_identities::query_identities(&mut conn, &ctx.tenant_id, &venue_id, &q, &base).await?;
    Ok(Hal(exclude.apply(page)))
}
