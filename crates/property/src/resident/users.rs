//! A unit's users (its identities) as the Resident Portal shows them, and
//! their devices.

use super::*;

/// An identity of the unit, as a unit user.
#[derive(Debug, Clone)]
pub struct UnitUser {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub passphrase: Option<String>,
    pub blocked: bool,
    pub kind: String,
    pub macs: Vec<String>,
    pub passphrase_id: Option<Uuid>,
}

async fn user_of(
    conn: &mut PgConnection,
    tenant_id: &str,
    store: Store,
    identity_id: Uuid,
    kind: String,
) -> Result<Option<UnitUser>, ApiError> {
    let Some(identity) = identity_link::find(conn, tenant_id, store.group, identity_id).await?
    else {
        return Ok(None);
    };
    let passphrase = match identity.dpsk_passphrase_id {
        Some(p) => dpsk_link::passphrase(conn, tenant_id, store.pool, p).await?,
        None => None,
    };
    Ok(Some(UnitUser {
        id: identity.id,
        name: identity.name,
        email: identity.email,
        phone_number: identity.phone_number,
        blocked: identity.revoked,
        kind,
        passphrase_id: passphrase.as_ref().map(|p| p.id),
        macs: passphrase
            .as_ref()
            .map(|p| p.macs.clone())
            .unwrap_or_default(),
        passphrase: passphrase.map(|p| p.passphrase),
    }))
}

/// Every user of the unit (its UNIT, GUEST and LINKED identities), by id.
pub async fn users(conn: &mut PgConnection, s: &UnitSession) -> Result<Vec<UnitUser>, ApiError> {
    let (_, store, _) = context(conn, s).await?;
    let mut out = Vec::new();
    for i in repo::identities_of_unit(conn, &s.tenant_id, s.unit_id).await? {
        if let Some(u) = user_of(conn, &s.tenant_id, store, i.identity_id, i.persona_type).await? {
            out.push(u);
        }
    }
    out.sort_by_key(|u| u.id);
    Ok(out)
}

fn user_not_found(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("User {id} not found on this unit"))
}

pub async fn user(
    conn: &mut PgConnection,
    s: &UnitSession,
    id: Uuid,
) -> Result<UnitUser, ApiError> {
    users(conn, s)
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or_else(|| user_not_found(id))
}

/// What a resident may change on a unit user: `passphrase` `""` regenerates
/// it; `blocked` revokes the identity (and its passphrase).
#[derive(Debug, Clone, Default)]
pub struct UnitUserChanges {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub passphrase: Option<String>,
    pub blocked: Option<bool>,
}

/// Which identity and passphrase a unit user update changed.
#[derive(Debug, Clone)]
pub struct UnitUserUpdate {
    pub identity_id: Uuid,
    pub passphrase_id: Option<Uuid>,
}

pub async fn update_user(
    conn: &mut PgConnection,
    s: &UnitSession,
    id: Uuid,
    ch: UnitUserChanges,
) -> Result<UnitUserUpdate, ApiError> {
    let current = user(conn, s, id).await?;
    let (property, store, _) = context(conn, s).await?;
    if ch.passphrase.as_deref().is_some_and(|p| !p.is_empty()) {
        let portal = portal_ui(conn, &s.tenant_id, &property).await?;
        if !tenant_set_dpsk(&portal) {
            return Err(ApiError::Forbidden(
                "The property does not allow residents to set passphrases".into(),
            ));
        }
    }
    let pool_length = dpsk_link::pool_length(conn, &s.tenant_id, store.pool).await?;
    let mut errors = Vec::new();
    if let Some(n) = &ch.name {
        rules::required_text("unitUser", "userName", Some(n), 255, &mut errors);
    }
    rules::max_len("unitUser", "email", ch.email.as_deref(), 255, &mut errors);
    rules::email("unitUser", "email", ch.email.as_deref(), &mut errors);
    rules::max_len(
        "unitUser",
        "phoneNumber",
        ch.phone_number.as_deref(),
        16,
        &mut errors,
    );
    if let Some(p) = ch.passphrase.as_deref().filter(|p| !p.is_empty()) {
        rules::secret("unitUser", "passphrase", p, pool_length, &mut errors);
    }
    rules::finish(errors)?;
    let changes = GroupIdentityChanges {
        name: ch.name.clone(),
        email: ch.email.clone().map(|e| Some(e).filter(|e| !e.is_empty())),
        phone_number: ch
            .phone_number
            .clone()
            .map(|p| Some(p).filter(|p| !p.is_empty())),
        revoked: ch.blocked,
        passphrase: ch
            .passphrase
            .clone()
            .map(|p| Some(p).filter(|p| !p.is_empty())),
        ..Default::default()
    };
    identity_link::update(conn, &s.tenant_id, store.group, id, changes).await?;
    if current.kind == UNIT {
        units::refresh_secret_hash(conn, &s.tenant_id, store, s.unit_id, Some(id)).await?;
    }
    let passphrase_changed = ch.passphrase.is_some() || ch.blocked.is_some();
    Ok(UnitUserUpdate {
        identity_id: id,
        passphrase_id: current.passphrase_id.filter(|_| passphrase_changed),
    })
}

/// Removes a device (by MAC) from a unit user's passphrase, in DPSK.
pub async fn remove_user_device(
    conn: &mut PgConnection,
    s: &UnitSession,
    id: Uuid,
    mac: &str,
) -> Result<(), ApiError> {
    let mac = normalise_mac(mac)?;
    let user = user(conn, s, id).await?;
    let (_, store, _) = context(conn, s).await?;
    match user.passphrase_id {
        Some(p) if user.macs.contains(&mac) => {
            dpsk_link::remove_device(conn, &s.tenant_id, store.pool, p, &mac).await
        }
        _ => Err(ApiError::NotFound(format!(
            "Device {mac} not found for user {id}"
        ))),
    }
}
