//! OpenAPI schemas the bundles declare more precisely than the Rust types
//! say: `Links` with every member of the vendor's `Link`, string enums, and
//! the `ErrorResource` error body with Spring's status labels.

use r1_core::{
    error::{ErrorReport, HTTP_STATUSES},
    ErrorStyle,
};
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

/// `ErrorResource`: the error body of every Property Management operation.
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
    use r1_core::error::HTTP_STATUSES;

    use super::{ErrorResource, ERRORS};

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
