//! The Resident Portal API's DTOs, named as its bundle names them.

use chrono::{DateTime, Utc};
use r1_core::{error::ErrorReport, hal::Links, ErrorStyle};
use r1_property::schemas::{
    auth_type_schema, enabled_schema, error_resource, links_schema, persona_type_schema,
    resident_http_status_schema, sort_order_schema, user_sort_fields_schema, user_status_schema,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// `LoginResource`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginResource {
    /// SHA-256 of the unit secret, as 64 hex characters.
    pub hashed_secret: Option<String>,
}

/// `PortalTokenResource`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PortalTokenResource {
    pub unit_guid: String,
    pub token: String,
    pub server_version: String,
    pub expire_date_time: DateTime<Utc>,
}

/// `EntityModelPropertyDto` (the Resident Portal's own, named apart from
/// Property Management's in r1's document).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ResidentEntityModelPropertyDto)]
pub struct EntityModelPropertyDto {
    pub guid: String,
    pub name: String,
    pub address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_portal_help_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_portal_announcements: Option<String>,
    pub allow_separate_guest_secret: bool,
    pub enforce_max_units: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_units: Option<i64>,
    pub send_email: bool,
    pub send_sms: bool,
    pub ssids: Vec<String>,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

/// `UnitContactDto`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitContactDto {
    pub contact_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// `UnitDto`: the edit body. A resident changes the contact and, where the
/// property allows it, the secrets; `number`, `status` and `description` are
/// the property manager's and are not changed here.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitDto {
    pub contact: Option<UnitContactDto>,
    pub secret: Option<String>,
    pub guest_secret: Option<String>,
}

/// `EntityModelUnitDto`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityModelUnitDto {
    pub guid: String,
    pub number: String,
    pub contact: UnitContactDto,
    #[schema(schema_with = enabled_schema)]
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guest_secret: Option<String>,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

/// `UnitDeviceDto`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitDeviceDto {
    /// The device's MAC address, which identifies it on the unit.
    pub guid: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub mac_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_connected_date: Option<DateTime<Utc>>,
    #[schema(schema_with = auth_type_schema)]
    pub auth_type: String,
}

/// `EntityModelDevicesListResource`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityModelDevicesListResource {
    pub contents: Vec<UnitDeviceDto>,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

/// `UnitUserDto`: the update body; `passphrase: ""` regenerates it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitUserDto {
    pub user_name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub passphrase: Option<String>,
    /// `ACTIVE` or `BLOCKED`.
    #[schema(schema_with = user_status_schema)]
    pub status: Option<String>,
}

/// `EntityModelUnitUserDto`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityModelUnitUserDto {
    pub user_id: Uuid,
    pub user_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
    #[schema(schema_with = user_status_schema)]
    pub status: String,
    #[serde(rename = "type")]
    #[schema(schema_with = persona_type_schema)]
    pub kind: String,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

/// `MultiRequestResponse`: what an update of a unit user changed.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MultiRequestResponse {
    /// The identity that was updated.
    pub persona_update_id: String,
    /// The DPSK passphrase that was changed, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpsk_update_id: Option<String>,
}

/// `UnitUsersQueryCriteria`. `page` counts from 0.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitUsersQueryCriteria {
    #[schema(schema_with = sort_order_schema)]
    pub sort_direction: Option<String>,
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub user_id: Option<Uuid>,
    #[schema(schema_with = user_sort_fields_schema)]
    pub sort_fields: Option<Vec<String>>,
}

/// `EntityModelPortalUiConfiguration`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityModelPortalUiConfiguration {
    pub api_allowed: bool,
    pub tenant_set_dpsk: bool,
    pub portal_allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon_file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announcements: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accent_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub separator_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_color: Option<String>,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

/// `ResidentPortalAccessDto`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResidentPortalAccessDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_text: Option<String>,
    pub portal_allowed: bool,
}

/// The Resident Portal's error style: [`ErrorResource`], the members it
/// shares with Property Management's.
pub const ERRORS: ErrorStyle = ErrorStyle::new(render_error);

fn render_error(report: &ErrorReport, _request_id: &str) -> serde_json::Value {
    error_resource(report)
}

/// `ErrorResource`: the error body of every Resident Portal operation, as
/// [`ERRORS`] renders it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ResidentErrorResource)]
pub struct ErrorResource {
    #[schema(schema_with = resident_http_status_schema)]
    pub status: String,
    pub timestamp: DateTime<Utc>,
    pub message: String,
    pub detailed_message: String,
    pub validation_errors: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::{ErrorResource, ERRORS};

    #[test]
    fn the_rendered_error_body_is_an_error_resource() {
        let report = r1_core::ApiError::field("unit", "secret", "x", "too short").report();
        let body = ERRORS.body(&report, "r");
        let parsed: ErrorResource = serde_json::from_value(body).unwrap();
        assert_eq!(parsed.status, "400 BAD_REQUEST");
        assert_eq!(parsed.validation_errors, ["secret: too short"]);
    }
}
