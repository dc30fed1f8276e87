//! Tag `Notification Recipient`: who gets the tenant's notifications.

use axum::{
    body::Bytes,
    extract::State,
    http::{header, HeaderMap, StatusCode},
};
use r1_core::{
    error::ErrorBody,
    extract::Json,
    media::{JSON, V1, V2},
    pagination::Page,
    ApiError, AppState,
};

use super::{settle, void, Scope};
use crate::{
    model::{
        NotificationRecipientQueryRequest, NotificationRecipientRBACDTO, NotificationRecipientRef,
        OperationResponseNotificationRecipientRBACDTO, OperationResponseVoid,
    },
    recipients,
};

type Accepted<T> = (StatusCode, Json<T>);

/// Query Notification Recipients
#[utoipa::path(
    post,
    path = "/tenants/notifications/recipients/query",
    tag = "Notification Recipient",
    operation_id = "queryNotificationRecipients",
    request_body = NotificationRecipientQueryRequest,
    responses(
        (status = 202, description = "Accepted", content((Page<NotificationRecipientRBACDTO> = V1), (Page<NotificationRecipientRBACDTO> = JSON))),
        (status = 400, description = "Bad/Malformed Request", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn query_notification_recipients(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(q): Json<NotificationRecipientQueryRequest>,
) -> Result<Accepted<Page<NotificationRecipientRBACDTO>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    let page = recipients::query(&mut conn, &ctx.tenant_id, q.into()).await?;
    Ok((StatusCode::ACCEPTED, Json(page)))
}

/// Get Notification Recipients
#[utoipa::path(
    get,
    path = "/tenants/notificationRecipients",
    tag = "Notification Recipient",
    operation_id = "getNotificationRecipients",
    responses(
        (status = 200, description = "OK", content((Vec<NotificationRecipientRBACDTO> = V1), (Vec<NotificationRecipientRBACDTO> = JSON))),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn get_notification_recipients(
    State(state): State<AppState>,
    Scope(ctx): Scope,
) -> Result<Json<Vec<NotificationRecipientRBACDTO>>, ApiError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(recipients::list(&mut conn, &ctx.tenant_id).await?))
}

/// Add Notification Recipient
#[utoipa::path(
    post,
    path = "/tenants/notificationRecipients",
    tag = "Notification Recipient",
    operation_id = "addNotificationRecipient",
    request_body = NotificationRecipientRBACDTO,
    responses(
        (status = 202, description = "Accepted", body = OperationResponseNotificationRecipientRBACDTO),
        (status = 400, description = "Bad/Malformed Request", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn add_notification_recipient(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    Json(body): Json<NotificationRecipientRBACDTO>,
) -> Result<Accepted<OperationResponseNotificationRecipientRBACDTO>, ApiError> {
    let mut tx = state.db.begin().await?;
    let result = recipients::add(&mut tx, &ctx.tenant_id, body).await;
    let (request_id, response) =
        settle(&state, &ctx, tx, "AddNotificationRecipient", result, |r| {
            r.id.clone()
        })
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(OperationResponseNotificationRecipientRBACDTO {
            request_id,
            response,
        }),
    ))
}

/// The ids a delete body names: recipients (`application/json`, v1) or,
/// under `application/vnd.ruckus.v2+json`, plain ids.
fn ids_of(headers: &HeaderMap, body: &Bytes) -> Result<Vec<String>, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let malformed = |e: serde_json::Error| ApiError::BadRequest(format!("Malformed body: {e}"));
    if content_type == V2 {
        return serde_json::from_slice::<Vec<String>>(body).map_err(malformed);
    }
    if content_type == JSON || content_type == V1 {
        let refs: Vec<NotificationRecipientRef> =
            serde_json::from_slice(body).map_err(malformed)?;
        return refs
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                r.id.filter(|id| !id.is_empty()).ok_or_else(|| {
                    ApiError::field(
                        "notificationRecipient",
                        &format!("[{i}].id"),
                        serde_json::Value::Null,
                        "must not be blank",
                    )
                })
            })
            .collect();
    }
    Err(ApiError::UnsupportedMediaType(format!(
        "Content-Type {content_type:?} is not supported; send {JSON}, {V1} or {V2}"
    )))
}

/// Delete Notification Recipient
#[utoipa::path(
    delete,
    path = "/tenants/notificationRecipients",
    tag = "Notification Recipient",
    operation_id = "deleteNotificationRecipients",
    request_body(content((Vec<NotificationRecipientRef> = V1), (Vec<NotificationRecipientRef> = JSON), (Vec<String> = V2))),
    responses(
        (status = 202, description = "Accepted", content((OperationResponseVoid = V1), (OperationResponseVoid = JSON))),
        (status = 400, description = "Empty or repeated ids", body = ErrorBody),
        (status = 404, description = "An id names no recipient of this tenant", body = ErrorBody),
        (status = 415, description = "Unsupported Media Type", body = ErrorBody),
    )
)]
pub async fn delete_notification_recipients(
    State(state): State<AppState>,
    Scope(ctx): Scope,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Accepted<OperationResponseVoid>, ApiError> {
    let ids = ids_of(&headers, &body)?;
    let mut tx = state.db.begin().await?;
    let result = recipients::delete(&mut tx, &ctx.tenant_id, &ids).await;
    let (request_id, ()) = settle(
        &state,
        &ctx,
        tx,
        "DeleteNotificationRecipients",
        result,
        |_| None,
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(void(request_id))))
}
