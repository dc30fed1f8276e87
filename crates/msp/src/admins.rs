//! A customer's own administrators, as its MSP sees and changes them (the
//! records belong to Tenant Management).

use r1_core::ApiError;
use sqlx::PgConnection;

use crate::{
    model::{MspEcAdminView, UpdateMspEcAdminRequest},
    ownership,
    rules::Check,
    tenant_link::{self, Admin},
};

fn view(a: Admin) -> MspEcAdminView {
    let full = [a.first_name.as_deref(), a.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    MspEcAdminView {
        id: a.id.to_string(),
        user_name: Some(a.email.clone()),
        email: a.email,
        full_name: (!full.is_empty()).then_some(full),
        first_name: a.first_name,
        last_name: a.last_name,
        role: a.role,
    }
}

pub async fn list(
    conn: &mut PgConnection,
    msp: &str,
    customer: &str,
) -> Result<Vec<MspEcAdminView>, ApiError> {
    ownership::visible(conn, msp, customer).await?;
    Ok(tenant_link::admins(conn, customer)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

pub async fn get(
    conn: &mut PgConnection,
    msp: &str,
    customer: &str,
    admin_id: &str,
) -> Result<MspEcAdminView, ApiError> {
    ownership::visible(conn, msp, customer).await?;
    Ok(view(
        tenant_link::find_admin(conn, customer, admin_id).await?,
    ))
}

pub async fn update(
    conn: &mut PgConnection,
    msp: &str,
    customer: &str,
    admin_id: &str,
    r: &UpdateMspEcAdminRequest,
) -> Result<(), ApiError> {
    let mut check = Check::new("updateMspEcAdminRequest");
    let email = check.required("email", r.email.as_deref());
    check.email("email", email);
    check.length("email", email, 0, 255);
    check.required("first_name", r.first_name.as_deref());
    check.required("user_name", r.user_name.as_deref());
    check.length("user_name", r.user_name.as_deref(), 0, 255);
    check.length("full_name", r.full_name.as_deref(), 0, 255);
    check.length("first_name", r.first_name.as_deref(), 0, 64);
    check.length("last_name", r.last_name.as_deref(), 0, 64);
    check.finish()?;
    ownership::owned(conn, msp, customer).await?;
    tenant_link::update_admin(
        conn,
        customer,
        admin_id,
        email.unwrap_or_default(),
        r.first_name.as_deref(),
        r.last_name.as_deref(),
    )
    .await?;
    Ok(())
}

pub async fn delete(
    conn: &mut PgConnection,
    msp: &str,
    customer: &str,
    admin_id: &str,
) -> Result<(), ApiError> {
    ownership::owned(conn, msp, customer).await?;
    tenant_link::delete_admin(conn, customer, admin_id).await
}
