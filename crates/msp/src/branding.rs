//! The MSP's portal branding and its logo files (stored in PostgreSQL and
//! served back byte for byte).

use r1_core::ApiError;
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::{MspView, UpdateMspRequest},
    ownership,
    repo::{self, LogoRow},
    rules::{self, Check},
    tenant_link,
};

/// Logos larger than this are refused with a 413.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;

fn check(r: &UpdateMspRequest) -> Result<String, ApiError> {
    let mut check = Check::new("updateMspRequest");
    let label = check.required("msp_label", r.msp_label.as_deref());
    if let Some(l) = label {
        if !rules::is_label(l) {
            check.fail(
                "msp_label",
                l,
                "must match [a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]",
            );
        }
    }
    let logos = [
        ("logo_uuid", &r.logo_uuid),
        (
            "alarm_notification_logo_uuid",
            &r.alarm_notification_logo_uuid,
        ),
        (
            "ping_notification_logo_uuid",
            &r.ping_notification_logo_uuid,
        ),
        ("mlisa_logo_uuid", &r.mlisa_logo_uuid),
        ("ping_login_logo_uuid", &r.ping_login_logo_uuid),
        ("default_logo_uuid", &r.default_logo_uuid),
    ];
    for (field, v) in logos {
        if let Some(v) = v.as_deref().filter(|v| !rules::is_logo_uuid(v)) {
            check.fail(field, v, "must match ^$|[a-zA-Z0-9~.+_-]+");
        }
    }
    if let Some(v) = r.msp_fqdn.as_deref() {
        check.length("msp_fqdn", Some(v), 0, 255);
        if !rules::is_fqdn(v) {
            check.fail("msp_fqdn", v, "must be a fully qualified domain name");
        }
    }
    let urls = [
        ("contact_support_url", &r.contact_support_url),
        ("open_case_url", &r.open_case_url),
        ("my_open_case_url", &r.my_open_case_url),
        ("change_password_url", &r.change_password_url),
        ("msp_website", &r.msp_website),
    ];
    for (field, v) in urls {
        if let Some(v) = v.as_deref() {
            check.length(field, Some(v), 0, 255);
            if !rules::is_url(v) {
                check.fail(field, v, "must be an http or https URL");
            }
        }
    }
    let texts = [
        ("contact_support_behavior", &r.contact_support_behavior),
        ("open_case_behavior", &r.open_case_behavior),
        ("my_open_case_behavior", &r.my_open_case_behavior),
        ("msp_phone", &r.msp_phone),
        ("msp_email", &r.msp_email),
    ];
    for (field, v) in texts {
        check.length(field, v.as_deref(), 0, 255);
    }
    if let Some(e) = r.msp_email.as_deref().filter(|e| !e.is_empty()) {
        check.email("msp_email", Some(e));
    }
    check.finish()?;
    Ok(label.unwrap_or_default().to_string())
}

/// `POST /brandings` (`create`) and `PUT /brandings`.
pub async fn put(
    conn: &mut PgConnection,
    msp: &str,
    r: &UpdateMspRequest,
    create: bool,
) -> Result<(), ApiError> {
    ownership::require_msp(conn, msp).await?;
    let label = check(r)?;
    let exists = repo::find_branding(conn, msp).await?.is_some();
    if create && exists {
        return Err(ApiError::Conflict(format!(
            "Tenant {msp} already has brand settings; update them with PUT"
        )));
    }
    if !create && !exists {
        return Err(ApiError::NotFound(format!(
            "Tenant {msp} has no brand settings; add them with POST"
        )));
    }
    let mut settings = serde_json::to_value(r).map_err(ApiError::internal)?;
    if let Value::Object(map) = &mut settings {
        map.remove("msp_label");
        map.retain(|_, v| !v.is_null());
    }
    if repo::put_branding(conn, msp, &label, &settings).await? {
        Ok(())
    } else {
        Err(ApiError::field(
            "updateMspRequest",
            "msp_label",
            label,
            "is taken by another MSP",
        ))
    }
}

pub async fn get(conn: &mut PgConnection, msp: &str) -> Result<MspView, ApiError> {
    let Some(b) = repo::find_branding(conn, msp).await? else {
        return Err(ApiError::NotFound(format!(
            "Tenant {msp} has no brand settings"
        )));
    };
    let mut settings: UpdateMspRequest =
        serde_json::from_value(b.settings).map_err(ApiError::internal)?;
    settings.msp_label = Some(b.msp_label.clone());
    let name = tenant_link::account_name(conn, msp).await?;
    Ok(MspView {
        settings,
        msp_external_id: None,
        msp_tenant_name: name,
        domain_suffix: format!("{}.r1.local", b.msp_label),
    })
}

pub struct StoredLogo {
    pub id: Uuid,
    pub file_uuid: String,
    pub file_name: String,
}

fn extension(content_type: &str) -> &'static str {
    match content_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        _ => "svg",
    }
}

/// Stores a logo whose type is read from its bytes.
pub async fn upload(
    conn: &mut PgConnection,
    msp: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<StoredLogo, ApiError> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(ApiError::PayloadTooLarge(format!(
            "A logo file may have at most {MAX_LOGO_BYTES} bytes"
        )));
    }
    if bytes.is_empty() {
        return Err(ApiError::field(
            "logoFile",
            "file",
            file_name,
            "must not be empty",
        ));
    }
    let Some(content_type) = rules::sniff_image(bytes) else {
        return Err(ApiError::UnsupportedMediaType(
            "A logo file must be a PNG, JPEG or SVG image".into(),
        ));
    };
    ownership::require_msp(conn, msp).await?;
    let id = Uuid::new_v4();
    let name: String = file_name.chars().take(255).collect();
    repo::insert_logo(conn, msp, id, &name, content_type, bytes).await?;
    Ok(StoredLogo {
        id,
        file_uuid: format!("{}.{}", id.simple(), extension(content_type)),
        file_name: name,
    })
}

/// The logo named by its id or its `logo_fileuuid` (`<id>.<ext>`).
pub async fn download(
    conn: &mut PgConnection,
    msp: &str,
    file_id: &str,
) -> Result<LogoRow, ApiError> {
    let stem = file_id.split('.').next().unwrap_or_default();
    let not_found = || ApiError::NotFound(format!("Logo file {file_id} not found"));
    let id = Uuid::parse_str(stem).map_err(|_| not_found())?;
    repo::find_logo(conn, msp, id).await?.ok_or_else(not_found)
}

/// Whether `msp` may take the label: well formed, and no other MSP's.
pub async fn label_available(
    conn: &mut PgConnection,
    msp: &str,
    label: &str,
) -> Result<bool, ApiError> {
    if !rules::is_label(label) {
        return Ok(false);
    }
    Ok(match repo::branding_by_label(conn, label).await? {
        Some(owner) => owner == msp,
        None => true,
    })
}
