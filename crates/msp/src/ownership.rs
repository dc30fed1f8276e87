//! Who may touch which customer: only MSP tenants manage customers, an MSP
//! only its own, and a technology partner those handed to it. Customers,
//! delegations, administrators, branding and firmware all ask here.

use r1_core::ApiError;
use sqlx::PgConnection;

use crate::{
    repo::{self, CustomerRow},
    rules, tenant_link,
};

pub fn not_found(tenant_id: &str) -> ApiError {
    ApiError::NotFound(format!("Tenant {tenant_id} not found"))
}

/// Only MSP tenants manage customers; every other caller is refused.
pub async fn require_msp(conn: &mut PgConnection, caller: &str) -> Result<(), ApiError> {
    let kind = tenant_link::tenant_type(conn, caller).await?;
    match kind.as_deref() {
        Some(k) if rules::MSP_TYPES.contains(&k) => Ok(()),
        other => Err(ApiError::Forbidden(format!(
            "Tenant {caller} of type {} is not an MSP",
            other.unwrap_or("REC")
        ))),
    }
}

/// The customer, when `msp` manages it; 404 otherwise (another MSP's
/// customer is not revealed).
pub async fn owned(
    conn: &mut PgConnection,
    msp: &str,
    tenant_id: &str,
) -> Result<CustomerRow, ApiError> {
    match repo::find_customer(conn, tenant_id).await? {
        Some(c) if c.msp_tenant_id == msp => Ok(c),
        _ => Err(not_found(tenant_id)),
    }
}

/// The customer when `caller` is its MSP, a technology partner it was
/// handed to, or the customer itself.
pub async fn visible(
    conn: &mut PgConnection,
    caller: &str,
    tenant_id: &str,
) -> Result<CustomerRow, ApiError> {
    let Some(c) = repo::find_customer(conn, tenant_id).await? else {
        return Err(not_found(tenant_id));
    };
    if c.msp_tenant_id == caller || c.tenant_id == caller {
        return Ok(c);
    }
    let partners = repo::tech_partners_of(conn, tenant_id).await?;
    if partners.iter().any(|p| p.partner_tenant_id == caller) {
        Ok(c)
    } else {
        Err(not_found(tenant_id))
    }
}
