//! The tenant's record.

use chrono::{DateTime, Utc};
use r1_core::ApiError;
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

pub struct AccountRow {
    pub tenant_id: String,
    pub name: String,
    pub tenant_type: String,
    pub external_id: String,
    pub account_tier: String,
    pub account_vertical: String,
    pub parent_id: Option<String>,
    pub mfa_status: String,
    pub beta_enabled: bool,
    pub alpha_enabled: bool,
    pub sa_enabled: bool,
    pub subscribes: Option<String>,
    pub entitlement_id: Option<String>,
    pub preferences: Option<String>,
    pub street_address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub phone_number: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub msp: Option<Value>,
    pub subscription_preferences: Value,
    pub account_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct NewAccount<'a> {
    pub tenant_id: &'a str,
    pub name: &'a str,
    pub tenant_type: &'a str,
    pub external_id: &'a str,
    pub msp: Option<Value>,
}

/// Makes the tenant's record if it has none yet (the bootstrap tenant gets
/// its record on first use).
pub async fn ensure_account(conn: &mut PgConnection, a: NewAccount<'_>) -> Result<bool, ApiError> {
    let made = sqlx::query!(
        "INSERT INTO tenant_accounts (tenant_id, name, tenant_type, external_id, msp, account_id)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id) DO NOTHING",
        a.tenant_id,
        a.name,
        a.tenant_type,
        a.external_id,
        a.msp,
        Uuid::new_v4()
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok(made == 1)
}

pub async fn find_account(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Option<AccountRow>, ApiError> {
    Ok(sqlx::query_as!(
        AccountRow,
        "SELECT tenant_id, name, tenant_type, external_id, account_tier, account_vertical,
                parent_id, mfa_status, beta_enabled, alpha_enabled, sa_enabled, subscribes,
                entitlement_id, preferences, street_address, city, state, country, postal_code,
                phone_number, latitude, longitude, msp, subscription_preferences, account_id,
                created_at, updated_at
         FROM tenant_accounts WHERE tenant_id = $1",
        tenant_id
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn list_accounts(conn: &mut PgConnection) -> Result<Vec<AccountRow>, ApiError> {
    Ok(sqlx::query_as!(
        AccountRow,
        "SELECT tenant_id, name, tenant_type, external_id, account_tier, account_vertical,
                parent_id, mfa_status, beta_enabled, alpha_enabled, sa_enabled, subscribes,
                entitlement_id, preferences, street_address, city, state, country, postal_code,
                phone_number, latitude, longitude, msp, subscription_preferences, account_id,
                created_at, updated_at
         FROM tenant_accounts ORDER BY created_at, tenant_id"
    )
    .fetch_all(conn)
    .await?)
}

/// What `PUT /tenants/self` may change.
pub struct AccountUpdate {
    pub name: String,
    pub mfa_status: String,
    pub beta_enabled: bool,
    pub alpha_enabled: bool,
    pub sa_enabled: bool,
    pub subscribes: Option<String>,
    pub entitlement_id: Option<String>,
}

pub async fn update_account(
    conn: &mut PgConnection,
    tenant_id: &str,
    u: &AccountUpdate,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_accounts SET name = $2, mfa_status = $3, beta_enabled = $4,
                alpha_enabled = $5, sa_enabled = $6, subscribes = $7, entitlement_id = $8,
                updated_at = now()
         WHERE tenant_id = $1",
        tenant_id,
        u.name,
        u.mfa_status,
        u.beta_enabled,
        u.alpha_enabled,
        u.sa_enabled,
        u.subscribes,
        u.entitlement_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_subscription_preferences(
    conn: &mut PgConnection,
    tenant_id: &str,
    preferences: &Value,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_accounts SET subscription_preferences = $2, updated_at = now()
         WHERE tenant_id = $1",
        tenant_id,
        preferences
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Names the MSP of a customer's account.
pub async fn set_account_parent(
    conn: &mut PgConnection,
    tenant_id: &str,
    parent_id: &str,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_accounts SET parent_id = $2 WHERE tenant_id = $1",
        tenant_id,
        parent_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn rename_account(
    conn: &mut PgConnection,
    tenant_id: &str,
    name: &str,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_accounts SET name = $2, updated_at = now() WHERE tenant_id = $1",
        tenant_id,
        name
    )
    .execute(conn)
    .await?;
    Ok(())
}
