//! Managed tenants: an MSP's customers (and the technology partners it
//! makes), as real tenants with an account in Tenant Management, a first
//! administrator and the MSP_CUSTOMER grant that lets the MSP act for them.

use chrono::{Duration, Utc};
use r1_core::{
    grants::{self, GrantKind, NewGrant},
    tenants::{self, TenantStatus},
    ApiError,
};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    delegations,
    model::{AddMspEcRequestV1_4, MspEcAccountView, PrivacyFeatureResponse, UpdateMspEcRequest},
    ownership::{owned, require_msp},
    repo::{self, CustomerRow, CustomerValues, NewCustomer},
    rules::{self, Check},
    tenant_link,
};

struct Checked {
    values: CustomerValues,
    tenant_type: String,
    admin_email: String,
    admin_role: String,
}

fn check_create(r: &AddMspEcRequestV1_4, check: &mut Check) -> Option<Checked> {
    let name = check.required("name", r.name.as_deref());
    check.length("name", name, 2, 255);
    for (field, v) in [
        ("street_address", &r.street_address),
        ("state", &r.state),
        ("country", &r.country),
        ("postal_code", &r.postal_code),
        ("phone_number", &r.phone_number),
        ("fax_number", &r.fax_number),
        ("city", &r.city),
        ("mapping_url", &r.mapping_url),
        ("account_id", &r.account_id),
    ] {
        check.length(field, v.as_deref(), 0, 255);
    }
    let from = check.date(
        "service_effective_date",
        r.service_effective_date.as_deref(),
    );
    let until = check.date(
        "service_expiration_date",
        r.service_expiration_date.as_deref(),
    );
    if let (Some(f), Some(u)) = (from, until) {
        if u <= f {
            check.fail(
                "service_expiration_date",
                &r.service_expiration_date,
                "must be after service_effective_date",
            );
        }
    }
    let admin_email = check.required("admin_email", r.admin_email.as_deref());
    check.email("admin_email", admin_email);
    check.length("admin_firstname", r.admin_firstname.as_deref(), 0, 64);
    check.length("admin_lastname", r.admin_lastname.as_deref(), 0, 64);
    let admin_role = r.admin_role.as_deref().unwrap_or("PRIME_ADMIN");
    check.one_of("admin_role", Some(admin_role), rules::ADMIN_ROLES);
    let tenant_type = r.tenant_type.as_deref().unwrap_or(rules::CUSTOMER_TYPE);
    let allowed = [rules::CUSTOMER_TYPE, "MSP_INTEGRATOR", "MSP_INSTALLER"];
    check.one_of("tenant_type", Some(tenant_type), &allowed);
    Some(Checked {
        values: CustomerValues {
            name: name?.to_string(),
            street_address: r.street_address.clone(),
            state: r.state.clone(),
            country: r.country.clone(),
            postal_code: r.postal_code.clone(),
            phone_number: r.phone_number.clone(),
            fax_number: r.fax_number.clone(),
            city: r.city.clone(),
            mapping_url: r.mapping_url.clone(),
            service_effective_date: from?,
            service_expiration_date: until?,
            tier: r.tier.clone().unwrap_or_else(|| "Platinum".into()),
        },
        tenant_type: tenant_type.to_string(),
        admin_email: admin_email?.to_string(),
        admin_role: admin_role.to_string(),
    })
}

/// `POST /tenants`: every customer of the request, or none.
pub async fn create(
    conn: &mut PgConnection,
    msp: &str,
    requests: &[AddMspEcRequestV1_4],
) -> Result<Vec<String>, ApiError> {
    require_msp(conn, msp).await?;
    if requests.is_empty() || requests.len() > 100 {
        return Err(ApiError::field(
            "addTenantRequestHolder",
            "data",
            requests.len(),
            "size must be between 1 and 100",
        ));
    }
    let mut check = Check::new("addMspEcRequest");
    let checked: Vec<Option<Checked>> = requests
        .iter()
        .map(|r| check_create(r, &mut check))
        .collect();
    check.finish()?;
    let mut ids = Vec::new();
    for (r, c) in requests.iter().zip(checked.into_iter().flatten()) {
        let id = Uuid::new_v4().simple().to_string();
        tenants::create(conn, &id, &c.values.name).await?;
        tenant_link::create_customer_account(conn, &id, &c.values.name, msp, &c.tenant_type)
            .await?;
        let grant_id = grants::create(
            conn,
            NewGrant {
                acting_tenant_id: Some(msp),
                target_tenant_id: &id,
                kind: GrantKind::MspCustomer,
                valid_from: Utc::now() - Duration::seconds(1),
                valid_until: None,
            },
        )
        .await?;
        let account_id = r
            .account_id
            .clone()
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| format!("_{}", Uuid::new_v4()));
        let new = NewCustomer {
            tenant_id: &id,
            msp_tenant_id: msp,
            tenant_type: &c.tenant_type,
            grant_id,
            account_id: &account_id,
            admin_email: Some(&c.admin_email),
        };
        repo::insert_customer(conn, &new, &c.values).await?;
        tenant_link::add_admin(
            conn,
            &id,
            &c.admin_email,
            r.admin_firstname.as_deref(),
            r.admin_lastname.as_deref(),
            &c.admin_role,
        )
        .await?;
        for d in r.delegations.iter().flatten() {
            let partner = d.delegation_id.as_deref().unwrap_or_default();
            delegations::assign_partner(
                conn,
                msp,
                &id,
                partner,
                d.delegation_type.as_deref(),
                d.number_of_days.as_deref(),
            )
            .await?;
        }
        let roles = r.admin_delegations.clone().unwrap_or_default();
        delegations::put_admins(conn, msp, &id, &roles, false).await?;
        ids.push(id);
    }
    Ok(ids)
}

pub async fn view(conn: &mut PgConnection, c: CustomerRow) -> Result<MspEcAccountView, ApiError> {
    let status = tenants::status(conn, &c.tenant_id).await?;
    let label = repo::find_branding(conn, &c.msp_tenant_id)
        .await?
        .map(|b| b.msp_label);
    Ok(MspEcAccountView {
        msp_label: label,
        name: c.name,
        street_address: c.street_address,
        state: c.state,
        country: c.country,
        postal_code: c.postal_code,
        phone_number: c.phone_number,
        fax_number: c.fax_number,
        city: c.city,
        mapping_url: c.mapping_url,
        service_effective_date: rules::format_date(c.service_effective_date),
        service_expiration_date: rules::format_date(c.service_expiration_date),
        is_active: (status == Some(TenantStatus::Active)).to_string(),
        tenant_id: c.tenant_id,
        parent_tenant_id: c.msp_tenant_id,
        tenant_type: c.tenant_type,
        account_id: c.account_id,
        tier: c.tier,
        logo_url: None,
        privacy_features: Vec::<PrivacyFeatureResponse>::new(),
    })
}

/// `PUT /tenants/{tenantId}`: the whole record.
pub async fn update(
    conn: &mut PgConnection,
    msp: &str,
    tenant_id: &str,
    r: &UpdateMspEcRequest,
) -> Result<(), ApiError> {
    let current = owned(conn, msp, tenant_id).await?;
    let mut check = Check::new("updateMspEcRequest");
    let name = check.required("name", r.name.as_deref());
    check.length("name", name, 2, 255);
    for (field, v) in [
        ("street_address", &r.street_address),
        ("state", &r.state),
        ("country", &r.country),
        ("postal_code", &r.postal_code),
        ("phone_number", &r.phone_number),
        ("fax_number", &r.fax_number),
        ("city", &r.city),
        ("mapping_url", &r.mapping_url),
    ] {
        check.length(field, v.as_deref(), 0, 255);
    }
    let from = check.date(
        "service_effective_date",
        r.service_effective_date.as_deref(),
    );
    let until = check.date(
        "service_expiration_date",
        r.service_expiration_date.as_deref(),
    );
    if let (Some(f), Some(u)) = (from, until) {
        if u <= f {
            check.fail(
                "service_expiration_date",
                &r.service_expiration_date,
                "must be after service_effective_date",
            );
        }
    }
    if r.privacy_features.as_ref().is_some_and(|p| p.len() > 1) {
        check.fail(
            "privacyFeatures",
            &r.privacy_features,
            "size must be between 0 and 1",
        );
    }
    check.finish()?;
    let (Some(name), Some(from), Some(until)) = (name, from, until) else {
        return Err(ApiError::BadRequest(
            "name and service dates are required".into(),
        ));
    };
    let values = CustomerValues {
        name: name.to_string(),
        street_address: r.street_address.clone(),
        state: r.state.clone(),
        country: r.country.clone(),
        postal_code: r.postal_code.clone(),
        phone_number: r.phone_number.clone(),
        fax_number: r.fax_number.clone(),
        city: r.city.clone(),
        mapping_url: r.mapping_url.clone(),
        service_effective_date: from,
        service_expiration_date: until,
        tier: r.tier.clone().unwrap_or(current.tier),
    };
    repo::update_customer(conn, tenant_id, &values).await?;
    tenant_link::rename_account(conn, tenant_id, name).await
}

/// `PATCH /tenants/{tenantId}`: the fields given replace the stored ones.
pub async fn patch(
    conn: &mut PgConnection,
    msp: &str,
    tenant_id: &str,
    r: UpdateMspEcRequest,
) -> Result<(), ApiError> {
    let c = owned(conn, msp, tenant_id).await?;
    let date = |d: chrono::DateTime<Utc>| Some(rules::format_date(d));
    let merged = UpdateMspEcRequest {
        name: r.name.or(Some(c.name)),
        street_address: r.street_address.or(c.street_address),
        state: r.state.or(c.state),
        country: r.country.or(c.country),
        postal_code: r.postal_code.or(c.postal_code),
        phone_number: r.phone_number.or(c.phone_number),
        fax_number: r.fax_number.or(c.fax_number),
        city: r.city.or(c.city),
        mapping_url: r.mapping_url.or(c.mapping_url),
        service_effective_date: r
            .service_effective_date
            .or_else(|| date(c.service_effective_date)),
        service_expiration_date: r
            .service_expiration_date
            .or_else(|| date(c.service_expiration_date)),
        licenses: r.licenses,
        tier: r.tier.or(Some(c.tier)),
        privacy_features: r.privacy_features,
    };
    update(conn, msp, tenant_id, &merged).await
}

/// `DELETE /tenants/{tenantId}`: the customer's tenant and everything in it.
pub async fn delete(conn: &mut PgConnection, msp: &str, tenant_id: &str) -> Result<(), ApiError> {
    let c = owned(conn, msp, tenant_id).await?;
    grants::revoke(conn, c.grant_id).await?;
    for p in repo::tech_partners_of(conn, tenant_id).await? {
        grants::revoke(conn, p.grant_id).await?;
    }
    if let Some(id) = repo::support_grant(conn, tenant_id).await? {
        grants::revoke(conn, id).await?;
    }
    tenants::delete(conn, tenant_id).await?;
    Ok(())
}

/// `PUT`/`DELETE /tenantActivations/{tenantId}`: a suspended customer's own
/// tokens and its MSP's delegated calls stop on the next request.
pub async fn set_active(
    conn: &mut PgConnection,
    msp: &str,
    tenant_id: &str,
    active: bool,
) -> Result<Vec<MspEcAccountView>, ApiError> {
    let c = owned(conn, msp, tenant_id).await?;
    let status = if active {
        TenantStatus::Active
    } else {
        TenantStatus::Suspended
    };
    tenants::set_status(conn, tenant_id, status).await?;
    repo::set_customer_active(conn, tenant_id, active).await?;
    Ok(vec![view(conn, c).await?])
}

/// Whether RUCKUS support may act for the customer now.
pub async fn support_enabled(conn: &mut PgConnection, tenant_id: &str) -> Result<bool, ApiError> {
    let Some(id) = repo::support_grant(conn, tenant_id).await? else {
        return Ok(false);
    };
    Ok(grants::find(conn, id)
        .await?
        .is_some_and(|g| g.is_valid(Utc::now())))
}

/// Enables support access for [`rules::SUPPORT_DAYS`], or ends it.
pub async fn set_support(
    conn: &mut PgConnection,
    msp: &str,
    tenant_id: &str,
    enable: bool,
) -> Result<bool, ApiError> {
    owned(conn, msp, tenant_id).await?;
    if let Some(id) = repo::support_grant(conn, tenant_id).await? {
        grants::revoke(conn, id).await?;
    }
    let grant = if enable {
        let now = Utc::now();
        Some(
            grants::create(
                conn,
                NewGrant {
                    acting_tenant_id: None,
                    target_tenant_id: tenant_id,
                    kind: GrantKind::Support,
                    valid_from: now - Duration::seconds(1),
                    valid_until: Some(now + Duration::days(rules::SUPPORT_DAYS)),
                },
            )
            .await?,
        )
    } else {
        None
    };
    repo::set_support_grant(conn, tenant_id, grant).await?;
    support_enabled(conn, tenant_id).await
}

/// `PUT /tenants/{tenantId}/invitations`: recorded, never mailed.
pub async fn invite(
    conn: &mut PgConnection,
    msp: &str,
    tenant_id: &str,
    admin_email: Option<&str>,
    resend: bool,
) -> Result<(), ApiError> {
    let mut check = Check::new("emailInvitation");
    let email = check.required("admin_email", admin_email);
    check.email("admin_email", email);
    check.length("admin_email", email, 0, 255);
    check.finish()?;
    owned(conn, msp, tenant_id).await?;
    let email = email.unwrap_or_default();
    repo::insert_invitation(conn, tenant_id, email, resend).await
}

/// Every customer of the MSP, by name.
pub async fn list(conn: &mut PgConnection, msp: &str) -> Result<Vec<MspEcAccountView>, ApiError> {
    require_msp(conn, msp).await?;
    let mut out = Vec::new();
    for id in repo::customer_ids_of(conn, msp).await? {
        if let Some(c) = repo::find_customer(conn, &id).await? {
            out.push(view(conn, c).await?);
        }
    }
    Ok(out)
}
