//! The tenant's own record: reading and changing it, making and removing
//! tenants locally, and the record a tenant gets on first use.

use r1_core::{clients, config::Config, ids::is_tenant_id, tenants, ApiError};
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    admins, delegations,
    model::{
        Account, LocalClientCreated, LocalTenant, LocalTenantCreate, LocalTenantCreated, Msp,
        Tenant, TenantDto, TenantMFA, TenantUnset,
    },
    recipients,
    repo::{self, AccountRow, AccountUpdate, AdminValues, NewAccount},
    rules::{self, Check},
    settings,
};

pub fn not_found(tenant_id: &str) -> ApiError {
    ApiError::NotFound(format!("Tenant {tenant_id} not found"))
}

/// Makes the tenant's record on first use: tenants that core made (the
/// bootstrap tenant) have none until then. The first API client to touch a
/// tenant without administrators acts as its first PRIME_ADMIN.
pub async fn ensure(
    conn: &mut PgConnection,
    config: &Config,
    tenant_id: &str,
    client_id: Option<&str>,
) -> Result<(), ApiError> {
    if repo::find_account(conn, tenant_id).await?.is_some() {
        return Ok(());
    }
    if tenants::status(conn, tenant_id).await?.is_none() {
        return Err(not_found(tenant_id));
    }
    let name = if tenant_id == config.bootstrap_tenant_id {
        config.bootstrap_tenant_name.clone()
    } else {
        tenant_id.to_string()
    };
    let made = repo::ensure_account(
        conn,
        NewAccount {
            tenant_id,
            name: &name,
            tenant_type: "REC",
            external_id: &external_id(tenant_id),
            msp: None,
        },
    )
    .await?;
    if made && repo::list_admins(conn, tenant_id).await?.is_empty() {
        let admin = first_admin(conn, tenant_id, &format!("admin@{tenant_id}.r1.local")).await?;
        if let Some(client_id) = client_id {
            repo::map_client(conn, client_id, tenant_id, admin).await?;
        }
    }
    Ok(())
}

/// The vendor's `externalId` (the account's id in its identity system);
/// r1 derives one from the tenant id.
fn external_id(tenant_id: &str) -> String {
    format!("0012{}", &tenant_id[..tenant_id.len().min(14)]).to_ascii_uppercase()
}

async fn first_admin(
    conn: &mut PgConnection,
    tenant_id: &str,
    email: &str,
) -> Result<Uuid, ApiError> {
    let id = Uuid::new_v4();
    let values = AdminValues {
        email: email.to_string(),
        first_name: None,
        last_name: None,
        phone_number: None,
        role: rules::PRIME_ADMIN.to_string(),
        detail_level: "it".into(),
        delegate_to_all_ecs: false,
        delegated_ecs: Vec::new(),
        authentication_id: None,
    };
    repo::insert_admin(conn, tenant_id, id, &values).await?;
    Ok(id)
}

pub async fn find(conn: &mut PgConnection, tenant_id: &str) -> Result<AccountRow, ApiError> {
    repo::find_account(conn, tenant_id)
        .await?
        .ok_or_else(|| not_found(tenant_id))
}

async fn status_of(conn: &mut PgConnection, tenant_id: &str) -> Result<String, ApiError> {
    let status = tenants::status(conn, tenant_id)
        .await?
        .ok_or_else(|| not_found(tenant_id))?;
    Ok(status.as_str().to_string())
}

/// `GET /tenants/self`, with the embedded lists when `deep`.
pub async fn tenant(
    conn: &mut PgConnection,
    tenant_id: &str,
    deep: bool,
) -> Result<Tenant, ApiError> {
    let row = find(conn, tenant_id).await?;
    let status = status_of(conn, tenant_id).await?;
    let (admins, notification_recipients, authentications, delegations_to) = if deep {
        (
            Some(
                repo::list_admins(conn, tenant_id)
                    .await?
                    .into_iter()
                    .map(admins::admin)
                    .collect(),
            ),
            Some(recipients::embedded(conn, tenant_id).await?),
            Some(settings::embedded_authentications(conn, tenant_id).await?),
            Some(delegations::made_by(conn, tenant_id).await?),
        )
    } else {
        (None, None, None, None)
    };
    let msp = row
        .msp
        .clone()
        .and_then(|v| serde_json::from_value::<Msp>(v).ok());
    Ok(Tenant {
        id: row.tenant_id.clone(),
        created_date: row.created_at,
        updated_date: row.updated_at,
        entitlement_id: row.entitlement_id.clone(),
        maintenance_state: status == "maintenance",
        name: row.name.clone(),
        external_id: row.external_id.clone(),
        admins,
        notification_recipients,
        authentications,
        account_tier: row.account_tier.clone(),
        account_vertical: row.account_vertical.clone(),
        obsolete: false,
        msp,
        tenant_mfa: TenantMFA {
            mfa_status: row.mfa_status.clone(),
            recovery_codes: None,
        },
        service_account: false,
        in_maintenance: status == "maintenance",
        account: account(&row),
        preferences: row.preferences.clone(),
        is_activated: true,
        ruckus_user: false,
        delegations_to,
        parent_id: row.parent_id.clone(),
        status,
        tenant_type: row.tenant_type.clone(),
        subscribes: row.subscribes.clone(),
        unset: TenantUnset::default(),
    })
}

fn account(row: &AccountRow) -> Account {
    Account {
        id: row.account_id.to_string(),
        created_date: row.created_at,
        updated_date: row.updated_at,
        street_address: row.street_address.clone(),
        state: row.state.clone(),
        country: row.country.clone(),
        postal_code: row.postal_code.clone(),
        phone_number: row.phone_number.clone(),
        city: row.city.clone(),
        latitude: row.latitude,
        longitude: row.longitude,
        fax_number: None,
        kind: None,
        mapping_url: None,
        parent_id: None,
    }
}

/// `PUT /tenants/self`: applies what `TenantDto` carries.
pub async fn update(
    conn: &mut PgConnection,
    tenant_id: &str,
    body: TenantDto,
) -> Result<(), ApiError> {
    let row = find(conn, tenant_id).await?;
    let mut check = Check::new("tenantDto");
    if body.tenant_name.is_some() {
        check.required("tenantName", body.tenant_name.as_deref());
    }
    let mfa = match body.enable_mfa.as_deref() {
        None => Some(row.mfa_status.as_str()),
        Some(v) => {
            let status = rules::mfa_status(v);
            if status.is_none() {
                check.fail("enableMfa", v, "must be true or false");
            }
            status
        }
    };
    check.text("subscribes", body.subscribes.as_deref());
    check.text("entitlementId", body.entitlement_id.as_deref());
    check.finish()?;
    let update = AccountUpdate {
        name: body
            .tenant_name
            .map(|n| n.trim().to_string())
            .unwrap_or(row.name),
        mfa_status: mfa.unwrap_or("DISABLED").to_string(),
        beta_enabled: body.enable_beta.unwrap_or(row.beta_enabled),
        alpha_enabled: body.enable_alpha.unwrap_or(row.alpha_enabled),
        sa_enabled: body.enable_sa.unwrap_or(row.sa_enabled),
        subscribes: body.subscribes.or(row.subscribes),
        entitlement_id: body.entitlement_id.or(row.entitlement_id),
    };
    repo::update_account(conn, tenant_id, &update).await
}

/// `GET /tenants/subscriptionPreferences`.
pub async fn subscription_preferences(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Value, ApiError> {
    Ok(find(conn, tenant_id).await?.subscription_preferences)
}

/// `PUT /tenants/subscriptionPreferences`: replaces the object.
pub async fn set_subscription_preferences(
    conn: &mut PgConnection,
    tenant_id: &str,
    preferences: Value,
) -> Result<Value, ApiError> {
    if !preferences.is_object() {
        return Err(ApiError::field(
            "subscriptionPreferences",
            "body",
            &preferences,
            "must be a JSON object",
        ));
    }
    find(conn, tenant_id).await?;
    repo::set_subscription_preferences(conn, tenant_id, &preferences).await?;
    Ok(preferences)
}

/// `POST /_r1/tenants`: a tenant with its first PRIME_ADMIN and an API
/// client that acts as that administrator.
pub async fn create_local(
    conn: &mut PgConnection,
    body: LocalTenantCreate,
) -> Result<LocalTenantCreated, ApiError> {
    let mut check = Check::new("tenant");
    let name = check.required("name", body.name.as_deref()).map(str::trim);
    let tenant_type = check.required("tenantType", body.tenant_type.as_deref());
    check.one_of("tenantType", tenant_type, rules::TENANT_TYPES);
    if let Some(id) = body.tenant_id.as_deref() {
        if !is_tenant_id(id) {
            check.fail(
                "tenantId",
                id,
                "must be 32 lowercase hexadecimal characters",
            );
        }
    }
    check.email("adminEmail", body.admin_email.as_deref());
    check.finish()?;
    let (Some(name), Some(tenant_type)) = (name, tenant_type) else {
        return Err(ApiError::BadRequest(
            "name and tenantType are required".into(),
        ));
    };
    let tenant_id = body
        .tenant_id
        .unwrap_or_else(|| Uuid::new_v4().simple().to_string());
    tenants::create(conn, &tenant_id, name).await?;
    let msp = tenant_type
        .starts_with("MSP")
        .then(|| serde_json::json!({ "mspLabel": name, "isDisableNotification": false }));
    repo::ensure_account(
        conn,
        NewAccount {
            tenant_id: &tenant_id,
            name,
            tenant_type,
            external_id: &external_id(&tenant_id),
            msp,
        },
    )
    .await?;
    let email = body
        .admin_email
        .unwrap_or_else(|| format!("admin@{tenant_id}.r1.local"));
    let admin_id = first_admin(conn, &tenant_id, &email).await?;
    let client = clients::create(conn, &tenant_id, &format!("{name} client")).await?;
    repo::map_client(conn, &client.client_id, &tenant_id, admin_id).await?;
    Ok(LocalTenantCreated {
        tenant_id,
        client_id: client.client_id,
        client_secret: client.client_secret,
        admin_id: admin_id.to_string(),
    })
}

/// `POST /_r1/tenants/{tenantId}/clients`: another API client, acting as
/// the tenant's first PRIME_ADMIN.
pub async fn add_client(
    conn: &mut PgConnection,
    config: &Config,
    tenant_id: &str,
) -> Result<LocalClientCreated, ApiError> {
    ensure(conn, config, tenant_id, None).await?;
    let name = find(conn, tenant_id).await?.name;
    let client = clients::create(conn, tenant_id, &format!("{name} client")).await?;
    let prime = repo::list_admins(conn, tenant_id)
        .await?
        .into_iter()
        .find(|a| a.role == rules::PRIME_ADMIN);
    if let Some(admin) = prime {
        repo::map_client(conn, &client.client_id, tenant_id, admin.id).await?;
    }
    Ok(LocalClientCreated {
        client_id: client.client_id,
        client_secret: client.client_secret,
    })
}

/// `GET /_r1/tenants`: every tenant that has a record.
pub async fn list_local(
    conn: &mut PgConnection,
    config: &Config,
) -> Result<Vec<LocalTenant>, ApiError> {
    if tenants::status(conn, &config.bootstrap_tenant_id)
        .await?
        .is_some()
    {
        ensure(conn, config, &config.bootstrap_tenant_id, None).await?;
    }
    let mut out = Vec::new();
    for row in repo::list_accounts(conn).await? {
        let status = status_of(conn, &row.tenant_id).await?;
        out.push(LocalTenant {
            tenant_id: row.tenant_id,
            name: row.name,
            tenant_type: row.tenant_type,
            status,
            created_date: row.created_at,
        });
    }
    Ok(out)
}

/// `DELETE /_r1/tenants/{tenantId}`: the tenant and all its data.
pub async fn delete_local(conn: &mut PgConnection, tenant_id: &str) -> Result<(), ApiError> {
    if tenants::delete(conn, tenant_id).await? {
        Ok(())
    } else {
        Err(not_found(tenant_id))
    }
}
