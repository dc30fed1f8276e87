//! Devices of a passphrase: `.../passphrases/{passphraseId}/devices...`.

use axum::extract::State;
use r1_core::{
    activity::Accepted,
    auth::TenantCtx,
    error::ErrorBody,
    extract::{Json, Path},
    loaded::Loaded,
    media::{JSON, V1, V1_1, V2},
    pagination::{QueryRequest, QueryResponse},
    use_case::run,
    ApiError, AppState,
};
use serde_json::Value;

use super::{DevicePath, DEVICES};
use crate::{
    devices::{self, DeviceChange},
    model::{DpskPassphraseDeviceDto, MacList},
    repo::{PassphraseRow, PoolRow},
};

/// Get Devices for a Specific Passphrase
#[utoipa::path(
    get,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices",
    tag = DEVICES,
    operation_id = "getPassphraseDevices",
    params(DevicePath),
    responses(
        (status = 200, description = "Get Passphrase Devices", content(
            (Vec<DpskPassphraseDeviceDto> = JSON),
            (Vec<DpskPassphraseDeviceDto> = V1_1),
            (Vec<DpskPassphraseDeviceDto> = V2)
        )),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
    )
)]
pub async fn get_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Loaded(found, _): Loaded<(PoolRow, PassphraseRow), DevicePath>,
) -> Result<Json<Vec<DpskPassphraseDeviceDto>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let macs = devices::device_macs(&mut conn, &ctx.tenant_id, &found.1).await?;
    let devices = macs.into_iter().map(DpskPassphraseDeviceDto::from_mac);
    Ok(Json(devices.collect()))
}

/// Create Devices for a Specific Passphrase
#[utoipa::path(
    post,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices",
    tag = DEVICES,
    operation_id = "createPassphraseDevice",
    params(DevicePath),
    request_body(content(
        (Vec<String> = JSON),
        (Vec<String> = V1),
        (Vec<String> = V1_1),
        (Vec<String> = V2)
    )),
    responses(
        (status = 202, description = "The request to create devices has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "A MAC address is invalid", body = ErrorBody),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
        (status = 422, description = "More devices than the passphrase allows", body = ErrorBody),
    )
)]
pub async fn create_passphrase_device(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DevicePath>,
    Json(macs): Json<MacList>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "CreateDpskPassphraseDevices", async |tx| {
        let (pool_id, id) = (&p.pool_id, &p.passphrase_id);
        let macs = macs.into_vec();
        devices::change_devices(tx, &ctx.tenant_id, pool_id, id, &macs, DeviceChange::Add).await
    })
    .await
}

/// Update (replace) the Devices of a Specific Passphrase
#[utoipa::path(
    patch,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices",
    tag = DEVICES,
    operation_id = "updatePassphraseDevices",
    params(DevicePath),
    request_body(content(
        (Vec<String> = JSON),
        (Vec<String> = V1),
        (Vec<String> = V1_1),
        (Vec<String> = V2)
    )),
    responses(
        (status = 202, description = "The request to update devices has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "A MAC address is invalid", body = ErrorBody),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
        (status = 422, description = "More devices than the passphrase allows", body = ErrorBody),
    )
)]
pub async fn update_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DevicePath>,
    Json(macs): Json<MacList>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "UpdateDpskPassphraseDevices", async |tx| {
        let (pool_id, id) = (&p.pool_id, &p.passphrase_id);
        let macs = macs.into_vec();
        devices::change_devices(
            tx,
            &ctx.tenant_id,
            pool_id,
            id,
            &macs,
            DeviceChange::Replace,
        )
        .await
    })
    .await
}

/// Delete Devices Associated with a Specific Passphrase
#[utoipa::path(
    delete,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices",
    tag = DEVICES,
    operation_id = "deletePassphraseDevices",
    params(DevicePath),
    request_body(content(
        (Vec<String> = JSON),
        (Vec<String> = V1),
        (Vec<String> = V1_1),
        (Vec<String> = V2)
    )),
    responses(
        (status = 202, description = "The request to delete devices has been accepted", content(
            (Accepted = JSON),
            (Accepted = V1_1),
            (Accepted = V2)
        )),
        (status = 400, description = "A MAC address is invalid", body = ErrorBody),
        (status = 404, description = "DPSK passphrase or device not found", body = ErrorBody),
    )
)]
pub async fn delete_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<DevicePath>,
    Json(macs): Json<MacList>,
) -> Result<Accepted, ApiError> {
    run(&state, &ctx, "DeleteDpskPassphraseDevices", async |tx| {
        let (pool_id, id) = (&p.pool_id, &p.passphrase_id);
        let macs = macs.into_vec();
        devices::change_devices(tx, &ctx.tenant_id, pool_id, id, &macs, DeviceChange::Remove).await
    })
    .await
}

/// Query the Devices of a Specific Passphrase
#[utoipa::path(
    post,
    path = "/dpskServices/{poolId}/passphrases/{passphraseId}/devices/query",
    tag = DEVICES,
    operation_id = "queryPassphraseDevices",
    params(DevicePath),
    request_body(content(
        (QueryRequest<Value> = JSON),
        (QueryRequest<Value> = V1)
    )),
    responses(
        (status = 200, description = "Devices", content(
            (QueryResponse<DpskPassphraseDeviceDto> = JSON),
            (QueryResponse<DpskPassphraseDeviceDto> = V1)
        )),
        (status = 400, description = "Invalid query", body = ErrorBody),
        (status = 404, description = "DPSK passphrase not found", body = ErrorBody),
    )
)]
pub async fn query_passphrase_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Loaded(found, _): Loaded<(PoolRow, PassphraseRow), DevicePath>,
    Json(q): Json<QueryRequest<Value>>,
) -> Result<Json<QueryResponse<Value>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let macs = devices::device_macs(&mut conn, &ctx.tenant_id, &found.1).await?;
    Ok(Json(devices::query_devices(macs, &q)?))
}
