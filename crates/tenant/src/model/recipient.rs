//! Notification recipients.

use super::*;

/// `NotificationEndpointDTO`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationEndpointDTO {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `EMAIL` or `SMS`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<EndpointStatus>)]
    pub status: Option<String>,
}

/// `NotificationRecipientRBACDTO`: a recipient as added and listed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationRecipientRBACDTO {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Vec<NotificationEndpointDTO>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_preferences: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_preferences: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privilege_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_type: Option<String>,
}

/// `NotificationEndpoint` inside a `NotificationRecipient`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationEndpoint {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    pub destination: String,
    pub active: bool,
    #[schema(value_type = EndpointStatus)]
    pub status: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// `NotificationRecipient`: a recipient inside a tenant record; the bulk
/// delete body names recipients by their `id`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationRecipient {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    pub description: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
    pub endpoints: Vec<NotificationEndpoint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub privilege_group: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

/// An element of the bulk delete body: a recipient, of which `id` counts.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // only `id` counts; `description` stays in the schema
pub struct NotificationRecipientRef {
    pub id: Option<String>,
    pub description: Option<String>,
}
