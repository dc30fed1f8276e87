//! Tenants as authentication sees them: an id, a name and whether the tenant
//! may be used. Tenant Management keeps the rest of the account in its own
//! tables and changes these through the functions here.

use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use crate::{error::ApiError, repo};

/// The vendor's tenant `status` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TenantStatus {
    Active,
    Suspended,
    Deleted,
    Maintenance,
}

impl TenantStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TenantStatus::Active => "active",
            TenantStatus::Suspended => "suspended",
            TenantStatus::Deleted => "deleted",
            TenantStatus::Maintenance => "maintenance",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(TenantStatus::Active),
            "suspended" => Some(TenantStatus::Suspended),
            "deleted" => Some(TenantStatus::Deleted),
            "maintenance" => Some(TenantStatus::Maintenance),
            _ => None,
        }
    }
}

/// Creates an active tenant; 409 when the id is taken.
pub async fn create(conn: &mut PgConnection, id: &str, name: &str) -> Result<(), ApiError> {
    if !crate::ids::is_tenant_id(id) {
        return Err(ApiError::field(
            "tenant",
            "tenantId",
            id,
            "must be 32 lowercase hexadecimal characters",
        ));
    }
    crate::access::changed();
    if repo::create_tenant(conn, id, name).await? {
        Ok(())
    } else {
        Err(ApiError::Conflict(format!("Tenant {id} already exists")))
    }
}

pub async fn status(conn: &mut PgConnection, id: &str) -> Result<Option<TenantStatus>, ApiError> {
    Ok(repo::tenant_status(conn, id)
        .await?
        .as_deref()
        .and_then(TenantStatus::parse))
}

/// Returns whether the tenant exists.
pub async fn set_status(
    conn: &mut PgConnection,
    id: &str,
    status: TenantStatus,
) -> Result<bool, ApiError> {
    crate::access::changed();
    repo::set_tenant_status(conn, id, status.as_str()).await
}

/// Removes the tenant and, through the foreign keys, everything it owns.
pub async fn delete(conn: &mut PgConnection, id: &str) -> Result<bool, ApiError> {
    crate::access::changed();
    repo::delete_tenant(conn, id).await
}
