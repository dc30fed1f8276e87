//! Every SQL statement of the DPSK Service. Each is scoped by tenant.

use chrono::{DateTime, Utc};
use r1_core::{
    constraint::OnConstraint,
    pagination::{escape_like, push_limit_offset, Order, SortFields},
    ApiError,
};
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

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

const POOL_NAME_KEY: &str = "dpsk_pools_name_key";
const PASSPHRASE_KEY: &str = "dpsk_passphrases_passphrase_key";

fn pool_name_taken() -> ApiError {
    ApiError::Conflict("A DPSK pool with this name already exists".into())
}

fn passphrase_taken() -> ApiError {
    ApiError::Conflict("This passphrase already exists in the DPSK pool".into())
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
    let Some((text, columns)) = search else {
        return;
    };
    let pattern = format!("%{}%", escape_like(text));
    qb.push(" AND (");
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            qb.push(" OR ");
        }
        qb.push(*column)
            .push("::text ILIKE ")
            .push_bind(pattern.clone());
    }
    qb.push(")");
}

/// Stands for a passphrase's devices in search fields.
pub const MAC_COLUMN: &str = "(devices)";

/// The expression of the `dpsk_passphrases_search_trgm` index (migration
/// 20261130000500): it must stay the same expression for PostgreSQL to use it.
const SEARCH_HAYSTACK: &str = "lower(coalesce(p.username, '') || E'\\x1f' || p.passphrase \
    || E'\\x1f' || coalesce(p.email, '') || E'\\x1f' || coalesce(p.phone_number, '') \
    || E'\\x1f' || coalesce(p.vlan_id::text, ''))";
/// The columns joined in [`SEARCH_HAYSTACK`].
const HAYSTACK_COLUMNS: &[&str] = &[
    "p.username",
    "p.passphrase",
    "p.email",
    "p.phone_number",
    "p.vlan_id",
];

/// A passphrase `searchString`: a substring of any of the chosen fields.
/// The trigram index over [`SEARCH_HAYSTACK`] finds the candidates (the
/// haystack contains every match of its columns, as long as the text holds no
/// separator), the per-column test keeps the answer exact, and matching
/// devices come in by id so that the planner can OR the two index scans.
fn push_passphrase_search(
    qb: &mut QueryBuilder<'_, Postgres>,
    tenant_id: &str,
    search: &Option<(String, Vec<&'static str>)>,
) {
    let Some((text, columns)) = search else {
        return;
    };
    let pattern = format!("%{}%", escape_like(text));
    let row_columns: Vec<&str> = columns
        .iter()
        .copied()
        .filter(|c| *c != MAC_COLUMN)
        .collect();
    qb.push(" AND (");
    if !row_columns.is_empty() {
        qb.push("(");
        if !text.contains('\u{1f}') && row_columns.iter().all(|c| HAYSTACK_COLUMNS.contains(c)) {
            qb.push(SEARCH_HAYSTACK)
                .push(" LIKE lower(")
                .push_bind(pattern.clone())
                .push(") AND ");
        }
        qb.push("(");
        for (i, column) in row_columns.iter().enumerate() {
            if i > 0 {
                qb.push(" OR ");
            }
            qb.push(*column)
                .push("::text ILIKE ")
                .push_bind(pattern.clone());
        }
        qb.push("))");
    }
    if columns.contains(&MAC_COLUMN) {
        if !row_columns.is_empty() {
            qb.push(" OR ");
        }
        qb.push(
            "p.id = ANY(ARRAY(SELECT d.passphrase_id FROM dpsk_passphrase_devices d \
             WHERE d.tenant_id = ",
        )
        .push_bind(tenant_id.to_string())
        .push(" AND d.mac ILIKE ")
        .push_bind(pattern)
        .push("))");
    }
    qb.push(")");
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

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PassphraseRow {
    pub id: Uuid,
    pub pool_id: Uuid,
    pub passphrase: String,
    pub username: Option<String>,
    pub vlan_id: Option<i32>,
    pub vxlan_id: Option<i32>,
    pub number_of_devices: Option<i32>,
    pub expiration_date: Option<DateTime<Utc>>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub revocation_reason: Option<String>,
    pub revocation_date: Option<DateTime<Utc>>,
    pub is_referenced: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A passphrase's settings, checked.
#[derive(Debug, Clone, Default)]
pub struct PassphraseFields {
    pub passphrase: String,
    pub username: Option<String>,
    pub vlan_id: Option<i32>,
    pub vxlan_id: Option<i32>,
    pub number_of_devices: Option<i32>,
    pub expiration_date: Option<DateTime<Utc>>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub revocation_reason: Option<String>,
    pub is_referenced: bool,
}

/// Postgres takes at most 65535 bound values in one statement.
const INSERT_CHUNK: usize = 2000;

/// Inserts passphrases; with `skip_taken`, those whose passphrase the pool
/// already has are left out instead of failing. Returns the inserted ids
/// and passphrases.
pub async fn insert_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    rows: &[PassphraseFields],
    skip_taken: bool,
) -> Result<Vec<(Uuid, String)>, ApiError> {
    let mut inserted = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(INSERT_CHUNK) {
        let mut qb = QueryBuilder::new(
            "INSERT INTO dpsk_passphrases (id, tenant_id, pool_id, passphrase, username,
                vlan_id, vxlan_id, number_of_devices, expiration_date, email, phone_number,
                revocation_reason, revocation_date, is_referenced) ",
        );
        qb.push_values(chunk, |mut b, f| {
            b.push_bind(Uuid::new_v4())
                .push_bind(tenant_id.to_string())
                .push_bind(pool_id)
                .push_bind(f.passphrase.clone())
                .push_bind(f.username.clone())
                .push_bind(f.vlan_id)
                .push_bind(f.vxlan_id)
                .push_bind(f.number_of_devices)
                .push_bind(f.expiration_date)
                .push_bind(f.email.clone())
                .push_bind(f.phone_number.clone())
                .push_bind(f.revocation_reason.clone())
                .push("CASE WHEN ")
                .push_bind_unseparated(f.revocation_reason.is_some())
                .push_unseparated(" THEN now() END")
                .push_bind(f.is_referenced);
        });
        if skip_taken {
            qb.push(" ON CONFLICT (tenant_id, pool_id, passphrase) DO NOTHING");
        }
        qb.push(" RETURNING id, passphrase");
        let rows: Vec<(Uuid, String)> = qb
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .on_constraint(PASSPHRASE_KEY, passphrase_taken)?;
        inserted.extend(rows);
    }
    Ok(inserted)
}

pub async fn find_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    id: Uuid,
) -> Result<Option<PassphraseRow>, sqlx::Error> {
    sqlx::query_as!(
        PassphraseRow,
        "SELECT id, pool_id, passphrase, username, vlan_id, vxlan_id, number_of_devices,
            expiration_date, email, phone_number, revocation_reason, revocation_date,
            is_referenced, created_at, updated_at
         FROM dpsk_passphrases WHERE tenant_id = $1 AND pool_id = $2 AND id = $3",
        tenant_id,
        pool_id,
        id,
    )
    .fetch_optional(conn)
    .await
}

/// As [`find_passphrase`], the row locked until the transaction ends, so
/// that concurrent changes apply one after the other.
pub async fn lock_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    id: Uuid,
) -> Result<Option<PassphraseRow>, sqlx::Error> {
    sqlx::query_as!(
        PassphraseRow,
        "SELECT id, pool_id, passphrase, username, vlan_id, vxlan_id, number_of_devices,
            expiration_date, email, phone_number, revocation_reason, revocation_date,
            is_referenced, created_at, updated_at
         FROM dpsk_passphrases WHERE tenant_id = $1 AND pool_id = $2 AND id = $3
         FOR NO KEY UPDATE",
        tenant_id,
        pool_id,
        id,
    )
    .fetch_optional(conn)
    .await
}

/// A passphrase of a pool (not a template) with the MACs of its devices,
/// oldest first: what a GET of one passphrase reads, in one round trip.
pub async fn find_pool_passphrase_with_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    id: Uuid,
) -> Result<Option<(PassphraseRow, Vec<String>)>, sqlx::Error> {
    let found = sqlx::query!(
        r#"SELECT p.id, p.pool_id, p.passphrase, p.username, p.vlan_id, p.vxlan_id,
            p.number_of_devices, p.expiration_date, p.email, p.phone_number,
            p.revocation_reason, p.revocation_date, p.is_referenced, p.created_at,
            p.updated_at,
            ARRAY(SELECT d.mac FROM dpsk_passphrase_devices d
                  WHERE d.tenant_id = p.tenant_id AND d.passphrase_id = p.id
                  ORDER BY d.created_at, d.mac) AS "macs!"
         FROM dpsk_passphrases p
         JOIN dpsk_pools pool
           ON pool.tenant_id = p.tenant_id AND pool.id = p.pool_id AND NOT pool.is_template
         WHERE p.tenant_id = $1 AND p.pool_id = $2 AND p.id = $3"#,
        tenant_id,
        pool_id,
        id,
    )
    .fetch_optional(conn)
    .await?;
    Ok(found.map(|r| {
        let row = PassphraseRow {
            id: r.id,
            pool_id: r.pool_id,
            passphrase: r.passphrase,
            username: r.username,
            vlan_id: r.vlan_id,
            vxlan_id: r.vxlan_id,
            number_of_devices: r.number_of_devices,
            expiration_date: r.expiration_date,
            email: r.email,
            phone_number: r.phone_number,
            revocation_reason: r.revocation_reason,
            revocation_date: r.revocation_date,
            is_referenced: r.is_referenced,
            created_at: r.created_at,
            updated_at: r.updated_at,
        };
        (row, r.macs)
    }))
}

/// Replaces a passphrase's settings. The revocation date is set when a
/// reason first appears, kept while one stays, cleared with it.
pub async fn update_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    id: Uuid,
    f: &PassphraseFields,
) -> Result<bool, ApiError> {
    let done = sqlx::query!(
        "UPDATE dpsk_passphrases SET passphrase = $4, username = $5, vlan_id = $6,
            vxlan_id = $7, number_of_devices = $8, expiration_date = $9, email = $10,
            phone_number = $11, revocation_reason = $12,
            revocation_date = CASE WHEN $12::text IS NULL THEN NULL
                                   ELSE COALESCE(revocation_date, now()) END,
            updated_at = now()
         WHERE tenant_id = $1 AND pool_id = $2 AND id = $3",
        tenant_id,
        pool_id,
        id,
        f.passphrase,
        f.username,
        f.vlan_id,
        f.vxlan_id,
        f.number_of_devices,
        f.expiration_date,
        f.email,
        f.phone_number,
        f.revocation_reason,
    )
    .execute(conn)
    .await
    .on_constraint(PASSPHRASE_KEY, passphrase_taken)?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_passphrase_referenced(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    id: Uuid,
    referenced: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE dpsk_passphrases SET is_referenced = $4, updated_at = now()
         WHERE tenant_id = $1 AND pool_id = $2 AND id = $3",
        tenant_id,
        pool_id,
        id,
        referenced
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Which of `ids` are passphrases of the pool, and whether each is
/// referenced by an identity.
pub async fn passphrases_among(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, bool)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT id, is_referenced FROM dpsk_passphrases
         WHERE tenant_id = $1 AND pool_id = $2 AND id = ANY($3)",
        tenant_id,
        pool_id,
        ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.is_referenced)).collect())
}

pub async fn delete_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    ids: &[Uuid],
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM dpsk_passphrases WHERE tenant_id = $1 AND pool_id = $2 AND id = ANY($3)",
        tenant_id,
        pool_id,
        ids
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Which of `passphrases` the pool already has.
pub async fn taken_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    passphrases: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        // A join with the list, not `passphrase = ANY($3)`: with thousands of
        // candidates (a CSV import) the planner once filtered the whole pool
        // against the array, taking seconds.
        r#"SELECT p.passphrase AS "passphrase!" FROM UNNEST($3::text[]) AS w(passphrase)
             JOIN dpsk_passphrases p ON p.pool_id = $2 AND p.passphrase = w.passphrase
            WHERE p.tenant_id = $1"#,
        tenant_id,
        pool_id,
        passphrases
    )
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone)]
pub struct DeviceRow {
    pub passphrase_id: Uuid,
    pub mac: String,
}

/// The devices of these passphrases, oldest first.
pub async fn devices_of(
    conn: &mut PgConnection,
    tenant_id: &str,
    passphrase_ids: &[Uuid],
) -> Result<Vec<DeviceRow>, sqlx::Error> {
    sqlx::query_as!(
        DeviceRow,
        "SELECT passphrase_id, mac FROM dpsk_passphrase_devices
         WHERE tenant_id = $1 AND passphrase_id = ANY($2)
         ORDER BY passphrase_id, created_at, mac",
        tenant_id,
        passphrase_ids
    )
    .fetch_all(conn)
    .await
}

/// Adds devices (normalised MACs); ones already there are kept as they are.
pub async fn insert_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    devices: &[(Uuid, String)],
) -> Result<(), sqlx::Error> {
    for chunk in devices.chunks(INSERT_CHUNK * 4) {
        let mut qb = QueryBuilder::new(
            "INSERT INTO dpsk_passphrase_devices (tenant_id, passphrase_id, mac) ",
        );
        qb.push_values(chunk, |mut b, (id, mac)| {
            b.push_bind(tenant_id.to_string())
                .push_bind(*id)
                .push_bind(mac.clone());
        });
        qb.push(" ON CONFLICT DO NOTHING");
        qb.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn delete_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    passphrase_id: Uuid,
    macs: &[String],
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM dpsk_passphrase_devices
         WHERE tenant_id = $1 AND passphrase_id = $2 AND mac = ANY($3)",
        tenant_id,
        passphrase_id,
        macs
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

pub async fn clear_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    passphrase_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM dpsk_passphrase_devices WHERE tenant_id = $1 AND passphrase_id = $2",
        tenant_id,
        passphrase_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub const PASSPHRASE_SORT: SortFields = &[
    ("createdDate", "p.created_at"),
    ("lastModifiedDate", "p.updated_at"),
    ("username", "p.username"),
    ("passphrase", "p.passphrase"),
    ("vlanId", "p.vlan_id"),
    ("numberOfDevices", "p.number_of_devices"),
    ("expirationDate", "p.expiration_date"),
    ("email", "p.email"),
    ("phoneNumber", "p.phone_number"),
    ("revocationDate", "p.revocation_date"),
    ("revocationReason", "p.revocation_reason"),
];

pub const PASSPHRASE_SEARCH: SortFields = &[
    ("username", "p.username"),
    ("passphrase", "p.passphrase"),
    ("email", "p.email"),
    ("phoneNumber", "p.phone_number"),
    ("vlanId", "p.vlan_id"),
    ("mac", MAC_COLUMN),
];

/// The columns a device query sorts and searches by.
pub const DEVICE_SORT: SortFields = &[("mac", "mac")];

/// A passphrase status a query selects: computed from its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Active,
    Expired,
    Revoked,
}

/// What a passphrase query (and export) selects.
#[derive(Debug, Default, Clone)]
pub struct PassphraseFilter {
    pub network_ids: Option<Vec<String>>,
    pub vlan_ids: Option<Vec<i32>>,
    pub passphrases: Option<Vec<String>>,
    /// Normalised MACs.
    pub macs: Option<Vec<String>>,
    pub usernames: Option<Vec<String>>,
    pub emails: Option<Vec<String>>,
    pub phone_numbers: Option<Vec<String>>,
    pub statuses: Option<Vec<StatusFilter>>,
    pub search: Option<(String, Vec<&'static str>)>,
}

impl PassphraseFilter {
    /// No condition: every passphrase of the pool.
    fn selects_whole_pool(&self) -> bool {
        // Named one by one so that a new condition cannot be forgotten here.
        let Self {
            network_ids,
            vlan_ids,
            passphrases,
            macs,
            usernames,
            emails,
            phone_numbers,
            statuses,
            search,
        } = self;
        non_empty(network_ids).is_none()
            && non_empty(vlan_ids).is_none()
            && non_empty(passphrases).is_none()
            && non_empty(macs).is_none()
            && non_empty(usernames).is_none()
            && non_empty(emails).is_none()
            && non_empty(phone_numbers).is_none()
            && non_empty(statuses).is_none()
            && search.is_none()
    }
}

fn non_empty<T>(v: &Option<Vec<T>>) -> Option<&Vec<T>> {
    v.as_ref().filter(|v| !v.is_empty())
}

fn push_passphrase_where(
    qb: &mut QueryBuilder<'_, Postgres>,
    tenant_id: &str,
    pool_id: Uuid,
    f: &PassphraseFilter,
) {
    qb.push(" FROM dpsk_passphrases p WHERE p.tenant_id = ")
        .push_bind(tenant_id.to_string())
        .push(" AND p.pool_id = ")
        .push_bind(pool_id);
    if non_empty(&f.network_ids).is_some() {
        // r1 sees no client traffic, so no passphrase was used on a network.
        qb.push(" AND false");
    }
    if let Some(v) = non_empty(&f.vlan_ids) {
        qb.push(" AND p.vlan_id = ANY(")
            .push_bind(v.clone())
            .push(")");
    }
    for (column, values) in [
        ("p.passphrase", &f.passphrases),
        ("p.username", &f.usernames),
        ("p.email", &f.emails),
        ("p.phone_number", &f.phone_numbers),
    ] {
        if let Some(v) = non_empty(values) {
            qb.push(" AND ")
                .push(column)
                .push(" = ANY(")
                .push_bind(v.clone())
                .push(")");
        }
    }
    if let Some(v) = non_empty(&f.macs) {
        qb.push(
            " AND EXISTS (SELECT 1 FROM dpsk_passphrase_devices d \
             WHERE d.tenant_id = p.tenant_id AND d.passphrase_id = p.id AND d.mac = ANY(",
        )
        .push_bind(v.clone())
        .push("))");
    }
    if let Some(statuses) = non_empty(&f.statuses) {
        qb.push(" AND (");
        for (i, s) in statuses.iter().enumerate() {
            if i > 0 {
                qb.push(" OR ");
            }
            qb.push(match s {
                StatusFilter::Revoked => "p.revocation_date IS NOT NULL",
                StatusFilter::Expired => {
                    "(p.revocation_date IS NULL AND p.expiration_date <= now())"
                }
                StatusFilter::Active => {
                    "(p.revocation_date IS NULL AND \
                     (p.expiration_date IS NULL OR p.expiration_date > now()))"
                }
            });
        }
        qb.push(")");
    }
    push_passphrase_search(qb, tenant_id, &f.search);
}

const PASSPHRASE_COLUMNS: &str = "SELECT p.id, p.pool_id, p.passphrase, p.username, p.vlan_id,
    p.vxlan_id, p.number_of_devices, p.expiration_date, p.email, p.phone_number,
    p.revocation_reason, p.revocation_date, p.is_referenced, p.created_at, p.updated_at";

/// A row of a query page, with how many rows the filter selects in all.
#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    row: PassphraseRow,
    total: Option<i64>,
}

pub async fn query_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    filter: &PassphraseFilter,
    order: &Order,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<PassphraseRow>), sqlx::Error> {
    // The page's ids first, from the sort's index alone (an index-only scan
    // past the offset instead of reading every skipped row), then the rows
    // by their key. As a join, the prepared statement's generic plan (which
    // cannot know LIMIT and OFFSET) hashed the whole table against the page:
    // an array of ids keeps it an index scan of at most a page.
    //
    // A filtered page counts its matches on the way (a window over what the
    // page's scan reads anyway): a search read its trigram index twice, once
    // for the page and once more for a separate count. The whole pool's
    // count is kept by triggers instead, so its page stops at the page.
    let whole_pool = filter.selects_whole_pool();
    let mut qb = QueryBuilder::new("WITH page AS MATERIALIZED (SELECT p.id, ");
    qb.push(if whole_pool {
        "NULL::bigint AS total"
    } else {
        "count(*) OVER () AS total"
    });
    push_passphrase_where(&mut qb, tenant_id, pool_id, filter);
    order.push(&mut qb, "p.id");
    push_limit_offset(&mut qb, Some(limit), offset);
    qb.push(") ")
        .push(PASSPHRASE_COLUMNS)
        .push(", (SELECT total FROM page LIMIT 1) AS total")
        .push(" FROM dpsk_passphrases p WHERE p.tenant_id = ")
        .push_bind(tenant_id.to_string())
        .push(" AND p.id = ANY(ARRAY(SELECT id FROM page))");
    order.push(&mut qb, "p.id");
    let rows: Vec<CountedRow> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let read = rows.len() as i64;
    let counted = rows.first().and_then(|r| r.total);
    let rows = rows.into_iter().map(|r| r.row).collect();
    let total = if read > 0 && read < limit || read == 0 && offset == 0 {
        // The last page says how many there are.
        offset + read
    } else if let Some(total) = counted {
        total
    } else if whole_pool {
        pool_passphrase_count(conn, tenant_id, pool_id).await?
    } else {
        // Past the end of a filtered query: nothing was read to count.
        let mut count = QueryBuilder::new("SELECT COUNT(*)");
        push_passphrase_where(&mut count, tenant_id, pool_id, filter);
        count.build_query_scalar().fetch_one(&mut *conn).await?
    };
    Ok((total, rows))
}

/// The pool's passphrase count, kept by triggers (migration 20261130000500).
async fn pool_passphrase_count(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
) -> Result<i64, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "SELECT passphrase_count FROM dpsk_pools WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        pool_id
    )
    .fetch_optional(conn)
    .await?
    .unwrap_or(0))
}

/// A passphrase with the MACs of its devices joined by `;`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    #[sqlx(flatten)]
    pub passphrase: PassphraseRow,
    pub macs: Option<String>,
}

/// Every passphrase the filter selects, in order, as [`ExportRow`]s: the
/// CSV export streams the rows of this.
pub fn export_query(
    tenant_id: &str,
    pool_id: Uuid,
    filter: &PassphraseFilter,
    order: &Order,
) -> QueryBuilder<'static, Postgres> {
    let mut qb = QueryBuilder::new(PASSPHRASE_COLUMNS);
    qb.push(
        ", (SELECT string_agg(d.mac, ';' ORDER BY d.created_at, d.mac) \
         FROM dpsk_passphrase_devices d \
         WHERE d.tenant_id = p.tenant_id AND d.passphrase_id = p.id) AS macs",
    );
    push_passphrase_where(&mut qb, tenant_id, pool_id, filter);
    order.push(&mut qb, "p.id");
    qb
}
