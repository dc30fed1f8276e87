//! r1's own `/_r1/` endpoints for MSP Services (left out of the OpenAPI
//! document): placing devices in a customer's inventory, which r1 has no
//! device API for, and reading the invitations that were recorded instead
//! of mailed.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    extract::{Json, Path},
    local::AdminToken,
    ApiError, AppState,
};
use serde_json::{json, Value};

use super::TenantPath;
use crate::{inventory, model::InventoryDevice, repo, rules};

/// `POST /_r1/tenants/{tenantId}/inventory`: a JSON array of devices.
pub async fn place_devices(
    State(state): State<AppState>,
    _admin: AdminToken,
    Path(p): Path<TenantPath>,
    Json(devices): Json<Vec<InventoryDevice>>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let mut tx = state.db.begin().await?;
    let n = inventory::place(&mut tx, &p.tenant_id, &devices).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(json!({ "placed": n }))))
}

/// `GET /_r1/tenants/{tenantId}/invitations`: what would have been mailed.
pub async fn invitations(
    State(state): State<AppState>,
    _admin: AdminToken,
    Path(p): Path<TenantPath>,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let rows = repo::invitations_of(&mut conn, &p.tenant_id).await?;
    let list: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            json!({
                "admin_email": r.admin_email,
                "resend": r.resend,
                "createdDate": rules::iso(r.created_at),
            })
        })
        .collect();
    Ok(Json(Value::Array(list)))
}

/// `GET /_r1/tenants/{tenantId}/firmwareUpgradeSchedules`: the schedules
/// stored for a customer.
pub async fn firmware_schedules(
    State(state): State<AppState>,
    _admin: AdminToken,
    Path(p): Path<TenantPath>,
) -> Result<Json<Value>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let rows = repo::firmware_schedules_of(&mut conn, &p.tenant_id).await?;
    let list: Vec<Value> = rows
        .into_iter()
        .map(|r| json!({ "operation": r.operation, "schedule": r.schedule }))
        .collect();
    Ok(Json(Value::Array(list)))
}
