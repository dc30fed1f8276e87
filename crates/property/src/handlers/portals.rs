//! Property Management's `Resident Portals` operations.

use axum::{
    extract::{Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use r1_core::{
    activity,
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

use super::{multipart_of, portal_form, properties::ExcludeContent, Hal, PortalPath};
use crate::{
    model::{EntityModelAcceptedResponse, EntityModelResidentPortal, QueryData},
    portals::{self, FileType},
    schemas::ErrorResource,
};

/// Adds Resident Portal
#[utoipa::path(
    post,
    path = "/residentPortals",
    tag = "Resident Portals",
    operation_id = "addResidentPortal",
    request_body(content = String, content_type = "multipart/form-data", description = "Parts: portal (ResidentPortal as JSON, required), logo and favIcon (image files)"),
    responses(
        (status = 201, description = "Created", content((EntityModelAcceptedResponse = "application/json"), (EntityModelAcceptedResponse = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 409, description = "Conflict-The resident portal trying to add already exists", content((ErrorResource = "application/json"))),
        (status = 413, description = "A file is too large", content((ErrorResource = "application/json"))),
        (status = 415, description = "Not multipart/form-data, or a file that is no image", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn add_resident_portal(
    State(state): State<AppState>,
    ctx: TenantCtx,
    base: BaseUrl,
    req: Request,
) -> Result<Response, ApiError> {
    let form = portal_form(multipart_of(req).await?, "portal").await?;
    let mut tx = state.db.begin().await?;
    let result = portals::create(&mut tx, &ctx.tenant_id, form).await;
    let id = result.as_ref().ok().copied();
    let a = activity::settle(
        &state,
        &ctx,
        tx,
        "AddResidentPortal",
        result.map(|id| Some(id.to_string())),
    )
    .await?;
    let id = id.ok_or_else(|| ApiError::internal("portal id missing after success"))?;
    let path = format!("/residentPortals/{id}");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("{}{path}", base.0))],
        axum::Json(EntityModelAcceptedResponse {
            request_id: a.request_id.to_string(),
            links: base.links([("self", path)]),
        }),
    )
        .into_response())
}

/// Gets Resident Portal
#[utoipa::path(
    get,
    path = "/residentPortals/{portalId}",
    tag = "Resident Portals",
    operation_id = "fetchResidentPortal",
    params(PortalPath),
    responses(
        (status = 200, description = "Ok", content((EntityModelResidentPortal = "application/hal+json"), (EntityModelResidentPortal = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn fetch_resident_portal(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<PortalPath>,
    base: BaseUrl,
) -> Result<Hal<EntityModelResidentPortal>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let row = portals::find_row(&mut conn, &ctx.tenant_id, path.portal_id).await?;
    Ok(Hal(portals::view(row, &base)))
}

/// Updates Resident Portal Configurations
#[utoipa::path(
    patch,
    path = "/residentPortals/{portalId}",
    tag = "Resident Portals",
    operation_id = "editResidentPortal",
    params(PortalPath),
    request_body(content = String, content_type = "multipart/form-data", description = "Parts: changes (ResidentPortal members to change, as JSON), logo and favIcon (image files)"),
    responses(
        (status = 200, description = "Resident portal configuration updated", content((EntityModelResidentPortal = "application/json"), (EntityModelResidentPortal = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Missing or invalid request body", content((ErrorResource = "application/json"))),
        (status = 404, description = "Resident portal configuration not found for the given id", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn edit_resident_portal(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<PortalPath>,
    base: BaseUrl,
    req: Request,
) -> Result<Json<EntityModelResidentPortal>, ApiError> {
    let form = portal_form(multipart_of(req).await?, "changes").await?;
    let mut tx = state.db.begin().await?;
    portals::update(&mut tx, &ctx.tenant_id, path.portal_id, form).await?;
    let row = portals::find_row(&mut tx, &ctx.tenant_id, path.portal_id).await?;
    tx.commit().await?;
    Ok(Json(portals::view(row, &base)))
}

/// Delete Resident Portal
#[utoipa::path(
    delete,
    path = "/residentPortals/{portalId}",
    tag = "Resident Portals",
    operation_id = "deleteResidentPortal",
    params(PortalPath),
    responses(
        (status = 200, description = "Ok"),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn delete_resident_portal(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<PortalPath>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    portals::delete(&mut tx, &ctx.tenant_id, path.portal_id).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}

/// Query Resident Portals
#[utoipa::path(
    post,
    path = "/residentPortals/query",
    tag = "Resident Portals",
    operation_id = "queryResidentPortals",
    params(ExcludeContent),
    request_body(content((QueryData = JSON), (QueryData = V1))),
    responses(
        (status = 200, description = "Resident portal details.", content((Page<EntityModelResidentPortal> = "application/hal+json"), (Page<EntityModelResidentPortal> = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Invalid query data supplied.", content((ErrorResource = "application/json"))),
    )
)]
pub async fn query_resident_portals(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Query(exclude): Query<ExcludeContent>,
    base: BaseUrl,
    Json(q): Json<QueryData>,
) -> Result<Hal<Page<EntityModelResidentPortal>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let q = exclude.paging(q);
    let page = portals::query(&mut conn, &ctx.tenant_id, &q, &base).await?;
    Ok(Hal(exclude.apply(page)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct PortalFilePath {
    /// Resident Portal Id
    pub portal_id: Uuid,
    /// Resident Portal file type: `logo` or `favIcon`
    #[serde(rename = "type")]
    #[param(rename = "type", inline)]
    pub kind: FileType,
}

/// A stored file, byte for byte, with its content type.
pub fn file_response(file: crate::repo::PortalFile) -> Response {
    ([(header::CONTENT_TYPE, file.content_type)], file.bytes).into_response()
}

/// Gets Resident Portal File
#[utoipa::path(
    get,
    path = "/residentPortals/{portalId}/files/{type}",
    tag = "Resident Portals",
    operation_id = "downloadPortalFile",
    params(PortalFilePath),
    responses(
        (status = 200, description = "Ok", content_type = "*/*", body = String),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn download_portal_file(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<PortalFilePath>,
) -> Result<Response, ApiError> {
    let kind = path.kind;
    let mut conn = state.db.acquire().await?;
    let file = portals::file(&mut conn, &ctx.tenant_id, path.portal_id, kind).await?;
    Ok(file_response(file))
}

/// Deletes Resident Portal File
#[utoipa::path(
    delete,
    path = "/residentPortals/{portalId}/files/{type}",
    tag = "Resident Portals",
    operation_id = "deletePortalFile",
    params(PortalFilePath),
    responses(
        (status = 200, description = "Ok"),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn delete_portal_file(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<PortalFilePath>,
) -> Result<StatusCode, ApiError> {
    let kind = path.kind;
    let mut tx = state.db.begin().await?;
    portals::delete_file(&mut tx, &ctx.tenant_id, path.portal_id, kind).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}
