//! A tenant's settings: beta features, privacy features, authentications
//! (identity providers) and mobile push endpoints.

use r1_core::ApiError;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::{
        Authentication, AuthenticationInfo, BetaFeature, BetaFeatureResponse,
        MobilePushNotificationEndpoint, PrivacyFeature, PrivacyFeatureRequest,
        PrivacyFeatureResponse,
    },
    repo::{self, AuthenticationRow, AuthenticationValues, PushValues},
    rules::{self, Check},
};

fn beta_response(enabled: &[String], invalid: Vec<String>) -> BetaFeatureResponse {
    let error_message =
        (!invalid.is_empty()).then(|| format!("Unknown beta feature ids: {}", invalid.join(", ")));
    BetaFeatureResponse {
        beta_features: rules::BETA_FEATURES
            .iter()
            .map(|id| BetaFeature {
                id: id.to_string(),
                enabled: enabled.iter().any(|e| e == id),
            })
            .collect(),
        error_message,
        invalid_feature_ids: (!invalid.is_empty()).then_some(invalid),
    }
}

pub async fn beta_features(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<BetaFeatureResponse, ApiError> {
    let enabled = repo::list_beta_features(conn, tenant_id).await?;
    Ok(beta_response(&enabled, Vec::new()))
}

/// Enables the known features named (and only them); unknown ids are
/// reported, not fatal.
pub async fn set_beta_features(
    conn: &mut PgConnection,
    tenant_id: &str,
    ids: Option<Vec<String>>,
) -> Result<BetaFeatureResponse, ApiError> {
    let Some(ids) = ids else {
        return Err(ApiError::field(
            "betaFeatureRequest",
            "betaFeatureIds",
            serde_json::Value::Null,
            "must not be null",
        ));
    };
    if let Some(dup) = rules::first_duplicate(ids.iter().map(String::as_str)) {
        return Err(ApiError::field(
            "betaFeatureRequest",
            "betaFeatureIds",
            dup,
            "must not repeat a feature id",
        ));
    }
    let (known, unknown) = rules::split_beta_features(&ids);
    repo::replace_beta_features(conn, tenant_id, &known).await?;
    Ok(beta_response(&known, unknown))
}

fn privacy_response(rows: Vec<(String, String)>) -> PrivacyFeatureResponse {
    PrivacyFeatureResponse {
        privacy_features: rows
            .into_iter()
            .map(|(name, status)| PrivacyFeature {
                feature_name: Some(name),
                status: Some(status),
            })
            .collect(),
    }
}

async fn current_privacy(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<(String, String)>, ApiError> {
    Ok(repo::list_privacy(conn, tenant_id)
        .await?
        .into_iter()
        .map(|r| (r.feature_name, r.status))
        .collect())
}

pub async fn privacy(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<PrivacyFeatureResponse, ApiError> {
    Ok(privacy_response(current_privacy(conn, tenant_id).await?))
}

/// Checks a privacy body: at least one feature, names unique, statuses known.
fn privacy_body(body: PrivacyFeatureRequest) -> Result<Vec<(String, String)>, ApiError> {
    let mut check = Check::new("privacyFeatureRequest");
    let features = body.privacy_features.unwrap_or_default();
    if features.is_empty() {
        check.fail(
            "privacyFeatures",
            &features,
            "must hold at least one feature",
        );
    }
    let mut out = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let name = check.required(
            &format!("privacyFeatures[{i}].featureName"),
            f.feature_name.as_deref(),
        );
        let status = check.required(&format!("privacyFeatures[{i}].status"), f.status.as_deref());
        check.one_of(
            &format!("privacyFeatures[{i}].status"),
            status,
            rules::PRIVACY_STATUSES,
        );
        if let (Some(name), Some(status)) = (name, status) {
            if out.iter().any(|(n, _): &(String, String)| n == name) {
                check.fail(
                    &format!("privacyFeatures[{i}].featureName"),
                    name,
                    "must not repeat a feature",
                );
            }
            out.push((name.to_string(), status.to_string()));
        }
    }
    check.finish()?;
    Ok(out)
}

/// `POST`: the given set replaces the whole set.
pub async fn replace_privacy(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: PrivacyFeatureRequest,
) -> Result<PrivacyFeatureResponse, ApiError> {
    let mut features = privacy_body(body)?;
    features.sort();
    repo::replace_privacy(conn, tenant_id, &features).await?;
    Ok(privacy_response(features))
}

/// `PATCH`: the given features replace those of the same name.
pub async fn merge_privacy(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: PrivacyFeatureRequest,
) -> Result<PrivacyFeatureResponse, ApiError> {
    let patch = privacy_body(body)?;
    let merged = rules::merge_privacy(current_privacy(conn, tenant_id).await?, patch);
    repo::replace_privacy(conn, tenant_id, &merged).await?;
    Ok(privacy_response(merged))
}

fn authentication_info(a: AuthenticationRow, tenant_id: &str) -> AuthenticationInfo {
    AuthenticationInfo {
        id: Some(a.id.to_string()),
        client_id: a.client_id,
        client_secret: None,
        scopes: a.scopes,
        token_url: a.token_url,
        authorization_url: a.authorization_url,
        authentication_type: Some(a.authentication_type),
        saml_file_url: a.saml_file_url,
        name: Some(a.name),
        client_id_status: a.client_id_status,
        saml_file_type: a.saml_file_type,
        domains: Some(a.domains),
        saml_signature_enabled: a.saml_signature_enabled,
        saml_encryption_certificate_id: a.saml_encryption_certificate_id,
        parent_tenant_id: Some(tenant_id.to_string()),
        saml_encryption_public_certificate: a.saml_encryption_public_certificate,
        saml_encryption_private_key: None,
    }
}

pub async fn authentications(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<AuthenticationInfo>, ApiError> {
    Ok(repo::list_authentications(conn, tenant_id)
        .await?
        .into_iter()
        .map(|a| authentication_info(a, tenant_id))
        .collect())
}

/// The authentications inside a tenant record (`deep=true`).
pub async fn embedded_authentications(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<Authentication>, ApiError> {
    Ok(repo::list_authentications(conn, tenant_id)
        .await?
        .into_iter()
        .map(|a| Authentication {
            id: a.id.to_string(),
            created_date: a.created_at,
            updated_date: a.updated_at,
            authentication_type: a.authentication_type,
            name: a.name,
            client_id: a.client_id,
            client_secret: None,
            scopes: a.scopes,
            token_url: a.token_url,
            authorization_url: a.authorization_url,
            saml_file_url: a.saml_file_url,
            client_id_status: a.client_id_status,
            saml_file_type: a.saml_file_type,
            auth_domains: Some(
                a.domains
                    .into_iter()
                    .map(|domain| serde_json::json!({ "domain": domain }))
                    .collect(),
            ),
            auth_scopes: None,
            account_based: None,
            saml_signature_enabled: a.saml_signature_enabled,
            saml_encryption_certificate_id: a.saml_encryption_certificate_id,
            parent_id: None,
        })
        .collect())
}

pub async fn add_authentication(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: AuthenticationInfo,
) -> Result<AuthenticationInfo, ApiError> {
    let mut check = Check::new("authenticationInfo");
    let name = check.required("name", body.name.as_deref());
    let kind = check.required("authenticationType", body.authentication_type.as_deref());
    check.one_of("authenticationType", kind, rules::AUTHENTICATION_TYPES);
    check.one_of(
        "clientIDStatus",
        body.client_id_status.as_deref(),
        rules::CLIENT_ID_STATUSES,
    );
    check.one_of(
        "samlFileType",
        body.saml_file_type.as_deref(),
        rules::SAML_FILE_TYPES,
    );
    for (field, value) in [
        ("clientID", &body.client_id),
        ("scopes", &body.scopes),
        (
            "samlEncryptionCertificateId",
            &body.saml_encryption_certificate_id,
        ),
    ] {
        check.text(field, value.as_deref());
    }
    let domains = body.domains.clone().unwrap_or_default();
    if let Some(dup) = rules::first_duplicate(domains.iter().map(String::as_str)) {
        check.fail("domains", dup, "must not repeat a domain");
    }
    for d in &domains {
        check.text("domains", Some(d));
    }
    check.finish()?;
    let name = name.unwrap_or_default().trim().to_string();
    let values = AuthenticationValues {
        name: name.clone(),
        authentication_type: kind.unwrap_or_default().to_string(),
        client_id: body.client_id,
        client_secret: body.client_secret,
        scopes: body.scopes,
        token_url: body.token_url,
        authorization_url: body.authorization_url,
        saml_file_url: body.saml_file_url,
        client_id_status: body.client_id_status,
        saml_file_type: body.saml_file_type,
        domains,
        saml_signature_enabled: body.saml_signature_enabled,
        saml_encryption_certificate_id: body.saml_encryption_certificate_id,
        saml_encryption_public_certificate: body.saml_encryption_public_certificate,
        saml_encryption_private_key: body.saml_encryption_private_key,
    };
    let id = Uuid::new_v4();
    repo::insert_authentication(conn, tenant_id, id, &values)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                ApiError::Conflict(format!("An authentication named {name:?} already exists"))
            }
            _ => e.into(),
        })?;
    authentications(conn, tenant_id)
        .await?
        .into_iter()
        .find(|a| a.id.as_deref() == Some(&id.to_string()))
        .ok_or_else(|| ApiError::internal("an authentication vanished after its insert"))
}

/// Registers a device for mobile push notifications (again: updated).
pub async fn register_push(
    conn: &mut PgConnection,
    tenant_id: &str,
    app: Option<&str>,
    body: MobilePushNotificationEndpoint,
) -> Result<MobilePushNotificationEndpoint, ApiError> {
    let mut check = Check::new("mobilePushNotificationEndpoint");
    let destination = check.required("destination", body.destination.as_deref());
    let platform = check.required("platform", body.platform.as_deref());
    let device_token = check.required("deviceToken", body.device_token.as_deref());
    let device_id = check.required("deviceId", body.device_id.as_deref());
    check.one_of("status", body.status.as_deref(), rules::ENDPOINT_STATUSES);
    check.text("app", app);
    check.finish()?;
    let row = repo::upsert_push_endpoint(
        conn,
        tenant_id,
        PushValues {
            app,
            destination: destination.unwrap_or_default(),
            platform: platform.unwrap_or_default(),
            device_token: device_token.unwrap_or_default(),
            device_id: device_id.unwrap_or_default(),
            active: body.active.unwrap_or(true),
        },
    )
    .await?;
    Ok(MobilePushNotificationEndpoint {
        id: Some(row.id.to_string()),
        created_date: Some(row.created_at),
        updated_date: Some(row.updated_at),
        destination: Some(row.destination),
        active: Some(row.active),
        status: Some("OK".into()),
        kind: Some("MOBILE_PUSH".into()),
        platform: Some(row.platform),
        device_token: Some(row.device_token),
        device_id: Some(row.device_id),
        parent_id: None,
    })
}
