//! Passphrase use cases, inside the caller's transaction.

use std::collections::HashSet;

use r1_core::{
    batch,
    pagination::{Order, Page, Pageable, QueryRequest, QueryResponse},
    totals::Totals,
    validation::{path_uuid, reject},
    ApiError, AppState,
};
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::*,
    passphrase_gen,
    passphrase_rules::{check_update, plan_create, PlannedCreate},
    pools::{self, Kind},
    repo::{
        self, PassphraseFields, PassphraseFilter, PassphraseRow, PoolRow, StatusFilter,
        PASSPHRASE_SEARCH, PASSPHRASE_SORT,
    },
    rules::{self, from_merged, merge},
};

pub fn passphrase_not_found(id: impl std::fmt::Display) -> ApiError {
    ApiError::NotFound(format!("DPSK passphrase {id} not found"))
}

/// Inserts `count` generated passphrases like `template`, drawing again for
/// any the pool already holds.
async fn insert_generated(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    template: &PassphraseFields,
    count: usize,
    format: PassphraseFormat,
    length: i32,
) -> Result<Vec<(Uuid, String)>, ApiError> {
    let mut inserted = Vec::with_capacity(count);
    let mut seen = HashSet::new();
    while inserted.len() < count {
        let rows: Vec<PassphraseFields> =
            std::iter::repeat_with(|| passphrase_gen::generate(format, length))
                .filter(|p| seen.insert(p.clone()))
                .take(count - inserted.len())
                .map(|passphrase| PassphraseFields {
                    passphrase,
                    ..template.clone()
                })
                .collect();
        inserted.extend(repo::insert_passphrases(conn, tenant_id, pool_id, &rows, true).await?);
    }
    Ok(inserted)
}

/// Creates passphrases in a pool; returns their ids in request order.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %pool.id, use_case = "CreateDpskPassphrases"))]
pub async fn create_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    items: &[DpskPassphraseCreateDto],
    is_referenced: bool,
) -> Result<Vec<Uuid>, ApiError> {
    if items.is_empty() {
        return Err(ApiError::field(
            "passphrases",
            "passphrases",
            Value::Array(vec![]),
            "must not be empty",
        ));
    }
    let mut errors = Vec::new();
    let plans: Vec<PlannedCreate> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let prefix = if items.len() > 1 {
                format!("passphrases[{i}].")
            } else {
                String::new()
            };
            plan_create(pool, item, &prefix, &mut errors)
        })
        .collect();
    reject(errors)?;
    let mut ids = Vec::new();
    let mut devices = Vec::new();
    for mut plan in plans {
        plan.template.is_referenced = is_referenced;
        let rows = if plan.given {
            repo::insert_passphrases(
                conn,
                tenant_id,
                pool.id,
                std::slice::from_ref(&plan.template),
                false,
            )
            .await?
        } else {
            insert_generated(
                conn,
                tenant_id,
                pool.id,
                &plan.template,
                plan.count as usize,
                plan.format,
                plan.length,
            )
            .await?
        };
        if let Some(mac) = &plan.mac {
            devices.extend(rows.iter().map(|(id, _)| (*id, mac.clone())));
        }
        ids.extend(rows.into_iter().map(|(id, _)| id));
    }
    repo::insert_devices(conn, tenant_id, &devices).await?;
    Ok(ids)
}

/// The passphrase with this path id in this pool, or 404.
pub async fn load_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    id: &str,
) -> Result<PassphraseRow, ApiError> {
    fetch_passphrase(conn, tenant_id, pool, id, false).await
}

/// The passphrase with this path id in this pool, locked until the
/// transaction ends (concurrent changes apply one after the other, each to
/// the row as the other left it), or 404.
pub async fn lock_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    id: &str,
) -> Result<PassphraseRow, ApiError> {
    fetch_passphrase(conn, tenant_id, pool, id, true).await
}

async fn fetch_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    id: &str,
    lock: bool,
) -> Result<PassphraseRow, ApiError> {
    let uuid = path_uuid(id, || passphrase_not_found(id))?;
    let row = if lock {
        repo::lock_passphrase(conn, tenant_id, pool.id, uuid).await?
    } else {
        repo::find_passphrase(conn, tenant_id, pool.id, uuid).await?
    };
    row.ok_or_else(|| passphrase_not_found(id))
}

/// The pool and passphrase a path names, or the 404 of the first missing.
pub async fn load_in_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: &str,
    id: &str,
) -> Result<(PoolRow, PassphraseRow), ApiError> {
    let pool = pools::load_pool(conn, tenant_id, pool_id, Kind::Pool).await?;
    let passphrase = load_passphrase(conn, tenant_id, &pool, id).await?;
    Ok((pool, passphrase))
}

/// A Spring page of the pool's passphrases, with their devices.
pub async fn list(
    conn: &mut PgConnection,
    totals: &Totals,
    tenant_id: &str,
    pool: &PoolRow,
    pageable: &Pageable,
) -> Result<Page<DpskPassphraseDto>, ApiError> {
    let order = pageable.order(PASSPHRASE_SORT, default_passphrase_order())?;
    let (total, rows) = repo::query_passphrases(
        conn,
        totals,
        tenant_id,
        pool.id,
        &PassphraseFilter::default(),
        &order,
        pageable.slice(),
    )
    .await?;
    let content = with_devices(conn, tenant_id, &rows, None).await?;
    Ok(Page::new(content, total, pageable, &order))
}

/// A GET of one passphrase: one statement reads it with its devices, shared
/// with the GETs that arrive meanwhile; only a miss looks the pool up, to
/// say which 404 it is.
pub async fn read_in_pool(
    state: &AppState,
    tenant_id: &str,
    pool_id: &str,
    id: &str,
) -> Result<DpskPassphraseDto, ApiError> {
    if let (Ok(pool_uuid), Ok(uuid)) = (Uuid::parse_str(pool_id), Uuid::parse_str(id)) {
        let key = (tenant_id.to_string(), pool_uuid, uuid);
        if let Some((row, macs)) = batch::read::<repo::PassphraseById>(state, key).await? {
            let devices = macs.into_iter().map(DpskPassphraseDeviceDto::from_mac);
            return Ok(DpskPassphraseDto::from_row(&row, devices.collect()));
        }
    }
    let mut conn = state.db.acquire().await?;
    pools::load_pool(&mut conn, tenant_id, pool_id, Kind::Pool).await?;
    Err(passphrase_not_found(id))
}

/// The passphrases' DTOs with (at most `max_devices` of) their devices.
pub async fn with_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    rows: &[PassphraseRow],
    max_devices: Option<usize>,
) -> Result<Vec<DpskPassphraseDto>, ApiError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut by_id: std::collections::HashMap<Uuid, Vec<DpskPassphraseDeviceDto>> =
        Default::default();
    for d in repo::devices_of(conn, tenant_id, &ids).await? {
        let list = by_id.entry(d.passphrase_id).or_default();
        if max_devices.is_none_or(|m| list.len() < m) {
            list.push(DpskPassphraseDeviceDto::from_mac(d.mac));
        }
    }
    Ok(rows
        .iter()
        .map(|r| DpskPassphraseDto::from_row(r, by_id.remove(&r.id).unwrap_or_default()))
        .collect())
}

async fn apply_update(
    conn: &mut PgConnection,
    tenant_id: &str,
    current: &PassphraseRow,
    body: &DpskPassphraseDto,
) -> Result<(), ApiError> {
    let fields = check_update(current, body)?;
    repo::update_passphrase(conn, tenant_id, current.pool_id, current.id, &fields).await?;
    Ok(())
}

/// PUT: the body replaces the passphrase's editable fields.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %pool.id, use_case = "UpdateDpskPassphrase"))]
pub async fn update_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    id: &str,
    body: &DpskPassphraseDto,
) -> Result<Uuid, ApiError> {
    let current = lock_passphrase(conn, tenant_id, pool, id).await?;
    apply_update(conn, tenant_id, &current, body).await?;
    Ok(current.id)
}

async fn patch_one(
    conn: &mut PgConnection,
    tenant_id: &str,
    current: &PassphraseRow,
    patch: &Value,
) -> Result<(), ApiError> {
    let base = serde_json::to_value(DpskPassphraseDto::from_row(current, Vec::new()))
        .map_err(ApiError::internal)?;
    let body: DpskPassphraseDto = from_merged(merge(base, patch)?)?;
    apply_update(conn, tenant_id, current, &body).await
}

/// PATCH: only the members sent change.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %pool.id, use_case = "UpdateDpskPassphrase"))]
pub async fn patch_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    id: &str,
    patch: &Value,
) -> Result<Uuid, ApiError> {
    let current = lock_passphrase(conn, tenant_id, pool, id).await?;
    patch_one(conn, tenant_id, &current, patch).await?;
    Ok(current.id)
}

/// Applies each passphrase's changes; all or none (the caller's transaction).
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %pool.id, use_case = "UpdateDpskPassphrases"))]
pub async fn patch_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    changes: &[(String, Value)],
) -> Result<(), ApiError> {
    for (id, patch) in changes {
        let current = lock_passphrase(conn, tenant_id, pool, id).await?;
        patch_one(conn, tenant_id, &current, patch).await?;
    }
    Ok(())
}

/// Deletes passphrases by id; any unknown or referenced one stops them all.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %pool.id, use_case = "DeleteDpskPassphrases"))]
pub async fn delete_passphrases(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    ids: &[String],
    allow_referenced: bool,
) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Err(ApiError::field(
            "passphraseIds",
            "ids",
            Value::Array(vec![]),
            "must not be empty",
        ));
    }
    let mut uuids = Vec::with_capacity(ids.len());
    for id in ids {
        uuids.push(path_uuid(id, || passphrase_not_found(id))?);
    }
    let found = repo::passphrases_among(conn, tenant_id, pool.id, &uuids).await?;
    if let Some(missing) = uuids.iter().find(|u| !found.iter().any(|(f, _)| f == *u)) {
        return Err(passphrase_not_found(missing));
    }
    if !allow_referenced {
        if let Some((id, _)) = found.iter().find(|(_, referenced)| *referenced) {
            return Err(ApiError::Unprocessable(format!(
                "DPSK passphrase {id} is referenced by an identity and cannot be deleted"
            )));
        }
    }
    repo::delete_passphrases(conn, tenant_id, pool.id, &uuids).await?;
    Ok(())
}

pub fn default_passphrase_order() -> Order {
    Order::by("p.created_at", false)
}

/// The filter and search of a passphrase query, checked.
pub fn passphrase_filter(
    q: &QueryRequest<DpskPassphraseFilters>,
) -> Result<PassphraseFilter, ApiError> {
    let f = q.filters.clone().unwrap_or_default();
    let macs = match f.mac {
        None => None,
        Some(macs) => Some(
            macs.iter()
                .map(|m| {
                    rules::normalize_mac(m).ok_or_else(|| {
                        ApiError::field("filters", "mac", m, "must be a MAC address")
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    Ok(PassphraseFilter {
        network_ids: f.network_id,
        vlan_ids: f.vlan_id,
        passphrases: f.passphrase,
        macs,
        usernames: f.username,
        emails: f.email,
        phone_numbers: f.phone_number,
        statuses: f.status.map(|statuses| {
            statuses
                .into_iter()
                .map(|s| match s {
                    PassphraseStatus::Active => StatusFilter::Active,
                    PassphraseStatus::Expired => StatusFilter::Expired,
                    PassphraseStatus::Revoked => StatusFilter::Revoked,
                })
                .collect()
        }),
        search: q.search(PASSPHRASE_SEARCH)?,
    })
}

/// What an export writes: the query's filter and order, checked.
pub fn export_selection(
    q: &QueryRequest<DpskPassphraseFilters>,
) -> Result<(PassphraseFilter, Order), ApiError> {
    // Every matching row is written whatever the page, but a page no query
    // could take is refused as the query refuses it.
    q.window()?;
    let order = q.order(PASSPHRASE_SORT, default_passphrase_order())?;
    Ok((passphrase_filter(q)?, order))
}

#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, pool_id = %pool.id, use_case = "QueryDpskPassphrases"))]
pub async fn query_passphrases(
    conn: &mut PgConnection,
    totals: &Totals,
    tenant_id: &str,
    pool: &PoolRow,
    q: &QueryRequest<DpskPassphraseFilters>,
    max_devices: Option<i32>,
) -> Result<QueryResponse<Value>, ApiError> {
    let window = q.window()?;
    let order = q.order(PASSPHRASE_SORT, default_passphrase_order())?;
    let filter = passphrase_filter(q)?;
    let (total, rows) = repo::query_passphrases(
        conn,
        totals,
        tenant_id,
        pool.id,
        &filter,
        &order,
        window.slice(),
    )
    .await?;
    let max = max_devices.map(|m| m.max(0) as usize);
    let data = with_devices(conn, tenant_id, &rows, max).await?;
    q.respond(window, total, data)
}
