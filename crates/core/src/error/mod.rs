//! Errors and the vendor's error bodies.
//!
//! Handlers return `Result<_, ApiError>`. An `ApiError` becomes a response
//! that carries an [`ErrorReport`] and no body yet; each domain router tags
//! its responses with its [`ErrorStyle`], and [`RenderErrors`] (mounted once,
//! outermost, where the request id is known) writes the body in that API's
//! shape. Bare error responses that never were an `ApiError` (axum's 405, a
//! 413 from the body limit) are rendered the same way, so no client ever sees
//! a plain-text error. The shapes and their sources are in docs/behaviour.md.

use std::sync::Arc;
use std::time::Duration;

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{SecondsFormat, Utc};
use serde::Serialize;
use serde_json::Value;
use tower::util::MapResponseLayer;

use crate::around::{Around, Pass};

mod from;

/// One rejected field of a request, as the vendor's validation errors name it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub object: String,
    pub field: String,
    pub rejected_value: Value,
    pub message: String,
}

impl FieldError {
    pub fn new(
        object: impl Into<String>,
        field: impl Into<String>,
        rejected_value: impl Serialize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            object: object.into(),
            field: field.into(),
            rejected_value: serde_json::to_value(rejected_value).unwrap_or(Value::Null),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 with the fields that were rejected.
    #[error("Validation Error")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    Locked(String),
    #[error("Too many requests")]
    TooManyRequests { retry_after: Duration },
    /// The database cannot be reached: answered at once rather than after a
    /// long wait, and the client may retry.
    #[error("The service is temporarily unavailable")]
    Unavailable(#[source] Arc<sqlx::Error>),
    /// An error raised by an operation that was tracked as an activity: the
    /// body names the activity's id as its `requestId`.
    #[error("{source}")]
    InActivity {
        request_id: uuid::Uuid,
        source: Box<ApiError>,
    },
    #[error("Internal server error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        ApiError::Internal(e.into())
    }

    /// One rejected field.
    pub fn field(
        object: &str,
        field: &str,
        rejected_value: impl Serialize,
        message: impl Into<String>,
    ) -> Self {
        ApiError::Validation(vec![FieldError::new(
            object,
            field,
            rejected_value,
            message,
        )])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Locked(_) => StatusCode::LOCKED,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::InActivity { source, .. } => source.status(),
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What a client may read about this error: never SQL or internals.
    pub fn report(&self) -> ErrorReport {
        match self {
            ApiError::InActivity { request_id, source } => ErrorReport {
                request_id: Some(request_id.to_string()),
                ..source.report()
            },
            ApiError::Validation(fields) => ErrorReport {
                fields: fields.clone(),
                ..ErrorReport::from_status(self.status())
            },
            ApiError::Internal(_) => ErrorReport::from_status(self.status()),
            other => ErrorReport {
                message: other.to_string(),
                ..ErrorReport::from_status(other.status())
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(cause) => tracing::error!(error = %cause, "internal error"),
            ApiError::Unavailable(cause) => tracing::warn!(error = %cause, "database unavailable"),
            _ => {}
        }
        let mut res = self.status().into_response();
        let retry_after = match &self {
            ApiError::TooManyRequests { retry_after } => Some(*retry_after),
            ApiError::Unavailable(_) => Some(Duration::from_secs(1)),
            _ => None,
        };
        if let Some(retry_after) = retry_after {
            let secs = retry_after.as_secs_f64().ceil().max(1.0) as u64;
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res.extensions_mut().insert(self.report());
        res
    }
}

/// The client-visible facts of an error, rendered per API by [`ErrorStyle`].
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// Set when the error belongs to an activity; otherwise the request's id.
    pub request_id: Option<String>,
}

impl ErrorReport {
    pub fn from_status(status: StatusCode) -> Self {
        let message = match status {
            StatusCode::BAD_REQUEST => "Validation Error",
            StatusCode::NOT_FOUND => "Resource not found",
            StatusCode::METHOD_NOT_ALLOWED => "Method not allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "Request body is too large",
            StatusCode::INTERNAL_SERVER_ERROR => "Internal server error",
            s => s.canonical_reason().unwrap_or("Error"),
        };
        ErrorReport {
            status,
            code: error_code(status),
            message: message.to_string(),
            fields: Vec::new(),
            request_id: None,
        }
    }
}

/// The vendor publishes no code catalogue for these APIs; r1 uses one stable
/// code per status (docs/behaviour.md, "Error bodies").
fn error_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "INVALID_REQUEST",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "RESOURCE_NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        409 => "RESOURCE_CONFLICT",
        413 => "PAYLOAD_TOO_LARGE",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        422 => "UNPROCESSABLE_ENTITY",
        423 => "RESOURCE_LOCKED",
        429 => "TOO_MANY_REQUESTS",
        503 => "SERVICE_UNAVAILABLE",
        _ => "INTERNAL_SERVER_ERROR",
    }
}

/// The `{requestId, errors: [...]}` body of the DPSK, Tenant and Activities
/// APIs, for the OpenAPI document (the bundles leave it untyped).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub request_id: String,
    pub errors: Vec<ErrorEntry>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEntry {
    pub code: String,
    pub message: String,
    pub reason: String,
    pub suggestion: String,
    /// The rejected field, for validation errors.
    pub field: Option<String>,
    pub rejected_value: Option<Value>,
}

/// How one API writes its error body: a function from the report and the
/// request's id to the vendor's JSON. Each domain crate keeps its renderer
/// beside its error schema (Identity's `ApiError`, MSP's `RestErrorResponse`,
/// the Resident Portal's `ErrorResource`, ...); core keeps the common one.
pub type RenderError = fn(&ErrorReport, &str) -> Value;

/// The error body style a router's responses are rendered in.
#[derive(Clone, Copy)]
pub struct ErrorStyle(Render);

#[derive(Clone, Copy)]
enum Render {
    /// Serialised straight from the report, without building a `Value`:
    /// every 401 and 429 of the busiest APIs is written this way.
    Common,
    Custom(RenderError),
}

impl std::fmt::Debug for ErrorStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ErrorStyle")
    }
}

impl ErrorStyle {
    pub const fn new(render: RenderError) -> Self {
        ErrorStyle(Render::Custom(render))
    }

    /// `{requestId, errors: [{code, message, reason, suggestion}]}`: DPSK,
    /// Tenant Management, Activities, Venues, the token endpoint and unknown
    /// routes.
    pub const COMMON: ErrorStyle = ErrorStyle(Render::Common);

    /// Tags every response of a router with this style, for [`RenderErrors`].
    pub fn layer(self) -> MapResponseLayer<impl FnOnce(Response) -> Response + Clone> {
        MapResponseLayer::new(move |mut res: Response| {
            res.extensions_mut().insert(self);
            res
        })
    }

    pub fn body(self, report: &ErrorReport, request_id: &str) -> Value {
        match self.0 {
            Render::Common => {
                serde_json::to_value(CommonBody::new(report, request_id)).unwrap_or_default()
            }
            Render::Custom(render) => render(report, request_id),
        }
    }

    /// The body as the response sends it.
    pub fn write(self, report: &ErrorReport, request_id: &str) -> Vec<u8> {
        let written = match self.0 {
            Render::Common => serde_json::to_vec(&CommonBody::new(report, request_id)),
            Render::Custom(render) => serde_json::to_vec(&render(report, request_id)),
        };
        written.unwrap_or_default()
    }
}

/// The common body, borrowed from the report. Keys are in alphabetical
/// order, as a `Value` writes them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CommonBody<'a> {
    errors: Entries<'a>,
    request_id: &'a str,
}

impl<'a> CommonBody<'a> {
    fn new(report: &'a ErrorReport, request_id: &'a str) -> Self {
        CommonBody {
            errors: Entries(report),
            request_id: report.request_id_or(request_id),
        }
    }
}

/// [`ErrorReport::entries`], serialised without building them.
struct Entries<'a>(&'a ErrorReport);

#[derive(Serialize)]
struct WholeEntry<'a> {
    code: &'a str,
    message: &'a str,
    reason: &'a str,
    suggestion: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FieldEntry<'a> {
    code: &'a str,
    field: &'a str,
    message: String,
    object: &'a str,
    reason: &'a str,
    rejected_value: &'a Value,
    suggestion: &'a str,
}

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let suggestion = suggestion(report.status);
        if report.fields.is_empty() {
            return [WholeEntry {
                code: report.code,
                message: &report.message,
                reason: report.status.canonical_reason().unwrap_or_default(),
                suggestion,
            }]
            .serialize(serializer);
        }
        serializer.collect_seq(report.fields.iter().map(|f| FieldEntry {
            code: report.code,
            field: &f.field,
            message: describe(f),
            object: &f.object,
            reason: &report.message,
            rejected_value: &f.rejected_value,
            suggestion,
        }))
    }
}

/// What every renderer draws on.
impl ErrorReport {
    /// The activity's id when the error belongs to one, else the request's.
    pub fn request_id_or<'a>(&'a self, request_id: &'a str) -> &'a str {
        self.request_id.as_deref().unwrap_or(request_id)
    }

    /// Spring's `HttpStatus` label: `"400 BAD_REQUEST"`.
    pub fn status_label(&self) -> String {
        format!(
            "{} {}",
            self.status.as_u16(),
            self.status
                .canonical_reason()
                .unwrap_or("ERROR")
                .to_ascii_uppercase()
                .replace([' ', '-'], "_")
        )
    }

    /// `"<field>: <message>"` for each rejected field.
    pub fn field_messages(&self) -> Vec<String> {
        self.fields.iter().map(describe).collect()
    }

    /// `{code, message, reason, suggestion}` entries: one per rejected field
    /// (with its `object`, `field` and `rejectedValue`), or one for the
    /// whole error.
    pub fn entries(&self) -> Vec<Value> {
        match serde_json::to_value(Entries(self)) {
            Ok(Value::Array(entries)) => entries,
            _ => Vec::new(),
        }
    }
}

/// Spring's `HttpStatus` labels, which the bundles list as the `status` of
/// their Spring-style error bodies; renderers write `"<code> <REASON>"`
/// ([`ErrorReport::status_label`]) from this list.
pub const HTTP_STATUSES: &[&str] = &[
    "100 CONTINUE",
    "101 SWITCHING_PROTOCOLS",
    "102 PROCESSING",
    "103 EARLY_HINTS",
    "103 CHECKPOINT",
    "200 OK",
    "201 CREATED",
    "202 ACCEPTED",
    "203 NON_AUTHORITATIVE_INFORMATION",
    "204 NO_CONTENT",
    "205 RESET_CONTENT",
    "206 PARTIAL_CONTENT",
    "207 MULTI_STATUS",
    "208 ALREADY_REPORTED",
    "226 IM_USED",
    "300 MULTIPLE_CHOICES",
    "301 MOVED_PERMANENTLY",
    "302 FOUND",
    "302 MOVED_TEMPORARILY",
    "303 SEE_OTHER",
    "304 NOT_MODIFIED",
    "305 USE_PROXY",
    "307 TEMPORARY_REDIRECT",
    "308 PERMANENT_REDIRECT",
    "400 BAD_REQUEST",
    "401 UNAUTHORIZED",
    "402 PAYMENT_REQUIRED",
    "403 FORBIDDEN",
    "404 NOT_FOUND",
    "405 METHOD_NOT_ALLOWED",
    "406 NOT_ACCEPTABLE",
    "407 PROXY_AUTHENTICATION_REQUIRED",
    "408 REQUEST_TIMEOUT",
    "409 CONFLICT",
    "410 GONE",
    "411 LENGTH_REQUIRED",
    "412 PRECONDITION_FAILED",
    "413 PAYLOAD_TOO_LARGE",
    "413 REQUEST_ENTITY_TOO_LARGE",
    "414 URI_TOO_LONG",
    "414 REQUEST_URI_TOO_LONG",
    "415 UNSUPPORTED_MEDIA_TYPE",
    "416 REQUESTED_RANGE_NOT_SATISFIABLE",
    "417 EXPECTATION_FAILED",
    "418 I_AM_A_TEAPOT",
    "419 INSUFFICIENT_SPACE_ON_RESOURCE",
    "420 METHOD_FAILURE",
    "421 DESTINATION_LOCKED",
    "422 UNPROCESSABLE_ENTITY",
    "423 LOCKED",
    "424 FAILED_DEPENDENCY",
    "425 TOO_EARLY",
    "426 UPGRADE_REQUIRED",
    "428 PRECONDITION_REQUIRED",
    "429 TOO_MANY_REQUESTS",
    "431 REQUEST_HEADER_FIELDS_TOO_LARGE",
    "451 UNAVAILABLE_FOR_LEGAL_REASONS",
    "500 INTERNAL_SERVER_ERROR",
    "501 NOT_IMPLEMENTED",
    "502 BAD_GATEWAY",
    "503 SERVICE_UNAVAILABLE",
    "504 GATEWAY_TIMEOUT",
    "505 HTTP_VERSION_NOT_SUPPORTED",
    "506 VARIANT_ALSO_NEGOTIATES",
    "507 INSUFFICIENT_STORAGE",
    "508 LOOP_DETECTED",
    "509 BANDWIDTH_LIMIT_EXCEEDED",
    "510 NOT_EXTENDED",
    "511 NETWORK_AUTHENTICATION_REQUIRED",
];

/// The instant an error body is written, as Spring writes `timestamp`.
pub fn timestamp() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn describe(f: &FieldError) -> String {
    format!("{}: {}", f.field, f.message)
}

fn suggestion(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Correct the request and send it again.",
        401 => "Get a new token from /oauth2/token/{tenantId} and send it as a Bearer token.",
        403 => "Use credentials that are allowed to perform this operation.",
        404 => "Check the identifiers in the request.",
        409 => "Use a unique value or change the existing resource.",
        413 => "Send a smaller request body.",
        415 => "Send the body with a Content-Type the operation accepts.",
        429 => "Wait for the time in Retry-After and send the request again.",
        503 => "Send the request again in a moment.",
        _ => "",
    }
}

/// Writes every error body in the vendor's shape for the API that produced
/// it. Mounted once, inside `SetRequestId`, so the request's id is known.
#[derive(Clone)]
pub struct RenderErrors;

impl Around for RenderErrors {
    type Seen = Option<HeaderValue>;

    fn request(&self, req: Request) -> Pass<Self::Seen> {
        // A header value is a view of the request's buffer: nothing is copied
        // unless the response turns out to be an error.
        let request_id = req.headers().get("x-request-id").cloned();
        Pass::On(req, request_id)
    }

    fn response(&self, request_id: Self::Seen, mut res: Response) -> Response {
        let style = res
            .extensions()
            .get::<ErrorStyle>()
            .copied()
            .unwrap_or(ErrorStyle::COMMON);
        let report = match res.extensions_mut().remove::<ErrorReport>() {
            Some(report) => report,
            None if is_bare_error(&res) => ErrorReport::from_status(res.status()),
            None => return res,
        };
        let request_id = request_id
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let body = style.write(&report, request_id);
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        res.headers_mut().remove(header::CONTENT_LENGTH);
        *res.body_mut() = Body::from(body);
        res
    }
}

fn is_bare_error(res: &Response) -> bool {
    let status = res.status();
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.contains("json"));
    (status.is_client_error() || status.is_server_error()) && !json
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> ErrorReport {
        ApiError::field(
            "passphrase",
            "passphrase",
            "short",
            "length must be between 8 and 63",
        )
        .report()
    }

    #[test]
    fn common_body_lists_each_field() {
        let body = ErrorStyle::COMMON.body(&report(), "req-1");
        assert_eq!(body["requestId"], "req-1");
        assert_eq!(body["errors"][0]["code"], "INVALID_REQUEST");
        assert_eq!(body["errors"][0]["field"], "passphrase");
        assert_eq!(
            body["errors"][0]["message"],
            "passphrase: length must be between 8 and 63"
        );
    }

    #[test]
    fn the_written_common_body_is_the_body_with_its_keys_in_order() {
        let whole = ApiError::TooManyRequests {
            retry_after: Duration::from_secs(1),
        }
        .report();
        for report in [report(), whole] {
            let written = ErrorStyle::COMMON.write(&report, "req-1");
            let body = ErrorStyle::COMMON.body(&report, "req-1");
            // A `Value` writes its keys sorted: the bytes are the same.
            assert_eq!(String::from_utf8(written).unwrap(), body.to_string());
        }
    }

    #[test]
    fn reports_give_renderers_spring_labels_and_field_messages() {
        let report = report();
        assert_eq!(report.status_label(), "400 BAD_REQUEST");
        assert_eq!(
            report.field_messages(),
            ["passphrase: length must be between 8 and 63"]
        );
        assert_eq!(report.request_id_or("req-1"), "req-1");
        let style = ErrorStyle::new(|r, id| json!({"custom": r.status.as_u16(), "id": id}));
        assert_eq!(style.body(&report, "x"), json!({"custom": 400, "id": "x"}));
    }

    #[test]
    fn activity_errors_name_the_activity() {
        let id = uuid::Uuid::new_v4();
        let err = ApiError::InActivity {
            request_id: id,
            source: Box::new(ApiError::Conflict("dup".into())),
        };
        assert_eq!(err.status(), StatusCode::CONFLICT);
        let body = ErrorStyle::COMMON.body(&err.report(), "other");
        assert_eq!(body["requestId"], id.to_string());
        assert_eq!(body["errors"][0]["message"], "dup");
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let err = ApiError::internal("relation \"secret_table\" does not exist");
        let body = ErrorStyle::COMMON.body(&err.report(), "r");
        assert_eq!(body["errors"][0]["message"], "Internal server error");
        assert!(!body.to_string().contains("secret_table"));
    }
}
