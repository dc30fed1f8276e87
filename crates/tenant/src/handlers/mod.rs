//! HTTP handlers, one file per tag of the bundle, plus r1's own
//! `/_r1/tenants`. Path parameters are named as the bundle names them.

pub mod administrator;
pub mod authentication;
pub mod delegation;
pub mod local;
pub mod mobile_push;
pub mod notification_recipient;
pub mod privacy;
pub mod tenant;
pub mod user_profile;

use axum::{extract::FromRequestParts, http::request::Parts};
use r1_core::{activity, auth::TenantCtx, ApiError, AppState};
use serde::{Deserialize, Serialize};
use sqlx::{Postgres, Transaction};
use utoipa::IntoParams;

use crate::{accounts, model::OperationResponseVoid};

/// The caller, once the tenants it reads and acts on have their record
/// (tenants made by core get theirs on first use).
pub struct Scope(pub TenantCtx);

impl FromRequestParts<AppState> for Scope {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ctx = TenantCtx::from_request_parts(parts, state).await?;
        let mut conn = state.db.acquire().await?;
        accounts::ensure(
            &mut conn,
            &state.config,
            &ctx.caller_tenant_id,
            Some(&ctx.client_id),
        )
        .await?;
        if ctx.tenant_id != ctx.caller_tenant_id {
            accounts::ensure(&mut conn, &state.config, &ctx.tenant_id, None).await?;
        }
        Ok(Scope(ctx))
    }
}

/// Ends a write as an activity (committing `tx` on success) and hands back
/// the activity's id with the operation's result.
pub async fn settle<T>(
    state: &AppState,
    ctx: &TenantCtx,
    tx: Transaction<'static, Postgres>,
    use_case: &str,
    result: Result<T, ApiError>,
    id_of: impl Fn(&T) -> Option<String>,
) -> Result<(String, T), ApiError> {
    match result {
        Ok(value) => {
            let accepted = activity::settle(state, ctx, tx, use_case, Ok(id_of(&value))).await?;
            Ok((accepted.request_id.to_string(), value))
        }
        Err(e) => match activity::settle(state, ctx, tx, use_case, Err(e)).await {
            Ok(_) => Err(ApiError::internal(
                "a failed operation settled as a success",
            )),
            Err(e) => Err(e),
        },
    }
}

pub fn void(request_id: String) -> OperationResponseVoid {
    OperationResponseVoid {
        request_id,
        response: serde_json::Map::new(),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct AdminIdPath {
    pub admin_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct DelegationIdPath {
    pub delegation_id: String,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantIdPath {
    pub tenant_id: String,
}
