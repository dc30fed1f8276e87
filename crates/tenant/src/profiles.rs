//! The calling administrator's user profile and account details. An API
//! client acts as the administrator it was made for; a client acting for
//! another tenant (`x-rks-tenantid`) still is its own tenant's administrator.

use r1_core::{
    auth::TenantCtx,
    config::{Config, Region as ConfigRegion},
    ApiError,
};
use sqlx::PgConnection;

use crate::{
    accounts,
    model::{AccountInfo, PreferredNotifications, Region, UserProfile},
    repo::{self, AdminRow, ProfileValues},
    rules::{self, Check},
};

/// The administrator the calling client acts as.
pub async fn caller(conn: &mut PgConnection, ctx: &TenantCtx) -> Result<AdminRow, ApiError> {
    repo::admin_of_client(conn, &ctx.caller_tenant_id, &ctx.client_id)
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "No administrator is linked to API client {}",
                ctx.client_id
            ))
        })
}

fn regions(config: &Config) -> Vec<Region> {
    [ConfigRegion::Na, ConfigRegion::Eu, ConfigRegion::Asia]
        .into_iter()
        .map(|r| Region {
            id: Some(r.as_str().to_ascii_uppercase()),
            name: Some(r.as_str().to_ascii_uppercase()),
            description: Some(
                match r {
                    ConfigRegion::Na => "North America",
                    ConfigRegion::Eu => "European Union",
                    ConfigRegion::Asia => "Asia",
                }
                .into(),
            ),
            link: Some(format!("https://{}", r.vendor_host())),
            current: Some(r == config.region),
        })
        .collect()
}

async fn profile_of(
    conn: &mut PgConnection,
    config: &Config,
    ctx: &TenantCtx,
    admin: AdminRow,
) -> Result<UserProfile, ApiError> {
    let acting = accounts::find(conn, &ctx.tenant_id).await?;
    let own = accounts::find(conn, &ctx.caller_tenant_id).await?;
    Ok(UserProfile {
        region: Some(config.region.as_str().to_ascii_uppercase()),
        allowed_regions: Some(regions(config)),
        external_id: Some(admin.external_id),
        company_name: Some(acting.name),
        first_name: admin.first_name,
        last_name: admin.last_name,
        username: Some(admin.email.clone()),
        role: Some(admin.role.clone()),
        roles: Some(vec![admin.role]),
        detail_level: Some(admin.detail_level),
        date_format: Some(admin.date_format),
        email: Some(admin.email),
        var: Some(own.tenant_type == "VAR"),
        tenant_id: Some(ctx.tenant_id.clone()),
        var_tenant_id: (ctx.caller_tenant_id != ctx.tenant_id)
            .then(|| ctx.caller_tenant_id.clone()),
        admin_id: Some(admin.id.to_string()),
        support: Some(false),
        dogfood: Some(false),
        phone_number: admin.phone_number,
        scopes: Some(Vec::new()),
        preferred_language: Some(admin.preferred_language),
        preferred_notifications: Some(PreferredNotifications {
            email_preferences: Some(admin.email_preferences),
            sms_preferences: Some(admin.sms_preferences),
        }),
        ..UserProfile::default()
    })
}

pub async fn get(
    conn: &mut PgConnection,
    config: &Config,
    ctx: &TenantCtx,
) -> Result<UserProfile, ApiError> {
    let admin = caller(conn, ctx).await?;
    profile_of(conn, config, ctx, admin).await
}

/// Changes what the administrator owns of its profile: names, phone,
/// language, date format, detail level and notification preferences.
pub async fn update(
    conn: &mut PgConnection,
    config: &Config,
    ctx: &TenantCtx,
    body: UserProfile,
) -> Result<UserProfile, ApiError> {
    let mut check = Check::new("userProfile");
    let detail = check.required("detailLevel", body.detail_level.as_deref());
    check.one_of("detailLevel", detail, rules::DETAIL_LEVELS);
    let date = check.required("dateFormat", body.date_format.as_deref());
    check.one_of("dateFormat", date, rules::DATE_FORMATS);
    check.text("firstName", body.first_name.as_deref());
    check.text("lastName", body.last_name.as_deref());
    check.phone("phoneNumber", body.phone_number.as_deref());
    check.text("preferredLanguage", body.preferred_language.as_deref());
    check.finish()?;
    let admin = caller(conn, ctx).await?;
    let notifications = body.preferred_notifications.unwrap_or_default();
    let values = ProfileValues {
        first_name: body.first_name.or(admin.first_name.clone()),
        last_name: body.last_name.or(admin.last_name.clone()),
        phone_number: body.phone_number.or(admin.phone_number.clone()),
        detail_level: detail.unwrap_or_default().to_string(),
        date_format: date.unwrap_or_default().to_string(),
        preferred_language: body
            .preferred_language
            .unwrap_or(admin.preferred_language.clone()),
        email_preferences: notifications
            .email_preferences
            .unwrap_or(admin.email_preferences),
        sms_preferences: notifications
            .sms_preferences
            .unwrap_or(admin.sms_preferences),
    };
    repo::update_profile(conn, &admin.tenant_id, admin.id, &values).await?;
    get(conn, config, ctx).await
}

/// `GET /tenants/accounts`: the tenant's account and the calling
/// administrator.
pub async fn account_info(
    conn: &mut PgConnection,
    ctx: &TenantCtx,
) -> Result<AccountInfo, ApiError> {
    let account = accounts::find(conn, &ctx.tenant_id).await?;
    let admin = repo::admin_of_client(conn, &ctx.caller_tenant_id, &ctx.client_id).await?;
    let full_name = admin.as_ref().and_then(|a| {
        let name = [a.first_name.as_deref(), a.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        (!name.is_empty()).then_some(name)
    });
    Ok(AccountInfo {
        user_full_name: full_name,
        user_email: admin.map(|a| a.email),
        account_name: account.name.clone(),
        account_sap_id: account.external_id,
        asset_serial_number: None,
        organization: Some(account.name),
        address: account.street_address,
        city: account.city,
        state_or_province: account.state,
        zip: account.postal_code,
        country: account.country,
    })
}
