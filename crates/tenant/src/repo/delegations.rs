//! Delegations by and to a tenant.

use chrono::{DateTime, Utc};
use r1_core::ApiError;
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct DelegationRow {
    pub id: Uuid,
    pub tenant_id: String,
    pub kind: String,
    pub status: String,
    pub delegated_to: Option<String>,
    pub delegated_to_name: Option<String>,
    pub delegated_to_admin: Option<String>,
    pub expiry_date: Option<DateTime<Utc>>,
    pub grant_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct NewDelegation<'a> {
    pub id: Uuid,
    pub tenant_id: &'a str,
    pub kind: &'a str,
    pub status: &'a str,
    pub delegated_to: Option<&'a str>,
    pub delegated_to_name: Option<&'a str>,
    pub delegated_to_admin: Option<&'a str>,
    pub delegated_by: &'a str,
    pub expiry_date: Option<DateTime<Utc>>,
    pub grant_id: Option<Uuid>,
}

pub async fn insert_delegation(
    conn: &mut PgConnection,
    d: NewDelegation<'_>,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO tenant_delegations (id, tenant_id, type, status, delegated_to,
             delegated_to_name, delegated_to_admin, delegated_by, expiry_date, grant_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        d.id,
        d.tenant_id,
        d.kind,
        d.status,
        d.delegated_to,
        d.delegated_to_name,
        d.delegated_to_admin,
        d.delegated_by,
        d.expiry_date,
        d.grant_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A delegation either side of which is `tenant_id`, locked for a change.
pub async fn find_delegation(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<DelegationRow>, ApiError> {
    Ok(sqlx::query_as!(
        DelegationRow,
        r#"SELECT id, tenant_id, type AS "kind", status, delegated_to, delegated_to_name,
                  delegated_to_admin, expiry_date, grant_id, created_at, updated_at
           FROM tenant_delegations
           WHERE id = $2 AND (tenant_id = $1 OR delegated_to = $1)
           FOR UPDATE"#,
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// Delegations made by or to `tenant_id`, of one type or all.
pub async fn list_delegations(
    conn: &mut PgConnection,
    tenant_id: &str,
    kind: Option<&str>,
) -> Result<Vec<DelegationRow>, ApiError> {
    Ok(sqlx::query_as!(
        DelegationRow,
        r#"SELECT id, tenant_id, type AS "kind", status, delegated_to, delegated_to_name,
                  delegated_to_admin, expiry_date, grant_id, created_at, updated_at
           FROM tenant_delegations
           WHERE (tenant_id = $1 OR delegated_to = $1) AND ($2::text IS NULL OR type = $2)
           ORDER BY created_at, id"#,
        tenant_id,
        kind
    )
    .fetch_all(conn)
    .await?)
}

/// Delegations the tenant made (the `delegationsTo` of its record).
pub async fn delegations_of(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<DelegationRow>, ApiError> {
    Ok(sqlx::query_as!(
        DelegationRow,
        r#"SELECT id, tenant_id, type AS "kind", status, delegated_to, delegated_to_name,
                  delegated_to_admin, expiry_date, grant_id, created_at, updated_at
           FROM tenant_delegations WHERE tenant_id = $1 ORDER BY created_at, id"#,
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

/// The tenant's support delegations that are still ACCEPTED, locked.
pub async fn open_support_delegations(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<DelegationRow>, ApiError> {
    Ok(sqlx::query_as!(
        DelegationRow,
        r#"SELECT id, tenant_id, type AS "kind", status, delegated_to, delegated_to_name,
                  delegated_to_admin, expiry_date, grant_id, created_at, updated_at
           FROM tenant_delegations
           WHERE tenant_id = $1 AND type = 'SUPPORT' AND status = 'ACCEPTED'
           FOR UPDATE"#,
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

/// An INVITED or ACCEPTED VAR delegation between the two tenants, if any.
pub async fn open_var_delegation(
    conn: &mut PgConnection,
    tenant_id: &str,
    delegate: &str,
) -> Result<Option<Uuid>, ApiError> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM tenant_delegations
         WHERE tenant_id = $1 AND delegated_to = $2 AND type = 'VAR'
           AND status IN ('INVITED', 'ACCEPTED')",
        tenant_id,
        delegate
    )
    .fetch_optional(conn)
    .await?)
}

/// `tenant_id` is the delegating tenant, the row's (the key's) own.
pub async fn set_delegation_status(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    status: &str,
    grant_id: Option<Uuid>,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_delegations SET status = $3, grant_id = COALESCE($4, grant_id),
                updated_at = now()
         WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        status,
        grant_id
    )
    .execute(conn)
    .await?;
    Ok(())
}
