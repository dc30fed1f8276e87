//! Property Management's `Property Configuration` operations.

use axum::{
    extract::State,
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

use super::{Hal, VenuePath};
use crate::{
    model::{
        EntityModelAcceptedResponse, EntityModelPropertyDto, PropertyDto,
        PropertyResidentPortalAssignment, QueryData,
    },
    properties,
    schemas::ErrorResource,
};

/// The query string of the query operations: `excludeContent=true`
/// answers the counts without the rows; `page` (from 0) and `size`, as some
/// clients send them Spring-style beside a body without paging, apply when
/// the body has no `page`/`pageSize` (docs/behaviour/property.md).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct ExcludeContent {
    /// Only count and size data are returned.
    #[serde(default)]
    pub exclude_content: bool,
    /// Zero-based page, when the body names none.
    pub page: Option<u32>,
    /// Page size, when the body names none.
    pub size: Option<u32>,
}

impl ExcludeContent {
    /// The body's paging, completed from the query string.
    pub fn paging(&self, mut q: QueryData) -> QueryData {
        if q.page.is_none() {
            q.page = self.page.map(|p| i64::from(p) + 1);
        }
        if q.page_size.is_none() {
            q.page_size = self.size.map(i64::from);
        }
        q
    }

    pub fn apply<T>(&self, mut page: Page<T>) -> Page<T> {
        if self.exclude_content {
            page.content.clear();
        }
        page
    }
}

/// A 202 with the activity, linking the changed resource (and naming it in
/// `Location`).
pub fn accepted(request_id: Uuid, base: &BaseUrl, path: String) -> Response {
    let location = format!("{}{}", base.0, path);
    (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        axum::Json(EntityModelAcceptedResponse {
            request_id: request_id.to_string(),
            links: base.links([("self", path)]),
        }),
    )
        .into_response()
}

async fn enable(
    state: AppState,
    ctx: TenantCtx,
    path: VenuePath,
    base: BaseUrl,
    body: PropertyDto,
    replace: bool,
) -> Result<Response, ApiError> {
    let venue_id = path.id()?;
    let mut tx = state.db.begin().await?;
    let result = properties::enable(&mut tx, &ctx.tenant_id, &venue_id, body, replace)
        .await
        .map(|()| Some(venue_id.clone()));
    let a = activity::settle(&state, &ctx, tx, "UpdatePropertyConfig", result).await?;
    Ok(accepted(
        a.request_id,
        &base,
        format!("/venues/{venue_id}/propertyConfigs"),
    ))
}

/// Update Property Configuration
#[utoipa::path(
    put,
    path = "/venues/{venueId}/propertyConfigs",
    tag = "Property Configuration",
    operation_id = "enableProperty",
    params(VenuePath),
    request_body(content((PropertyDto = JSON), (PropertyDto = V1))),
    responses(
        (status = 202, description = "Accepted", content((EntityModelAcceptedResponse = "application/json"), (EntityModelAcceptedResponse = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Venue or identity group not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn enable_property(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    base: BaseUrl,
    Json(body): Json<PropertyDto>,
) -> Result<Response, ApiError> {
    enable(state, ctx, path, base, body, true).await
}

/// Selectively Update Property Configuration
#[utoipa::path(
    patch,
    path = "/venues/{venueId}/propertyConfigs",
    tag = "Property Configuration",
    operation_id = "enablePropertySelectively",
    params(VenuePath),
    request_body(content((PropertyDto = JSON))),
    responses(
        (status = 202, description = "Accepted", content((EntityModelAcceptedResponse = "application/json"), (EntityModelAcceptedResponse = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Property configuration not found for the given venue id", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn enable_property_selectively(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    base: BaseUrl,
    Json(body): Json<PropertyDto>,
) -> Result<Response, ApiError> {
    enable(state, ctx, path, base, body, false).await
}

/// Get Property Configuration
#[utoipa::path(
    get,
    path = "/venues/{venueId}/propertyConfigs",
    tag = "Property Configuration",
    operation_id = "getProperty",
    params(VenuePath),
    responses(
        (status = 200, description = "Ok", content((EntityModelPropertyDto = "application/hal+json"), (EntityModelPropertyDto = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn get_property(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<VenuePath>,
    base: BaseUrl,
) -> Result<Hal<EntityModelPropertyDto>, ApiError> {
    let venue_id = path
        .id()
        .map_err(|_| properties::not_found(&path.venue_id))?;
    let mut conn = state.db.acquire().await?;
    let row = properties::find(&mut conn, &ctx.tenant_id, &venue_id).await?;
    Ok(Hal(properties::view(row, &base)))
}

/// Query Property Configurations
#[utoipa::path(
    post,
    path = "/venues/propertyConfigs/query",
    tag = "Property Configuration",
    operation_id = "queryPropertyConfigs",
    params(ExcludeContent),
    request_body(content((QueryData = JSON), (QueryData = V1))),
    responses(
        (status = 200, description = "Collection of property configurations.", content((Page<EntityModelPropertyDto> = "application/hal+json"), (Page<EntityModelPropertyDto> = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Invalid query data supplied.", content((ErrorResource = "application/json"))),
    )
)]
pub async fn query_property_configs(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Query(exclude): Query<ExcludeContent>,
    base: BaseUrl,
    Json(q): Json<QueryData>,
) -> Result<Hal<Page<EntityModelPropertyDto>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let q = exclude.paging(q);
    let page = properties::query(&mut conn, &ctx.tenant_id, &q, &base).await?;
    Ok(Hal(exclude.apply(page)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct PortalAssignmentPath {
    /// Venue Id
    pub venue_id: String,
    /// Resident PortalId Id
    pub resident_portal_id: Uuid,
}

/// Update Resident Portal Assignment
#[utoipa::path(
    put,
    path = "/venues/{venueId}/propertyConfigs/residentPortalAssignments/{residentPortalId}",
    tag = "Property Configuration",
    operation_id = "assignResidentPortal",
    params(PortalAssignmentPath),
    responses(
        (status = 200, description = "Ok", content((PropertyResidentPortalAssignment = "application/json"), (PropertyResidentPortalAssignment = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 404, description = "Property configuration or resident portal not found", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn assign_resident_portal(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<PortalAssignmentPath>,
) -> Result<Json<PropertyResidentPortalAssignment>, ApiError> {
    let venue_id = VenuePath {
        venue_id: path.venue_id.clone(),
    }
    .id()
    .map_err(|_| properties::not_found(&path.venue_id))?;
    let mut tx = state.db.begin().await?;
    properties::assign_portal(&mut tx, &ctx.tenant_id, &venue_id, path.resident_portal_id).await?;
    tx.commit().await?;
    Ok(Json(PropertyResidentPortalAssignment {
        venue_id,
        resident_portal_id: path.resident_portal_id,
    }))
}
