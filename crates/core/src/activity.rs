//! Asynchronous requests and the activities that report them.
//!
//! A vendor operation that answers 202 does its work in one transaction and
//! records its activity in the same transaction, so an acknowledged
//! `requestId` is never missing. With `R1_ASYNC_DELAY_MS` the activity reads
//! as `INPROGRESS` for that long, so polling clients can be tested. A failed
//! operation is recorded as a `FAIL` activity carrying the vendor's error
//! document, and the client gets the error at once as well.

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::{Postgres, Transaction};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::{
    auth::TenantCtx,
    batch,
    error::{ApiError, ErrorBody, ErrorStyle},
    extract::{Json, Path},
    pagination::{Order, QueryRequest, QueryResponse, SortFields},
    repo::{self, ActivityFilter, ActivityRow, NewActivity},
    state::AppState,
    timestamp,
    validation::path_uuid,
};

/// The 202 body: `{"requestId": ..., "id": ...}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Accepted {
    /// The activity that tracks the request.
    pub request_id: Uuid,
    /// The id of the resource the request created or changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl IntoResponse for Accepted {
    fn into_response(self) -> Response {
        (StatusCode::ACCEPTED, axum::Json(self)).into_response()
    }
}

/// Ends an asynchronous operation: on success its activity is recorded in
/// `tx`, which is committed; on failure `tx` is rolled back and a `FAIL`
/// activity is recorded on its own. `use_case` names the operation as the
/// vendor's activities do (e.g. `CreateDpskPool`).
pub async fn settle(
    state: &AppState,
    ctx: &TenantCtx,
    mut tx: Transaction<'_, Postgres>,
    use_case: &str,
    result: Result<Option<String>, ApiError>,
) -> Result<Accepted, ApiError> {
    let request_id = Uuid::new_v4();
    let settles_at = Utc::now() + Duration::milliseconds(state.config.async_delay_ms as i64);
    match result {
        Ok(id) => {
            repo::insert_activity(
                &mut *tx,
                NewActivity {
                    request_id,
                    tenant_id: &ctx.tenant_id,
                    use_case,
                    status: "SUCCESS",
                    admin_name: &ctx.admin_name(),
                    admin_id: &ctx.client_id,
                    entity_id: id.as_deref(),
                    error: None,
                    description_template: Some(use_case),
                    description_data: description(id.as_deref()),
                    settles_at,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(Accepted { request_id, id })
        }
        Err(err) => {
            drop(tx);
            let document = error_document(request_id, &err);
            repo::insert_activity(
                &state.db,
                NewActivity {
                    request_id,
                    tenant_id: &ctx.tenant_id,
                    use_case,
                    status: "FAIL",
                    admin_name: &ctx.admin_name(),
                    admin_id: &ctx.client_id,
                    entity_id: None,
                    error: Some(&document),
                    description_template: Some(use_case),
                    description_data: description(None),
                    settles_at,
                },
            )
            .await?;
            Err(ApiError::InActivity {
                request_id,
                source: Box::new(err),
            })
        }
    }
}

fn description(id: Option<&str>) -> Value {
    match id {
        Some(id) => json!([{ "name": "id", "value": id }]),
        None => json!([]),
    }
}

/// The vendor's failed-activity `error`: a JSON document encoded as a string,
/// whose `errors` are themselves JSON-encoded `{code, message}` objects; a
/// validation failure's `message` is `{"message":"Validation Error",
/// "subErrors":[...]}` encoded once more.
pub fn error_document(request_id: Uuid, err: &ApiError) -> String {
    let report = err.report();
    let message = if report.fields.is_empty() {
        report.message.clone()
    } else {
        json!({ "message": report.message, "subErrors": report.fields }).to_string()
    };
    let inner = json!({ "code": report.code, "message": message }).to_string();
    json!({ "requestId": request_id.to_string(), "errors": [inner] }).to_string()
}

/// `PENDING`, `INPROGRESS`, `SUCCESS` or `FAIL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum ActivityStatus {
    PENDING,
    INPROGRESS,
    SUCCESS,
    FAIL,
}

impl ActivityStatus {
    fn parse(stored: &str) -> Self {
        match stored {
            "PENDING" => ActivityStatus::PENDING,
            "INPROGRESS" => ActivityStatus::INPROGRESS,
            "SUCCESS" => ActivityStatus::SUCCESS,
            _ => ActivityStatus::FAIL,
        }
    }
}

/// `ActivityDto`. Absent values are left out rather than sent as `null`,
/// since the bundle types them as plain strings and objects.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivityDto {
    /// The same as `requestId`; rows of the activity query carry it.
    pub id: String,
    pub tenant_id: String,
    pub request_id: String,
    pub status: ActivityStatus,
    pub use_case: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification: Option<NotificationData>,
    pub admin: AdminDto,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    pub steps: Vec<StepDto>,
    pub product: String,
    /// Activities of devices name them; r1 manages no devices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    #[serde(serialize_with = "timestamp::serialize")]
    pub start_datetime: DateTime<Utc>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "timestamp::option"
    )]
    pub end_datetime: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_template: Option<String>,
    pub description_data: Vec<NameValuePairDto>,
    pub severity: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AdminDto {
    pub name: String,
    /// Set for administrators; API clients have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    pub id: String,
    pub interface: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StepDto {
    pub id: String,
    pub description: String,
    pub status: ActivityStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// `REQUEST` for the request itself; r1 has no device steps.
    pub progress_type: String,
    /// Counts of a device step; request steps have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress_summary: Option<ProgressDetails>,
    #[serde(serialize_with = "timestamp::serialize")]
    pub start_datetime: DateTime<Utc>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "timestamp::option"
    )]
    pub end_datetime: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProgressDetails {
    pub pending: i32,
    pub in_progress: i32,
    pub success: i32,
    pub fail: i32,
    pub offline: i32,
    pub start_datetime: Option<DateTime<Utc>>,
    pub end_datetime: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NameValuePairDto {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<NotificationType>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum NotificationType {
    Email,
    Sms,
    Push,
}

impl ActivityDto {
    fn from_row(row: ActivityRow, now: DateTime<Utc>) -> Self {
        let settled = now >= row.settles_at;
        let status = if settled {
            ActivityStatus::parse(&row.status)
        } else {
            ActivityStatus::INPROGRESS
        };
        let end = if settled {
            row.end_datetime.or(Some(row.settles_at))
        } else {
            None
        };
        let error = if settled { row.error } else { None };
        ActivityDto {
            id: row.request_id.to_string(),
            tenant_id: row.tenant_id,
            request_id: row.request_id.to_string(),
            steps: vec![StepDto {
                id: row.use_case.clone(),
                description: row.use_case.clone(),
                status,
                error: error.clone(),
                suggestion: None,
                progress_type: "REQUEST".into(),
                progress_summary: None,
                start_datetime: row.start_datetime,
                end_datetime: end,
            }],
            status,
            use_case: row.use_case,
            notification: row
                .notification
                .and_then(|n| serde_json::from_value(n).ok()),
            admin: AdminDto {
                name: row.admin_name,
                email: None,
                ip: None,
                id: row.admin_id,
                interface: "API".into(),
            },
            error,
            suggestion: None,
            product: "RUCKUS One".into(),
            serial_number: None,
            event_id: None,
            start_datetime: row.start_datetime,
            end_datetime: end,
            description_template: row.description_template,
            description_data: row.description_data,
            severity: "Info".into(),
        }
    }
}

fn parse_id(id: &str) -> Result<Uuid, ApiError> {
    path_uuid(id, || not_found(id))
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("Activity {id} not found"))
}

async fn load(state: &AppState, tenant_id: &str, id: &str) -> Result<ActivityDto, ApiError> {
    let key = (tenant_id.to_string(), parse_id(id)?);
    let row = batch::read::<repo::ActivityById>(state, key)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(ActivityDto::from_row(row, Utc::now()))
}

#[derive(Deserialize, IntoParams)]
pub struct ActivityPath {
    #[serde(rename = "activityId")]
    #[param(rename = "activityId")]
    pub activity_id: String,
}

/// Get Activity Details
#[utoipa::path(
    get,
    path = "/activities/{activityId}",
    tag = "View Activities",
    operation_id = "getDetails",
    params(ActivityPath),
    responses(
        (status = 200, description = "Successful operation", body = ActivityDto),
        (status = 400, description = "Invalid payload supplied", body = ErrorBody),
        (status = 404, description = "Activity not found", body = ErrorBody),
    )
)]
async fn get_details(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<ActivityPath>,
) -> Result<Json<ActivityDto>, ApiError> {
    Ok(Json(load(&state, &ctx.tenant_id, &p.activity_id).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct LegacyActivityPath {
    #[serde(rename = "tenantId")]
    #[param(rename = "tenantId")]
    pub tenant_id: String,
    #[serde(rename = "requestId")]
    #[param(rename = "requestId")]
    pub request_id: String,
}

/// Get Activity Details (the path the vendor's migration page names)
#[utoipa::path(
    get,
    path = "/api/tenant/{tenantId}/activity/{requestId}",
    tag = "View Activities",
    operation_id = "getActivityLegacy",
    params(LegacyActivityPath),
    responses(
        (status = 200, description = "Successful operation", body = ActivityDto),
        (status = 404, description = "Activity not found", body = ErrorBody),
    )
)]
async fn get_details_legacy(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<LegacyActivityPath>,
) -> Result<Json<ActivityDto>, ApiError> {
    // Another tenant's id in the path reads as a missing activity.
    if p.tenant_id.to_ascii_lowercase() != ctx.tenant_id {
        return Err(not_found(&p.request_id));
    }
    Ok(Json(load(&state, &ctx.tenant_id, &p.request_id).await?))
}

/// The filters of `QueryData`: each an array, except the time range.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActivityFilters {
    pub id: Option<Vec<String>>,
    pub status: Option<Vec<String>>,
    pub use_case: Option<Vec<String>>,
    pub from_time: Option<DateTime<Utc>>,
    pub to_time: Option<DateTime<Utc>>,
}

const ACTIVITY_SORT: SortFields = &[
    ("startDatetime", "start_datetime"),
    ("endDatetime", "end_datetime"),
    ("status", "status"),
    ("useCase", "use_case"),
];

/// What `searchString` looks in, by the names `searchTargetFields` takes.
const ACTIVITY_SEARCH: SortFields = &[
    ("useCase", "use_case"),
    ("description", "description_template"),
];

const STATUSES: [&str; 4] = ["PENDING", "INPROGRESS", "SUCCESS", "FAIL"];

fn activity_filter(q: &QueryRequest<ActivityFilters>) -> Result<ActivityFilter, ApiError> {
    let f = q.filters.clone().unwrap_or_default();
    let ids = f.id.map(|ids| {
        // An id that is no UUID matches no activity.
        ids.iter()
            .filter_map(|id| Uuid::parse_str(id).ok())
            .collect::<Vec<_>>()
    });
    if let Some(bad) = f
        .status
        .iter()
        .flatten()
        .find(|s| !STATUSES.contains(&s.as_str()))
    {
        return Err(ApiError::field(
            "filters",
            "status",
            bad,
            "must be one of PENDING, INPROGRESS, SUCCESS, FAIL",
        ));
    }
    Ok(ActivityFilter {
        ids,
        statuses: f.status,
        use_cases: f.use_case,
        from_time: f.from_time,
        to_time: f.to_time,
        search: q.search(ACTIVITY_SEARCH)?,
    })
}

/// Get Activities
#[utoipa::path(
    post,
    path = "/activities/query",
    tag = "View Activities",
    operation_id = "findActivityList",
    request_body = QueryRequest<ActivityFilters>,
    responses(
        (status = 200, description = "Successful operation", body = QueryResponse<ActivityDto>),
        (status = 400, description = "Invalid payload supplied", body = ErrorBody),
    )
)]
async fn find_activity_list(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Json(q): Json<QueryRequest<ActivityFilters>>,
) -> Result<Json<QueryResponse<Value>>, ApiError> {
    let window = q.window()?;
    let order = q.order(ACTIVITY_SORT, Order::by("start_datetime", true))?;
    let filter = activity_filter(&q)?;
    let (total, rows) = repo::query_activities(
        &state.db,
        &ctx.tenant_id,
        &filter,
        &order,
        window.limit(),
        window.offset(),
    )
    .await?;
    let now = Utc::now();
    let data = rows.into_iter().map(|r| ActivityDto::from_row(r, now));
    Ok(Json(q.respond(window, total, data)?))
}

/// `DeviceDto`: r1 manages no devices, so activities have none.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDto {
    pub serial_number: String,
    pub status: String,
    pub device_type: String,
    pub description: Option<String>,
    pub error: Option<String>,
    pub suggestion: Option<String>,
}

/// Get Activity Devices
#[utoipa::path(
    post,
    path = "/activities/{activityId}/devices/query",
    tag = "View Activities",
    operation_id = "findActivityDevices",
    params(ActivityPath),
    request_body = QueryRequest<Value>,
    responses(
        (status = 200, description = "Successful operation", body = QueryResponse<DeviceDto>),
        (status = 400, description = "Invalid payload supplied", body = ErrorBody),
        (status = 404, description = "Activity not found", body = ErrorBody),
    )
)]
async fn find_activity_devices(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<ActivityPath>,
    Json(q): Json<QueryRequest<Value>>,
) -> Result<Json<QueryResponse<DeviceDto>>, ApiError> {
    let window = q.window()?;
    load(&state, &ctx.tenant_id, &p.activity_id).await?;
    Ok(Json(QueryResponse::new(
        q.fields.clone(),
        window,
        0,
        Vec::new(),
    )))
}

/// Update Activity Notification Options
#[utoipa::path(
    put,
    path = "/activities/{activityId}/notifications",
    tag = "View Activities",
    operation_id = "updateActivityNotification",
    params(ActivityPath),
    request_body = NotificationData,
    responses(
        (status = 200, description = "Successful operation", body = ActivityDto),
        (status = 400, description = "Invalid payload supplied", body = ErrorBody),
        (status = 404, description = "Activity not found", body = ErrorBody),
    )
)]
async fn update_activity_notification(
    State(state): State<AppState>,
    ctx: TenantCtx,
    Path(p): Path<ActivityPath>,
    Json(n): Json<NotificationData>,
) -> Result<Json<ActivityDto>, ApiError> {
    let id = parse_id(&p.activity_id)?;
    let value = serde_json::to_value(&n).map_err(ApiError::internal)?;
    if !repo::set_activity_notification(&state.db, &ctx.tenant_id, id, value).await? {
        return Err(not_found(&p.activity_id));
    }
    Ok(Json(load(&state, &ctx.tenant_id, &p.activity_id).await?))
}

/// The Activities API (and the legacy poll path).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_details))
        .routes(routes!(get_details_legacy))
        .routes(routes!(find_activity_list))
        .routes(routes!(find_activity_devices))
        .routes(routes!(update_activity_notification))
        .layer(crate::rate_limit::per_tenant("activities"))
        .layer(ErrorStyle::COMMON.layer())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_activity_error_is_a_json_string_of_json_strings() {
        let id = Uuid::new_v4();
        let err = ApiError::field("passphrase", "passphrase", "x", "too short");
        let doc: Value = serde_json::from_str(&error_document(id, &err)).unwrap();
        assert_eq!(doc["requestId"], id.to_string());
        let inner: Value = serde_json::from_str(doc["errors"][0].as_str().unwrap()).unwrap();
        assert_eq!(inner["code"], "INVALID_REQUEST");
        let message: Value = serde_json::from_str(inner["message"].as_str().unwrap()).unwrap();
        assert_eq!(message["message"], "Validation Error");
        assert_eq!(message["subErrors"][0]["field"], "passphrase");
    }

    fn row(settles_in_ms: i64) -> ActivityRow {
        let now = Utc::now();
        ActivityRow {
            request_id: Uuid::new_v4(),
            tenant_id: "t".into(),
            use_case: "CreateDpskPool".into(),
            status: "SUCCESS".into(),
            admin_name: "Application a".into(),
            admin_id: "c".into(),
            entity_id: None,
            error: None,
            description_template: None,
            description_data: Vec::new(),
            notification: None,
            start_datetime: now,
            end_datetime: Some(now),
            settles_at: now + Duration::milliseconds(settles_in_ms),
        }
    }

    #[test]
    fn activities_read_in_progress_until_they_settle() {
        let pending = ActivityDto::from_row(row(60_000), Utc::now());
        assert_eq!(pending.status, ActivityStatus::INPROGRESS);
        assert!(pending.end_datetime.is_none());
        let done = ActivityDto::from_row(row(0), Utc::now() + Duration::milliseconds(1));
        assert_eq!(done.status, ActivityStatus::SUCCESS);
        assert_eq!(done.steps[0].progress_type, "REQUEST");
        assert_eq!(done.admin.name, "Application a");
    }
}
