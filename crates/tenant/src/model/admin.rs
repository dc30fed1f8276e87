//! Administrators and the query bodies.

use super::*;

/// `AdminView`: an administrator as listed, added and updated.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[schema(required = true)]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// `PRIME_ADMIN`, `ADMIN`, `READ_ONLY` or `OFFICE_ADMIN`.
    #[schema(required = true)]
    pub role: Option<String>,
    #[serde(rename = "delegateToAllECs", skip_serializing_if = "Option::is_none")]
    pub delegate_to_all_ecs: Option<bool>,
    #[serde(rename = "delegatedECs", skip_serializing_if = "Option::is_none")]
    pub delegated_ecs: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DetailLevel>)]
    pub detail_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_id: Option<String>,
}

/// `Admin`: an administrator inside a tenant record and in write answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Admin {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    #[schema(value_type = DetailLevel)]
    pub detail_level: String,
    pub external_id: String,
    pub admin_roles: Vec<AdminRole>,
    pub admin_app_settings: Vec<Value>,
    #[schema(value_type = DateFormat)]
    pub date_format: String,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    pub local: bool,
    pub default_tenant: String,
    /// The identity provider the administrator logs in with; r1 has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub authentication: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminRole {
    pub id: String,
    pub created_date: DateTime<Utc>,
    pub updated_date: DateTime<Utc>,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DelegatedRoleType>)]
    pub delegated_role_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub privilege_group: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

/// A query body, as both query operations take it: pages from 0 as Spring
/// counts them (docs/behaviour/tenant.md).
#[derive(Debug, Clone, Default)]
pub struct QueryRequest {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub sort_field: Option<String>,
    pub sort_order: Option<String>,
    pub search_target_fields: Option<Vec<String>>,
    pub search_string: Option<String>,
    pub filters: Option<serde_json::Map<String, Value>>,
}

macro_rules! query_request {
    ($name:ident, $sort:ty, $search:ty) => {
        #[derive(Debug, Clone, Default, Deserialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub page: Option<i64>,
            pub page_size: Option<i64>,
            #[schema(value_type = Option<$sort>)]
            pub sort_field: Option<String>,
            #[schema(value_type = Option<SortOrder>)]
            pub sort_order: Option<String>,
            #[schema(value_type = Option<Vec<$search>>)]
            pub search_target_fields: Option<Vec<String>>,
            pub search_string: Option<String>,
            #[schema(value_type = Option<Object>)]
            pub filters: Option<serde_json::Map<String, Value>>,
        }

        impl From<$name> for QueryRequest {
            fn from(q: $name) -> Self {
                QueryRequest {
                    page: q.page,
                    page_size: q.page_size,
                    sort_field: q.sort_field,
                    sort_order: q.sort_order,
                    search_target_fields: q.search_target_fields,
                    search_string: q.search_string,
                    filters: q.filters,
                }
            }
        }
    };
}

query_request!(AdminQueryRequest, AdminSortField, AdminSearchField);
query_request!(
    NotificationRecipientQueryRequest,
    RecipientField,
    RecipientField
);
