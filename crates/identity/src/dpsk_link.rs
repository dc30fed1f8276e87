//! The identity group's DPSK pool and its identities' passphrases. DPSK owns
//! pools and passphrases; this module reaches them only through the DPSK
//! crate's public functions, inside the caller's transaction, so an identity
//! and its passphrase change together or not at all.

use r1_core::ApiError;
use r1_dpsk::NewIdentityPassphrase;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::repo::{self, GroupRow, IdentityRow, IdentityValues};

/// The revocation reason DPSK records when the identity is revoked.
const REVOKED_WITH_IDENTITY: &str = "Identity revoked";

fn pool_not_found(pool_id: &str) -> ApiError {
    ApiError::NotFound(format!("DPSK pool {pool_id} not found"))
}

/// The group's pool, when it has one that DPSK can hold (a UUID).
fn pool_of(group: &GroupRow) -> Option<Uuid> {
    group
        .dpsk_pool_id
        .as_deref()
        .and_then(|p| Uuid::parse_str(p).ok())
}

/// Associates the group (as the caller holds it) with a DPSK pool (or with
/// none): the pool must exist; a pool the group leaves no longer names the
/// group.
pub async fn associate_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    group: &GroupRow,
    pool_id: Option<&str>,
) -> Result<(), ApiError> {
    let group_id = group.id;
    let new = match pool_id {
        Some(p) => {
            let id = Uuid::parse_str(p).map_err(|_| pool_not_found(p))?;
            r1_dpsk::pool_settings(conn, tenant_id, id)
                .await?
                .ok_or_else(|| pool_not_found(p))?;
            Some(id)
        }
        None => None,
    };
    if let Some(old) = pool_of(group).filter(|old| Some(*old) != new) {
        // The old pool may have been deleted through the DPSK API since.
        if r1_dpsk::pool_settings(conn, tenant_id, old)
            .await?
            .is_some()
        {
            r1_dpsk::set_pool_identity_group(conn, tenant_id, old, None).await?;
        }
    }
    if let Some(new) = new {
        r1_dpsk::set_pool_identity_group(conn, tenant_id, new, Some(group_id)).await?;
    }
    repo::set_group_dpsk_pool(conn, tenant_id, group_id, pool_id).await?;
    Ok(())
}

async fn create_passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool: Uuid,
    identity_id: Uuid,
    values: &IdentityValues,
    passphrase: Option<String>,
) -> Result<Uuid, ApiError> {
    let created = r1_dpsk::create_identity_passphrase(
        conn,
        tenant_id,
        pool,
        NewIdentityPassphrase {
            username: Some(values.name.clone()),
            email: values.email.clone(),
            phone_number: values.phone_number.clone(),
            vlan_id: values.vlan,
            passphrase,
            expiration_date: values.expiration_date,
        },
    )
    .await?;
    repo::set_passphrase(
        conn,
        tenant_id,
        identity_id,
        Some(created.id),
        Some(&created.passphrase),
    )
    .await?;
    Ok(created.id)
}

/// After an identity is created in `group`: in a group with a DPSK pool, its
/// passphrase is created there (revoked with a revoked identity).
pub async fn on_create(
    conn: &mut PgConnection,
    tenant_id: &str,
    group: &GroupRow,
    identity_id: Uuid,
    values: &IdentityValues,
    passphrase: Option<String>,
) -> Result<(), ApiError> {
    let Some(pool) = pool_of(group) else {
        return Ok(());
    };
    let id = create_passphrase(conn, tenant_id, pool, identity_id, values, passphrase).await?;
    if values.revoked {
        let reason = Some(REVOKED_WITH_IDENTITY.to_string());
        r1_dpsk::revoke_identity_passphrase(conn, tenant_id, pool, id, reason).await?;
    }
    Ok(())
}

/// After an identity of `group` is updated from `before`: `dpskPassphrase`
/// set to null resets the passphrase, a value replaces it (a value shorter
/// than the pool's length is reset instead, in DPSK), and revoking the
/// identity revokes the passphrase. An identity without a passphrase gets
/// one when the update names `dpskPassphrase`.
pub async fn on_update(
    conn: &mut PgConnection,
    tenant_id: &str,
    group: &GroupRow,
    before: &IdentityRow,
    after: &IdentityValues,
    passphrase: Option<Option<String>>,
) -> Result<(), ApiError> {
    let Some(pool) = pool_of(group) else {
        return Ok(());
    };
    let id = match (before.dpsk_guid, passphrase) {
        (None, None) => return Ok(()),
        (None, Some(given)) => {
            let id = create_passphrase(conn, tenant_id, pool, before.id, after, given).await?;
            if after.revoked {
                let reason = Some(REVOKED_WITH_IDENTITY.to_string());
                r1_dpsk::revoke_identity_passphrase(conn, tenant_id, pool, id, reason).await?;
            }
            return Ok(());
        }
        (Some(id), given) => {
            let changed = match given {
                None => None,
                Some(None) => {
                    Some(r1_dpsk::reset_identity_passphrase(conn, tenant_id, pool, id).await?)
                }
                Some(Some(p)) => {
                    Some(r1_dpsk::set_identity_passphrase(conn, tenant_id, pool, id, p).await?)
                }
            };
            if let Some(c) = changed {
                repo::set_passphrase(conn, tenant_id, before.id, Some(c.id), Some(&c.passphrase))
                    .await?;
            }
            id
        }
    };
    if before.revoked != after.revoked {
        let reason = after.revoked.then(|| REVOKED_WITH_IDENTITY.to_string());
        r1_dpsk::revoke_identity_passphrase(conn, tenant_id, pool, id, reason).await?;
    }
    Ok(())
}

/// After an identity of `group` is deleted: its passphrase goes too (unless
/// it was already deleted through the DPSK API).
pub async fn on_delete(
    conn: &mut PgConnection,
    tenant_id: &str,
    group: &GroupRow,
    deleted: &IdentityRow,
) -> Result<(), ApiError> {
    let (Some(pool), Some(id)) = (pool_of(group), deleted.dpsk_guid) else {
        return Ok(());
    };
    match r1_dpsk::delete_identity_passphrase(conn, tenant_id, pool, id).await {
        Ok(()) | Err(ApiError::NotFound(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates a DPSK pool in the group (`template` for a pool template) and
/// records the association.
pub async fn create_pool(
    conn: &mut PgConnection,
    tenant_id: &str,
    group: &GroupRow,
    body: r1_dpsk::DpskPoolDto,
    template: bool,
) -> Result<Uuid, ApiError> {
    let pool = r1_dpsk::create_pool(conn, tenant_id, body, Some(group.id), template).await?;
    repo::set_group_dpsk_pool(conn, tenant_id, group.id, Some(&pool.to_string())).await?;
    Ok(pool)
}
