//! Pool and pool template use cases, inside the caller's transaction.

use r1_core::{
    error::FieldError,
    pagination::{Order, QueryRequest, QueryResponse},
    validation::{path_uuid, reject},
    ApiError,
};
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::*,
    passphrase_gen,
    repo::{self, PoolFields, PoolFilter, PoolRow, POOL_SEARCH, POOL_SORT},
    rules::{from_merged, merge},
};

/// Pools and pool templates share a table and their rules; each API sees
/// only its own kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pool,
    Template,
}

impl Kind {
    pub fn of(is_template: bool) -> Self {
        if is_template {
            Kind::Template
        } else {
            Kind::Pool
        }
    }

    pub fn is_template(self) -> bool {
        self == Kind::Template
    }
}

pub fn pool_not_found(id: impl std::fmt::Display, kind: Kind) -> ApiError {
    match kind {
        Kind::Template => ApiError::NotFound(format!("DPSK pool template {id} not found")),
        Kind::Pool => ApiError::NotFound(format!("DPSK pool {id} not found")),
    }
}

const POOL: &str = "dpskPoolDto";

/// Checks a pool body. `identityGroupId` is taken from the body only for
/// templates (the bundle: "Only editable for template").
pub fn check_pool(
    body: &DpskPoolDto,
    kind: Kind,
    identity_group_id: Option<Uuid>,
) -> Result<PoolFields, ApiError> {
    let mut errors = Vec::new();
    let name = body.name.as_deref().map(str::trim).unwrap_or_default();
    if name.is_empty() {
        errors.push(FieldError::new(
            POOL,
            "name",
            &body.name,
            "must not be blank",
        ));
    } else if name.chars().count() > 255 {
        errors.push(FieldError::new(
            POOL,
            "name",
            name,
            "size must be between 0 and 255",
        ));
    }
    if body.passphrase_format.is_none() {
        errors.push(FieldError::new(
            POOL,
            "passphraseFormat",
            Value::Null,
            "must not be null",
        ));
    }
    match body.passphrase_length {
        None => errors.push(FieldError::new(
            POOL,
            "passphraseLength",
            Value::Null,
            "must not be null",
        )),
        Some(n) if !(passphrase_gen::MIN_LENGTH..=passphrase_gen::MAX_LENGTH).contains(&n) => {
            errors.push(FieldError::new(
                POOL,
                "passphraseLength",
                n,
                "must be between 8 and 63",
            ))
        }
        _ => {}
    }
    if let Some(n) = body.device_count_limit.filter(|n| *n < 1) {
        errors.push(FieldError::new(
            POOL,
            "deviceCountLimit",
            n,
            "must be at least 1",
        ));
    }
    match body.expiration_type {
        Some(ExpirationType::SpecifiedDate) if body.expiration_date.is_none() => {
            errors.push(FieldError::new(
                POOL,
                "expirationDate",
                Value::Null,
                "is required for SPECIFIED_DATE",
            ))
        }
        Some(t)
            if t != ExpirationType::SpecifiedDate && body.expiration_offset.unwrap_or(0) < 1 =>
        {
            errors.push(FieldError::new(
                POOL,
                "expirationOffset",
                body.expiration_offset,
                "must be at least 1 for this expirationType",
            ))
        }
        _ => {}
    }
    let group = if kind == Kind::Template {
        match body.identity_group_id.as_deref().filter(|s| !s.is_empty()) {
            None => identity_group_id,
            Some(s) => match Uuid::parse_str(s) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(FieldError::new(
                        POOL,
                        "identityGroupId",
                        s,
                        "must be a UUID",
                    ));
                    None
                }
            },
        }
    } else {
        identity_group_id
    };
    reject(errors)?;
    Ok(PoolFields {
        name: name.to_string(),
        passphrase_format: body
            .passphrase_format
            .map(PassphraseFormat::as_str)
            .unwrap_or_default()
            .into(),
        passphrase_length: body.passphrase_length.unwrap_or_default(),
        policy_default_access: body.policy_default_access,
        device_count_limit: body.device_count_limit,
        expiration_type: body.expiration_type.map(|t| t.as_str().to_string()),
        expiration_offset: body.expiration_offset,
        expiration_date: body.expiration_date,
        identity_group_id: group,
    })
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, ?kind, use_case = "CreateDpskPool"))]
pub async fn create_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: &DpskPoolDto,
    identity_group_id: Option<Uuid>,
    kind: Kind,
) -> Result<Uuid, ApiError> {
    let fields = check_pool(body, kind, identity_group_id)?;
    repo::insert_pool(conn, tenant_id, kind.is_template(), &fields).await
}

/// The pool (or template) with this path id, or 404.
pub async fn load_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    kind: Kind,
) -> Result<PoolRow, ApiError> {
    fetch_pool(conn, tenant_id, id, kind, false).await
}

/// The pool (or template) with this path id, locked until the transaction
/// ends so that concurrent changes apply one after the other, each to the
/// row as the other left it; or 404.
async fn lock_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    kind: Kind,
) -> Result<PoolRow, ApiError> {
    fetch_pool(conn, tenant_id, id, kind, true).await
}

async fn fetch_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    kind: Kind,
    lock: bool,
) -> Result<PoolRow, ApiError> {
    let uuid = path_uuid(id, || pool_not_found(id, kind))?;
    let row = if lock {
        repo::lock_pool(conn, tenant_id, uuid).await?
    } else {
        repo::find_pool(conn, tenant_id, uuid).await?
    };
    row.filter(|p| Kind::of(p.is_template) == kind)
        .ok_or_else(|| pool_not_found(id, kind))
}

/// PUT: every editable field from the body.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %id, ?kind, use_case = "UpdateDpskPool"))]
pub async fn update_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    body: &DpskPoolDto,
    kind: Kind,
) -> Result<Uuid, ApiError> {
    let pool = lock_pool(conn, tenant_id, id, kind).await?;
    let fields = check_pool(body, kind, pool.identity_group_id)?;
    repo::update_pool(conn, tenant_id, pool.id, &fields).await?;
    Ok(pool.id)
}

/// The members the bundle's `DpskPoolDto` requires, in every body that
/// carries one (PATCH included: the bundle gives it the same schema).
const POOL_REQUIRED: [&str; 3] = ["name", "passphraseFormat", "passphraseLength"];

/// PATCH: the required members must be sent; of the others, only those
/// sent change, on the pool as it is now (locked: a concurrent PATCH of
/// other members waits and then keeps this one's changes).
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %id, ?kind, use_case = "UpdateDpskPool"))]
pub async fn patch_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    patch: &Value,
    kind: Kind,
) -> Result<Uuid, ApiError> {
    let pool = lock_pool(conn, tenant_id, id, kind).await?;
    if patch.is_object() {
        reject(
            POOL_REQUIRED
                .iter()
                .filter(|m| patch.get(**m).is_none_or(Value::is_null))
                .map(|m| FieldError::new(POOL, *m, Value::Null, "must not be null"))
                .collect(),
        )?;
    }
    let current = serde_json::to_value(DpskPoolDto::from_row(&pool)).map_err(ApiError::internal)?;
    let body: DpskPoolDto = from_merged(merge(current, patch)?)?;
    let fields = check_pool(&body, kind, pool.identity_group_id)?;
    repo::update_pool(conn, tenant_id, pool.id, &fields).await?;
    Ok(pool.id)
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %id, ?kind, use_case = "DeleteDpskPool"))]
pub async fn delete_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    kind: Kind,
) -> Result<Uuid, ApiError> {
    let pool = lock_pool(conn, tenant_id, id, kind).await?;
    if pool.is_referenced {
        return Err(ApiError::Unprocessable(format!(
            "DPSK pool {} has passphrases referenced by identities and cannot be deleted",
            pool.id
        )));
    }
    repo::delete_pool(conn, tenant_id, pool.id).await?;
    Ok(pool.id)
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, template_id = %id, use_case = "CloneDpskPoolTemplate"))]
pub async fn clone_template(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    req: &TemplateCloneSettingsRequest,
) -> Result<Uuid, ApiError> {
    let source = load_pool(conn, tenant_id, id, Kind::Template).await?;
    let mut body = DpskPoolDto::from_row(&source);
    body.name = req.name.clone();
    create_pool(
        conn,
        tenant_id,
        &body,
        source.identity_group_id,
        Kind::Template,
    )
    .await
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %id, use_case = "UpdateDpskPoolPolicySet"))]
pub async fn set_policy_set(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    policy_set_id: &str,
) -> Result<Uuid, ApiError> {
    r1_core::validation::foreign_id("policySet", "policySetId", policy_set_id)?;
    let pool = lock_pool(conn, tenant_id, id, Kind::Pool).await?;
    repo::set_pool_policy_set(conn, tenant_id, pool.id, Some(policy_set_id)).await?;
    Ok(pool.id)
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %id, use_case = "RemoveDpskPoolPolicySet"))]
pub async fn remove_policy_set(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: &str,
    policy_set_id: &str,
) -> Result<Uuid, ApiError> {
    let pool = lock_pool(conn, tenant_id, id, Kind::Pool).await?;
    if pool.policy_set_id.as_deref() != Some(policy_set_id) {
        return Err(ApiError::NotFound(format!(
            "Policy set {policy_set_id} is not associated with DPSK pool {}",
            pool.id
        )));
    }
    repo::set_pool_policy_set(conn, tenant_id, pool.id, None).await?;
    Ok(pool.id)
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, ?kind, use_case = "QueryDpskPools"))]
pub async fn query_pools(
    conn: &mut PgConnection,
    tenant_id: &str,
    kind: Kind,
    q: &QueryRequest<DpskPoolFilters>,
) -> Result<QueryResponse<Value>, ApiError> {
    let window = q.window()?;
    let order = q.order(POOL_SORT, Order::by("created_at", false))?;
    let filters = q.filters.clone().unwrap_or_default();
    let filter = PoolFilter {
        formats: filters.passphrase_format,
        only_enforced: filters.is_enforced == Some(true),
        search: q.search(POOL_SEARCH)?,
    };
    let (total, rows) = repo::query_pools(
        conn,
        tenant_id,
        kind.is_template(),
        &filter,
        &order,
        window.limit(),
        window.offset(),
    )
    .await?;
    q.respond(window, total, rows.iter().map(DpskPoolDto::from_row))
}
