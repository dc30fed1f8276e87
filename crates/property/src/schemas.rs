//! OpenAPI schemas the bundles declare more precisely than the Rust types
//! say: `Links` with every member of the vendor's `Link`, string enums, and
//! the `ErrorResource` error body with Spring's status labels.

use r1_core::{error::ErrorReport, ErrorStyle};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{
    openapi::{
        schema::{AdditionalProperties, ObjectBuilder, Type},
        RefOr, Schema,
    },
    ToSchema,
};

/// The bundles' `Links`: relation name to `Link`. r1 writes `href` only;
/// the other members of the vendor's `Link` are optional and never sent.
pub fn links_schema() -> Schema {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    let link = ObjectBuilder::new()
        .property("href", string())
        .property("hreflang", string())
        .property("title", string())
        .property("type", string())
        .property("deprecation", string())
        .property("profile", string())
        .property("name", string())
        .property("templated", ObjectBuilder::new().schema_type(Type::Boolean));
    ObjectBuilder::new()
        .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(Schema::Object(
            link.build(),
        )))))
        .build()
        .into()
}

fn string_enum(values: &[&str]) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .build()
        .into()
}

pub fn enabled_schema() -> Schema {
    string_enum(&["DISABLED", "ENABLED"])
}

pub fn sort_order_schema() -> Schema {
    string_enum(&["ASC", "DESC"])
}

pub fn persona_type_schema() -> Schema {
    string_enum(&["UNIT", "GUEST", "LINKED"])
}

pub fn user_status_schema() -> Schema {
    string_enum(&["BLOCKED", "ACTIVE"])
}

pub fn auth_type_schema() -> Schema {
    string_enum(&["DPSK", "MACREG"])
}

/// `UnitUsersQueryCriteria.sortFields`: a list of `userId`.
pub fn user_sort_fields_schema() -> Schema {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(RefOr::T(string_enum(&["userId"])))
        .build()
        .into()
}

/// Spring's `HttpStatus` labels, as [`ERRORS`] and the Resident Portal's
/// renderer write them (`"404 NOT_FOUND"`).
const HTTP_STATUSES: &[&str] = &[
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

pub fn http_status_schema() -> Schema {
    string_enum(HTTP_STATUSES)
}

/// The Resident Portal bundle's list lacks `103 EARLY_HINTS`.
pub fn resident_http_status_schema() -> Schema {
    let values: Vec<&str> = HTTP_STATUSES
        .iter()
        .copied()
        .filter(|s| *s != "103 EARLY_HINTS")
        .collect();
    string_enum(&values)
}

/// `NestedError`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NestedError {
    pub code: String,
    pub message: String,
    pub reason: String,
    pub suggestion: String,
}

/// The `ErrorResource` members the Resident Portal and Property Management
/// share; Property Management adds `requestId` and `errors`.
pub fn error_resource(report: &ErrorReport) -> Value {
    json!({
        "status": report.status_label(),
        "timestamp": r1_core::error::timestamp(),
        "message": report.message,
        "detailedMessage": report.field_messages().join("; "),
        "validationErrors": report.field_messages(),
    })
}

/// The Property Management API's error style: [`ErrorResource`].
pub const ERRORS: ErrorStyle = ErrorStyle::new(render_error);

fn render_error(report: &ErrorReport, request_id: &str) -> Value {
    let mut body = error_resource(report);
    body["requestId"] = json!(report.request_id_or(request_id));
    body["errors"] = json!(report.entries());
    body
}

/// `ErrorResource`: the error body of every Property Management operation,
/// as [`ERRORS`] renders it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorResource {
    #[schema(schema_with = http_status_schema)]
    pub status: String,
    pub timestamp: chrono::DateTime<chrono::Utc>,
    pub request_id: String,
    pub message: String,
    pub detailed_message: String,
    pub validation_errors: Vec<String>,
    pub errors: Vec<NestedError>,
}

#[cfg(test)]
mod tests {
    use super::{ErrorResource, ERRORS, HTTP_STATUSES};

    #[test]
    fn the_rendered_error_body_is_an_error_resource() {
        let report = r1_core::ApiError::NotFound("Unit x not found".into()).report();
        let body = ERRORS.body(&report, "r");
        let parsed: ErrorResource = serde_json::from_value(body).unwrap();
        assert_eq!(parsed.status, "404 NOT_FOUND");
        assert_eq!(parsed.errors[0].code, "RESOURCE_NOT_FOUND");
    }

    #[test]
    fn the_rendered_status_labels_are_in_the_bundles_list() {
        let report = r1_core::ApiError::NotFound("x".into()).report();
        let body = ERRORS.body(&report, "r");
        assert!(HTTP_STATUSES.contains(&body["status"].as_str().unwrap()));
        let body = super::error_resource(&report);
        assert!(HTTP_STATUSES.contains(&body["status"].as_str().unwrap()));
    }
}
