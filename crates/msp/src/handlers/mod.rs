//! HTTP handlers, one file per tag of the bundles: extract, call a use
//! case, shape the answer. The MSP is always the token's tenant
//! (`caller_tenant_id`), also when a call carries `x-rks-tenantid`.

pub mod activations;
pub mod admin_delegations;
pub mod brand_settings;
pub mod deprecated;
pub mod device_query;
pub mod firmware;
pub mod labels;
pub mod local;
pub mod managed_tenants;
pub mod queries;
pub mod tenant_delegations;
pub mod view_msp;

use axum::http::StatusCode;
use r1_core::{activity, auth::TenantCtx, extract::Json, ApiError, AppState};
use serde::Deserialize;
use sqlx::{Postgres, Transaction};
use utoipa::IntoParams;

use crate::model::ResponseBo;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct TenantPath {
    pub tenant_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct TenantAdminPath {
    pub tenant_id: String,
    pub admin_id: String,
}

/// Ends a change as an activity and answers 202 with `ResponseBo`.
pub async fn accepted(
    state: &AppState,
    ctx: &TenantCtx,
    tx: Transaction<'_, Postgres>,
    use_case: &str,
    result: Result<Option<String>, ApiError>,
) -> Result<(StatusCode, Json<ResponseBo>), ApiError> {
    let a = activity::settle(state, ctx, tx, use_case, result).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ResponseBo {
            request_id: a.request_id.to_string(),
            tenant_id: a.id,
        }),
    ))
}

/// Ends a change as an activity and answers 202 with the request id as the
/// bundle's plain string body.
pub async fn accepted_id(
    state: &AppState,
    ctx: &TenantCtx,
    tx: Transaction<'_, Postgres>,
    use_case: &str,
    result: Result<(), ApiError>,
) -> Result<(StatusCode, Json<String>), ApiError> {
    let a = activity::settle(state, ctx, tx, use_case, result.map(|_| None)).await?;
    Ok((StatusCode::ACCEPTED, Json(a.request_id.to_string())))
}
