//! The only module that talks to Tenant Management: the tenant account
//! (type, parent) and its administrators belong to that crate, so MSP
//! Services reads and changes them through its public functions.

use std::collections::HashMap;

use r1_core::ApiError;
use sqlx::PgConnection;

pub use r1_tenant::MspAdmin as Admin;

/// The tenant's type (`MSP`, `MSP_EC`, ...), if it has an account.
pub async fn tenant_type(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Option<String>, ApiError> {
    r1_tenant::account_type(conn, tenant_id).await
}

/// The account of a tenant the MSP made (MSP_EC or a technology partner),
/// with the MSP as its parent.
pub async fn create_customer_account(
    conn: &mut PgConnection,
    tenant_id: &str,
    name: &str,
    msp_tenant_id: &str,
    tenant_type: &str,
) -> Result<(), ApiError> {
    r1_tenant::create_child_account(conn, tenant_id, name, tenant_type, msp_tenant_id).await
}

pub async fn rename_account(
    conn: &mut PgConnection,
    tenant_id: &str,
    name: &str,
) -> Result<(), ApiError> {
    r1_tenant::rename_account(conn, tenant_id, name).await
}

pub async fn add_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    email: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
    role: &str,
) -> Result<Admin, ApiError> {
    r1_tenant::msp_add_admin(conn, tenant_id, email, first_name, last_name, role).await
}

pub async fn admins(conn: &mut PgConnection, tenant_id: &str) -> Result<Vec<Admin>, ApiError> {
    r1_tenant::msp_admins(conn, tenant_id).await
}

/// The administrator, or 404 when the tenant has none with that id.
pub async fn find_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<Admin, ApiError> {
    r1_tenant::msp_find_admin(conn, tenant_id, id).await
}

pub async fn update_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    email: &str,
    first_name: Option<&str>,
    last_name: Option<&str>,
) -> Result<Admin, ApiError> {
    r1_tenant::msp_update_admin(conn, tenant_id, id, email, first_name, last_name).await
}

pub async fn delete_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
) -> Result<(), ApiError> {
    r1_tenant::msp_delete_admin(conn, tenant_id, id).await
}

/// Administrators per tenant, for the computed `mspEcAdminCount`.
pub async fn admin_counts(
    conn: &mut PgConnection,
    tenant_ids: &[String],
) -> Result<HashMap<String, i64>, ApiError> {
    r1_tenant::msp_admin_counts(conn, tenant_ids).await
}

/// The tenant's account name, if it has an account.
pub async fn account_name(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Option<String>, ApiError> {
    r1_tenant::account_name(conn, tenant_id).await
}
