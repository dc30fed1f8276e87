//! tenant-device-query-controller: APs per customer.

use axum::extract::State;
use r1_core::{
    auth::TenantCtx,
    extract::Json,
    media::{JSON, V1},
    ApiError, AppState,
};

use crate::{
    query::{DynamicQueryPayloadDto, QueryResponse},
    views,
};

/// Count APs per customer
#[utoipa::path(
    post,
    path = "/tenants/devices/apCounts/query",
    tag = "tenant-device-query-controller",
    operation_id = "apCountSummary",
    request_body(content((DynamicQueryPayloadDto = JSON), (DynamicQueryPayloadDto = V1))),
    responses(
        (status = 200, description = "OK", content((QueryResponse = JSON), (QueryResponse = V1))),
    )
)]
pub async fn ap_count_summary(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<DynamicQueryPayloadDto>,
) -> Result<Json<QueryResponse>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let url = "/tenants/devices/apCounts/query";
    Ok(Json(
        views::run(
            &mut conn,
            &views::AP_COUNTS,
            &body,
            &ctx.caller_tenant_id,
            url,
        )
        .await?,
    ))
}
