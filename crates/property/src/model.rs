//! DTOs of the Venue Service API (`Venue*View`), the viewmodel's venue query
//! and the Property Management API, named as their bundles name them.
//! Read-only members of a request body (`id`, `identityCount`, `venueCount`,
//! `venueName`, ...) are not declared on the request types: a client that
//! sends them back is not refused and they change nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use r1_core::hal::Links;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::schemas::{enabled_schema, links_schema, persona_type_schema, sort_order_schema};
use uuid::Uuid;

/// Tells an absent member (`None`) from an explicit `null` (`Some(None)`).
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

// ---- Venue Service API ----

/// `AddressView`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AddressView {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = true)]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = true)]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// `VenueView`: the create and replace body, and the venue as read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VenueView {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[schema(required = true)]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[schema(required = true)]
    pub address: Option<AddressView>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub is_template: bool,
}

/// `OperationResponseVenueView`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperationResponseVenueView {
    pub request_id: String,
    pub response: VenueView,
}

/// `OperationResponseVoid`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperationResponseVoid {
    pub request_id: String,
    #[schema(value_type = Object)]
    pub response: Value,
}

/// The viewmodel's `DynamicQueryPayloadDto`, as far as venues read it; its
/// other members are accepted and ignored. Named apart in r1's document so
/// that it does not replace MSP's full query body of the same vendor name.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
#[schema(as = VenueDynamicQueryPayloadDto)]
pub struct DynamicQueryPayloadDto {
    pub fields: Option<Vec<String>>,
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub sort_field: Option<String>,
    pub sort_order: Option<String>,
    pub search_string: Option<String>,
    pub search_target_fields: Option<Vec<String>>,
    pub filters: Option<HashMap<String, Vec<String>>>,
}

/// `VenueData`, a row of the venue query.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VenueData {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub tenant_id: String,
    pub crt_time: String,
    pub last_upd_time: String,
    pub is_template: bool,
}

/// The venue query's answer: `{fields, totalCount, page, data}` as the
/// viewmodel service answers every query (its `QueryResponse*Dto`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VenueQueryResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    pub total_count: i64,
    pub page: i64,
    pub data: Vec<Value>,
}

// ---- Property Management API ----

/// `Address` of a property (the venue's).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line: Option<String>,
}

/// `UnitConfigDto`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UnitConfigDto {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resident_portal_allowed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resident_api_allowed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_max_unit_count: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unit_count: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guest_allowed: Option<bool>,
}

/// `CommunicationConfigDto`: kept as sent (r1 sends no email or SMS).
pub type CommunicationConfigDto = serde_json::Map<String, Value>;

/// `PropertyDto`, the body of enable (PUT) and selective enable (PATCH).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PropertyDto {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub description: Option<Option<String>>,
    pub persona_group_id: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub resident_portal_id: Option<Option<Uuid>>,
    #[schema(schema_with = enabled_schema)]
    pub status: Option<String>,
    pub unit_config: Option<UnitConfigDto>,
    #[schema(value_type = Option<Object>)]
    pub communication_config: Option<CommunicationConfigDto>,
}

/// `EntityModelPropertyDto`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityModelPropertyDto {
    pub venue_id: String,
    pub venue_name: String,
    pub address: Address,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[schema(value_type = Object)]
    pub venue: Value,
    pub persona_group_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resident_portal_id: Option<Uuid>,
    #[schema(schema_with = enabled_schema)]
    pub status: String,
    pub unit_config: UnitConfigDto,
    #[schema(value_type = Object)]
    pub communication_config: CommunicationConfigDto,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

/// `EntityModelAcceptedResponse`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityModelAcceptedResponse {
    pub request_id: String,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

/// `AcceptedResponse`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AcceptedResponse {
    pub request_id: String,
}

/// `PropertyResidentPortalAssignment`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PropertyResidentPortalAssignment {
    pub venue_id: String,
    pub resident_portal_id: Uuid,
}

/// `DpskSettings`: one of a unit's passphrases.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DpskSettings {
    #[serde(rename = "type")]
    #[schema(schema_with = persona_type_schema)]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vlan: Option<i32>,
}

/// `Resident`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Resident {
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// `LanPort`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LanPort {
    pub mac_address: String,
    pub port_index: i32,
}

/// `UnitAp`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitAp {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selected_ports: Vec<LanPort>,
}

/// `TrafficControl`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrafficControl {
    pub metering_profile_id: String,
    pub profile_expiry: DateTime<Utc>,
}

/// `Unit`: the add body, and the edit body where only the members sent
/// change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Unit {
    pub name: Option<String>,
    pub resident: Option<Resident>,
    #[schema(schema_with = enabled_schema)]
    pub status: Option<String>,
    pub dpsks: Option<Vec<DpskSettings>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<UnitAp>, nullable)]
    pub access_point: Option<Option<UnitAp>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<TrafficControl>, nullable)]
    pub traffic_control: Option<Option<TrafficControl>>,
}

/// `EntityModelUnit`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityModelUnit {
    pub id: Uuid,
    pub name: String,
    pub resident: Resident,
    #[schema(schema_with = enabled_schema)]
    pub status: String,
    pub dpsks: Vec<DpskSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_point: Option<UnitAp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_control: Option<TrafficControl>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persona_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guest_persona_id: Option<Uuid>,
    pub identity_count: i64,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

/// `EntityModelPersona`: an identity of a unit.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityModelPersona {
    pub unit_id: Uuid,
    #[schema(schema_with = persona_type_schema)]
    pub persona_type: String,
    pub persona_id: Uuid,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}

/// `Persona`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Persona {
    pub unit_id: Uuid,
    #[schema(schema_with = persona_type_schema)]
    pub persona_type: String,
    pub persona_id: Uuid,
}

/// `QueryData`: Property Management's query body. `page` counts from 1 (0
/// reads as 1).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueryData {
    pub sort_field: Option<String>,
    pub keyword: Option<String>,
    #[schema(schema_with = sort_order_schema)]
    pub sort_order: Option<String>,
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    #[schema(value_type = Option<Object>)]
    pub filters: Option<serde_json::Map<String, Value>>,
}

/// `QoSProfileAssignment`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QoSProfileAssignment {
    #[schema(required = true)]
    pub unit_ids: Option<Vec<Uuid>>,
    #[schema(required = true)]
    pub profile_expiry: Option<DateTime<Utc>>,
}

/// `ResidentPortalAccessConfig`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResidentPortalAccessConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_set_dpsk: Option<bool>,
}

/// `ResidentPortalColorConfig`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResidentPortalColorConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accent_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub separator_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_color: Option<String>,
}

/// `ResidentPortalFileConfig`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResidentPortalFileConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fav_icon_file_name: Option<String>,
}

/// `ResidentPortalTextConfig`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResidentPortalTextConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announcements: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_text: Option<String>,
}

/// `ResidentPortalUiConfigs`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResidentPortalUiConfigs {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<ResidentPortalAccessConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<ResidentPortalColorConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<ResidentPortalFileConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<ResidentPortalTextConfig>,
}

/// `ResidentPortal`: the `portal` part of add, the `changes` part of edit.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResidentPortal {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub description: Option<Option<String>>,
    #[schema(schema_with = enabled_schema)]
    pub portal_status: Option<String>,
    pub ui_configuration: Option<ResidentPortalUiConfigs>,
}

/// `EntityModelResidentPortal`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntityModelResidentPortal {
    pub id: Uuid,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[schema(schema_with = enabled_schema)]
    pub portal_status: String,
    pub venue_count: i64,
    pub ui_configuration: ResidentPortalUiConfigs,
    #[serde(rename = "_links")]
    #[schema(schema_with = links_schema)]
    pub links: Links,
}
