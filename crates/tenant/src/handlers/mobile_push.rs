//! Tag `acx-mobile-push-notification-endpoint-controller`: devices that
//! receive the tenant's notifications.

use axum::extract::State;
use r1_core::{
    error::ErrorBody,
    extract::{Json, Query},
    media::{JSON, V1},
    ApiError, AppState,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{settle, Scope};
use crate::{
    model::{MobilePushNotificationEndpoint, OperationResponseMobilePushNotificationEndpoint},
    settings,
};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppParam {
    /// The mobile app the device runs.
    pub app: Option<String>,
}

/// Add Mobile Push Notification
#[utoipa::path(
    post,
    path = "/tenants/mobilePushNotifications",
    tag = "acx-mobile-push-notification-endpoint-controller",
    operation_id = "addMobilePushNotifications",
    params(AppParam),
    request_body(content((MobilePushNotificationEndpoint = V1), (MobilePushNotificationEndpoint = JSON))),
    responses(
        (status = 200, description = "OK", content((OperationResponseMobilePushNotificationEndpoint = V1), (OperationResponseMobilePushNotificationEndpoint = JSON))),
        (status = 400, description = "Missing destination, platform, deviceToken or deviceId", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn add_mobile_push_notifications(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Query(q): Query<AppParam>,
    Json(body): Json<MobilePushNotificationEndpoint>,
) -> Result<Json<OperationResponseMobilePushNotificationEndpoint>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = settings::register_push(&mut tx, &ctx.tenant_id, q.app.as_deref(), body).await;
    let (request_id, response) = settle(
        &state,
        &ctx,
        tx,
        "AddMobilePushNotificationEndpoint",
        result,
        |e| e.id.clone(),
    )
    .await?;
    Ok(Json(OperationResponseMobilePushNotificationEndpoint {
        request_id,
        response,
    }))
}
