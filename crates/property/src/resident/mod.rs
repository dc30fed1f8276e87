//! What the Resident Portal API may do with a property and its units: log a
//! unit in, read and change it, its users and devices, and read the
//! property's resident portal. Each function takes the caller's connection
//! (or transaction) and returns plain structs; the Resident Portal crate
//! shapes them into its own DTOs.

use chrono::{DateTime, Duration, Utc};
use r1_core::{tenants::TenantStatus, ApiError};
use r1_identity::GroupIdentityChanges;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    dpsk_link, identity_link,
    model::{ResidentPortalUiConfigs, UnitConfigDto},
    portals, properties,
    repo::{self, PropertyRow, UnitRow},
    rules,
    units::{self, Store, GUEST, UNIT},
};

pub use crate::repo::PortalFile;
pub use users::*;

mod users;

/// What a resident token opens: one unit of one property of one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSession {
    pub tenant_id: String,
    pub venue_id: String,
    pub unit_id: Uuid,
}

/// A successful login.
#[derive(Debug, Clone)]
pub struct Login {
    pub unit_id: Uuid,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

fn refused() -> ApiError {
    ApiError::Unauthorized("Unknown property or wrong secret".into())
}

/// The stored venue id of a `propertyId`, if it can be one.
pub fn property_id(raw: &str) -> Option<String> {
    rules::venue_id(raw)
}

/// The tenant of a venue, while that tenant is active: the residents of a
/// suspended tenant are refused like its API clients.
async fn tenant_of(conn: &mut PgConnection, venue_id: &str) -> Result<Option<String>, ApiError> {
    let Some(tenant_id) = repo::venue_tenant(conn, venue_id).await? else {
        return Ok(None);
    };
    Ok(active(conn, &tenant_id).await?.then_some(tenant_id))
}

/// The tenant of a venue and the venue's property, while the tenant is
/// active and the property enabled: what residents may reach at all.
async fn enabled_property(
    conn: &mut PgConnection,
    venue_id: &str,
) -> Result<Option<(String, PropertyRow)>, ApiError> {
    let Some(tenant_id) = tenant_of(conn, venue_id).await? else {
        return Ok(None);
    };
    let property = repo::find_property(conn, &tenant_id, venue_id)
        .await?
        .filter(|p| p.status == "ENABLED");
    Ok(property.map(|p| (tenant_id, p)))
}

async fn active(conn: &mut PgConnection, tenant_id: &str) -> Result<bool, ApiError> {
    Ok(r1_core::tenants::status(conn, tenant_id).await? == Some(TenantStatus::Active))
}

/// The unit whose current unit secret hashes to `hashed`.
async fn unit_by_secret(
    conn: &mut PgConnection,
    tenant_id: &str,
    store: Store,
    property: &PropertyRow,
    hashed: &str,
) -> Result<Option<Uuid>, ApiError> {
    for id in repo::units_by_secret_hash(conn, &property.venue_id, hashed).await? {
        let row = units::find_row(conn, tenant_id, &property.venue_id, id).await?;
        let secret = units::passphrase_of(conn, tenant_id, store, row.persona_id).await?;
        if secret.is_some_and(|s| rules::sha256_hex(&s.passphrase) == hashed) {
            return Ok(Some(id));
        }
    }
    // The secret may have changed through the DPSK or Identity API since it
    // was last seen: look for it in the pool, then for the unit it belongs to.
    let matching: Vec<Uuid> = dpsk_link::pool_texts(conn, tenant_id, store.pool)
        .await?
        .into_iter()
        .filter(|(_, text)| rules::sha256_hex(text) == hashed)
        .map(|(id, _)| id)
        .collect();
    if matching.is_empty() {
        return Ok(None);
    }
    for (unit_id, identity_id) in repo::unit_identities_of_venue(conn, &property.venue_id).await? {
        let identity = identity_link::find(conn, tenant_id, store.group, identity_id).await?;
        if identity
            .and_then(|i| i.dpsk_passphrase_id)
            .is_some_and(|p| matching.contains(&p))
        {
            repo::set_secret_hash(conn, tenant_id, unit_id, Some(hashed)).await?;
            return Ok(Some(unit_id));
        }
    }
    Ok(None)
}

/// Logs a unit in with the SHA-256 (hex) of its unit secret: 401 for an
/// unknown property, a wrong secret or a disabled unit; 403 when the
/// property does not allow the resident API.
pub async fn login(
    conn: &mut PgConnection,
    property_id: &str,
    hashed_secret: &str,
    ttl_secs: u64,
) -> Result<Login, ApiError> {
    let hashed = hashed_secret.trim().to_ascii_lowercase();
    if hashed.len() != 64 || !hashed.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::field(
            "login",
            "hashedSecret",
            hashed_secret,
            "must be the SHA-256 of the unit secret as 64 hex characters",
        ));
    }
    let venue_id = property_id_or_refuse(property_id)?;
    let (tenant_id, property) = enabled_property(conn, &venue_id)
        .await?
        .ok_or_else(refused)?;
    let store = units::store(conn, &tenant_id, &property).await?;
    let unit_id = unit_by_secret(conn, &tenant_id, store, &property, &hashed)
        .await?
        .ok_or_else(refused)?;
    let row = units::find_row(conn, &tenant_id, &venue_id, unit_id).await?;
    if row.status != "ENABLED" {
        return Err(ApiError::Unauthorized("The unit is disabled".into()));
    }
    if properties::unit_config(&property).resident_api_allowed == Some(false) {
        return Err(ApiError::Forbidden(
            "The property does not allow the resident portal API".into(),
        ));
    }
    let token = rules::new_token();
    let expires_at = Utc::now() + Duration::seconds(ttl_secs as i64);
    repo::insert_token(
        conn,
        &tenant_id,
        unit_id,
        &rules::sha256_hex(&token),
        expires_at,
    )
    .await?;
    Ok(Login {
        unit_id,
        token,
        expires_at,
    })
}

fn property_id_or_refuse(raw: &str) -> Result<String, ApiError> {
    property_id(raw).ok_or_else(refused)
}

/// What a resident token opens on the property a request names: the
/// session (`T`), or the unit itself for the unit read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck<T = UnitSession> {
    /// A live token of one of the property's units.
    Opens(T),
    /// A live token, of a unit of another property.
    OtherProperty,
    /// No such token, an expired one, a disabled unit or a tenant that is
    /// not active.
    Refused,
}

/// Checks a resident token against the property a request names (`None`
/// when its `propertyId` cannot be one). The token is looked up under that
/// property's tenant, in one statement with its unit and tenant; only a
/// token refused there is looked up by its hash alone (`check_by_hash`).
pub async fn check_token(
    conn: &mut PgConnection,
    token: &str,
    venue_id: Option<&str>,
) -> Result<TokenCheck, ApiError> {
    let hashed = rules::sha256_hex(token);
    if let Some(venue_id) = venue_id {
        let active_status = TenantStatus::Active.as_str();
        if let Some(t) =
            repo::find_token_of_property(conn, venue_id, &hashed, active_status).await?
        {
            return Ok(if t.venue_id == venue_id {
                TokenCheck::Opens(UnitSession {
                    tenant_id: t.tenant_id,
                    venue_id: t.venue_id,
                    unit_id: t.unit_id,
                })
            } else {
                TokenCheck::OtherProperty
            });
        }
    }
    check_by_hash(conn, &hashed, venue_id).await
}

/// A token the property's tenant does not have: a live one of another
/// tenant's property is still 403, an unknown one 401.
async fn check_by_hash(
    conn: &mut PgConnection,
    hashed: &str,
    venue_id: Option<&str>,
) -> Result<TokenCheck, ApiError> {
    let Some(t) = repo::find_token(conn, hashed)
        .await?
        .filter(|t| t.unit_status == "ENABLED")
    else {
        return Ok(TokenCheck::Refused);
    };
    if !active(conn, &t.tenant_id).await? {
        return Ok(TokenCheck::Refused);
    }
    Ok(if venue_id == Some(t.venue_id.as_str()) {
        // Only when the token was issued between the two lookups.
        TokenCheck::Opens(UnitSession {
            tenant_id: t.tenant_id,
            venue_id: t.venue_id,
            unit_id: t.unit_id,
        })
    } else {
        TokenCheck::OtherProperty
    })
}

/// The property as residents see it.
#[derive(Debug, Clone)]
pub struct ResidentProperty {
    pub venue_id: String,
    pub name: String,
    pub address: String,
    pub description: Option<String>,
    pub unit_config: UnitConfigDto,
    pub send_email: bool,
    pub send_sms: bool,
    pub portal: Option<ResidentPortalUiConfigs>,
}

async fn portal_ui(
    conn: &mut PgConnection,
    tenant_id: &str,
    property: &PropertyRow,
) -> Result<Option<ResidentPortalUiConfigs>, ApiError> {
    let Some(id) = property.resident_portal_id else {
        return Ok(None);
    };
    Ok(repo::find_portal(conn, tenant_id, id)
        .await?
        .filter(|p| p.portal_status == "ENABLED")
        .map(|p| portals::ui_of(&p)))
}

fn resident_property(
    property: PropertyRow,
    portal: Option<ResidentPortalUiConfigs>,
) -> ResidentProperty {
    let address = ["addressLine", "city", "country"]
        .iter()
        .filter_map(|k| property.venue_address.get(*k).and_then(|v| v.as_str()))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let flag = |k: &str| {
        property
            .communication_config
            .get(k)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    };
    ResidentProperty {
        send_email: flag("sendEmail"),
        send_sms: flag("sendSms"),
        unit_config: properties::unit_config(&property),
        venue_id: property.venue_id,
        name: property.venue_name,
        address,
        description: property.description,
        portal,
    }
}

pub async fn property(
    conn: &mut PgConnection,
    s: &UnitSession,
) -> Result<ResidentProperty, ApiError> {
    let property = properties::find(conn, &s.tenant_id, &s.venue_id).await?;
    let portal = portal_ui(conn, &s.tenant_id, &property).await?;
    Ok(resident_property(property, portal))
}

/// The resident portal of a property, for the pages before login (styles,
/// files, access): `None` when the property is unknown or not enabled.
pub async fn public_property(
    conn: &mut PgConnection,
    property_id: &str,
) -> Result<Option<ResidentProperty>, ApiError> {
    let Some(venue_id) = self::property_id(property_id) else {
        return Ok(None);
    };
    let Some((tenant_id, property)) = enabled_property(conn, &venue_id).await? else {
        return Ok(None);
    };
    let portal = portal_ui(conn, &tenant_id, &property).await?;
    Ok(Some(resident_property(property, portal)))
}

/// A file (`logo` or `favIcon`) of the property's resident portal.
pub async fn public_file(
    conn: &mut PgConnection,
    property_id: &str,
    kind: &str,
) -> Result<Option<PortalFile>, ApiError> {
    let Some(kind) = portals::FileType::parse(kind) else {
        return Err(ApiError::field(
            "file",
            "type",
            kind,
            "must be logo or favIcon",
        ));
    };
    let Some(venue_id) = self::property_id(property_id) else {
        return Ok(None);
    };
    let Some((tenant_id, portal)) = enabled_property(conn, &venue_id)
        .await?
        .and_then(|(tenant_id, p)| Some((tenant_id, p.resident_portal_id?)))
    else {
        return Ok(None);
    };
    match portals::file(conn, &tenant_id, portal, kind).await {
        Ok(f) => Ok(Some(f)),
        Err(ApiError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A unit as residents see it.
#[derive(Debug, Clone)]
pub struct ResidentUnit {
    pub id: Uuid,
    pub venue_id: String,
    pub name: String,
    pub status: String,
    pub contact_name: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub secret: Option<String>,
    pub guest_secret: Option<String>,
}

async fn context(
    conn: &mut PgConnection,
    s: &UnitSession,
) -> Result<(PropertyRow, Store, UnitRow), ApiError> {
    let property = properties::find(conn, &s.tenant_id, &s.venue_id).await?;
    let store = units::store(conn, &s.tenant_id, &property).await?;
    let row = units::find_row(conn, &s.tenant_id, &s.venue_id, s.unit_id).await?;
    Ok((property, store, row))
}

/// The unit a resident token opens on the property a request names, with
/// its secrets: the token check and the whole read are one statement. When
/// that statement finds the token but not the unit's property, its identity
/// group or a pool the group names, the read runs again step by step
/// through Identity and DPSK, which answers the same 404 or 400 as every
/// other unit operation. A token it does not find is checked as
/// [`check_token`] does.
pub async fn unit_of_token(
    conn: &mut PgConnection,
    token: &str,
    venue_id: Option<&str>,
) -> Result<TokenCheck<ResidentUnit>, ApiError> {
    let hashed = rules::sha256_hex(token);
    let row = match venue_id {
        Some(v) => {
            repo::find_unit_of_token(conn, v, &hashed, TenantStatus::Active.as_str()).await?
        }
        None => None,
    };
    let Some(row) = row else {
        return Ok(match check_by_hash(conn, &hashed, venue_id).await? {
            TokenCheck::Opens(s) => TokenCheck::Opens(unit(conn, &s).await?),
            TokenCheck::OtherProperty => TokenCheck::OtherProperty,
            TokenCheck::Refused => TokenCheck::Refused,
        });
    };
    if venue_id != Some(row.venue_id.as_str()) {
        return Ok(TokenCheck::OtherProperty);
    }
    let Some(pool) = row
        .group_pool
        .as_deref()
        .and_then(|p| Uuid::parse_str(p).ok())
    else {
        let session = UnitSession {
            tenant_id: row.tenant_id,
            venue_id: row.venue_id,
            unit_id: row.id,
        };
        return Ok(TokenCheck::Opens(unit(conn, &session).await?));
    };
    // A passphrase counts only while it is in the group's pool, as
    // `units::passphrase_of` reads it.
    let in_pool =
        |pool_of: Option<Uuid>, text: Option<String>| text.filter(|_| pool_of == Some(pool));
    Ok(TokenCheck::Opens(ResidentUnit {
        id: row.id,
        venue_id: row.venue_id,
        name: row.name,
        status: row.status,
        contact_name: row.resident_name,
        email: row.resident_email,
        phone_number: row.resident_phone,
        secret: in_pool(row.secret_pool, row.secret),
        guest_secret: in_pool(row.guest_secret_pool, row.guest_secret),
    }))
}

/// The session's unit, read step by step through Identity and DPSK.
pub async fn unit(conn: &mut PgConnection, s: &UnitSession) -> Result<ResidentUnit, ApiError> {
    let (_, store, row) = context(conn, s).await?;
    let secret = units::passphrase_of(conn, &s.tenant_id, store, row.persona_id).await?;
    let guest = units::passphrase_of(conn, &s.tenant_id, store, row.guest_persona_id).await?;
    Ok(ResidentUnit {
        id: row.id,
        venue_id: row.venue_id,
        name: row.name,
        status: row.status,
        contact_name: row.resident_name,
        email: row.resident_email,
        phone_number: row.resident_phone,
        secret: secret.map(|p| p.passphrase),
        guest_secret: guest.map(|p| p.passphrase),
    })
}

/// What a resident may change on the unit: `None` keeps a member.
#[derive(Debug, Clone, Default)]
pub struct ResidentUnitChanges {
    pub contact_name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub secret: Option<String>,
    pub guest_secret: Option<String>,
}

/// Whether the property's resident portal lets residents set secrets.
fn tenant_set_dpsk(portal: &Option<ResidentPortalUiConfigs>) -> bool {
    portal
        .as_ref()
        .and_then(|p| p.access.as_ref())
        .and_then(|a| a.tenant_set_dpsk)
        .unwrap_or(false)
}

/// Changes the unit's contact details and, where the property's resident
/// portal allows it (`tenantSetDpsk`), its secrets.
pub async fn update_unit(
    conn: &mut PgConnection,
    s: &UnitSession,
    ch: ResidentUnitChanges,
) -> Result<ResidentUnit, ApiError> {
    let (property, store, row) = context(conn, s).await?;
    let wants_secret = ch.secret.is_some() || ch.guest_secret.is_some();
    if wants_secret {
        let portal = portal_ui(conn, &s.tenant_id, &property).await?;
        if !tenant_set_dpsk(&portal) {
            return Err(ApiError::Forbidden(
                "The property does not allow residents to set their secrets".into(),
            ));
        }
        if ch.guest_secret.is_some() && row.guest_persona_id.is_none() {
            return Err(ApiError::field(
                "unit",
                "guestSecret",
                (),
                "the unit has no guest passphrase",
            ));
        }
    }
    let pool_length = dpsk_link::pool_length(conn, &s.tenant_id, store.pool).await?;
    let mut errors = Vec::new();
    if let Some(n) = &ch.contact_name {
        rules::required_text("unit", "contact.contactName", Some(n), 255, &mut errors);
    }
    rules::max_len(
        "unit",
        "contact.email",
        ch.email.as_deref(),
        255,
        &mut errors,
    );
    rules::email("unit", "contact.email", ch.email.as_deref(), &mut errors);
    rules::max_len(
        "unit",
        "contact.phoneNumber",
        ch.phone_number.as_deref(),
        16,
        &mut errors,
    );
    if let Some(p) = &ch.secret {
        rules::secret("unit", "secret", p, pool_length, &mut errors);
    }
    if let Some(p) = &ch.guest_secret {
        rules::secret("unit", "guestSecret", p, pool_length, &mut errors);
    }
    rules::finish(errors)?;
    let mut v = repo::UnitValues::from(&row);
    if let Some(n) = &ch.contact_name {
        v.resident_name = n.clone();
    }
    if let Some(e) = &ch.email {
        v.resident_email = Some(e.clone()).filter(|e| !e.is_empty());
    }
    if let Some(p) = &ch.phone_number {
        v.resident_phone = Some(p.clone()).filter(|p| !p.is_empty());
    }
    repo::update_unit(conn, &s.tenant_id, row.id, &v).await?;
    if let Some(persona) = row.persona_id {
        let changes = GroupIdentityChanges {
            email: ch.email.as_ref().map(|_| v.resident_email.clone()),
            phone_number: ch.phone_number.as_ref().map(|_| v.resident_phone.clone()),
            passphrase: ch.secret.clone().map(Some),
            ..Default::default()
        };
        identity_link::update(conn, &s.tenant_id, store.group, persona, changes).await?;
    }
    if let (Some(p), Some(guest)) = (&ch.guest_secret, row.guest_persona_id) {
        let changes = GroupIdentityChanges {
            passphrase: Some(Some(p.clone())),
            ..Default::default()
        };
        identity_link::update(conn, &s.tenant_id, store.group, guest, changes).await?;
    }
    units::refresh_secret_hash(conn, &s.tenant_id, store, row.id, row.persona_id).await?;
    unit(conn, s).await
}

/// The devices (normalised MACs) of the unit's UNIT or GUEST passphrase.
pub async fn devices(
    conn: &mut PgConnection,
    s: &UnitSession,
    kind: &str,
) -> Result<Vec<String>, ApiError> {
    let (_, store, row) = context(conn, s).await?;
    let persona = match kind {
        UNIT => row.persona_id,
        GUEST => row.guest_persona_id,
        other => {
            return Err(ApiError::field(
                "devices",
                "type",
                other,
                "must be UNIT or GUEST",
            ))
        }
    };
    Ok(units::passphrase_of(conn, &s.tenant_id, store, persona)
        .await?
        .map(|p| p.macs)
        .unwrap_or_default())
}

fn normalise_mac(mac: &str) -> Result<String, ApiError> {
    let hex: String = mac.chars().filter(char::is_ascii_hexdigit).collect();
    let separators_ok = mac
        .chars()
        .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '-' | '.'));
    if hex.len() != 12 || !separators_ok {
        return Err(ApiError::field(
            "device",
            "deviceId",
            mac,
            "must be a MAC address such as AA:BB:CC:DD:EE:FF",
        ));
    }
    let hex = hex.to_ascii_uppercase();
    Ok((0..6)
        .map(|i| &hex[i * 2..i * 2 + 2])
        .collect::<Vec<_>>()
        .join(":"))
}

/// Removes a device (by MAC) from the unit's UNIT or GUEST passphrase, in
/// DPSK.
pub async fn remove_device(
    conn: &mut PgConnection,
    s: &UnitSession,
    mac: &str,
) -> Result<(), ApiError> {
    let mac = normalise_mac(mac)?;
    let (_, store, row) = context(conn, s).await?;
    for persona in [row.persona_id, row.guest_persona_id] {
        if let Some(p) = units::passphrase_of(conn, &s.tenant_id, store, persona).await? {
            if p.macs.contains(&mac) {
                return dpsk_link::remove_device(conn, &s.tenant_id, store.pool, p.id, &mac).await;
            }
        }
    }
    Err(ApiError::NotFound(format!(
        "Device {mac} not found on this unit"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_ids_are_macs_in_any_vendor_form() {
        assert_eq!(
            normalise_mac("aa-bb-cc-dd-ee-ff").unwrap(),
            "AA:BB:CC:DD:EE:FF"
        );
        assert_eq!(
            normalise_mac("aabb.ccdd.eeff").unwrap(),
            "AA:BB:CC:DD:EE:FF"
        );
        assert!(normalise_mac("not-a-mac").is_err());
        assert!(normalise_mac("aa:bb:cc:dd:ee").is_err());
    }
}
