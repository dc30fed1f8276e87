//! Pools and templates: rows, settings, the pool query.

use chrono::{DateTime, Utc};
use r1_core::{
    constraint::OnConstraint,
    pagination::{push_contained_in_any, push_limit_offset, Order, SortFields},
    ApiError,
};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::*;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PoolRow {
    pub id: Uuid,
    pub is_template: bool,
    pub name: String,
    pub passphrase_format: String,
    pub passphrase_length: i32,
    pub policy_default_access: Option<bool>,
    pub device_count_limit: Option<i32>,
    pub expiration_type: Option<String>,
    pub expiration_offset: Option<i32>,
    pub expiration_date: Option<DateTime<Utc>>,
    pub identity_group_id: Option<Uuid>,
    pub policy_set_id: Option<String>,
    pub template_version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// One of its passphrases belongs to an identity.
    pub is_referenced: bool,
}

/// A pool's settings, checked.
#[derive(Debug, Clone)]
pub struct PoolFields {
    pub name: String,
    pub passphrase_format: String,
    pub passphrase_length: i32,
    pub policy_default_access: Option<bool>,
    pub device_count_limit: Option<i32>,
    pub expiration_type: Option<String>,
    pub expiration_offset: Option<i32>,
    pub expiration_date: Option<DateTime<Utc>>,
    pub identity_group_id: Option<Uuid>,
}

pub async fn insert_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    is_template: bool,
    f: &PoolFields,
) -> Result<Uuid, ApiError> {
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO dpsk_pools (id, tenant_id, is_template, name, passphrase_format,
            passphrase_length, policy_default_access, device_count_limit, expiration_type,
            expiration_offset, expiration_date, identity_group_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        id,
        tenant_id,
        is_template,
        f.name,
        f.passphrase_format,
        f.passphrase_length,
        f.policy_default_access,
        f.device_count_limit,
        f.expiration_type,
        f.expiration_offset,
        f.expiration_date,
        f.identity_group_id,
    )
    .execute(conn)
    .await
    .on_constraint(POOL_NAME_KEY, pool_name_taken)?;
    Ok(id)
}

pub async fn find_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<PoolRow>, sqlx::Error> {
    sqlx::query_as!(
        PoolRow,
        r#"SELECT id, is_template, name, passphrase_format, passphrase_length,
            policy_default_access, device_count_limit, expiration_type, expiration_offset,
            expiration_date, identity_group_id, policy_set_id, template_version,
            created_at, updated_at,
            EXISTS (SELECT 1 FROM dpsk_passphrases p
                    WHERE p.pool_id = dpsk_pools.id AND p.is_referenced) AS "is_referenced!"
         FROM dpsk_pools WHERE tenant_id = $1 AND id = $2"#,
        tenant_id,
        id,
    )
    .fetch_optional(conn)
    .await
}

/// As [`find_pool`], the row locked until the transaction ends (`FOR NO KEY
/// UPDATE`: passphrases may still be added, which only check the key).
pub async fn lock_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<PoolRow>, sqlx::Error> {
    sqlx::query_as!(
        PoolRow,
        r#"SELECT id, is_template, name, passphrase_format, passphrase_length,
            policy_default_access, device_count_limit, expiration_type, expiration_offset,
            expiration_date, identity_group_id, policy_set_id, template_version,
            created_at, updated_at,
            EXISTS (SELECT 1 FROM dpsk_passphrases p
                    WHERE p.pool_id = dpsk_pools.id AND p.is_referenced) AS "is_referenced!"
         FROM dpsk_pools WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE"#,
        tenant_id,
        id,
    )
    .fetch_optional(conn)
    .await
}

/// Replaces a pool's settings; a template's version goes up by one.
pub async fn update_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    f: &PoolFields,
) -> Result<bool, ApiError> {
    let done = sqlx::query!(
        "UPDATE dpsk_pools SET name = $3, passphrase_format = $4, passphrase_length = $5,
            policy_default_access = $6, device_count_limit = $7, expiration_type = $8,
            expiration_offset = $9, expiration_date = $10, identity_group_id = $11,
            template_version = template_version + CASE WHEN is_template THEN 1 ELSE 0 END,
            updated_at = now()
         WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        f.name,
        f.passphrase_format,
        f.passphrase_length,
        f.policy_default_access,
        f.device_count_limit,
        f.expiration_type,
        f.expiration_offset,
        f.expiration_date,
        f.identity_group_id,
    )
    .execute(conn)
    .await
    .on_constraint(POOL_NAME_KEY, pool_name_taken)?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM dpsk_pools WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_pool_identity_group(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    group_id: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE dpsk_pools SET identity_group_id = $3, updated_at = now()
         WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        group_id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_pool_policy_set(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    policy_set_id: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE dpsk_pools SET policy_set_id = $3, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 AND NOT is_template",
        tenant_id,
        id,
        policy_set_id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub const POOL_SORT: SortFields = &[
    ("name", "name"),
    ("passphraseFormat", "passphrase_format"),
    ("passphraseLength", "passphrase_length"),
    ("deviceCountLimit", "device_count_limit"),
    ("expirationType", "expiration_type"),
    ("createdDate", "created_at"),
    ("lastModifiedDate", "updated_at"),
];

pub const POOL_SEARCH: SortFields = &[("name", "name"), ("passphraseFormat", "passphrase_format")];

/// What a pool query selects.
#[derive(Debug, Default, Clone)]
pub struct PoolFilter {
    pub formats: Option<Vec<String>>,
    /// r1 enforces no template, so `isEnforced: true` matches nothing.
    pub only_enforced: bool,
    pub search: Option<(String, Vec<&'static str>)>,
}

fn push_pool_where(
    qb: &mut QueryBuilder<'_, Postgres>,
    tenant_id: &str,
    is_template: bool,
    f: &PoolFilter,
) {
    qb.push(" FROM dpsk_pools WHERE tenant_id = ")
        .push_bind(tenant_id.to_string())
        .push(" AND is_template = ")
        .push_bind(is_template);
    if let Some(formats) = f.formats.as_ref().filter(|v| !v.is_empty()) {
        qb.push(" AND passphrase_format = ANY(")
            .push_bind(formats.clone())
            .push(")");
    }
    if f.only_enforced {
        qb.push(" AND false");
    }
    push_search(qb, &f.search);
}

fn push_search(qb: &mut QueryBuilder<'_, Postgres>, search: &Option<(String, Vec<&'static str>)>) {
    if let Some((text, columns)) = search {
        qb.push(" AND ");
        push_contained_in_any(qb, text, columns);
    }
}

pub async fn query_pools(
    conn: &mut PgConnection,
    tenant_id: &str,
    is_template: bool,
    filter: &PoolFilter,
    order: &Order,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<PoolRow>), sqlx::Error> {
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    push_pool_where(&mut count, tenant_id, is_template, filter);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let mut qb = QueryBuilder::new(
        "SELECT id, is_template, name, passphrase_format, passphrase_length,
            policy_default_access, device_count_limit, expiration_type, expiration_offset,
            expiration_date, identity_group_id, policy_set_id, template_version,
            created_at, updated_at,
            EXISTS (SELECT 1 FROM dpsk_passphrases p
                    WHERE p.pool_id = dpsk_pools.id AND p.is_referenced) AS is_referenced",
    );
    push_pool_where(&mut qb, tenant_id, is_template, filter);
    order.push(&mut qb, "id");
    push_limit_offset(&mut qb, Some(limit), offset);
    let rows = qb.build_query_as().fetch_all(&mut *conn).await?;
    Ok((total, rows))
}
