//! The units' DPSK passphrases, read and changed only through the DPSK
//! crate's public functions inside the caller's transaction. Passphrases are
//! created, changed and deleted with their identities (identity_link); this
//! module reads them and removes single devices.

use r1_core::ApiError;
use r1_dpsk::PassphraseView;
use sqlx::PgConnection;
use uuid::Uuid;

/// The pool's passphrase length: the shortest secret a client may set.
pub async fn pool_length(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
) -> Result<i32, ApiError> {
    Ok(r1_dpsk::pool_settings(conn, tenant_id, pool_id)
        .await?
        .map(|p| p.passphrase_length)
        .unwrap_or(8))
}

pub async fn passphrase(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    passphrase_id: Uuid,
) -> Result<Option<PassphraseView>, ApiError> {
    r1_dpsk::passphrase_view(conn, tenant_id, pool_id, passphrase_id).await
}

pub async fn remove_device(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    passphrase_id: Uuid,
    mac: &str,
) -> Result<(), ApiError> {
    r1_dpsk::remove_passphrase_device(conn, tenant_id, pool_id, passphrase_id, mac).await
}

pub async fn pool_texts(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
) -> Result<Vec<(Uuid, String)>, ApiError> {
    r1_dpsk::pool_passphrase_texts(conn, tenant_id, pool_id).await
}

/// The passphrase's text and VLAN, without its devices.
pub async fn passphrase_text(
    conn: &mut PgConnection,
    tenant_id: &str,
    pool_id: Uuid,
    passphrase_id: Uuid,
) -> Result<Option<r1_dpsk::PassphraseText>, ApiError> {
    r1_dpsk::passphrase_text(conn, tenant_id, pool_id, passphrase_id).await
}
