//! View MSP (viewmodel bundle): managed tenants, technology partners'
//! customers, the device inventory and its CSV export, delegations.

use axum::{
    body::{Body, Bytes},
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use r1_core::{
    auth::TenantCtx,
    extract::{Json, Path, Query},
    media::{JSON, V1},
    ApiError, AppState,
};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;

use crate::{
    inventory, ownership,
    query::{self, DynamicQueryPayloadDto, QueryResponse},
    views,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DelegationQuery {
    /// Accepted for the vendor's clients; the view is the caller's either way.
    #[allow(dead_code)]
    pub delegation: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct MspPath {
    /// Tenant Id of the MSP.
    pub msp_tenant_id: String,
}

/// Query MSP ECs
#[utoipa::path(
    post,
    path = "/mspecs/query",
    tag = "View MSP",
    operation_id = "queryMSP-ECs",
    params(DelegationQuery),
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "successful operation", content((QueryResponse = JSON), (QueryResponse = V1))),
        (status = 400, description = "Bad/malformed request"),
        (status = 403, description = "Forbidden"),
        (status = 401, description = "Unauthorized"),
        (status = 404, description = "Requested resource or related-entity not found"),
        (status = 422, description = "Validation error"),
        (status = 500, description = "Internal Server Error"),
    )
)]
pub async fn query_msp_ecs(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Query(_q): Query<DelegationQuery>,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Json<QueryResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    ownership::require_msp(&mut conn, &ctx.caller_tenant_id).await?;
    let url = "/mspecs/query";
    Ok(Json(
        views::run(&mut conn, &views::MSPECS, &body, &ctx.caller_tenant_id, url).await?,
    ))
}

/// Get MSP ECs of a technology partner
#[utoipa::path(
    post,
    path = "/techpartners/mspecs/query",
    tag = "View MSP",
    operation_id = "getMSP-ECs",
    params(DelegationQuery),
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "successful operation", content((QueryResponse = JSON), (QueryResponse = V1))),
        (status = 400, description = "Bad/malformed request"),
        (status = 401, description = "Unauthorized"),
        (status = 403, description = "Forbidden"),
        (status = 404, description = "Requested resource or related-entity not found"),
        (status = 422, description = "Validation error"),
        (status = 500, description = "Internal Server Error"),
    )
)]
pub async fn get_msp_ecs(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Query(_q): Query<DelegationQuery>,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Json<QueryResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let url = "/techpartners/mspecs/query";
    Ok(Json(
        views::run(
            &mut conn,
            &views::TECH_PARTNER_MSPECS,
            &body,
            &ctx.caller_tenant_id,
            url,
        )
        .await?,
    ))
}

fn own_msp(ctx: &TenantCtx, msp: &str) -> Result<(), ApiError> {
    if msp == ctx.caller_tenant_id {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "The caller may not read the inventory of tenant {msp}"
        )))
    }
}

/// Get device inventory
#[utoipa::path(
    post,
    path = "/msps/{mspTenantId}/ecInventories/query",
    tag = "View MSP",
    operation_id = "getDeviceInventory",
    params(MspPath),
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "successful operation", content((QueryResponse = JSON), (QueryResponse = V1))),
        (status = 400, description = "Bad/malformed request"),
        (status = 403, description = "Forbidden"),
        (status = 401, description = "Unauthorized"),
        (status = 404, description = "Requested resource or related-entity not found"),
        (status = 422, description = "Validation error"),
        (status = 500, description = "Internal Server Error"),
    )
)]
pub async fn get_device_inventory(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<MspPath>,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Json<QueryResponse>, ApiError> {
    own_msp(&ctx, &p.msp_tenant_id)?;
    let mut conn = state.db.acquire().await?;
    let url = format!("/msps/{}/ecInventories/query", p.msp_tenant_id);
    Ok(Json(
        views::run(&mut conn, &views::INVENTORY, &body, &p.msp_tenant_id, &url).await?,
    ))
}

/// About what one write of the inventory export carries.
const EXPORT_CHUNK: usize = 64 * 1024;

fn csv_line(values: &[String]) -> Result<Bytes, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(values)?;
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(Bytes::from(bytes))
}

fn cell(row: &Value, field: &str) -> String {
    let v = if field == "mac" {
        row.get("apMac")
            .filter(|v| !v.is_null())
            .or_else(|| row.get("switchMac"))
    } else {
        row.get(field)
    };
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Export device inventory
#[utoipa::path(
    post,
    path = "/msps/{mspTenantId}/ecInventories/query/csvFiles",
    tag = "View MSP",
    operation_id = "exportDeviceInventory_1",
    params(MspPath),
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "The inventory as CSV, streamed", content_type = "text/csv"),
        (status = 400, description = "Bad/malformed request"),
        (status = 403, description = "Forbidden"),
        (status = 401, description = "Unauthorized"),
        (status = 404, description = "Requested resource or related-entity not found"),
        (status = 422, description = "Validation error"),
        (status = 500, description = "Internal Server Error"),
    )
)]
pub async fn export_device_inventory(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<MspPath>,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Response, ApiError> {
    own_msp(&ctx, &p.msp_tenant_id)?;
    let plan = query::plan_export(&views::INVENTORY, &body)?;
    let header_line: Vec<String> = inventory::CSV_COLUMNS
        .iter()
        .map(|(h, _)| h.to_string())
        .collect();
    let first = csv_line(&header_line).map_err(ApiError::internal)?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(32);
    let pool = state.db.clone();
    let scope = p.msp_tenant_id.clone();
    // Rows go out as the database yields them, so memory stays flat
    // whatever the inventory's size; lines leave in chunks of about
    // EXPORT_CHUNK bytes, one channel message and one body write each,
    // not one per row.
    tokio::spawn(async move {
        let mut chunk = Vec::with_capacity(EXPORT_CHUNK + 1024);
        chunk.extend_from_slice(&first);
        let mut qb = plan.select_all(&scope);
        let mut rows = qb
            .build_query_scalar::<Value>()
            .persistent(false)
            .fetch(&pool);
        while let Some(row) = rows.next().await {
            let line = match row {
                Ok(row) => {
                    let values: Vec<String> = inventory::CSV_COLUMNS
                        .iter()
                        .map(|(_, f)| cell(&row, f))
                        .collect();
                    csv_line(&values).map_err(std::io::Error::other)
                }
                Err(e) => {
                    tracing::error!(error = %e, "inventory export failed");
                    Err(std::io::Error::other(e))
                }
            };
            match line {
                Ok(line) => chunk.extend_from_slice(&line),
                Err(e) => {
                    // What was read goes out before the failure ends the body.
                    let _ = tx.send(Ok(Bytes::from(chunk))).await;
                    let _ = tx.send(Err(e)).await;
                    return;
                }
            }
            if chunk.len() >= EXPORT_CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(EXPORT_CHUNK + 1024));
                if tx.send(Ok(Bytes::from(full))).await.is_err() {
                    return;
                }
            }
        }
        let _ = tx.send(Ok(Bytes::from(chunk))).await;
    });
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"inventory.csv\"",
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Get delegations for the view
#[utoipa::path(
    post,
    path = "/delegations",
    tag = "View MSP",
    operation_id = "getDelegationsForView",
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "successful operation", content((QueryResponse = JSON), (QueryResponse = V1))),
        (status = 400, description = "Bad/malformed request"),
        (status = 401, description = "Unauthorized"),
        (status = 403, description = "Forbidden"),
        (status = 404, description = "Requested resource or related-entity not found"),
        (status = 422, description = "Validation error"),
        (status = 500, description = "Internal Server Error"),
    )
)]
pub async fn get_delegations_for_view(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Json<QueryResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let url = "/delegations";
    Ok(Json(
        views::run(
            &mut conn,
            &views::DELEGATIONS,
            &body,
            &ctx.caller_tenant_id,
            url,
        )
        .await?,
    ))
}
