//! Every SQL statement of core: tenants, API clients, grants, activities,
//! reset.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::activity::NameValuePairDto;
use crate::batch::BatchRead;
use crate::error::ApiError;
use crate::pagination::push_limit_offset;

pub struct ClientRow {
    pub client_id: String,
    pub tenant_id: String,
    pub name: String,
    pub secret_hash: String,
    pub tenant_status: String,
}

/// The client as the token URL names it: its tenant and its id (the key,
/// so that a sharded database asks one shard).
pub async fn find_client(
    db: &PgPool,
    tenant_id: &str,
    client_id: &str,
) -> Result<Option<ClientRow>, ApiError> {
    Ok(sqlx::query_as!(
        ClientRow,
        "SELECT c.client_id, c.tenant_id, c.name, c.secret_hash, t.status AS tenant_status
         FROM api_clients c JOIN tenants t ON t.id = c.tenant_id
         WHERE c.tenant_id = $1 AND c.client_id = $2",
        tenant_id,
        client_id
    )
    .fetch_optional(db)
    .await?)
}

/// Replaces a client's stored secret hash (older hashes are upgraded on use).
pub async fn set_client_secret_hash(
    db: &PgPool,
    tenant_id: &str,
    client_id: &str,
    old_hash: &str,
    new_hash: &str,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE api_clients SET secret_hash = $4
         WHERE tenant_id = $1 AND client_id = $2 AND secret_hash = $3",
        tenant_id,
        client_id,
        old_hash,
        new_hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// What one authenticated request needs to know, in one round trip: the
/// status of the token's tenant and, when the request names another tenant,
/// that tenant's status and whether a live grant lets the caller act on it;
/// with when that last answer changes by itself (a grant beginning or
/// lapsing).
pub struct AccessRow {
    pub caller_status: Option<String>,
    pub target_status: Option<String>,
    pub granted: bool,
    pub changes_at: Option<DateTime<Utc>>,
}

pub async fn access(
    db: &PgPool,
    caller: &str,
    target: Option<&str>,
) -> Result<AccessRow, ApiError> {
    Ok(sqlx::query_as!(
        AccessRow,
        r#"SELECT (SELECT status FROM tenants WHERE id = $1) AS caller_status,
                  (SELECT status FROM tenants WHERE id = $2) AS target_status,
                  EXISTS (SELECT 1 FROM tenant_grants g
                          WHERE g.acting_tenant_id = $1 AND g.target_tenant_id = $2
                            AND g.revoked_at IS NULL AND g.valid_from <= now()
                            AND (g.valid_until IS NULL OR g.valid_until > now())) AS "granted!",
                  (SELECT min(CASE WHEN g.valid_from > now() THEN g.valid_from ELSE g.valid_until END)
                   FROM tenant_grants g
                   WHERE g.acting_tenant_id = $1 AND g.target_tenant_id = $2
                     AND g.revoked_at IS NULL
                     AND (g.valid_from > now() OR g.valid_until > now())) AS changes_at"#,
        caller,
        target
    )
    .fetch_one(db)
    .await?)
}

pub async fn tenant_count(db: &PgPool) -> Result<i64, ApiError> {
    Ok(
        sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM tenants"#)
            .fetch_one(db)
            .await?,
    )
}

pub async fn insert_tenant(
    db: impl PgExecutor<'_>,
    tenant_id: &str,
    name: &str,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
        tenant_id,
        name
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Returns whether the tenant was created (false: the id is taken).
pub async fn create_tenant(
    conn: &mut PgConnection,
    id: &str,
    name: &str,
) -> Result<bool, ApiError> {
    let done = sqlx::query!(
        "INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
        id,
        name
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn tenant_status(conn: &mut PgConnection, id: &str) -> Result<Option<String>, ApiError> {
    Ok(
        sqlx::query_scalar!("SELECT status FROM tenants WHERE id = $1", id)
            .fetch_optional(conn)
            .await?,
    )
}

pub async fn set_tenant_status(
    conn: &mut PgConnection,
    id: &str,
    status: &str,
) -> Result<bool, ApiError> {
    let done = sqlx::query!("UPDATE tenants SET status = $2 WHERE id = $1", id, status)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_tenant(conn: &mut PgConnection, id: &str) -> Result<bool, ApiError> {
    let done = sqlx::query!("DELETE FROM tenants WHERE id = $1", id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub struct GrantRow {
    pub id: Uuid,
    pub acting_tenant_id: Option<String>,
    pub target_tenant_id: String,
    pub kind: String,
    pub valid_from: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub struct GrantValues<'a> {
    pub acting_tenant_id: Option<&'a str>,
    pub target_tenant_id: &'a str,
    pub kind: &'a str,
    pub valid_from: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
}

pub async fn insert_grant(
    conn: &mut PgConnection,
    id: Uuid,
    g: GrantValues<'_>,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO tenant_grants (id, acting_tenant_id, target_tenant_id, kind, valid_from, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        g.acting_tenant_id,
        g.target_tenant_id,
        g.kind,
        g.valid_from,
        g.valid_until
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn revoke_grant(conn: &mut PgConnection, id: Uuid) -> Result<bool, ApiError> {
    let done = sqlx::query!(
        "UPDATE tenant_grants SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
        id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn find_grant(conn: &mut PgConnection, id: Uuid) -> Result<Option<GrantRow>, ApiError> {
    Ok(sqlx::query_as!(
        GrantRow,
        "SELECT id, acting_tenant_id, target_tenant_id, kind, valid_from, valid_until, revoked_at
         FROM tenant_grants WHERE id = $1",
        id
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn has_live_grant(
    conn: &mut PgConnection,
    acting: &str,
    target: &str,
) -> Result<bool, ApiError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM tenant_grants
                  WHERE acting_tenant_id = $1 AND target_tenant_id = $2 AND revoked_at IS NULL
                    AND valid_from <= now() AND (valid_until IS NULL OR valid_until > now())) AS "live!""#,
        acting,
        target
    )
    .fetch_one(conn)
    .await?)
}

/// Records this process as live and returns how many others are.
pub async fn beat(db: &PgPool, id: Uuid) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar!(
        r#"WITH beat AS (
               INSERT INTO r1_instances (id, last_seen) VALUES ($1, now())
               ON CONFLICT (id) DO UPDATE SET last_seen = now()
           ), gone AS (
               DELETE FROM r1_instances WHERE last_seen < now() - interval '1 minute'
           )
           SELECT count(*) AS "n!" FROM r1_instances
           WHERE id <> $1 AND last_seen > now() - interval '3 seconds'"#,
        id
    )
    .fetch_one(db)
    .await?)
}

pub async fn insert_client(
    db: impl PgExecutor<'_>,
    client_id: &str,
    tenant_id: &str,
    name: &str,
    secret_hash: &str,
) -> Result<(), ApiError> {
    sqlx::query!(
        // A client id names one client across tenants: putting it under
        // another tenant moves it there (the key is per tenant, for sharding).
        "WITH moved AS (DELETE FROM api_clients WHERE client_id = $1 AND tenant_id <> $2)
         INSERT INTO api_clients (client_id, tenant_id, name, secret_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, client_id) DO UPDATE SET name = $3, secret_hash = $4",
        client_id,
        tenant_id,
        name,
        secret_hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Empties every table but the migration history, whatever domain owns it.
pub async fn truncate_all(db: &PgPool) -> Result<(), ApiError> {
    let tables: Vec<String> = sqlx::query_scalar!(
        r#"SELECT tablename AS "name!" FROM pg_tables
           WHERE schemaname = current_schema() AND tablename NOT LIKE '\_sqlx%'"#
    )
    .fetch_all(db)
    .await?;
    if tables.is_empty() {
        return Ok(());
    }
    let list = tables
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query(&format!("TRUNCATE {list} RESTART IDENTITY CASCADE"))
        .execute(db)
        .await?;
    Ok(())
}

pub struct NewActivity<'a> {
    pub request_id: Uuid,
    pub tenant_id: &'a str,
    pub use_case: &'a str,
    pub status: &'a str,
    pub admin_name: &'a str,
    pub admin_id: &'a str,
    pub entity_id: Option<&'a str>,
    pub error: Option<&'a str>,
    pub description_template: Option<&'a str>,
    pub description_data: serde_json::Value,
    pub settles_at: DateTime<Utc>,
}

pub async fn insert_activity(db: impl PgExecutor<'_>, a: NewActivity<'_>) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO activities (request_id, tenant_id, use_case, status, admin_name, admin_id,
             entity_id, error, description_template, description_data, start_datetime,
             end_datetime, settles_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $11, $11)",
        a.request_id,
        a.tenant_id,
        a.use_case,
        a.status,
        a.admin_name,
        a.admin_id,
        a.entity_id,
        a.error,
        a.description_template,
        a.description_data,
        a.settles_at
    )
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct ActivityRow {
    pub request_id: Uuid,
    pub tenant_id: String,
    pub use_case: String,
    pub status: String,
    pub admin_name: String,
    pub admin_id: String,
    pub entity_id: Option<String>,
    pub error: Option<String>,
    pub description_template: Option<String>,
    pub description_data: Vec<NameValuePairDto>,
    pub notification: Option<serde_json::Value>,
    pub start_datetime: DateTime<Utc>,
    pub end_datetime: Option<DateTime<Utc>>,
    pub settles_at: DateTime<Utc>,
}

/// A poll's read of an activity by tenant and request id, shared with the
/// polls that arrive meanwhile ([`crate::batch`]).
pub struct ActivityById;

impl BatchRead for ActivityById {
    type Key = (String, Uuid);
    type Row = ActivityRow;

    async fn load(
        db: PgPool,
        keys: Vec<(String, Uuid)>,
    ) -> Result<Vec<Option<ActivityRow>>, sqlx::Error> {
        use sqlx::Row;
        let (tenants, ids): (Vec<String>, Vec<Uuid>) = keys.into_iter().unzip();
        let mut found: Vec<Option<ActivityRow>> = ids.iter().map(|_| None).collect();
        let sql = format!(
            "SELECT k.n, {ACTIVITY_COLUMNS}
             FROM unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS k(key_tenant, key_request, n)
             JOIN activities a ON a.tenant_id = k.key_tenant AND a.request_id = k.key_request"
        );
        let rows = sqlx::query(&sql)
            .bind(&tenants)
            .bind(&ids)
            .fetch_all(&db)
            .await?;
        for r in rows {
            let n: i64 = r.try_get(0)?;
            found[n as usize - 1] = Some(activity_from_row(&r, 1)?);
        }
        Ok(found)
    }
}

pub async fn set_activity_notification(
    db: &PgPool,
    tenant_id: &str,
    request_id: Uuid,
    notification: serde_json::Value,
) -> Result<bool, ApiError> {
    let done = sqlx::query!(
        "UPDATE activities SET notification = $3 WHERE tenant_id = $1 AND request_id = $2",
        tenant_id,
        request_id,
        notification
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Filters of the activity query, already checked by the caller.
pub struct ActivityFilter {
    pub ids: Option<Vec<Uuid>>,
    pub statuses: Option<Vec<String>>,
    pub use_cases: Option<Vec<String>>,
    pub from_time: Option<DateTime<Utc>>,
    pub to_time: Option<DateTime<Utc>>,
    /// The search text and the allow-listed columns it looks in.
    pub search: Option<(String, Vec<&'static str>)>,
}

fn push_activity_filter<'a>(
    qb: &mut QueryBuilder<'a, Postgres>,
    tenant_id: &'a str,
    f: &'a ActivityFilter,
) {
    qb.push(" WHERE tenant_id = ").push_bind(tenant_id);
    if let Some(ids) = &f.ids {
        qb.push(" AND request_id = ANY(").push_bind(ids).push(")");
    }
    if let Some(uc) = &f.use_cases {
        qb.push(" AND use_case = ANY(").push_bind(uc).push(")");
    }
    if let Some(from) = f.from_time {
        qb.push(" AND start_datetime >= ").push_bind(from);
    }
    if let Some(to) = f.to_time {
        qb.push(" AND start_datetime <= ").push_bind(to);
    }
    if let Some((text, columns)) = &f.search {
        qb.push(" AND ");
        crate::pagination::push_contained_in_any(qb, text, columns);
    }
    if let Some(st) = &f.statuses {
        // The status a client reads depends on the settle time.
        qb.push(" AND (CASE WHEN settles_at > now() THEN 'INPROGRESS' ELSE status END) = ANY(")
            .push_bind(st)
            .push(")");
    }
}

pub async fn query_activities(
    db: &PgPool,
    tenant_id: &str,
    filter: &ActivityFilter,
    order: &crate::pagination::Order,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<ActivityRow>), ApiError> {
    let mut count = QueryBuilder::new("SELECT count(*) FROM activities");
    push_activity_filter(&mut count, tenant_id, filter);
    let total: i64 = count.build_query_scalar().fetch_one(db).await?;

    let mut qb = QueryBuilder::new(format!("SELECT {ACTIVITY_COLUMNS} FROM activities"));
    push_activity_filter(&mut qb, tenant_id, filter);
    order.push(&mut qb, "request_id");
    push_limit_offset(&mut qb, Some(limit), offset);
    let rows = qb
        .build()
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| activity_from_row(&r, 0))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((total, rows))
}

/// The columns [`activity_from_row`] reads.
const ACTIVITY_COLUMNS: &str = "request_id, tenant_id, use_case, status, admin_name, admin_id,
    entity_id, error, description_template, description_data, notification, start_datetime,
    end_datetime, settles_at";

/// Reads the columns of [`ACTIVITY_COLUMNS`] by position, the first at
/// `first`: by name, each column cost a hash of its name, fifteen per row of
/// every poll.
fn activity_from_row(r: &sqlx::postgres::PgRow, first: usize) -> Result<ActivityRow, sqlx::Error> {
    use sqlx::Row;
    let mut columns = first..;
    let mut at = || columns.next().unwrap_or_default();
    Ok(ActivityRow {
        request_id: r.try_get(at())?,
        tenant_id: r.try_get(at())?,
        use_case: r.try_get(at())?,
        status: r.try_get(at())?,
        admin_name: r.try_get(at())?,
        admin_id: r.try_get(at())?,
        entity_id: r.try_get(at())?,
        error: r.try_get(at())?,
        description_template: r.try_get(at())?,
        description_data: r.try_get::<sqlx::types::Json<_>, _>(at())?.0,
        notification: r.try_get(at())?,
        start_datetime: r.try_get(at())?,
        end_datetime: r.try_get(at())?,
        settles_at: r.try_get(at())?,
    })
}
