//! Use cases on many units of a venue at once: assigning a QoS profile and
//! resending the units' notifications. Each runs inside the caller's
//! transaction.

use r1_core::{error::FieldError, ApiError};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    model::{QoSProfileAssignment, TrafficControl},
    properties, repo, rules,
};

async fn units_of_venue(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    field: &str,
    ids: &[Uuid],
) -> Result<(), ApiError> {
    let found = repo::units_among(conn, tenant_id, venue_id, ids).await?;
    if let Some(missing) = ids.iter().find(|id| !found.contains(id)) {
        return Err(ApiError::field(
            "units",
            field,
            missing,
            "is not a unit of this venue",
        ));
    }
    Ok(())
}

/// Assigns a QoS (metering) profile until `profileExpiry` to the units.
pub async fn assign_qos_profile(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    qos_profile_id: &str,
    body: QoSProfileAssignment,
) -> Result<(), ApiError> {
    properties::find(conn, tenant_id, venue_id).await?;
    let mut errors = Vec::new();
    let ids = body.unit_ids.clone().unwrap_or_default();
    if ids.is_empty() {
        errors.push(FieldError::new(
            "qosProfileAssignment",
            "unitIds",
            ids.clone(),
            "size must be at least 1",
        ));
    }
    if body.profile_expiry.is_none() {
        errors.push(FieldError::new(
            "qosProfileAssignment",
            "profileExpiry",
            (),
            "must not be null",
        ));
    }
    if qos_profile_id.trim().is_empty() {
        errors.push(FieldError::new(
            "qosProfileAssignment",
            "qosProfileId",
            qos_profile_id,
            "must not be blank",
        ));
    }
    rules::finish(errors)?;
    units_of_venue(conn, tenant_id, venue_id, "unitIds", &ids).await?;
    let control = TrafficControl {
        metering_profile_id: qos_profile_id.to_string(),
        profile_expiry: body.profile_expiry.unwrap_or_default(),
    };
    let control = serde_json::to_value(control).map_err(ApiError::internal)?;
    repo::set_traffic_control(conn, tenant_id, &ids, &control).await?;
    Ok(())
}

/// The most unit ids one resend may name (the bundle's limit).
const MAX_NOTIFIED: usize = 100;

/// Records that the units' residents were notified again (r1 sends no email
/// or SMS; docs/behaviour/property.md).
pub async fn resend_notifications(
    conn: &mut PgConnection,
    tenant_id: &str,
    venue_id: &str,
    ids: &[Uuid],
) -> Result<(), ApiError> {
    properties::find(conn, tenant_id, venue_id).await?;
    if ids.is_empty() || ids.len() > MAX_NOTIFIED {
        return Err(ApiError::field(
            "units",
            "unitIds",
            ids.len(),
            "size must be between 1 and 100",
        ));
    }
    units_of_venue(conn, tenant_id, venue_id, "unitIds", ids).await?;
    repo::mark_notified(conn, tenant_id, ids).await?;
    Ok(())
}
