//! Running an asynchronous operation: its use case runs in one transaction,
//! and its activity is settled with it (recorded and committed on success,
//! recorded as `FAIL` after a rollback otherwise). Handlers of 202 operations
//! are one call to [`run`].

use sqlx::PgConnection;
use tracing::Instrument;
use uuid::Uuid;

use crate::{
    activity::{self, Accepted},
    auth::TenantCtx,
    error::ApiError,
    state::AppState,
};

/// What a use case returns: the id its activity and 202 body name, if any.
pub trait EntityId {
    fn entity_id(self) -> Option<String>;
}

impl EntityId for Uuid {
    fn entity_id(self) -> Option<String> {
        Some(self.to_string())
    }
}

impl EntityId for String {
    fn entity_id(self) -> Option<String> {
        Some(self)
    }
}

impl<T: EntityId> EntityId for Option<T> {
    fn entity_id(self) -> Option<String> {
        self.and_then(EntityId::entity_id)
    }
}

/// No id: the operation changed several resources (found by query).
impl EntityId for () {
    fn entity_id(self) -> Option<String> {
        None
    }
}

/// Runs `use_case` (named as the vendor's activities name it, e.g.
/// `CreateDpskPool`) in a new transaction and settles its activity.
pub async fn run<T: EntityId>(
    state: &AppState,
    ctx: &TenantCtx,
    use_case: &str,
    f: impl AsyncFnOnce(&mut PgConnection) -> Result<T, ApiError>,
) -> Result<Accepted, ApiError> {
    let span = tracing::info_span!("activity", use_case, tenant_id = %ctx.tenant_id);
    async {
        let mut tx = state.db.begin().await?;
        let result = f(&mut tx).await.map(EntityId::entity_id);
        activity::settle(state, ctx, tx, use_case, result).await
    }
    .instrument(span)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_the_activitys_entity() {
        let id = Uuid::new_v4();
        assert_eq!(id.entity_id(), Some(id.to_string()));
        assert_eq!(Some(id).entity_id(), Some(id.to_string()));
        assert_eq!(None::<Uuid>.entity_id(), None);
        assert_eq!(().entity_id(), None);
        assert_eq!("g".to_string().entity_id(), Some("g".into()));
    }
}
