//! Beta and privacy features, authentications, mobile push endpoints.

use chrono::{DateTime, Utc};
use r1_core::ApiError;
use sqlx::PgConnection;
use uuid::Uuid;

pub async fn list_beta_features(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(sqlx::query_scalar!(
        "SELECT feature_id FROM tenant_beta_features WHERE tenant_id = $1 ORDER BY feature_id",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn replace_beta_features(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[String],
) -> Result<(), ApiError> {
    sqlx::query!(
        "DELETE FROM tenant_beta_features WHERE tenant_id = $1",
        tenant_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO tenant_beta_features (tenant_id, feature_id)
         SELECT $1, unnest($2::text[])",
        tenant_id,
        ids
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub struct PrivacyRow {
    pub feature_name: String,
    pub status: String,
}

pub async fn list_privacy(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<PrivacyRow>, ApiError> {
    Ok(sqlx::query_as!(
        PrivacyRow,
        "SELECT feature_name, status FROM tenant_privacy_features WHERE tenant_id = $1
         ORDER BY feature_name",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn replace_privacy(
    conn: &mut PgConnection,
    tenant_id: &str,
    features: &[(String, String)],
) -> Result<(), ApiError> {
    let (names, statuses): (Vec<String>, Vec<String>) = features.iter().cloned().unzip();
    sqlx::query!(
        "DELETE FROM tenant_privacy_features WHERE tenant_id = $1",
        tenant_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO tenant_privacy_features (tenant_id, feature_name, status)
         SELECT $1, n, s FROM unnest($2::text[], $3::text[]) AS f(n, s)",
        tenant_id,
        &names,
        &statuses
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub struct AuthenticationRow {
    pub id: Uuid,
    pub name: String,
    pub authentication_type: String,
    pub client_id: Option<String>,
    pub scopes: Option<String>,
    pub token_url: Option<String>,
    pub authorization_url: Option<String>,
    pub saml_file_url: Option<String>,
    pub client_id_status: Option<String>,
    pub saml_file_type: Option<String>,
    pub domains: Vec<String>,
    pub saml_signature_enabled: Option<bool>,
    pub saml_encryption_certificate_id: Option<String>,
    pub saml_encryption_public_certificate: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct AuthenticationValues {
    pub name: String,
    pub authentication_type: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub scopes: Option<String>,
    pub token_url: Option<String>,
    pub authorization_url: Option<String>,
    pub saml_file_url: Option<String>,
    pub client_id_status: Option<String>,
    pub saml_file_type: Option<String>,
    pub domains: Vec<String>,
    pub saml_signature_enabled: Option<bool>,
    pub saml_encryption_certificate_id: Option<String>,
    pub saml_encryption_public_certificate: Option<String>,
    pub saml_encryption_private_key: Option<String>,
}

pub async fn insert_authentication(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &AuthenticationValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO tenant_authentications (id, tenant_id, name, authentication_type,
             client_id, client_secret, scopes, token_url, authorization_url, saml_file_url,
             client_id_status, saml_file_type, domains, saml_signature_enabled,
             saml_encryption_certificate_id, saml_encryption_public_certificate,
             saml_encryption_private_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        id,
        tenant_id,
        v.name,
        v.authentication_type,
        v.client_id,
        v.client_secret,
        v.scopes,
        v.token_url,
        v.authorization_url,
        v.saml_file_url,
        v.client_id_status,
        v.saml_file_type,
        &v.domains,
        v.saml_signature_enabled,
        v.saml_encryption_certificate_id,
        v.saml_encryption_public_certificate,
        v.saml_encryption_private_key
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list_authentications(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<AuthenticationRow>, ApiError> {
    Ok(sqlx::query_as!(
        AuthenticationRow,
        "SELECT id, name, authentication_type, client_id, scopes, token_url, authorization_url,
                saml_file_url, client_id_status, saml_file_type, domains, saml_signature_enabled,
                saml_encryption_certificate_id, saml_encryption_public_certificate, created_at,
                updated_at
         FROM tenant_authentications WHERE tenant_id = $1 ORDER BY created_at, id",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub struct PushRow {
    pub id: Uuid,
    pub destination: String,
    pub platform: String,
    pub device_token: String,
    pub device_id: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct PushValues<'a> {
    pub app: Option<&'a str>,
    pub destination: &'a str,
    pub platform: &'a str,
    pub device_token: &'a str,
    pub device_id: &'a str,
    pub active: bool,
}

/// Registers a device, or updates it when it registered before.
pub async fn upsert_push_endpoint(
    conn: &mut PgConnection,
    tenant_id: &str,
    v: PushValues<'_>,
) -> Result<PushRow, ApiError> {
    Ok(sqlx::query_as!(
        PushRow,
        "INSERT INTO tenant_mobile_push_endpoints (id, tenant_id, app, destination, platform,
             device_token, device_id, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (tenant_id, device_id) DO UPDATE SET app = $3, destination = $4,
             platform = $5, device_token = $6, active = $8, updated_at = now()
         RETURNING id, destination, platform, device_token, device_id, active, created_at,
                   updated_at",
        Uuid::new_v4(),
        tenant_id,
        v.app,
        v.destination,
        v.platform,
        v.device_token,
        v.device_id,
        v.active
    )
    .fetch_one(conn)
    .await?)
}
