//! Passphrases: rows, settings, bulk insert and delete.

use chrono::{DateTime, Utc};
use r1_core::{batch::BatchRead, constraint::OnConstraint, ApiError};
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::*;

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
pub(super) const INSERT_CHUNK: usize = 2000;

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

/// A GET's read of a passphrase of a pool (not a template) by tenant, pool
/// and id, with the MACs of its devices oldest first: one statement, shared
/// with the GETs that arrive meanwhile ([`r1_core::batch`]).
pub struct PassphraseById;

/// A row of [`PassphraseById`]: which key it answers, the passphrase, and
/// its devices' MACs.
#[derive(sqlx::FromRow)]
struct KeyedRow {
    n: i64,
    #[sqlx(flatten)]
    row: PassphraseRow,
    macs: Vec<String>,
}

impl BatchRead for PassphraseById {
    type Key = (String, Uuid, Uuid);
    type Row = (PassphraseRow, Vec<String>);

    async fn load(
        db: PgPool,
        keys: Vec<(String, Uuid, Uuid)>,
    ) -> Result<Vec<Option<Self::Row>>, sqlx::Error> {
        let mut found: Vec<Option<Self::Row>> = keys.iter().map(|_| None).collect();
        let (mut tenants, mut pools, mut ids) = (vec![], vec![], vec![]);
        for (tenant, pool, id) in keys {
            tenants.push(tenant);
            pools.push(pool);
            ids.push(id);
        }
        let sql = format!(
            "{PASSPHRASE_COLUMNS}, k.n,
                ARRAY(SELECT d.mac FROM dpsk_passphrase_devices d
                      WHERE d.tenant_id = p.tenant_id AND d.passphrase_id = p.id
                      ORDER BY d.created_at, d.mac) AS macs
             FROM unnest($1::text[], $2::uuid[], $3::uuid[]) WITH ORDINALITY
                  AS k(tenant_id, pool_id, id, n)
             JOIN dpsk_passphrases p
               ON p.tenant_id = k.tenant_id AND p.pool_id = k.pool_id AND p.id = k.id
             JOIN dpsk_pools pool
               ON pool.tenant_id = p.tenant_id AND pool.id = p.pool_id AND NOT pool.is_template"
        );
        let rows: Vec<KeyedRow> = sqlx::query_as(&sql)
            .bind(&tenants)
            .bind(&pools)
            .bind(&ids)
            .fetch_all(&db)
            .await?;
        for r in rows {
            found[r.n as usize - 1] = Some((r.row, r.macs));
        }
        Ok(found)
    }
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

/// Every passphrase of the pool as `(id, text)`, oldest first.
pub async fn pool_passphrase_texts(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT id, passphrase FROM dpsk_passphrases
         WHERE tenant_id = $1 AND pool_id = $2 ORDER BY created_at, id",
        tenant_id,
        pool_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.passphrase)).collect())
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
