//! Manage Firmware Upgrade Schedules.

use axum::{extract::State, http::StatusCode};
use r1_core::{
    auth::TenantCtx,
    extract::Json,
    media::{JSON, V1},
    ApiError, AppState,
};

use super::accepted_id;
use crate::{
    firmware,
    model::{FirmwareUpgradeRequest, RestErrorResponse},
};

/// Update Firmware Upgrade Schedules
#[utoipa::path(
    post,
    path = "/firmwareUpgradeSchedules",
    tag = "Manage Firmware Upgrade Schedules",
    operation_id = "setScheduleForFirmwareUpgrades",
    request_body(content((FirmwareUpgradeRequest = JSON), (FirmwareUpgradeRequest = V1))),
    responses(
        (status = 202, description = "Accepted", content((String = JSON), (String = V1))),
        (status = 400, description = "Bad Request", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 500, description = "Server Error", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
        (status = 403, description = "The caller is not an MSP", content((RestErrorResponse = JSON), (RestErrorResponse = V1))),
    )
)]
pub async fn set_schedule_for_firmware_upgrades(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(body): Json<FirmwareUpgradeRequest>,
) -> Result<(StatusCode, Json<String>), ApiError> {
    let mut tx = state.db.begin().await?;
    let result = firmware::set(&mut tx, &ctx.caller_tenant_id, &body).await;
    accepted_id(&state, &ctx, tx, "SetFirmwareUpgradeSchedule", result).await
}
