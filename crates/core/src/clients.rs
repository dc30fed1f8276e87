//! API clients: the application tokens that get bearer JWTs from
//! `/oauth2/token/{tenantId}`.

use rand::{distributions::Alphanumeric, Rng};
use sqlx::PgConnection;

use crate::{error::ApiError, repo, secrets};

/// A client just made: the secret is shown this once and stored hashed.
#[derive(Debug, Clone)]
pub struct NewClient {
    pub client_id: String,
    pub client_secret: String,
}

/// Makes an API client for a tenant with a random id and secret.
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: &str,
    name: &str,
) -> Result<NewClient, ApiError> {
    let client_id = uuid::Uuid::new_v4().simple().to_string();
    let client_secret: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect();
    put(conn, &client_id, tenant_id, name, &client_secret).await?;
    Ok(NewClient {
        client_id,
        client_secret,
    })
}

/// Creates the client, or gives an existing one this tenant, name and secret.
pub async fn put(
    conn: &mut PgConnection,
    client_id: &str,
    tenant_id: &str,
    name: &str,
    secret: &str,
) -> Result<(), ApiError> {
    repo::insert_client(conn, client_id, tenant_id, name, &secrets::hash(secret)).await
}
