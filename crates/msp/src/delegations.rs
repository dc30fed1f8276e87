//! Who else works on a customer: technology partners (MSP_INTEGRATOR,
//! MSP_INSTALLER), each holding a TECH_PARTNER grant while assigned, and
//! the MSP's administrators assigned to it.

use chrono::{Duration, Utc};
use r1_core::{
    grants::{self, GrantKind, NewGrant},
    ApiError,
};
use sqlx::PgConnection;

use crate::{
    model::{MspAdminRole, MspAdminRoleView, MspEcDelegationResponse},
    ownership, repo,
    rules::{self, Check},
    tenant_link,
};

/// Hands `customer` to `partner` for the delegation type, replacing the
/// partner the customer had for that type.
pub async fn assign_partner(
    conn: &mut PgConnection,
    msp: &str,
    customer: &str,
    partner: &str,
    delegation_type: Option<&str>,
    number_of_days: Option<&str>,
) -> Result<(), ApiError> {
    let mut check = Check::new("assignDelegatedRequest");
    let kind = check.required("delegation_type", delegation_type);
    check.one_of("delegation_type", kind, rules::TECH_PARTNER_TYPES);
    let days = rules::delegation_days(number_of_days).unwrap_or_else(|_| {
        check.fail(
            "number_of_days",
            number_of_days,
            "must be a number of days from 1 to 60",
        );
        None
    });
    check.finish()?;
    let kind = kind.unwrap_or_default();
    ownership::owned(conn, msp, customer).await?;
    let partner_type = tenant_link::tenant_type(conn, partner).await?;
    if partner_type.as_deref() != Some(kind) {
        return Err(ApiError::field(
            "assignDelegatedRequest",
            "delegation_id",
            partner,
            format!("must name a tenant of type {kind}"),
        ));
    }
    remove_partner(conn, customer, kind).await?;
    let now = Utc::now();
    let expiry = days.map(|d| now + Duration::days(d));
    let grant = grants::create(
        conn,
        NewGrant {
            acting_tenant_id: Some(partner),
            target_tenant_id: customer,
            kind: GrantKind::TechPartner,
            valid_from: now - Duration::seconds(1),
            valid_until: expiry,
        },
    )
    .await?;
    repo::insert_tech_partner(conn, customer, msp, partner, kind, expiry, grant).await
}

/// Ends the customer's assignment of that type at once.
pub async fn remove_partner(
    conn: &mut PgConnection,
    customer: &str,
    delegation_type: &str,
) -> Result<(), ApiError> {
    for p in repo::tech_partners_of(conn, customer).await? {
        if p.delegation_type == delegation_type {
            grants::revoke(conn, p.grant_id).await?;
            repo::delete_tech_partner(conn, p.id).await?;
        }
    }
    Ok(())
}

/// `PATCH /tenantDelegations`: one assignment per entry; an entry without
/// `delegation_id` removes the customer's partner of that type.
pub async fn patch(
    conn: &mut PgConnection,
    msp: &str,
    entries: &[crate::model::AssignDelegatedRequest],
) -> Result<(), ApiError> {
    ownership::require_msp(conn, msp).await?;
    if entries.is_empty() {
        return Err(ApiError::field(
            "assignMspEcToMultipleTechPartners",
            "AssignDelegatedRequest",
            entries.len(),
            "must name at least one assignment",
        ));
    }
    for e in entries {
        let mut check = Check::new("assignDelegatedRequest");
        let customer = check.required("mspec_id", e.mspec_id.as_deref());
        let kind = check.required("delegation_type", e.delegation_type.as_deref());
        check.one_of("delegation_type", kind, rules::TECH_PARTNER_TYPES);
        check.finish()?;
        let (Some(customer), Some(kind)) = (customer, kind) else {
            continue;
        };
        match e.delegation_id.as_deref().filter(|d| !d.is_empty()) {
            Some(partner) => {
                assign_partner(
                    conn,
                    msp,
                    customer,
                    partner,
                    Some(kind),
                    e.number_of_days.as_deref(),
                )
                .await?
            }
            None => {
                ownership::owned(conn, msp, customer).await?;
                remove_partner(conn, customer, kind).await?
            }
        }
    }
    Ok(())
}

/// `PUT /tenants/{partner}/tenantDelegations`: the partner now holds
/// exactly these customers of the MSP (all of them with `isManageAllEcs`).
pub async fn put_for_partner(
    conn: &mut PgConnection,
    msp: &str,
    partner: &str,
    list: &[String],
    delegation_type: Option<&str>,
    number_of_days: Option<&str>,
    all: bool,
) -> Result<(), ApiError> {
    ownership::require_msp(conn, msp).await?;
    let mut check = Check::new("assignMspEcListRequest");
    let kind = check.required("delegation_type", delegation_type);
    check.one_of("delegation_type", kind, rules::TECH_PARTNER_TYPES);
    check.finish()?;
    let kind = kind.unwrap_or_default();
    let wanted: Vec<String> = if all {
        repo::customer_ids_of(conn, msp).await?
    } else {
        list.to_vec()
    };
    for customer in repo::customer_ids_of(conn, msp).await? {
        let holds = repo::tech_partners_of(conn, &customer)
            .await?
            .into_iter()
            .any(|p| p.partner_tenant_id == partner && p.delegation_type == kind);
        if holds && !wanted.contains(&customer) {
            remove_partner(conn, &customer, kind).await?;
        }
    }
    for customer in &wanted {
        assign_partner(conn, msp, customer, partner, Some(kind), number_of_days).await?;
    }
    Ok(())
}

/// `GET /tenants/{partner}/tenantDelegations`: the MSP's customers the
/// partner holds.
pub async fn of_partner(
    conn: &mut PgConnection,
    msp: &str,
    partner: &str,
    delegation_type: Option<&str>,
) -> Result<MspEcDelegationResponse, ApiError> {
    let partner_type = tenant_link::tenant_type(conn, partner).await?;
    let Some(partner_type) = partner_type else {
        return Err(ownership::not_found(partner));
    };
    let kind = delegation_type.unwrap_or(&partner_type).to_string();
    let mut list = Vec::new();
    let mut expiry = None;
    for customer in repo::customer_ids_of(conn, msp).await? {
        for p in repo::tech_partners_of(conn, &customer).await? {
            if p.partner_tenant_id == partner && p.delegation_type == kind {
                expiry = expiry.or(p.expiry_date);
                list.push(customer.clone());
            }
        }
    }
    Ok(MspEcDelegationResponse {
        mspec_list: list,
        delegation_type: kind,
        delegated_to: partner.to_string(),
        expiry_date: expiry.map(rules::iso),
    })
}

/// Assigns MSP administrators to a customer; with `replace`, exactly these.
pub async fn put_admins(
    conn: &mut PgConnection,
    msp: &str,
    customer: &str,
    roles: &[MspAdminRole],
    replace: bool,
) -> Result<(), ApiError> {
    let mut check = Check::new("mspAdminRole");
    let mut pairs = Vec::new();
    for r in roles {
        let id = check.required("msp_admin_id", r.msp_admin_id.as_deref());
        let role = check.required("msp_admin_role", r.msp_admin_role.as_deref());
        check.one_of("msp_admin_role", role, rules::ADMIN_ROLES);
        if let (Some(id), Some(role)) = (id, role) {
            pairs.push((id.to_string(), role.to_string()));
        }
    }
    check.finish()?;
    for (id, _) in &pairs {
        if tenant_link::find_admin(conn, msp, id).await.is_err() {
            return Err(ApiError::field(
                "mspAdminRole",
                "msp_admin_id",
                id,
                "must name an administrator of the MSP",
            ));
        }
    }
    if replace {
        repo::clear_admin_delegations(conn, customer).await?;
    }
    for (id, role) in &pairs {
        repo::put_admin_delegation(conn, customer, id, role).await?;
    }
    Ok(())
}

pub async fn remove_admins(
    conn: &mut PgConnection,
    customer: &str,
    roles: &[MspAdminRole],
) -> Result<(), ApiError> {
    for r in roles {
        if let Some(id) = r.msp_admin_id.as_deref() {
            repo::delete_admin_delegation(conn, customer, id).await?;
        }
    }
    Ok(())
}

pub async fn admins_of(
    conn: &mut PgConnection,
    customer: &str,
) -> Result<Vec<MspAdminRoleView>, ApiError> {
    Ok(repo::admin_delegations_of(conn, customer)
        .await?
        .into_iter()
        .map(|a| MspAdminRoleView {
            msp_admin_id: a.msp_admin_id,
            msp_admin_role: a.msp_admin_role,
        })
        .collect())
}

/// `PATCH /adminDelegations`: per customer, `ADD` adds or changes roles,
/// `REMOVE` takes administrators off, no operation sets exactly the list.
pub async fn patch_admins(
    conn: &mut PgConnection,
    msp: &str,
    associations: &[crate::model::MspAdmin],
) -> Result<(), ApiError> {
    ownership::require_msp(conn, msp).await?;
    if associations.is_empty() || associations.len() > 200 {
        return Err(ApiError::field(
            "mspAdminRequest",
            "associations",
            associations.len(),
            "size must be between 1 and 200",
        ));
    }
    for a in associations {
        let mut check = Check::new("mspAdmin");
        let customer = check.required("mspEcId", a.msp_ec_id.as_deref());
        let op = a.operation.as_deref().map(str::to_ascii_uppercase);
        check.one_of(
            "operation",
            op.as_deref(),
            &["ADD", "REMOVE", "DELETE", "ASSIGN", "UPDATE"],
        );
        check.finish()?;
        let customer = customer.unwrap_or_default();
        ownership::owned(conn, msp, customer).await?;
        let roles = a.msp_admin_roles.clone().unwrap_or_default();
        match op.as_deref() {
            Some("REMOVE") | Some("DELETE") => remove_admins(conn, customer, &roles).await?,
            Some("ADD") => put_admins(conn, msp, customer, &roles, false).await?,
            _ => put_admins(conn, msp, customer, &roles, true).await?,
        }
    }
    Ok(())
}
