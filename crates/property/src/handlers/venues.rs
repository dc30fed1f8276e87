//! The Venue Service API's `Venue` operations and the viewmodel's venue
//! query.

use axum::extract::State;
use r1_core::{
    activity,
    auth::TenantCtx,
    error::ErrorBody,
    extract::{Json, Path},
    media::{JSON, V1},
    ApiError, AppState,
};

use super::VenuePath;
use crate::{
    model::{
        DynamicQueryPayloadDto, OperationResponseVenueView, OperationResponseVoid,
        VenueQueryResponse, VenueView,
    },
    venues,
};

/// Request Venue
#[utoipa::path(
    post,
    path = "/venues",
    tag = "Venue",
    operation_id = "CreateVenue",
    request_body(content((VenueView = JSON), (VenueView = V1))),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseVenueView = "application/json"), (OperationResponseVenueView = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad/malformed request", content((ErrorBody = "application/json"))),
        (status = 401, description = "Not-authorized", content((ErrorBody = "application/json"))),
        (status = 403, description = "Forbidden", content((ErrorBody = "application/json"))),
        (status = 404, description = "Requested resource or related-entity not found", content((ErrorBody = "application/json"))),
        (status = 409, description = "A venue with that name exists", content((ErrorBody = "application/json"))),
        (status = 422, description = "Validation error", content((ErrorBody = "application/json"))),
        (status = 500, description = "Internal Server Error", content((ErrorBody = "application/json"))),
    )
)]
pub async fn create_venue(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<VenueView>,
) -> Result<
    (
        axum::http::StatusCode,
        axum::Json<OperationResponseVenueView>,
    ),
    ApiError,
> {
    let mut tx = state.db.begin().await?;
    let result = venues::create(&mut tx, &ctx.tenant_id, &body).await;
    let venue = result.as_ref().ok().cloned();
    let id = result.map(|v| v.id);
    let accepted = activity::settle(&state, &ctx, tx, "AddVenue", id).await?;
    Ok((
        axum::http::StatusCode::ACCEPTED,
        axum::Json(OperationResponseVenueView {
            request_id: accepted.request_id.to_string(),
            response: venue.unwrap_or_default(),
        }),
    ))
}

/// Access Venue by ID
#[utoipa::path(
    get,
    path = "/venues/{venueId}",
    tag = "Venue",
    operation_id = "GetVenue",
    params(VenuePath),
    responses(
        (status = 200, description = "OK", content((VenueView = "application/json"), (VenueView = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad/malformed request", content((ErrorBody = "application/json"))),
        (status = 401, description = "Not-authorized", content((ErrorBody = "application/json"))),
        (status = 403, description = "Forbidden", content((ErrorBody = "application/json"))),
        (status = 404, description = "Requested resource or related-entity not found", content((ErrorBody = "application/json"))),
        (status = 422, description = "Validation error", content((ErrorBody = "application/json"))),
        (status = 500, description = "Internal Server Error", content((ErrorBody = "application/json"))),
    )
)]
pub async fn get_venue(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
) -> Result<Json<VenueView>, ApiError> {
    let id = path.id()?;
    let mut conn = state.db.acquire().await?;
    Ok(Json(venues::find(&mut conn, &ctx.tenant_id, &id).await?))
}

/// Replace Venue
#[utoipa::path(
    put,
    path = "/venues/{venueId}",
    tag = "Venue",
    operation_id = "UpdateVenue",
    params(VenuePath),
    request_body(content((VenueView = JSON), (VenueView = V1))),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseVenueView = "application/json"), (OperationResponseVenueView = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad/malformed request", content((ErrorBody = "application/json"))),
        (status = 401, description = "Not-authorized", content((ErrorBody = "application/json"))),
        (status = 403, description = "Forbidden", content((ErrorBody = "application/json"))),
        (status = 409, description = "A venue with that name exists", content((ErrorBody = "application/json"))),
        (status = 404, description = "Requested resource or related-entity not found", content((ErrorBody = "application/json"))),
        (status = 422, description = "Validation error", content((ErrorBody = "application/json"))),
        (status = 500, description = "Internal Server Error", content((ErrorBody = "application/json"))),
    )
)]
pub async fn update_venue(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    Json(body): Json<VenueView>,
) -> Result<
    (
        axum::http::StatusCode,
        axum::Json<OperationResponseVenueView>,
    ),
    ApiError,
> {
    let id = path.id()?;
    let mut tx = state.db.begin().await?;
    let result = venues::update(&mut tx, &ctx.tenant_id, &id, &body).await;
    let venue = result.as_ref().ok().cloned();
    let id = result.map(|v| v.id);
    let accepted = activity::settle(&state, &ctx, tx, "UpdateVenue", id).await?;
    Ok((
        axum::http::StatusCode::ACCEPTED,
        axum::Json(OperationResponseVenueView {
            request_id: accepted.request_id.to_string(),
            response: venue.unwrap_or_default(),
        }),
    ))
}

/// Revoke Venue by ID
#[utoipa::path(
    delete,
    path = "/venues/{venueId}",
    tag = "Venue",
    operation_id = "DeleteVenue",
    params(VenuePath),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseVoid = "application/json"), (OperationResponseVoid = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad/malformed request", content((ErrorBody = "application/json"))),
        (status = 401, description = "Not-authorized", content((ErrorBody = "application/json"))),
        (status = 403, description = "Forbidden", content((ErrorBody = "application/json"))),
        (status = 404, description = "Requested resource or related-entity not found", content((ErrorBody = "application/json"))),
        (status = 422, description = "Validation error", content((ErrorBody = "application/json"))),
        (status = 500, description = "Internal Server Error", content((ErrorBody = "application/json"))),
    )
)]
pub async fn delete_venue(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
) -> Result<(axum::http::StatusCode, axum::Json<OperationResponseVoid>), ApiError> {
    let id = path.id()?;
    let mut tx = state.db.begin().await?;
    let result = venues::delete(&mut tx, &ctx.tenant_id, &id)
        .await
        .map(|()| Some(id));
    let accepted = activity::settle(&state, &ctx, tx, "DeleteVenue", result).await?;
    Ok((
        axum::http::StatusCode::ACCEPTED,
        axum::Json(OperationResponseVoid {
            request_id: accepted.request_id.to_string(),
            response: serde_json::json!({}),
        }),
    ))
}

/// Get Venues
#[utoipa::path(
    post,
    path = "/venues/query",
    tag = "View Venue",
    operation_id = "venue",
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "successful operation", content((VenueQueryResponse = "application/json"), (VenueQueryResponse = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad/malformed request"),
        (status = 401, description = "Unauthorized"),
        (status = 403, description = "Forbidden"),
        (status = 404, description = "Requested resource or related-entity not found"),
        (status = 422, description = "Validation error"),
        (status = 500, description = "Internal Server Error"),
    )
)]
pub async fn query_venues(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Json<VenueQueryResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(venues::query(&mut conn, &ctx.tenant_id, body).await?))
}
