//! Every SQL statement of the Tenant API. Each one names the tenant it reads
//! or writes, so two tenants never see each other's rows.

use chrono::{DateTime, Utc};
use r1_core::ApiError;
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

pub struct AccountRow {
    pub tenant_id: String,
    pub name: String,
    pub tenant_type: String,
    pub external_id: String,
    pub account_tier: String,
    pub account_vertical: String,
    pub parent_id: Option<String>,
    pub mfa_status: String,
    pub beta_enabled: bool,
    pub alpha_enabled: bool,
    pub sa_enabled: bool,
    pub subscribes: Option<String>,
    pub entitlement_id: Option<String>,
    pub preferences: Option<String>,
    pub street_address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub phone_number: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub msp: Option<Value>,
    pub subscription_preferences: Value,
    pub account_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct NewAccount<'a> {
    pub tenant_id: &'a str,
    pub name: &'a str,
    pub tenant_type: &'a str,
    pub external_id: &'a str,
    pub msp: Option<Value>,
}

/// Makes the tenant's record if it has none yet (the bootstrap tenant gets
/// its record on first use).
pub async fn ensure_account(conn: &mut PgConnection, a: NewAccount<'_>) -> Result<bool, ApiError> {
    let made = sqlx::query!(
        "INSERT INTO tenant_accounts (tenant_id, name, tenant_type, external_id, msp, account_id)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id) DO NOTHING",
        a.tenant_id,
        a.name,
        a.tenant_type,
        a.external_id,
        a.msp,
        Uuid::new_v4()
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok(made == 1)
}

pub async fn find_account(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Option<AccountRow>, ApiError> {
    Ok(sqlx::query_as!(
        AccountRow,
        "SELECT tenant_id, name, tenant_type, external_id, account_tier, account_vertical,
                parent_id, mfa_status, beta_enabled, alpha_enabled, sa_enabled, subscribes,
                entitlement_id, preferences, street_address, city, state, country, postal_code,
                phone_number, latitude, longitude, msp, subscription_preferences, account_id,
                created_at, updated_at
         FROM tenant_accounts WHERE tenant_id = $1",
        tenant_id
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn list_accounts(conn: &mut PgConnection) -> Result<Vec<AccountRow>, ApiError> {
    Ok(sqlx::query_as!(
        AccountRow,
        "SELECT tenant_id, name, tenant_type, external_id, account_tier, account_vertical,
                parent_id, mfa_status, beta_enabled, alpha_enabled, sa_enabled, subscribes,
                entitlement_id, preferences, street_address, city, state, country, postal_code,
                phone_number, latitude, longitude, msp, subscription_preferences, account_id,
                created_at, updated_at
         FROM tenant_accounts ORDER BY created_at, tenant_id"
    )
    .fetch_all(conn)
    .await?)
}

/// What `PUT /tenants/self` may change.
pub struct AccountUpdate {
    pub name: String,
    pub mfa_status: String,
    pub beta_enabled: bool,
    pub alpha_enabled: bool,
    pub sa_enabled: bool,
    pub subscribes: Option<String>,
    pub entitlement_id: Option<String>,
}

pub async fn update_account(
    conn: &mut PgConnection,
    tenant_id: &str,
    u: &AccountUpdate,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_accounts SET name = $2, mfa_status = $3, beta_enabled = $4,
                alpha_enabled = $5, sa_enabled = $6, subscribes = $7, entitlement_id = $8,
                updated_at = now()
         WHERE tenant_id = $1",
        tenant_id,
        u.name,
        u.mfa_status,
        u.beta_enabled,
        u.alpha_enabled,
        u.sa_enabled,
        u.subscribes,
        u.entitlement_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_subscription_preferences(
    conn: &mut PgConnection,
    tenant_id: &str,
    preferences: &Value,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_accounts SET subscription_preferences = $2, updated_at = now()
         WHERE tenant_id = $1",
        tenant_id,
        preferences
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct AdminRow {
    pub id: Uuid,
    pub tenant_id: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
    pub role: String,
    pub external_id: String,
    pub detail_level: String,
    pub date_format: String,
    pub preferred_language: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
    pub delegate_to_all_ecs: bool,
    pub delegated_ecs: Vec<String>,
    pub authentication_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The fields of an administrator a client sets.
pub struct AdminValues {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
    pub role: String,
    pub detail_level: String,
    pub delegate_to_all_ecs: bool,
    pub delegated_ecs: Vec<String>,
    pub authentication_id: Option<String>,
}

pub async fn list_admins(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<AdminRow>, ApiError> {
    Ok(sqlx::query_as!(
        AdminRow,
        "SELECT id, tenant_id, email, first_name, last_name, phone_number, role, external_id,
                detail_level, date_format, preferred_language, email_preferences,
                sms_preferences, delegate_to_all_ecs, delegated_ecs, authentication_id,
                created_at, updated_at
         FROM tenant_admins WHERE tenant_id = $1 ORDER BY created_at, id",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn find_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<AdminRow>, ApiError> {
    Ok(sqlx::query_as!(
        AdminRow,
        "SELECT id, tenant_id, email, first_name, last_name, phone_number, role, external_id,
                detail_level, date_format, preferred_language, email_preferences,
                sms_preferences, delegate_to_all_ecs, delegated_ecs, authentication_id,
                created_at, updated_at
         FROM tenant_admins WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// Administrators of any tenant with this username (an invitation names a
/// VAR by one of its administrators).
pub async fn find_admins_by_email(
    conn: &mut PgConnection,
    email: &str,
) -> Result<Vec<AdminRow>, ApiError> {
    Ok(sqlx::query_as!(
        AdminRow,
        "SELECT id, tenant_id, email, first_name, last_name, phone_number, role, external_id,
                detail_level, date_format, preferred_language, email_preferences,
                sms_preferences, delegate_to_all_ecs, delegated_ecs, authentication_id,
                created_at, updated_at
         FROM tenant_admins WHERE lower(email) = lower($1) ORDER BY created_at",
        email
    )
    .fetch_all(conn)
    .await?)
}

pub async fn insert_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &AdminValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO tenant_admins (id, tenant_id, email, first_name, last_name, phone_number,
             role, external_id, detail_level, delegate_to_all_ecs, delegated_ecs,
             authentication_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        id,
        tenant_id,
        v.email,
        v.first_name,
        v.last_name,
        v.phone_number,
        v.role,
        id.simple().to_string(),
        v.detail_level,
        v.delegate_to_all_ecs,
        &v.delegated_ecs,
        v.authentication_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &AdminValues,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE tenant_admins SET email = $3, first_name = $4, last_name = $5,
                phone_number = $6, role = $7, detail_level = $8, delegate_to_all_ecs = $9,
                delegated_ecs = $10, authentication_id = $11, updated_at = now()
         WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        v.email,
        v.first_name,
        v.last_name,
        v.phone_number,
        v.role,
        v.detail_level,
        v.delegate_to_all_ecs,
        &v.delegated_ecs,
        v.authentication_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The user-profile fields of an administrator.
pub struct ProfileValues {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
    pub detail_level: String,
    pub date_format: String,
    pub preferred_language: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
}

pub async fn update_profile(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    p: &ProfileValues,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_admins SET first_name = $3, last_name = $4, phone_number = $5,
                detail_level = $6, date_format = $7, preferred_language = $8,
                email_preferences = $9, sms_preferences = $10, updated_at = now()
         WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id,
        p.first_name,
        p.last_name,
        p.phone_number,
        p.detail_level,
        p.date_format,
        p.preferred_language,
        p.email_preferences,
        p.sms_preferences
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_admins(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[Uuid],
) -> Result<u64, ApiError> {
    Ok(sqlx::query!(
        "DELETE FROM tenant_admins WHERE tenant_id = $1 AND id = ANY($2)",
        tenant_id,
        ids
    )
    .execute(conn)
    .await?
    .rows_affected())
}

/// Locks the tenant's administrators so two removals cannot both take the
/// last PRIME_ADMIN.
pub async fn lock_admins(conn: &mut PgConnection, tenant_id: &str) -> Result<(), ApiError> {
    sqlx::query!(
        "SELECT id FROM tenant_admins WHERE tenant_id = $1 FOR UPDATE",
        tenant_id
    )
    .fetch_all(conn)
    .await?;
    Ok(())
}

pub async fn map_client(
    conn: &mut PgConnection,
    client_id: &str,
    tenant_id: &str,
    admin_id: Uuid,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO tenant_client_admins (client_id, tenant_id, admin_id) VALUES ($1, $2, $3)
         ON CONFLICT (client_id) DO UPDATE SET tenant_id = $2, admin_id = $3",
        client_id,
        tenant_id,
        admin_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The administrator an API client acts as.
pub async fn admin_of_client(
    conn: &mut PgConnection,
    tenant_id: &str,
    client_id: &str,
) -> Result<Option<AdminRow>, ApiError> {
    Ok(sqlx::query_as!(
        AdminRow,
        "SELECT a.id, a.tenant_id, a.email, a.first_name, a.last_name, a.phone_number, a.role,
                a.external_id, a.detail_level, a.date_format, a.preferred_language,
                a.email_preferences, a.sms_preferences, a.delegate_to_all_ecs, a.delegated_ecs,
                a.authentication_id, a.created_at, a.updated_at
         FROM tenant_client_admins c JOIN tenant_admins a ON a.id = c.admin_id
         WHERE c.client_id = $1 AND c.tenant_id = $2 AND a.tenant_id = $2",
        client_id,
        tenant_id
    )
    .fetch_optional(conn)
    .await?)
}

pub struct RecipientRow {
    pub id: Uuid,
    pub description: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
    pub privilege_group_id: Option<String>,
    pub recipient_type: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct EndpointRow {
    pub id: Uuid,
    pub recipient_id: Uuid,
    pub kind: String,
    pub destination: String,
    pub active: bool,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

pub struct RecipientValues {
    pub description: String,
    pub email_preferences: bool,
    pub sms_preferences: bool,
    pub privilege_group_id: Option<String>,
    pub recipient_type: Option<String>,
}

pub async fn insert_recipient(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    v: &RecipientValues,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO tenant_recipients (id, tenant_id, description, email_preferences,
             sms_preferences, privilege_group_id, recipient_type)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        id,
        tenant_id,
        v.description,
        v.email_preferences,
        v.sms_preferences,
        v.privilege_group_id,
        v.recipient_type
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_endpoint(
    conn: &mut PgConnection,
    tenant_id: &str,
    recipient_id: Uuid,
    position: i32,
    kind: &str,
    destination: &str,
    active: bool,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO tenant_recipient_endpoints (id, tenant_id, recipient_id, position, type,
             destination, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        Uuid::new_v4(),
        tenant_id,
        recipient_id,
        position,
        kind,
        destination,
        active
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list_recipients(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<RecipientRow>, ApiError> {
    Ok(sqlx::query_as!(
        RecipientRow,
        "SELECT id, description, email_preferences, sms_preferences, privilege_group_id,
                recipient_type, created_at, updated_at
         FROM tenant_recipients WHERE tenant_id = $1 ORDER BY created_at, id",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn list_endpoints(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<EndpointRow>, ApiError> {
    Ok(sqlx::query_as!(
        EndpointRow,
        r#"SELECT id, recipient_id, type AS "kind", destination, active, status, created_at
           FROM tenant_recipient_endpoints WHERE tenant_id = $1 ORDER BY recipient_id, position"#,
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

/// The ids among `ids` that are recipients of this tenant.
pub async fn existing_recipients(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, ApiError> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM tenant_recipients WHERE tenant_id = $1 AND id = ANY($2)",
        tenant_id,
        ids
    )
    .fetch_all(conn)
    .await?)
}

pub async fn delete_recipients(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: &[Uuid],
) -> Result<u64, ApiError> {
    Ok(sqlx::query!(
        "DELETE FROM tenant_recipients WHERE tenant_id = $1 AND id = ANY($2)",
        tenant_id,
        ids
    )
    .execute(conn)
    .await?
    .rows_affected())
}

#[derive(Debug, Clone)]
pub struct DelegationRow {
    pub id: Uuid,
    pub tenant_id: String,
    pub kind: String,
    pub status: String,
    pub delegated_to: Option<String>,
    pub delegated_to_name: Option<String>,
    pub delegated_to_admin: Option<String>,
    pub expiry_date: Option<DateTime<Utc>>,
    pub grant_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct NewDelegation<'a> {
    pub id: Uuid,
    pub tenant_id: &'a str,
    pub kind: &'a str,
    pub status: &'a str,
    pub delegated_to: Option<&'a str>,
    pub delegated_to_name: Option<&'a str>,
    pub delegated_to_admin: Option<&'a str>,
    pub delegated_by: &'a str,
    pub expiry_date: Option<DateTime<Utc>>,
    pub grant_id: Option<Uuid>,
}

pub async fn insert_delegation(
    conn: &mut PgConnection,
    d: NewDelegation<'_>,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO tenant_delegations (id, tenant_id, type, status, delegated_to,
             delegated_to_name, delegated_to_admin, delegated_by, expiry_date, grant_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        d.id,
        d.tenant_id,
        d.kind,
        d.status,
        d.delegated_to,
        d.delegated_to_name,
        d.delegated_to_admin,
        d.delegated_by,
        d.expiry_date,
        d.grant_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A delegation either side of which is `tenant_id`, locked for a change.
pub async fn find_delegation(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<DelegationRow>, ApiError> {
    Ok(sqlx::query_as!(
        DelegationRow,
        r#"SELECT id, tenant_id, type AS "kind", status, delegated_to, delegated_to_name,
                  delegated_to_admin, expiry_date, grant_id, created_at, updated_at
           FROM tenant_delegations
           WHERE id = $2 AND (tenant_id = $1 OR delegated_to = $1)
           FOR UPDATE"#,
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// Delegations made by or to `tenant_id`, of one type or all.
pub async fn list_delegations(
    conn: &mut PgConnection,
    tenant_id: &str,
    kind: Option<&str>,
) -> Result<Vec<DelegationRow>, ApiError> {
    Ok(sqlx::query_as!(
        DelegationRow,
        r#"SELECT id, tenant_id, type AS "kind", status, delegated_to, delegated_to_name,
                  delegated_to_admin, expiry_date, grant_id, created_at, updated_at
           FROM tenant_delegations
           WHERE (tenant_id = $1 OR delegated_to = $1) AND ($2::text IS NULL OR type = $2)
           ORDER BY created_at, id"#,
        tenant_id,
        kind
    )
    .fetch_all(conn)
    .await?)
}

/// Delegations the tenant made (the `delegationsTo` of its record).
pub async fn delegations_of(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<DelegationRow>, ApiError> {
    Ok(sqlx::query_as!(
        DelegationRow,
        r#"SELECT id, tenant_id, type AS "kind", status, delegated_to, delegated_to_name,
                  delegated_to_admin, expiry_date, grant_id, created_at, updated_at
           FROM tenant_delegations WHERE tenant_id = $1 ORDER BY created_at, id"#,
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

/// The tenant's support delegations that are still ACCEPTED, locked.
pub async fn open_support_delegations(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<DelegationRow>, ApiError> {
    Ok(sqlx::query_as!(
        DelegationRow,
        r#"SELECT id, tenant_id, type AS "kind", status, delegated_to, delegated_to_name,
                  delegated_to_admin, expiry_date, grant_id, created_at, updated_at
           FROM tenant_delegations
           WHERE tenant_id = $1 AND type = 'SUPPORT' AND status = 'ACCEPTED'
           FOR UPDATE"#,
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

/// An INVITED or ACCEPTED VAR delegation between the two tenants, if any.
pub async fn open_var_delegation(
    conn: &mut PgConnection,
    tenant_id: &str,
    delegate: &str,
) -> Result<Option<Uuid>, ApiError> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM tenant_delegations
         WHERE tenant_id = $1 AND delegated_to = $2 AND type = 'VAR'
           AND status IN ('INVITED', 'ACCEPTED')",
        tenant_id,
        delegate
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn set_delegation_status(
    conn: &mut PgConnection,
    id: Uuid,
    status: &str,
    grant_id: Option<Uuid>,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE tenant_delegations SET status = $2, grant_id = COALESCE($3, grant_id),
                updated_at = now()
         WHERE id = $1",
        id,
        status,
        grant_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

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
