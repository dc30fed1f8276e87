//! The bodies of r1's own `/_r1/tenants`.

use super::*;

/// `/_r1/tenants` body: a tenant made the way LocalStack makes accounts.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalTenantCreate {
    pub name: Option<String>,
    pub tenant_type: Option<String>,
    pub tenant_id: Option<String>,
    pub admin_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalTenantCreated {
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub admin_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalClientCreated {
    pub client_id: String,
    pub client_secret: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalTenant {
    pub tenant_id: String,
    pub name: String,
    pub tenant_type: String,
    pub status: String,
    pub created_date: DateTime<Utc>,
}
