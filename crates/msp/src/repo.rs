//! Every SQL statement of MSP Services. The query views are written by
//! [`crate::query`] from the catalogs in [`crate::views`]; everything else is
//! checked by the compiler.

use chrono::{DateTime, Utc};
use r1_core::ApiError;
use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::query::{GroupRow, Plan};

pub struct CustomerRow {
    pub tenant_id: String,
    pub msp_tenant_id: String,
    pub grant_id: Uuid,
    pub tenant_type: String,
    pub name: String,
    pub street_address: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub phone_number: Option<String>,
    pub fax_number: Option<String>,
    pub city: Option<String>,
    pub mapping_url: Option<String>,
    pub service_effective_date: DateTime<Utc>,
    pub service_expiration_date: DateTime<Utc>,
    pub tier: String,
    pub account_id: String,
}

/// The fields of a customer an MSP sets.
pub struct CustomerValues {
    pub name: String,
    pub street_address: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub phone_number: Option<String>,
    pub fax_number: Option<String>,
    pub city: Option<String>,
    pub mapping_url: Option<String>,
    pub service_effective_date: DateTime<Utc>,
    pub service_expiration_date: DateTime<Utc>,
    pub tier: String,
}

/// Who a new customer is: its tenant, its MSP and the grant between them.
pub struct NewCustomer<'a> {
    pub tenant_id: &'a str,
    pub msp_tenant_id: &'a str,
    pub tenant_type: &'a str,
    pub grant_id: Uuid,
    pub account_id: &'a str,
    pub admin_email: Option<&'a str>,
}

pub async fn insert_customer(
    conn: &mut PgConnection,
    c: &NewCustomer<'_>,
    v: &CustomerValues,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO msp_customers (tenant_id, msp_tenant_id, grant_id, name, street_address,
             state, country, postal_code, phone_number, fax_number, city, mapping_url,
             service_effective_date, service_expiration_date, tier, account_id, admin_email,
             tenant_type)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        c.tenant_id,
        c.msp_tenant_id,
        c.grant_id,
        v.name,
        v.street_address,
        v.state,
        v.country,
        v.postal_code,
        v.phone_number,
        v.fax_number,
        v.city,
        v.mapping_url,
        v.service_effective_date,
        v.service_expiration_date,
        v.tier,
        c.account_id,
        c.admin_email,
        c.tenant_type,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_customer(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Option<CustomerRow>, ApiError> {
    Ok(sqlx::query_as!(
        CustomerRow,
        "SELECT tenant_id, msp_tenant_id, grant_id, tenant_type, name, street_address, state, country,
                postal_code, phone_number, fax_number, city, mapping_url,
                service_effective_date, service_expiration_date, tier, account_id
         FROM msp_customers WHERE tenant_id = $1",
        tenant_id
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn update_customer(
    conn: &mut PgConnection,
    tenant_id: &str,
    v: &CustomerValues,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE msp_customers SET name = $2, street_address = $3, state = $4, country = $5,
             postal_code = $6, phone_number = $7, fax_number = $8, city = $9, mapping_url = $10,
             service_effective_date = $11, service_expiration_date = $12, tier = $13,
             updated_at = now()
         WHERE tenant_id = $1",
        tenant_id,
        v.name,
        v.street_address,
        v.state,
        v.country,
        v.postal_code,
        v.phone_number,
        v.fax_number,
        v.city,
        v.mapping_url,
        v.service_effective_date,
        v.service_expiration_date,
        v.tier,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The MSP's record of the customer's activation (the views' `status`).
pub async fn set_customer_active(
    conn: &mut PgConnection,
    tenant_id: &str,
    active: bool,
) -> Result<(), ApiError> {
    sqlx::query!(
        "UPDATE msp_customers SET active = $2, updated_at = now() WHERE tenant_id = $1",
        tenant_id,
        active
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn customer_ids_of(
    conn: &mut PgConnection,
    msp_tenant_id: &str,
) -> Result<Vec<String>, ApiError> {
    Ok(sqlx::query_scalar!(
        "SELECT tenant_id FROM msp_customers WHERE msp_tenant_id = $1 ORDER BY name, tenant_id",
        msp_tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub struct TechPartnerRow {
    pub id: Uuid,
    pub partner_tenant_id: String,
    pub delegation_type: String,
    pub expiry_date: Option<DateTime<Utc>>,
    pub grant_id: Uuid,
}

pub async fn tech_partners_of(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<TechPartnerRow>, ApiError> {
    Ok(sqlx::query_as!(
        TechPartnerRow,
        "SELECT id, partner_tenant_id, delegation_type, expiry_date, grant_id
         FROM msp_tech_partner_delegations WHERE tenant_id = $1 ORDER BY delegation_type",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn insert_tech_partner(
    conn: &mut PgConnection,
    tenant_id: &str,
    msp_tenant_id: &str,
    partner_tenant_id: &str,
    delegation_type: &str,
    expiry_date: Option<DateTime<Utc>>,
    grant_id: Uuid,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO msp_tech_partner_delegations
             (id, tenant_id, msp_tenant_id, partner_tenant_id, delegation_type, expiry_date, grant_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        Uuid::new_v4(),
        tenant_id,
        msp_tenant_id,
        partner_tenant_id,
        delegation_type,
        expiry_date,
        grant_id,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_tech_partner(conn: &mut PgConnection, id: Uuid) -> Result<(), ApiError> {
    sqlx::query!("DELETE FROM msp_tech_partner_delegations WHERE id = $1", id)
        .execute(conn)
        .await?;
    Ok(())
}

pub struct AdminDelegationRow {
    pub msp_admin_id: String,
    pub msp_admin_role: String,
}

pub async fn admin_delegations_of(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<AdminDelegationRow>, ApiError> {
    Ok(sqlx::query_as!(
        AdminDelegationRow,
        "SELECT msp_admin_id, msp_admin_role FROM msp_admin_delegations
         WHERE tenant_id = $1 ORDER BY created_at, msp_admin_id",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub async fn put_admin_delegation(
    conn: &mut PgConnection,
    tenant_id: &str,
    msp_admin_id: &str,
    role: &str,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO msp_admin_delegations (tenant_id, msp_admin_id, msp_admin_role)
         VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, msp_admin_id) DO UPDATE SET msp_admin_role = EXCLUDED.msp_admin_role",
        tenant_id,
        msp_admin_id,
        role
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_admin_delegation(
    conn: &mut PgConnection,
    tenant_id: &str,
    msp_admin_id: &str,
) -> Result<(), ApiError> {
    sqlx::query!(
        "DELETE FROM msp_admin_delegations WHERE tenant_id = $1 AND msp_admin_id = $2",
        tenant_id,
        msp_admin_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn clear_admin_delegations(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<(), ApiError> {
    sqlx::query!(
        "DELETE FROM msp_admin_delegations WHERE tenant_id = $1",
        tenant_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn support_grant(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Option<Uuid>, ApiError> {
    Ok(sqlx::query_scalar!(
        "SELECT grant_id FROM msp_support_access WHERE tenant_id = $1",
        tenant_id
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn set_support_grant(
    conn: &mut PgConnection,
    tenant_id: &str,
    grant_id: Option<Uuid>,
) -> Result<(), ApiError> {
    match grant_id {
        Some(id) => sqlx::query!(
            "INSERT INTO msp_support_access (tenant_id, grant_id) VALUES ($1, $2)
             ON CONFLICT (tenant_id) DO UPDATE SET grant_id = EXCLUDED.grant_id, created_at = now()",
            tenant_id,
            id
        )
        .execute(conn)
        .await?,
        None => sqlx::query!(
            "DELETE FROM msp_support_access WHERE tenant_id = $1",
            tenant_id
        )
        .execute(conn)
        .await?,
    };
    Ok(())
}

pub async fn insert_invitation(
    conn: &mut PgConnection,
    tenant_id: &str,
    admin_email: &str,
    resend: bool,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO msp_invitations (id, tenant_id, admin_email, resend) VALUES ($1, $2, $3, $4)",
        Uuid::new_v4(),
        tenant_id,
        admin_email,
        resend
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub struct InvitationRow {
    pub admin_email: String,
    pub resend: bool,
    pub created_at: DateTime<Utc>,
}

pub async fn invitations_of(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<InvitationRow>, ApiError> {
    Ok(sqlx::query_as!(
        InvitationRow,
        "SELECT admin_email, resend, created_at FROM msp_invitations
         WHERE tenant_id = $1 ORDER BY created_at",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub struct BrandingRow {
    pub msp_label: String,
    pub settings: Value,
}

pub async fn find_branding(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Option<BrandingRow>, ApiError> {
    Ok(sqlx::query_as!(
        BrandingRow,
        "SELECT msp_label, settings FROM msp_brandings WHERE tenant_id = $1",
        tenant_id
    )
    .fetch_optional(conn)
    .await?)
}

/// Creates or replaces the branding; `false` when another MSP holds the label.
pub async fn put_branding(
    conn: &mut PgConnection,
    tenant_id: &str,
    msp_label: &str,
    settings: &Value,
) -> Result<bool, ApiError> {
    let res = sqlx::query!(
        "INSERT INTO msp_brandings (tenant_id, msp_label, settings) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE
             SET msp_label = EXCLUDED.msp_label, settings = EXCLUDED.settings, updated_at = now()",
        tenant_id,
        msp_label,
        settings
    )
    .execute(conn)
    .await;
    match res {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("msp_brandings_label_key") => {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn insert_logo(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
    file_name: &str,
    content_type: &str,
    content: &[u8],
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO msp_logo_files (id, tenant_id, file_name, content_type, content)
         VALUES ($1, $2, $3, $4, $5)",
        id,
        tenant_id,
        file_name,
        content_type,
        content
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub struct LogoRow {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

pub async fn find_logo(
    conn: &mut PgConnection,
    tenant_id: &str,
    id: Uuid,
) -> Result<Option<LogoRow>, ApiError> {
    Ok(sqlx::query_as!(
        LogoRow,
        "SELECT file_name, content_type, content FROM msp_logo_files
         WHERE tenant_id = $1 AND id = $2",
        tenant_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

pub async fn put_firmware_schedule(
    conn: &mut PgConnection,
    tenant_id: &str,
    operation: &str,
    schedule: &Value,
) -> Result<(), ApiError> {
    sqlx::query!(
        "INSERT INTO msp_firmware_schedules (tenant_id, operation, schedule) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, operation) DO UPDATE
             SET schedule = EXCLUDED.schedule, updated_at = now()",
        tenant_id,
        operation,
        schedule
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub struct ScheduleRow {
    pub operation: String,
    pub schedule: Value,
}

pub async fn firmware_schedules_of(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> Result<Vec<ScheduleRow>, ApiError> {
    Ok(sqlx::query_as!(
        ScheduleRow,
        "SELECT operation, schedule FROM msp_firmware_schedules
         WHERE tenant_id = $1 ORDER BY operation",
        tenant_id
    )
    .fetch_all(conn)
    .await?)
}

pub struct NewDevice<'a> {
    pub serial_number: &'a str,
    pub device_type: &'a str,
    pub mac: &'a str,
    pub model: &'a str,
    pub name: &'a str,
    pub venue_id: Option<&'a str>,
    pub venue_name: Option<&'a str>,
    pub device_status: &'a str,
    pub fw_version: Option<&'a str>,
}

/// Places a device; `false` when the serial number is already in an inventory.
pub async fn insert_device(
    conn: &mut PgConnection,
    tenant_id: &str,
    d: &NewDevice<'_>,
) -> Result<bool, ApiError> {
    let taken = sqlx::query_scalar!(
        "SELECT EXISTS (SELECT 1 FROM msp_inventory_devices WHERE serial_number = $1)",
        d.serial_number
    )
    .fetch_one(&mut *conn)
    .await?;
    if taken == Some(true) {
        return Ok(false);
    }
    sqlx::query!(
        "INSERT INTO msp_inventory_devices (tenant_id, serial_number, device_type, mac, model,
             name, venue_id, venue_name, device_status, fw_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        tenant_id,
        d.serial_number,
        d.device_type,
        d.mac,
        d.model,
        d.name,
        d.venue_id,
        d.venue_name,
        d.device_status,
        d.fw_version
    )
    .execute(conn)
    .await?;
    Ok(true)
}

// The query views' statements differ with every payload: sent unprepared,
// so that PostgreSQL plans each with its values (a trigram index for a rare
// search string, an ordered scan for a common one) and no connection keeps
// a cache of one-off statements.

/// One page of a query view and the number of rows that match.
pub async fn query_page(
    conn: &mut PgConnection,
    plan: &Plan,
    scope: &str,
) -> Result<(i64, Vec<Value>), ApiError> {
    let total: i64 = plan
        .count(scope)
        .build_query_scalar()
        .persistent(false)
        .fetch_one(&mut *conn)
        .await?;
    let rows: Vec<Value> = plan
        .select_page(scope)
        .build_query_scalar()
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
    Ok((total, rows))
}

/// One page of groups of a query view, the number of groups, and the rows
/// of the page's groups.
pub async fn query_groups(
    conn: &mut PgConnection,
    plan: &Plan,
    scope: &str,
) -> Result<(i64, Vec<GroupRow>, Vec<Value>), ApiError> {
    let (Some(mut count), Some(mut select)) = (plan.count_groups(scope), plan.select_groups(scope))
    else {
        return Ok((0, Vec::new(), Vec::new()));
    };
    let total: i64 = count
        .build_query_scalar()
        .persistent(false)
        .fetch_one(&mut *conn)
        .await?;
    let groups: Vec<GroupRow> = select
        .build_query_as()
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
    let rows: Vec<Value> = match plan.select_group_rows(scope, &groups) {
        Some(mut qb) if !groups.is_empty() => {
            qb.build_query_scalar()
                .persistent(false)
                .fetch_all(&mut *conn)
                .await?
        }
        _ => Vec::new(),
    };
    Ok((total, groups, rows))
}

/// The MSP that holds a label, if any.
pub async fn branding_by_label(
    conn: &mut PgConnection,
    label: &str,
) -> Result<Option<String>, ApiError> {
    Ok(sqlx::query_scalar!(
        "SELECT tenant_id FROM msp_brandings WHERE lower(msp_label) = lower($1)",
        label
    )
    .fetch_optional(conn)
    .await?)
}
