//! The property's units as residents reach them. Property Management owns
//! properties, units and resident tokens; this module is the only one that
//! calls it, through the public `r1_property::resident` functions.

use r1_core::ApiError;
use r1_property::resident::{
    self, Login, PortalFile, ResidentProperty, ResidentUnit, ResidentUnitChanges, TokenCheck,
    UnitSession, UnitUser, UnitUserChanges, UnitUserUpdate,
};
use sqlx::PgConnection;
use uuid::Uuid;

pub fn property_id(raw: &str) -> Option<String> {
    resident::property_id(raw)
}

pub async fn login(
    conn: &mut PgConnection,
    property_id: &str,
    hashed_secret: &str,
    ttl_secs: u64,
) -> Result<Login, ApiError> {
    resident::login(conn, property_id, hashed_secret, ttl_secs).await
}

pub async fn check_token(
    conn: &mut PgConnection,
    token: &str,
    venue_id: Option<&str>,
) -> Result<TokenCheck, ApiError> {
    resident::check_token(conn, token, venue_id).await
}

pub async fn property(
    conn: &mut PgConnection,
    s: &UnitSession,
) -> Result<ResidentProperty, ApiError> {
    resident::property(conn, s).await
}

pub async fn public_property(
    conn: &mut PgConnection,
    property_id: &str,
) -> Result<Option<ResidentProperty>, ApiError> {
    resident::public_property(conn, property_id).await
}

pub async fn public_file(
    conn: &mut PgConnection,
    property_id: &str,
    kind: &str,
) -> Result<Option<PortalFile>, ApiError> {
    resident::public_file(conn, property_id, kind).await
}

pub async fn unit_of_token(
    conn: &mut PgConnection,
    token: &str,
    venue_id: Option<&str>,
) -> Result<TokenCheck<ResidentUnit>, ApiError> {
    resident::unit_of_token(conn, token, venue_id).await
}

pub async fn update_unit(
    conn: &mut PgConnection,
    s: &UnitSession,
    changes: ResidentUnitChanges,
) -> Result<ResidentUnit, ApiError> {
    resident::update_unit(conn, s, changes).await
}

pub async fn devices(
    conn: &mut PgConnection,
    s: &UnitSession,
    kind: &str,
) -> Result<Vec<String>, ApiError> {
    resident::devices(conn, s, kind).await
}

pub async fn remove_device(
    conn: &mut PgConnection,
    s: &UnitSession,
    mac: &str,
) -> Result<(), ApiError> {
    resident::remove_device(conn, s, mac).await
}

pub async fn users(conn: &mut PgConnection, s: &UnitSession) -> Result<Vec<UnitUser>, ApiError> {
    resident::users(conn, s).await
}

pub async fn user(
    conn: &mut PgConnection,
    s: &UnitSession,
    id: Uuid,
) -> Result<UnitUser, ApiError> {
    resident::user(conn, s, id).await
}

pub async fn update_user(
    conn: &mut PgConnection,
    s: &UnitSession,
    id: Uuid,
    changes: UnitUserChanges,
) -> Result<UnitUserUpdate, ApiError> {
    resident::update_user(conn, s, id, changes).await
}

pub async fn remove_user_device(
    conn: &mut PgConnection,
    s: &UnitSession,
    id: Uuid,
    mac: &str,
) -> Result<(), ApiError> {
    resident::remove_user_device(conn, s, id, mac).await
}
