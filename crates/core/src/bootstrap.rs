//! First start: one tenant and one API client, so a token can be had at once.

use sqlx::PgPool;

use crate::{config::Config, error::ApiError, repo, secrets};

/// Creates the bootstrap tenant and client when the database has no tenant.
/// Returns whether it did.
pub async fn ensure(db: &PgPool, config: &Config) -> Result<bool, ApiError> {
    if repo::tenant_count(db).await? > 0 {
        return Ok(false);
    }
    seed(db, config).await?;
    Ok(true)
}

/// Creates (or resets the secret of) the bootstrap tenant and client.
pub async fn seed(db: &PgPool, config: &Config) -> Result<(), ApiError> {
    let hash = secrets::hash(&config.bootstrap_client_secret);
    let mut tx = db.begin().await?;
    repo::insert_tenant(
        &mut *tx,
        &config.bootstrap_tenant_id,
        &config.bootstrap_tenant_name,
    )
    .await?;
    repo::insert_client(
        &mut *tx,
        &config.bootstrap_client_id,
        &config.bootstrap_tenant_id,
        "r1 bootstrap client",
        &hash,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
