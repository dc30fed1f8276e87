//! Device use cases: the MACs bound to a passphrase.

use r1_core::{
    error::FieldError,
    pagination::{Order, QueryRequest, QueryResponse},
    validation::reject,
    ApiError,
};
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::DpskPassphraseDeviceDto,
    passphrases,
    pools::{self, Kind},
    repo::{self, PassphraseRow, PoolRow, DEVICE_SORT},
    rules,
};

fn check_macs(macs: &[String]) -> Result<Vec<String>, ApiError> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, m) in macs.iter().enumerate() {
        match rules::normalize_mac(m) {
            Some(n) if !out.contains(&n) => out.push(n),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "devices",
                format!("[{i}]"),
                m,
                "must be a MAC address",
            )),
        }
    }
    reject(errors)?;
    Ok(out)
}

/// The passphrase's own limit, else its pool's; `None` is unlimited.
fn device_limit(pool: &PoolRow, p: &PassphraseRow) -> Option<i32> {
    p.number_of_devices.or(pool.device_count_limit)
}

fn enforce_limit(pool: &PoolRow, p: &PassphraseRow, count: usize) -> Result<(), ApiError> {
    match device_limit(pool, p) {
        Some(limit) if count > limit as usize => Err(ApiError::Unprocessable(format!(
            "DPSK passphrase {} allows at most {limit} devices",
            p.id
        ))),
        _ => Ok(()),
    }
}

pub async fn device_macs(
    conn: &mut PgConnection,
    tenant_id: &str,
    p: &PassphraseRow,
) -> Result<Vec<String>, ApiError> {
    Ok(repo::devices_of(conn, tenant_id, &[p.id])
        .await?
        .into_iter()
        .map(|d| d.mac)
        .collect())
}

/// Which change a device operation makes.
#[derive(Debug, Clone, Copy)]
pub enum DeviceChange {
    Add,
    Replace,
    Remove,
}

/// Changes the devices of a passphrase, locked so that its device limit
/// holds against concurrent changes.
#[tracing::instrument(skip_all, fields(tenant_id = %tenant_id, passphrase_id = %passphrase_id, ?change))]
pub async fn change_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: &str,
    passphrase_id: &str,
    macs: &[String],
    change: DeviceChange,
) -> Result<Uuid, ApiError> {
    let pool = pools::load_pool(conn, tenant_id, pool_id, Kind::Pool).await?;
    let p = passphrases::lock_passphrase(conn, tenant_id, &pool, passphrase_id).await?;
    match change {
        DeviceChange::Add => add_devices(conn, tenant_id, &pool, &p, macs).await?,
        DeviceChange::Replace => replace_devices(conn, tenant_id, &pool, &p, macs).await?,
        DeviceChange::Remove => remove_devices(conn, tenant_id, &p, macs).await?,
    }
    Ok(p.id)
}

/// Adds devices; the passphrase's device limit holds.
async fn add_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    p: &PassphraseRow,
    macs: &[String],
) -> Result<(), ApiError> {
    let macs = check_macs(macs)?;
    if macs.is_empty() {
        return Err(ApiError::field(
            "devices",
            "devices",
            Value::Array(vec![]),
            "must not be empty",
        ));
    }
    let mut all = device_macs(conn, tenant_id, p).await?;
    all.extend(
        macs.iter()
            .filter(|m| !all.contains(m))
            .cloned()
            .collect::<Vec<_>>(),
    );
    enforce_limit(pool, p, all.len())?;
    let rows: Vec<(Uuid, String)> = macs.into_iter().map(|m| (p.id, m)).collect();
    repo::insert_devices(conn, tenant_id, &rows).await?;
    Ok(())
}

/// Replaces the passphrase's devices with these.
async fn replace_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: &PoolRow,
    p: &PassphraseRow,
    macs: &[String],
) -> Result<(), ApiError> {
    let macs = check_macs(macs)?;
    enforce_limit(pool, p, macs.len())?;
    repo::clear_devices(conn, tenant_id, p.id).await?;
    let rows: Vec<(Uuid, String)> = macs.into_iter().map(|m| (p.id, m)).collect();
    repo::insert_devices(conn, tenant_id, &rows).await?;
    Ok(())
}

/// Removes devices by MAC; a MAC the passphrase does not have is a 404.
async fn remove_devices(
    conn: &mut PgConnection,
    tenant_id: &str,
    p: &PassphraseRow,
    macs: &[String],
) -> Result<(), ApiError> {
    let macs = check_macs(macs)?;
    let have = device_macs(conn, tenant_id, p).await?;
    if let Some(missing) = macs.iter().find(|m| !have.contains(m)) {
        return Err(ApiError::NotFound(format!(
            "Device {missing} not found on DPSK passphrase {}",
            p.id
        )));
    }
    repo::delete_devices(conn, tenant_id, p.id, &macs).await?;
    Ok(())
}

/// A query page over one passphrase's devices (few enough to page in memory).
pub fn query_devices(
    macs: Vec<String>,
    q: &QueryRequest<Value>,
) -> Result<QueryResponse<Value>, ApiError> {
    let window = q.window()?;
    let order = q.order(DEVICE_SORT, Order::by("mac", false))?;
    let search = q.search(DEVICE_SORT)?;
    let mut macs: Vec<String> = match &search {
        Some((text, _)) => {
            let text = text.to_ascii_uppercase();
            macs.into_iter().filter(|m| m.contains(&text)).collect()
        }
        None => macs,
    };
    if q.sort_field.is_some() || q.sort_order.is_some() {
        macs.sort();
        if order != Order::by("mac", false) {
            macs.reverse();
        }
    }
    let total = macs.len() as i64;
    let page = macs
        .into_iter()
        .skip(window.offset() as usize)
        .take(window.limit() as usize)
        .map(DpskPassphraseDeviceDto::from_mac);
    q.respond(window, total, page)
}
