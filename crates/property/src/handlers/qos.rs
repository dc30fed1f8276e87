//! Property Management's `QoS Profile Assignment API`.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use r1_core::{
    activity,
    auth::TenantCtx,
    extract::{Json, Path},
    media::{JSON, V1},
    ApiError, AppState,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::VenuePath;
use crate::{
    model::{AcceptedResponse, QoSProfileAssignment},
    schemas::ErrorResource,
    unit_batches,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
#[into_params(rename_all = "camelCase")]
pub struct QosPath {
    pub venue_id: String,
    pub qos_profile_id: String,
}

/// Update QoS Profile Assignment
#[utoipa::path(
    put,
    path = "/venues/{venueId}/units/qosProfileAssignments/{qosProfileId}",
    tag = "QoS Profile Assignment API",
    operation_id = "qosProfileAssignments",
    params(QosPath),
    request_body(content((QoSProfileAssignment = JSON), (QoSProfileAssignment = V1))),
    responses(
        (status = 202, description = "Accepted", content((AcceptedResponse = "application/json"), (AcceptedResponse = "application/vnd.ruckus.v1+json"))),
        (status = 400, description = "Bad request", content((ErrorResource = "application/json"))),
        (status = 500, description = "Internal server error", content((ErrorResource = "application/json"))),
    )
)]
pub async fn qos_profile_assignments(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(path): Path<QosPath>,
    Json(body): Json<QoSProfileAssignment>,
) -> Result<Response, ApiError> {
    let venue_id = VenuePath {
        venue_id: path.venue_id,
    }
    .id()?;
    let mut tx = state.db.begin().await?;
    let result = unit_batches::assign_qos_profile(
        &mut tx,
        &ctx.tenant_id,
        &venue_id,
        &path.qos_profile_id,
        body,
    )
    .await
    .map(|()| Some(path.qos_profile_id.clone()));
    let a = activity::settle(&state, &ctx, tx, "QosProfileAssignment", result).await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(AcceptedResponse {
            request_id: a.request_id.to_string(),
        }),
    )
        .into_response())
}
