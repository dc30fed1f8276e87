//! Property Management's `Units API` operations.

use axum::{
    extract::{FromRequest, Request, State},
    http::{header, StatusCode},
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
    csv_io,
    model::{AcceptedResponse, EntityModelAcceptedResponse, EntityModelUnit, QueryData, Unit},
    schemas::ErrorResource,
    unit_batches, units,
};

fn unit_path(venue_id: &str, id: Uuid) -> String {
    format!("/venues/{venue_id}/units/{id}")
}

/// The CSV file of a multipart unit import: the `unitImports` part (or the
/// first file).
async fn unit_imports(req: Request) -> Result<Vec<u8>, ApiError> {
    let mut multipart = super::multipart_of(req).await?;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::BadRequest(e.body_text()))?
    {
        if field.name() == Some("unitImports") || field.file_name().is_some() {
            return field
                .bytes()
                .await
                .map(|b| b.to_vec())
                .map_err(|e| ApiError::BadRequest(e.body_text()));
        }
    }
    Err(ApiError::field(
        "unitImports",
        "unitImports",
        (),
        "the multipart body has no unitImports file",
    ))
}

/// Adds Unit to Venue
#[utoipa::path(
    post,
    path = "/venues/{venueId}/units",
    tag = "Units API",
    operation_id = "addUnit",
    params(VenuePath),
    request_body(
        content((Unit = "application/json"), (Unit = "application/vnd.ruckus.v1+json"), (String = "multipart/form-data")),
        description = "A Unit as JSON, or `multipart/form-data` with a CSV file `unitImports` (columns: name, residentName, residentEmail, residentPhoneNumber, status, unitPassphrase, unitVlan, guestPassphrase, guestVlan)"
    ),
    responses(
        (status = 202, description = "Accepted", body = EntityModelAcceptedResponse),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "No property configuration on the venue", content((ErrorResource = "application/json"))),
        (status = 409, description = "Conflict-The unit trying to add already exists", content((ErrorResource = "application/json"))),
        (status = 422, description = "Unable to process the file", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn add_unit(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    base: BaseUrl,
    req: Request,
) -> Result<Response, ApiError> {
    let venue_id = path.id()?;
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"));
    if is_multipart {
        let units = csv_io::read_units(&unit_imports(req).await?)?;
        let mut tx = state.db.begin().await?;
        let result = units::import(&mut tx, &ctx.tenant_id, &venue_id, units)
            .await
            .map(|_| None);
        let a = activity::settle(&state, &ctx, tx, "ImportUnits", result).await?;
        return Ok(accepted(
            a.request_id,
            &base,
            format!("/venues/{venue_id}/units"),
        ));
    }
    let Json(body) = Json::<Unit>::from_request(req, &state).await?;
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
        (status = 400, description = "Invalid input supplied.", content((ErrorResource = "application/json"))),
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
        (status = 400, description = "Invalid query data supplied.", content((ErrorResource = "application/json"))),
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
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Unit not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
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
        (status = 400, description = "Missing or invalid request body", content((ErrorResource = "application/json"))),
        (status = 404, description = "Unit configuration not found for the given venue id", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal error", content((ErrorResource = "application/json"))),
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
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Unit not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
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
    unit_batches::resend_notifications(&mut tx, &ctx.tenant_id, &venue_id, &ids).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}
