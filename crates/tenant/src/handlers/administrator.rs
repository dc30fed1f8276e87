//! Tag `Administrator`: a tenant's administrators. Writes answer
//! `202 {requestId, response}` and are recorded as activities.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    error::ErrorBody,
    extract::{Json, Path, Query},
    media::{JSON, V1},
    pagination::Page,
    ApiError, AppState,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{settle, void, AdminIdPath, Scope};
use crate::{
    admins,
    model::{AdminQueryRequest, AdminView, OperationResponseAdmin, OperationResponseVoid},
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct ExternalIdParam {
    /// Include each administrator's `externalId`.
    pub with_external_id: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
#[allow(dead_code)] // accepted and ignored (docs/behaviour/tenant.md)
pub struct UpdateSwuIdParam {
    /// Accepted for compatibility; r1 keeps no separate identity record.
    pub update_swu_id: Option<bool>,
}

type Accepted<T> = (StatusCode, Json<T>);

/// Get Administrator
#[utoipa::path(
    get,
    path = "/admins",
    tag = "Administrator",
    operation_id = "getAdminList",
    params(ExternalIdParam),
    responses(
        (status = 200, description = "OK", content((Vec<AdminView> = V1), (Vec<AdminView> = JSON))),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_admin_list(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Query(q): Query<ExternalIdParam>,
) -> Result<Json<Vec<AdminView>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let with_external_id = q.with_external_id.unwrap_or(false);
    let rows = crate::repo::list_admins(&mut conn, &ctx.tenant_id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|a| admins::view(a, with_external_id))
            .collect(),
    ))
}

/// Update Administrator
#[utoipa::path(
    put,
    path = "/admins",
    tag = "Administrator",
    operation_id = "updateAdminRole",
    params(UpdateSwuIdParam),
    request_body(content((AdminView = V1), (AdminView = JSON))),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseAdmin = V1), (OperationResponseAdmin = JSON))),
        (status = 400, description = "Invalid administrator, or the last PRIME_ADMIN would lose its role", body = ErrorBody),
        (status = 404, description = "No such administrator", body = ErrorBody),
        (status = 409, description = "Email used by another administrator", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn update_admin_role(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Query(_swu): Query<UpdateSwuIdParam>,
    Json(body): Json<AdminView>,
) -> Result<Accepted<OperationResponseAdmin>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = admins::update(&mut tx, &ctx.tenant_id, body).await;
    let (request_id, row) = settle(&state, &ctx, tx, "UpdateAdmin", result, |a| {
        Some(a.id.to_string())
    })
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(OperationResponseAdmin {
            request_id,
            response: admins::admin(row),
        }),
    ))
}

/// Add Administrator
#[utoipa::path(
    post,
    path = "/admins",
    tag = "Administrator",
    operation_id = "addAdmin",
    request_body(content((AdminView = V1), (AdminView = JSON))),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseAdmin = V1), (OperationResponseAdmin = JSON))),
        (status = 400, description = "Bad/Malformed Request", body = ErrorBody),
        (status = 409, description = "Email used by another administrator", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn add_admin(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(body): Json<AdminView>,
) -> Result<Accepted<OperationResponseAdmin>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = admins::add(&mut tx, &ctx.tenant_id, body).await;
    let (request_id, row) = settle(&state, &ctx, tx, "AddAdmin", result, |a| {
        Some(a.id.to_string())
    })
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(OperationResponseAdmin {
            request_id,
            response: admins::admin(row),
        }),
    ))
}

/// Delete Administrators
#[utoipa::path(
    delete,
    path = "/admins",
    tag = "Administrator",
    operation_id = "deleteBulkAdmin",
    request_body(content((Vec<String> = V1), (Vec<String> = JSON))),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseVoid = V1), (OperationResponseVoid = JSON))),
        (status = 400, description = "Empty or repeated ids, or the last PRIME_ADMIN", body = ErrorBody),
        (status = 404, description = "An id names no administrator of this tenant", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn delete_bulk_admin(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(ids): Json<Vec<String>>,
) -> Result<Accepted<OperationResponseVoid>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = admins::delete(&mut tx, &ctx.tenant_id, &ids).await;
    let (request_id, ()) = settle(&state, &ctx, tx, "DeleteAdmins", result, |_| None).await?;
    Ok((StatusCode::ACCEPTED, Json(void(request_id))))
}

/// Get Administrator
#[utoipa::path(
    post,
    path = "/admins/query",
    tag = "Administrator",
    operation_id = "queryAdminList",
    params(ExternalIdParam),
    request_body = AdminQueryRequest,
    responses(
        (status = 200, description = "OK", content((Page<AdminView> = V1), (Page<AdminView> = JSON))),
        (status = 400, description = "Invalid paging, sort, search or filter", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn query_admin_list(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Query(p): Query<ExternalIdParam>,
    Json(q): Json<AdminQueryRequest>,
) -> Result<Json<Page<AdminView>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        admins::query(
            &mut conn,
            &ctx.tenant_id,
            q.into(),
            p.with_external_id.unwrap_or(false),
        )
        .await?,
    ))
}

/// Get Administrator
#[utoipa::path(
    get,
    path = "/admins/{adminId}",
    tag = "Administrator",
    operation_id = "getAdminById",
    params(AdminIdPath),
    responses(
        (status = 200, description = "OK", content((AdminView = V1), (AdminView = JSON))),
        (status = 404, description = "No such administrator", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_admin_by_id(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Path(p): Path<AdminIdPath>,
) -> Result<Json<AdminView>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let row = admins::find(&mut conn, &ctx.tenant_id, &p.admin_id).await?;
    Ok(Json(admins::view(row, true)))
}

/// Delete Administrator
#[utoipa::path(
    delete,
    path = "/admins/{adminId}",
    tag = "Administrator",
    operation_id = "deleteAdmin",
    params(AdminIdPath),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseVoid = V1), (OperationResponseVoid = JSON))),
        (status = 400, description = "The last PRIME_ADMIN", body = ErrorBody),
        (status = 404, description = "No such administrator", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn delete_admin(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Path(p): Path<AdminIdPath>,
) -> Result<Accepted<OperationResponseVoid>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = admins::delete(&mut tx, &ctx.tenant_id, std::slice::from_ref(&p.admin_id)).await;
    let id = p.admin_id.clone();
    let (request_id, ()) = settle(&state, &ctx, tx, "DeleteAdmin", result, |_| {
        Some(id.clone())
    })
    .await?;
    Ok((StatusCode::ACCEPTED, Json(void(request_id))))
}
