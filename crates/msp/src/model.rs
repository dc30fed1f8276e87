//! Request and response bodies, named and spelled as the MSP bundle names
//! them (the bundle mixes `snake_case` and `camelCase`; each DTO follows it).

use r1_core::{error::ErrorReport, ErrorStyle};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// The MSP API's error style: [`RestErrorResponse`].
pub const ERRORS: ErrorStyle = ErrorStyle::new(render_error);

/// Each entry keyed by the field it rejects, or by the error's code.
fn render_error(report: &ErrorReport, _request_id: &str) -> Value {
    let errors: serde_json::Map<String, Value> = report
        .entries()
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let key = report
                .fields
                .get(i)
                .map(|f| f.field.clone())
                .unwrap_or_else(|| report.code.to_string());
            (key, entry)
        })
        .collect();
    serde_json::json!({ "errors": errors })
}

/// `RestErrorResponse`: `{errors: {<code or field>: {...}}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RestErrorResponse {
    #[schema(value_type = Object)]
    pub errors: Value,
}

/// `ResponseBo`: the request id of an accepted change, and the tenant it made.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseBo {
    pub request_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `ResponseBOV2`: one `ResponseBo` per created customer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseBOV2 {
    pub data: Vec<ResponseBo>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MspAdminRole {
    pub msp_admin_id: Option<String>,
    pub msp_admin_role: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MspAdminRoleView {
    pub msp_admin_id: String,
    pub msp_admin_role: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EcDelegation {
    #[allow(dead_code)] // the customer being created is the one delegated
    pub mspec_list: Option<Vec<String>>,
    pub delegation_type: Option<String>,
    pub delegation_id: Option<String>,
    pub number_of_days: Option<String>,
}

/// `AddMspEcRequestV1_4`: one customer to create.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AddMspEcRequestV1_4 {
    pub account_id: Option<String>,
    pub name: Option<String>,
    pub street_address: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub phone_number: Option<String>,
    pub fax_number: Option<String>,
    pub city: Option<String>,
    pub mapping_url: Option<String>,
    pub service_effective_date: Option<String>,
    pub service_expiration_date: Option<String>,
    pub admin_email: Option<String>,
    pub admin_firstname: Option<String>,
    pub admin_lastname: Option<String>,
    pub admin_role: Option<String>,
    pub tenant_type: Option<String>,
    /// Accepted; r1 keeps no licenses.
    #[schema(value_type = Option<Object>)]
    #[allow(dead_code)]
    pub licenses: Option<Value>,
    pub delegations: Option<Vec<EcDelegation>>,
    pub admin_delegations: Option<Vec<MspAdminRole>>,
    pub tier: Option<String>,
    /// Accepted; privacy settings are Tenant Management's.
    #[serde(rename = "privacyFeatures")]
    #[schema(value_type = Option<Vec<Object>>)]
    #[allow(dead_code)]
    pub privacy_features: Option<Vec<Value>>,
    /// Accepted; r1 keeps no privilege groups.
    #[allow(dead_code)]
    pub privilege_group_ids: Option<Vec<String>>,
    /// Accepted; r1 keeps no property codes.
    #[serde(rename = "propertyCode")]
    #[allow(dead_code)]
    pub property_code: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AddTenantRequestHolder {
    pub data: Option<Vec<AddMspEcRequestV1_4>>,
}

/// `UpdateMspEcRequest`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpdateMspEcRequest {
    pub name: Option<String>,
    pub street_address: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub phone_number: Option<String>,
    pub fax_number: Option<String>,
    pub city: Option<String>,
    pub mapping_url: Option<String>,
    pub service_effective_date: Option<String>,
    pub service_expiration_date: Option<String>,
    /// Accepted; r1 keeps no licenses.
    #[schema(value_type = Option<Object>)]
    #[allow(dead_code)]
    pub licenses: Option<Value>,
    pub tier: Option<String>,
    #[schema(value_type = Option<Vec<Object>>)]
    #[serde(rename = "privacyFeatures")]
    pub privacy_features: Option<Vec<Value>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MspPrivacyFeatureResponse)]
pub struct PrivacyFeatureResponse {
    pub feature_name: String,
    pub is_enabled: bool,
}

/// `MspEcAccountView`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MspEcAccountView {
    pub msp_label: Option<String>,
    pub name: String,
    pub street_address: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub phone_number: Option<String>,
    pub fax_number: Option<String>,
    pub city: Option<String>,
    pub mapping_url: Option<String>,
    pub service_effective_date: String,
    pub service_expiration_date: String,
    pub is_active: String,
    pub tenant_id: String,
    pub parent_tenant_id: String,
    pub tenant_type: String,
    pub account_id: String,
    pub tier: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    #[serde(rename = "privacyFeatures")]
    pub privacy_features: Vec<PrivacyFeatureResponse>,
}

/// `AssignMspEcListRequest`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub struct AssignMspEcListRequest {
    pub mspec_list: Option<Vec<String>>,
    pub delegation_type: Option<String>,
    pub number_of_days: Option<String>,
    #[serde(rename = "isManageAllEcs")]
    pub is_manage_all_ecs: Option<bool>,
}

/// `MspEcDelegationResponse`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MspEcDelegationResponse {
    pub mspec_list: Vec<String>,
    pub delegation_type: String,
    pub delegated_to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<String>,
}

/// `AssignDelegatedRequest`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AssignDelegatedRequest {
    pub delegation_id: Option<String>,
    pub delegation_type: Option<String>,
    pub mspec_id: Option<String>,
    pub number_of_days: Option<String>,
}

/// `AssignMspEcToMultipleTechPartners`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignMspEcToMultipleTechPartners {
    #[serde(rename = "AssignDelegatedRequest")]
    pub assign_delegated_request: Option<Vec<AssignDelegatedRequest>>,
}

/// `EmailInvitation`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EmailInvitation {
    pub admin_email: Option<String>,
    pub resend: Option<bool>,
}

/// `UpdateMspEcAdminRequest`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateMspEcAdminRequest {
    pub email: Option<String>,
    pub user_name: Option<String>,
    pub full_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// `MspEcAdminView`, with the administrator's id and role (r1 adds them so a
/// client can name the administrator in later calls).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MspEcAdminView {
    pub id: String,
    pub email: String,
    pub user_name: Option<String>,
    pub full_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub role: String,
}

/// `AssignedMspAdminsRequest`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignedMspAdminsRequest {
    pub mspec_list: Option<Vec<MspAdminRole>>,
    /// Accepted; administrators are assigned whatever the type.
    #[allow(dead_code)]
    pub delegation_type: Option<String>,
    /// Accepted; r1 keeps no privilege groups.
    #[allow(dead_code)]
    pub privilege_group_ids: Option<Vec<String>>,
}

/// `MspAdmin`: one customer's administrators in `PATCH /adminDelegations`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MspAdmin {
    pub operation: Option<String>,
    pub msp_ec_id: Option<String>,
    pub msp_admin_roles: Option<Vec<MspAdminRole>>,
    /// Accepted; r1 keeps no privilege groups.
    #[serde(rename = "privilege_group_ids")]
    #[allow(dead_code)]
    pub privilege_group_ids: Option<Vec<String>>,
}

/// `MspAdminRequest`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MspAdminRequest {
    pub associations: Option<Vec<MspAdmin>>,
}

/// `FirmwareUpgradeRequest`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FirmwareUpgradeRequest {
    pub operation: Option<String>,
    pub data: Option<DataRequest>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataRequest {
    pub msp_ec_list: Option<Vec<String>>,
    pub auto_schedule: Option<AutoSchedule>,
    pub manual_schedule: Option<ManualSchedule>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AutoSchedule {
    pub days: Option<Vec<String>>,
    pub time_slots: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ManualSchedule {
    pub date: Option<String>,
    pub time_slot: Option<String>,
}

/// `MspLogoFileData`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MspLogoFileData {
    pub id: Option<String>,
    #[serde(rename = "createdDate")]
    pub created_date: Option<String>,
    #[serde(rename = "updatedDate")]
    pub updated_date: Option<String>,
    #[serde(rename = "parentId")]
    pub parent_id: Option<String>,
    pub logo_fileuuid: Option<String>,
    pub logo_file_name: Option<String>,
}

/// `UpdateMspRequest`: the MSP's branding.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct UpdateMspRequest {
    pub msp_label: Option<String>,
    pub logo_uuid: Option<String>,
    pub alarm_notification_logo_uuid: Option<String>,
    pub ping_notification_logo_uuid: Option<String>,
    pub mlisa_logo_uuid: Option<String>,
    pub ping_login_logo_uuid: Option<String>,
    pub default_logo_uuid: Option<String>,
    pub msp_fqdn: Option<String>,
    pub contact_support_url: Option<String>,
    pub contact_support_behavior: Option<String>,
    pub open_case_url: Option<String>,
    pub open_case_behavior: Option<String>,
    pub my_open_case_url: Option<String>,
    pub my_open_case_behavior: Option<String>,
    pub change_password_url: Option<String>,
    pub msp_phone: Option<String>,
    pub msp_email: Option<String>,
    pub msp_website: Option<String>,
    #[serde(rename = "mspLogoFileDataList")]
    pub msp_logo_file_data_list: Option<Vec<MspLogoFileData>>,
    #[serde(rename = "preferredWisprProvider")]
    #[schema(value_type = Option<Object>)]
    pub preferred_wispr_provider: Option<Value>,
}

/// `MspView`: the branding as stored, with the MSP's name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MspView {
    #[serde(flatten)]
    pub settings: UpdateMspRequest,
    pub msp_external_id: Option<String>,
    pub msp_tenant_name: Option<String>,
    pub domain_suffix: String,
}

/// What `/_r1/tenants/{tenantId}/inventory` places: one AP or switch.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InventoryDevice {
    pub serial_number: Option<String>,
    /// `AP` or `SWITCH`.
    pub device_type: Option<String>,
    pub mac: Option<String>,
    pub model: Option<String>,
    pub name: Option<String>,
    pub venue_id: Option<String>,
    pub venue_name: Option<String>,
    /// The device's status as the inventory shows it (default `2_00_Operational`).
    pub device_status: Option<String>,
    pub fw_version: Option<String>,
}

#[cfg(test)]
mod tests {
    use r1_core::{error::FieldError, ApiError};

    use super::ERRORS;

    #[test]
    fn errors_are_keyed_by_field_or_by_code() {
        let body = ERRORS.body(&ApiError::NotFound("no such customer".into()).report(), "r");
        assert_eq!(
            body["errors"]["RESOURCE_NOT_FOUND"]["message"],
            "no such customer"
        );
        let report = ApiError::Validation(vec![
            FieldError::new("tenant", "name", "", "must not be empty"),
            FieldError::new("tenant", "tenantType", "X", "unknown type"),
        ])
        .report();
        let body = ERRORS.body(&report, "r");
        assert_eq!(body["errors"]["name"]["message"], "name: must not be empty");
        assert_eq!(body["errors"]["tenantType"]["field"], "tenantType");
    }
}
