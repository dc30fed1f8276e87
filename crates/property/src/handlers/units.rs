//! Property Management's `Units API` operations.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use r1_core::{
    activity,
    auth::TenantCtx,
    extract::{Json, Path, Query},
    hal::BaseUrl,
    media::{JSON, V1},
    pagination::{Page, Pageable},
    ApiError, AppState,
};
use uuid::Uuid;

use super::{
    properties::{accepted, ExcludeContent},
    Hal, UnitPath, VenuePath,
};
use crate::{
    model::{AcceptedResponse, EntityModelAcceptedResponse, EntityModelUnit, QueryData, Unit},
    schemas::ErrorResource,
    units,
};

fn unit_path(venue_id: &str, id: Uuid) -> String {
    format!("/venues/{venue_id}/units/{id}")
}

/// Adds Unit to Venue
#[utoipa::path(
    post,
    path = "/venues/{venueId}/units",
    tag = "Units API",
    operation_id = "addUnit",
    params(VenuePath),
    request_body(content((Unit = JSON), (Unit = V1))),
    responses(
        (status = 202, description = "Accepted", body = EntityModelAcceptedResponse),
        (status = 400, description = "Bad request", content((ErrorResource = "*/*"))),
        (status = 404, description = "No property configuration on the venue", content((ErrorResource = "application/json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
        (status = 409, description = "Conflict-The unit trying to add already exists", content((ErrorResource = "*/*"))),
        (status = 422, description = "Unable to process the file", content((ErrorResource = "*/*"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "*/*"))),
    )
)]
pub async fn add_unit(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    base: BaseUrl,
    Json(body): Json<Unit>,
) -> Result<Response, ApiError> {
    let venue_id = path.id()?;
    let mut tx = state.db.begin().await?;
    let result = units::create(&mut tx, &ctx.tenant_id, &venue_id, body).await;
    let id = result.as_ref().ok().copied();
    let a = activity::settle(
        &state,
        &ctx,
        tx,
        "AddUnit",
        result.map(|id| Some(id.to_string())),
    )
    .await?;
    let id = id.ok_or_else(|| ApiError::internal("unit id missing after success"))?;
    Ok(accepted(a.request_id, &base, unit_path(&venue_id, id)))
}

/// Gets Units for Venue
#[utoipa::path(
    get,
    path = "/venues/{venueId}/units",
    tag = "Units API",
    operation_id = "getAllUnits",
    params(VenuePath, Pageable),
    responses(
        (status = 200, description = "Units for venue.", content((Page<EntityModelUnit> = "application/json"), (Page<EntityModelUnit> = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Invalid input supplied.", content((ErrorResource = "application/json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
    )
)]
pub async fn get_all_units(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    pageable: Pageable,
    base: BaseUrl,
) -> Result<Json<Page<EntityModelUnit>>, ApiError> {
    let venue_id = path.id()?;
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        units::list(&mut conn, &ctx.tenant_id, &venue_id, pageable, &base).await?,
    ))
}

/// Query Units for Venue
#[utoipa::path(
    post,
    path = "/venues/{venueId}/units/query",
    tag = "Units API",
    operation_id = "queryUnits",
    params(VenuePath, ExcludeContent),
    request_body(content((QueryData = JSON), (QueryData = V1))),
    responses(
        (status = 200, description = "Units for venue.", content((Page<EntityModelUnit> = "application/hal+json"), (Page<EntityModelUnit> = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Invalid query data supplied.", content((ErrorResource = "application/hal+json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
    )
)]
pub async fn query_units(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    Query(exclude): Query<ExcludeContent>,
    base: BaseUrl,
    Json(q): Json<QueryData>,
) -> Result<Hal<Page<EntityModelUnit>>, ApiError> {
    let venue_id = path.id()?;
    let mut conn = state.db.acquire().await?;
    let q = exclude.paging(q);
    let page = units::query(&mut conn, &ctx.tenant_id, &venue_id, &q, &base).await?;
    Ok(Hal(exclude.apply(page)))
}

/// Gets Unit for Venue
#[utoipa::path(
    get,
    path = "/venues/{venueId}/units/{unitId}",
    tag = "Units API",
    operation_id = "fetchUnit",
    params(UnitPath),
    responses(
        (status = 200, description = "Ok", content((EntityModelUnit = "application/hal+json"), (EntityModelUnit = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/hal+json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
        (status = 404, description = "Unit not found", content((ErrorResource = "application/json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/hal+json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
    )
)]
pub async fn fetch_unit(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<UnitPath>,
    base: BaseUrl,
) -> Result<Hal<EntityModelUnit>, ApiError> {
    let venue_id = VenuePath {
        venue_id: path.venue_id,
    }
    .id()?;
    let mut conn = state.db.acquire().await?;
    Ok(Hal(units::find(
        &mut conn,
        &ctx.tenant_id,
        &venue_id,
        path.unit_id,
        &base,
    )
    .await?))
}

/// Selectively Updates Unit Configurations
#[utoipa::path(
    patch,
    path = "/venues/{venueId}/units/{unitId}",
    tag = "Units API",
    operation_id = "editUnit",
    params(UnitPath),
    request_body(content((Unit = JSON), (Unit = V1))),
    responses(
        (status = 202, description = "Accepted", content((EntityModelAcceptedResponse = "application/json"), (EntityModelAcceptedResponse = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Missing or invalid request body", content((ErrorResource = "application/json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
        (status = 404, description = "Unit configuration not found for the given venue id", content((ErrorResource = "application/json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
        (status = 500, description = "Internal error", content((ErrorResource = "application/json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
    )
)]
pub async fn edit_unit(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<UnitPath>,
    base: BaseUrl,
    Json(body): Json<Unit>,
) -> Result<Response, ApiError> {
    let venue_id = VenuePath {
        venue_id: path.venue_id,
    }
    .id()?;
    let mut tx = state.db.begin().await?;
    let result = units::update(&mut tx, &ctx.tenant_id, &venue_id, path.unit_id, body)
        .await
        .map(|()| Some(path.unit_id.to_string()));
    let a = activity::settle(&state, &ctx, tx, "UpdateUnit", result).await?;
    Ok(accepted(
        a.request_id,
        &base,
        unit_path(&venue_id, path.unit_id),
    ))
}

/// Delete Unit for Venue
#[utoipa::path(
    delete,
    path = "/venues/{venueId}/units/{unitId}",
    tag = "Units API",
    operation_id = "deleteUnit",
    params(UnitPath),
    responses(
        (status = 202, description = "Accepted", content((AcceptedResponse = "application/json"), (AcceptedResponse = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
        (status = 404, description = "Unit not found", content((ErrorResource = "application/json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"), (ErrorResource = "application/vnd.ruckus.v1+json"))),
    )
)]
pub async fn delete_unit(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<UnitPath>,
) -> Result<Response, ApiError> {
    let venue_id = VenuePath {
        venue_id: path.venue_id,
    }
    .id()?;
    let mut tx = state.db.begin().await?;
    let result = units::delete(&mut tx, &ctx.tenant_id, &venue_id, path.unit_id)
        .await
        .map(|()| Some(path.unit_id.to_string()));
    let a = activity::settle(&state, &ctx, tx, "DeleteUnit", result).await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(AcceptedResponse {
            request_id: a.request_id.to_string(),
        }),
    )
        .into_response())
}

/// Gets Notifications for Units
#[utoipa::path(
    post,
    path = "/venues/{venueId}/units/notifications",
    tag = "Units API",
    operation_id = "resendNotifications",
    params(VenuePath),
    request_body(content((Vec<Uuid> = JSON), (Vec<Uuid> = V1)), description = "Unit ids (maximum of 100) to send notifications"),
    responses(
        (status = 200, description = "Ok"),
        (status = 400, description = "Bad request"),
        (status = 500, description = "Internal server error"),
    )
)]
pub async fn resend_notifications(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    Json(ids): Json<Vec<Uuid>>,
) -> Result<StatusCode, ApiError> {
    let venue_id = path.id()?;
    let mut tx = state.db.begin().await?;
    units::resend_notifications(&mut tx, &ctx.tenant_id, &venue_id, &ids).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}
