//! Identity groups: rows, settings, the group query.

use chrono::{DateTime, Utc};
use r1_core::{
    constraint::OnConstraint,
    pagination::{escape_like, push_limit_offset, Order, SortFields},
    ApiError,
};
use sqlx::{PgConnection, PgExecutor, Postgres, QueryBuilder};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GroupRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub dpsk_pool_id: Option<String>,
    pub mac_registration_pool_id: Option<String>,
    pub policy_set_id: Option<String>,
    pub property_id: Option<String>,
    pub certificate_template_id: Option<String>,
    pub network_count: i32,
    pub auto_cleanup_enabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub identity_count: i64,
}

/// The writable columns of a group.
#[derive(Debug, Clone)]
pub struct GroupValues {
    pub name: String,
    pub description: Option<String>,
    pub dpsk_pool_id: Option<String>,
    pub mac_registration_pool_id: Option<String>,
    pub policy_set_id: Option<String>,
    pub network_count: i32,
    pub auto_cleanup_enabled: bool,
}

impl From<&GroupRow> for GroupValues {
    fn from(g: &GroupRow) -> Self {
        GroupValues {
            name: g.name.clone(),
            description: g.description.clone(),
            dpsk_pool_id: g.dpsk_pool_id.clone(),
            mac_registration_pool_id: g.mac_registration_pool_id.clone(),
            policy_set_id: g.policy_set_id.clone(),
            network_count: g.network_count,
            auto_cleanup_enabled: g.auto_cleanup_enabled,
        }
    }
}

const GROUP_NAME_KEY: &str = "identity_groups_tenant_name_key";

fn name_taken(name: &str) -> ApiError {
    ApiError::Conflict(format!("An identity group named {name:?} already exists"))
}

pub async fn insert_group(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    g: &GroupValues,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO identity_groups (id, tenant_id, name, description, dpsk_pool_id,
             mac_registration_pool_id, policy_set_id, network_count, auto_cleanup_enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        id,
        tenant_id,
        g.name,
        g.description,
        g.dpsk_pool_id,
        g.mac_registration_pool_id,
        g.policy_set_id,
        g.network_count,
        g.auto_cleanup_enabled,
    )
    .execute(conn)
    .await
    .on_constraint(GROUP_NAME_KEY, || name_taken(&g.name))?;
    Ok(())
}

pub async fn find_group(
    db: impl PgExecutor<'_>,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<GroupRow>, sqlx::Error> {
    sqlx::query_as!(
        GroupRow,
        r#"SELECT g.id, g.name, g.description, g.dpsk_pool_id, g.mac_registration_pool_id,
                  g.policy_set_id, g.property_id, g.certificate_template_id, g.network_count,
                  g.auto_cleanup_enabled, g.created_at, g.updated_at,
                  (SELECT count(*) FROM identities i
                    WHERE i.tenant_id = g.tenant_id AND i.group_id = g.id) AS "identity_count!"
           FROM identity_groups g WHERE g.tenant_id = $1 AND g.id = $2"#,
        tenant_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// The group, held (`FOR SHARE`) so it is neither deleted nor changed until
/// the transaction ends; concurrent holders do not wait for each other.
pub async fn hold_group(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<GroupRow>, sqlx::Error> {
    sqlx::query_as!(
        GroupRow,
        r#"SELECT g.id, g.name, g.description, g.dpsk_pool_id, g.mac_registration_pool_id,
                  g.policy_set_id, g.property_id, g.certificate_template_id, g.network_count,
                  g.auto_cleanup_enabled, g.created_at, g.updated_at,
                  0::BIGINT AS "identity_count!"
           FROM identity_groups g WHERE g.tenant_id = $1 AND g.id = $2 FOR SHARE"#,
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await
}

/// The group, locked until the transaction ends (`FOR NO KEY UPDATE`:
/// identities may still be added to it), so that changes apply one after
/// the other.
pub async fn lock_group(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<GroupRow>, sqlx::Error> {
    sqlx::query_as!(
        GroupRow,
        r#"SELECT g.id, g.name, g.description, g.dpsk_pool_id, g.mac_registration_pool_id,
                  g.policy_set_id, g.property_id, g.certificate_template_id, g.network_count,
                  g.auto_cleanup_enabled, g.created_at, g.updated_at,
                  0::BIGINT AS "identity_count!"
           FROM identity_groups g WHERE g.tenant_id = $1 AND g.id = $2 FOR NO KEY UPDATE"#,
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await
}

pub async fn update_group(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    g: &GroupValues,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE identity_groups
            SET name = $3, description = $4, dpsk_pool_id = $5, mac_registration_pool_id = $6,
                policy_set_id = $7, network_count = $8, auto_cleanup_enabled = $9,
                updated_at = now()
          WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        g.name,
        g.description,
        g.dpsk_pool_id,
        g.mac_registration_pool_id,
        g.policy_set_id,
        g.network_count,
        g.auto_cleanup_enabled,
    )
    .execute(conn)
    .await
    .on_constraint(GROUP_NAME_KEY, || name_taken(&g.name))?;
    Ok(())
}

pub async fn delete_group(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM identity_groups WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn count_identities(
    conn: &mut PgConnection,
    tenant_id: &str,
    group_id: Uuid,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT count(*) AS "n!" FROM identities WHERE tenant_id = $1 AND group_id = $2"#,
        tenant_id,
        group_id
    )
    .fetch_one(conn)
    .await?;
    Ok(row.n)
}

pub const GROUP_SORT: SortFields = &[
    ("name", "g.name"),
    ("description", "g.description"),
    ("createdAt", "g.created_at"),
    ("updatedAt", "g.updated_at"),
    ("dpskPoolId", "g.dpsk_pool_id"),
    ("policySetId", "g.policy_set_id"),
    ("macRegistrationPoolId", "g.mac_registration_pool_id"),
    ("identityCount", "identity_count"),
];

pub fn default_group_order() -> Order {
    Order::by("g.name", false)
}

/// Conditions of a group list or query.
#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    pub keyword: Option<String>,
    pub group_ids: Option<Vec<Uuid>>,
    pub dpsk_pool_id: Option<String>,
    pub mac_registration_pool_id: Option<String>,
    pub policy_set_id: Option<String>,
    pub property_id: Option<String>,
    pub certificate_template_id: Option<String>,
    /// Conditions no r1 group can meet (personal identity networks and
    /// networks are not r1 resources).
    pub unmatchable: bool,
}

fn push_group_filter<'a>(
    qb: &mut QueryBuilder<'a, Postgres>,
    tenant_id: &'a str,
    f: &'a GroupFilter,
) {
    qb.push(" FROM identity_groups g WHERE g.tenant_id = ")
        .push_bind(tenant_id);
    if let Some(k) = &f.keyword {
        let pattern = format!("%{}%", escape_like(k));
        qb.push(" AND (g.name ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR g.description ILIKE ")
            .push_bind(pattern)
            .push(")");
    }
    if let Some(ids) = &f.group_ids {
        qb.push(" AND g.id = ANY(")
            .push_bind(ids.as_slice())
            .push(")");
    }
    for (column, value) in [
        ("g.dpsk_pool_id", &f.dpsk_pool_id),
        ("g.mac_registration_pool_id", &f.mac_registration_pool_id),
        ("g.policy_set_id", &f.policy_set_id),
        ("g.property_id", &f.property_id),
        ("g.certificate_template_id", &f.certificate_template_id),
    ] {
        if let Some(v) = value {
            qb.push(" AND ")
                .push(column)
                .push(" = ")
                .push_bind(v.as_str());
        }
    }
    if f.unmatchable {
        qb.push(" AND false");
    }
}

pub async fn search_groups(
    conn: &mut PgConnection,
    tenant_id: &str,
    f: &GroupFilter,
    order: &Order,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<GroupRow>), sqlx::Error> {
    let mut count = QueryBuilder::new("SELECT count(*)");
    push_group_filter(&mut count, tenant_id, f);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let mut qb = QueryBuilder::new(
        "SELECT g.id, g.name, g.description, g.dpsk_pool_id, g.mac_registration_pool_id,
                g.policy_set_id, g.property_id, g.certificate_template_id, g.network_count,
                g.auto_cleanup_enabled, g.created_at, g.updated_at,
                (SELECT count(*) FROM identities i
                  WHERE i.tenant_id = g.tenant_id AND i.group_id = g.id) AS identity_count",
    );
    push_group_filter(&mut qb, tenant_id, f);
    order.push(&mut qb, "g.id");
    push_limit_offset(&mut qb, Some(limit), offset);
    let rows = qb.build_query_as().fetch_all(&mut *conn).await?;
    Ok((total, rows))
}

pub async fn set_group_dpsk_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    dpsk_pool_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE identity_groups SET dpsk_pool_id = $3, updated_at = now()
          WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        dpsk_pool_id
    )
    .execute(conn)
    .await?;
    Ok(())
}
