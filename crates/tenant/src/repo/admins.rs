//! Administrators and the administrator each API client acts as.

use chrono::{DateTime, Utc};
use r1_core::ApiError;
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct AdminRow {
    pub id: Uuid,
    pub tenant_id: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
    pub role: String,
    pub external_id: String,
    pub detail_level: String,
    pub date_format: String,
    pub preferred_language: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
    pub delegate_to_all_ecs: bool,
    pub delegated_ecs: Vec<String>,
    pub authentication_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The fields of an administrator a client sets.
pub struct AdminValues {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
    pub role: String,
    pub detail_level: String,
    pub delegate_to_all_ecs: bool,
    pub delegated_ecs: Vec<String>,
    pub authentication_id: Option<String>,
}

pub async fn list_admins(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<AdminRow>, ApiError> {
    Ok(sqlx::query_as!(
        AdminRow,
        "SELECT id, tenant_id, email, first_name, last_name, phone_number, role, external_id,
                detail_level, date_format, preferred_language, email_preferences,
                sms_preferences, delegate_to_all_ecs, delegated_ecs, authentication_id,
                created_at, updated_at
         FROM tenant_admins WHERE tenant_id = $1 ORDER BY created_at, id",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn find_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<AdminRow>, ApiError> {
    Ok(sqlx::query_as!(
        AdminRow,
        "SELECT id, tenant_id, email, first_name, last_name, phone_number, role, external_id,
                detail_level, date_format, preferred_language, email_preferences,
                sms_preferences, delegate_to_all_ecs, delegated_ecs, authentication_id,
                created_at, updated_at
         FROM tenant_admins WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// Administrators of any tenant with this username (an invitation names a
/// VAR by one of its administrators).
pub async fn find_admins_by_email(
    conn: &mut PgConnection,
    email: &str,
) -> Result<Vec<AdminRow>, ApiError> {
    Ok(sqlx::query_as!(
        AdminRow,
        "SELECT id, tenant_id, email, first_name, last_name, phone_number, role, external_id,
                detail_level, date_format, preferred_language, email_preferences,
                sms_preferences, delegate_to_all_ecs, delegated_ecs, authentication_id,
                created_at, updated_at
         FROM tenant_admins WHERE lower(email) = lower($1) ORDER BY created_at",
        email
    )
    .fetch_all(conn)
    .await?)
}

pub async fn insert_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &AdminValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO tenant_admins (id, tenant_id, email, first_name, last_name, phone_number,
             role, external_id, detail_level, delegate_to_all_ecs, delegated_ecs,
             authentication_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        id,
        tenant_id,
        v.email,
        v.first_name,
        v.last_name,
        v.phone_number,
        v.role,
        id.simple().to_string(),
        v.detail_level,
        v.delegate_to_all_ecs,
        &v.delegated_ecs,
        v.authentication_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &AdminValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE tenant_admins SET email = $3, first_name = $4, last_name = $5,
                phone_number = $6, role = $7, detail_level = $8, delegate_to_all_ecs = $9,
                delegated_ecs = $10, authentication_id = $11, updated_at = now()
         WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        v.email,
        v.first_name,
        v.last_name,
        v.phone_number,
        v.role,
        v.detail_level,
        v.delegate_to_all_ecs,
        &v.delegated_ecs,
        v.authentication_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The user-profile fields of an administrator.
pub struct ProfileValues {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
    pub detail_level: String,
    pub date_format: String,
    pub preferred_language: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
}

pub async fn update_profile(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    p: &ProfileValues,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_admins SET first_name = $3, last_name = $4, phone_number = $5,
                detail_level = $6, date_format = $7, preferred_language = $8,
                email_preferences = $9, sms_preferences = $10, updated_at = now()
         WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        p.first_name,
        p.last_name,
        p.phone_number,
        p.detail_level,
        p.date_format,
        p.preferred_language,
        p.email_preferences,
        p.sms_preferences
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_admins(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[Uuid],
) -> Result<u64, ApiError> {
    Ok(sqlx::query!(
        "DELETE FROM tenant_admins WHERE tenant_id = $1 AND id = ANY($2)",
        tenant_id,
        ids
    )
    .execute(conn)
    .await?
    .rows_affected())
}

/// Locks the tenant's administrators so two removals cannot both take the
/// last PRIME_ADMIN.
pub async fn lock_admins(conn: &mut PgConnection, tenant_id: &str) -> Result<(), ApiError> {
    sqlx::query!(
        "SELECT id FROM tenant_admins WHERE tenant_id = $1 FOR UPDATE",
        tenant_id
    )
    .fetch_all(conn)
    .await?;
    Ok(())
}

pub async fn map_client(
    conn: &mut PgConnection,
    client_id: &str,
    tenant_id: &str,
    admin_id: Uuid,
) -> Result<(), ApiError> {
    sqlx::query!(
        // A client id maps to one administrator across tenants: mapping it
        // under another tenant moves it (the key is per tenant, for sharding).
        "WITH moved AS (DELETE FROM tenant_client_admins WHERE client_id = $1 AND tenant_id <> $2)
         INSERT INTO tenant_client_admins (client_id, tenant_id, admin_id) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, client_id) DO UPDATE SET admin_id = $3",
        client_id,
        tenant_id,
        admin_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The administrator an API client acts as.
pub async fn admin_of_client(
    conn: &mut PgConnection,
    tenant_id: &str,
    client_id: &str,
) -> Result<Option<AdminRow>, ApiError> {
    Ok(sqlx::query_as!(
        AdminRow,
        "SELECT a.id, a.tenant_id, a.email, a.first_name, a.last_name, a.phone_number, a.role,
                a.external_id, a.detail_level, a.date_format, a.preferred_language,
                a.email_preferences, a.sms_preferences, a.delegate_to_all_ecs, a.delegated_ecs,
                a.authentication_id, a.created_at, a.updated_at
         FROM tenant_client_admins c JOIN tenant_admins a ON a.id = c.admin_id
         WHERE c.client_id = $1 AND c.tenant_id = $2 AND a.tenant_id = $2",
        client_id,
        tenant_id
    )
    .fetch_optional(conn)
    .await?)
}

/// The number of administrators of each tenant, in one statement however
/// many tenants a query page shows.
pub async fn admin_counts(
    conn: &mut PgConnection,
    tenant_ids: &[String],
) -> Result<std::collections::HashMap<String, i64>, ApiError> {
    let rows = sqlx::query!(
        "SELECT tenant_id, count(*) AS \"admins!\" FROM tenant_admins
         WHERE tenant_id = ANY($1) GROUP BY tenant_id",
        tenant_ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.tenant_id, r.admins)).collect())
}
