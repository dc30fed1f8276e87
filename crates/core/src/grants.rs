//! The one record of who may act for whom.
//!
//! A token acts on another tenant with `x-rks-tenantid` only through a live
//! grant here: an MSP on its customer, a tech partner on a customer assigned
//! to it, a VAR a tenant delegated to, or support access. Tenant Management
//! and MSP Services write grants through these functions inside their own
//! transactions; core's authentication reads them (`auth::TenantCtx`).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{error::ApiError, repo};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    MspCustomer,
    TechPartner,
    VarDelegation,
    Support,
}

impl GrantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GrantKind::MspCustomer => "MSP_CUSTOMER",
            GrantKind::TechPartner => "TECH_PARTNER",
            GrantKind::VarDelegation => "VAR_DELEGATION",
            GrantKind::Support => "SUPPORT",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "MSP_CUSTOMER" => Some(GrantKind::MspCustomer),
            "TECH_PARTNER" => Some(GrantKind::TechPartner),
            "VAR_DELEGATION" => Some(GrantKind::VarDelegation),
            "SUPPORT" => Some(GrantKind::Support),
            _ => None,
        }
    }
}

pub struct NewGrant<'a> {
    /// `None` only for support access: RUCKUS support, which no r1 token is.
    pub acting_tenant_id: Option<&'a str>,
    pub target_tenant_id: &'a str,
    pub kind: GrantKind,
    pub valid_from: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Grant {
    pub id: Uuid,
    pub acting_tenant_id: Option<String>,
    pub target_tenant_id: String,
    pub kind: GrantKind,
    pub valid_from: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Grant {
    pub fn from_row(r: repo::GrantRow) -> Result<Self, ApiError> {
        Ok(Grant {
            kind: GrantKind::parse(&r.kind)
                .ok_or_else(|| ApiError::internal(format!("unknown grant kind {}", r.kind)))?,
            id: r.id,
            acting_tenant_id: r.acting_tenant_id,
            target_tenant_id: r.target_tenant_id,
            valid_from: r.valid_from,
            valid_until: r.valid_until,
            revoked_at: r.revoked_at,
        })
    }

    /// Not revoked, begun, and not yet expired at `now`.
    pub fn is_valid(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none()
            && self.valid_from <= now
            && self.valid_until.is_none_or(|until| until > now)
    }
}

fn check(grant: &NewGrant<'_>) -> Result<(), ApiError> {
    if grant.acting_tenant_id.is_none() && grant.kind != GrantKind::Support {
        return Err(ApiError::internal(
            "only support access has no acting tenant",
        ));
    }
    if grant.acting_tenant_id == Some(grant.target_tenant_id) {
        return Err(ApiError::Unprocessable(
            "A tenant cannot be granted access to itself".into(),
        ));
    }
    if grant
        .valid_until
        .is_some_and(|until| until <= grant.valid_from)
    {
        return Err(ApiError::Unprocessable(
            "A grant must end after it begins".into(),
        ));
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(target = grant.target_tenant_id, kind = grant.kind.as_str()))]
pub async fn create(conn: &mut PgConnection, grant: NewGrant<'_>) -> Result<Uuid, ApiError> {
    check(&grant)?;
    let id = Uuid::new_v4();
    let values = repo::GrantValues {
        acting_tenant_id: grant.acting_tenant_id,
        target_tenant_id: grant.target_tenant_id,
        kind: grant.kind.as_str(),
        valid_from: grant.valid_from,
        valid_until: grant.valid_until,
    };
    repo::insert_grant(conn, id, values).await?;
    crate::access::changed();
    Ok(id)
}

/// Returns whether the grant was live (not revoked before).
#[tracing::instrument(skip(conn))]
pub async fn revoke(conn: &mut PgConnection, id: Uuid) -> Result<bool, ApiError> {
    crate::access::changed();
    repo::revoke_grant(conn, id).await
}

pub async fn find(conn: &mut PgConnection, id: Uuid) -> Result<Option<Grant>, ApiError> {
    repo::find_grant(conn, id)
        .await?
        .map(Grant::from_row)
        .transpose()
}

/// Whether `acting` holds a valid grant on `target` now.
pub async fn may_act(
    conn: &mut PgConnection,
    acting: &str,
    target: &str,
) -> Result<bool, ApiError> {
    repo::has_live_grant(conn, acting, target).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn grant(valid_until: Option<DateTime<Utc>>, revoked_at: Option<DateTime<Utc>>) -> Grant {
        Grant {
            id: Uuid::nil(),
            acting_tenant_id: Some("a".into()),
            target_tenant_id: "b".into(),
            kind: GrantKind::VarDelegation,
            valid_from: Utc::now() - Duration::hours(1),
            valid_until,
            revoked_at,
        }
    }

    #[test]
    fn a_grant_is_valid_until_it_expires_or_is_revoked() {
        let now = Utc::now();
        assert!(grant(None, None).is_valid(now));
        assert!(grant(Some(now + Duration::minutes(1)), None).is_valid(now));
        assert!(!grant(Some(now), None).is_valid(now));
        assert!(!grant(None, Some(now)).is_valid(now));
    }

    #[test]
    fn grants_name_an_acting_tenant_other_than_the_target_and_end_after_they_begin() {
        let now = Utc::now();
        let new = |acting: Option<&'static str>, kind, until| NewGrant {
            acting_tenant_id: acting,
            target_tenant_id: "b",
            kind,
            valid_from: now,
            valid_until: until,
        };
        assert!(check(&new(Some("a"), GrantKind::MspCustomer, None)).is_ok());
        assert!(check(&new(
            None,
            GrantKind::Support,
            Some(now + Duration::days(1))
        ))
        .is_ok());
        assert!(check(&new(None, GrantKind::TechPartner, None)).is_err());
        assert!(check(&new(Some("b"), GrantKind::VarDelegation, None)).is_err());
        assert!(check(&new(Some("a"), GrantKind::Support, Some(now))).is_err());
    }

    #[test]
    fn kinds_round_trip_through_their_stored_names() {
        for kind in [
            GrantKind::MspCustomer,
            GrantKind::TechPartner,
            GrantKind::VarDelegation,
            GrantKind::Support,
        ] {
            assert_eq!(GrantKind::parse(kind.as_str()), Some(kind));
        }
    }
}
