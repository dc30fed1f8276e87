//! Delegations, beta and privacy features, authentications, mobile push.

use super::*;

/// `Delegation`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Delegation {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    /// The delegate tenant (RUCKUS support: `SUPPORT`).
    pub delegated_to: String,
    /// `VAR`, `SUPPORT`, `MSP`, `SUPPORT_EC`, `MSP_INSTALLER`, `MSP_INTEGRATOR`
    /// or `UNKNOWN`.
    #[serde(rename = "type")]
    #[schema(value_type = DelegationType)]
    pub kind: String,
    #[schema(value_type = DelegationStatus)]
    pub status: String,
    /// The delegating tenant.
    pub delegated_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegated_to_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegated_to_admin: Option<String>,
    /// Left out: delegations have no parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    pub is_valid: bool,
}

/// `DelegationAction`: the delegate's answer to an invitation.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DelegationAction {
    #[schema(required = true)]
    pub accept: Option<bool>,
    #[schema(required = true)]
    pub from_tenant_id: Option<String>,
}

/// `InviteVAR`: the VAR named by one of its administrators' usernames.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InviteVAR {
    pub username: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BetaFeatureRequest {
    pub beta_feature_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BetaFeature {
    pub id: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BetaFeatureResponse {
    pub beta_features: Vec<BetaFeature>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid_feature_ids: Option<Vec<String>>,
}

/// `PrivacyFeature`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyFeature {
    #[schema(required = true)]
    pub feature_name: Option<String>,
    /// `ENABLED` or `DISABLED`.
    #[schema(required = true)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyFeatureRequest {
    pub privacy_features: Option<Vec<PrivacyFeature>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyFeatureResponse {
    pub privacy_features: Vec<PrivacyFeature>,
}

/// `AuthenticationInfo`: an identity provider of the tenant. Secrets are
/// stored but never returned (docs/behaviour/tenant.md).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "clientID", skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<String>,
    #[serde(rename = "tokenURL", skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(rename = "authorizationURL", skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    #[schema(required = true, value_type = Option<AuthenticationType>)]
    pub authentication_type: Option<String>,
    #[serde(rename = "samlFileURL", skip_serializing_if = "Option::is_none")]
    pub saml_file_url: Option<String>,
    #[schema(required = true)]
    pub name: Option<String>,
    #[serde(rename = "clientIDStatus", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ClientIdStatus>)]
    pub client_id_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<SamlFileType>)]
    pub saml_file_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domains: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_signature_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_encryption_certificate_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_encryption_public_certificate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_encryption_private_key: Option<String>,
}

/// `Authentication` inside a tenant record.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Authentication {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    #[schema(value_type = AuthenticationType)]
    pub authentication_type: String,
    pub name: String,
    #[serde(rename = "clientID", skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Never shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<String>,
    #[serde(rename = "tokenURL", skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(rename = "authorizationURL", skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    #[serde(rename = "samlFileURL", skip_serializing_if = "Option::is_none")]
    pub saml_file_url: Option<String>,
    #[serde(rename = "clientIDStatus", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ClientIdStatus>)]
    pub client_id_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<SamlFileType>)]
    pub saml_file_type: Option<String>,
    /// The domains, as `AuthDomain` objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub auth_domains: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub auth_scopes: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_based: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_signature_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_encryption_certificate_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

/// `MobilePushNotificationEndpoint`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MobilePushNotificationEndpoint {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_date: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub destination: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<EndpointStatus>)]
    pub status: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[schema(required = true)]
    pub platform: Option<String>,
    #[schema(required = true)]
    pub device_token: Option<String>,
    #[schema(required = true)]
    pub device_id: Option<String>,
}
