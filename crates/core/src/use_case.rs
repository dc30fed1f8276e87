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

    fn ctx(tenant_id: &str) -> TenantCtx {
        TenantCtx {
            tenant_id: tenant_id.into(),
            caller_tenant_id: tenant_id.into(),
            client_id: "client".into(),
            client_name: "app".into(),
        }
    }

    #[sqlx::test(migrations = "../../migrations")]
    async fn a_use_case_commits_with_its_activity_or_rolls_back_and_fails_it(db: sqlx::PgPool) {
        let tenant = "0123456789abcdef0123456789abcdef";
        crate::repo::insert_tenant(&db, tenant, "T").await.unwrap();
        let state = AppState::new(
            db.clone(),
            crate::config::Config::from_env(Vec::new()).unwrap(),
        );
        let ctx = ctx(tenant);
        let rename = |name: &'static str| {
            async move |tx: &mut PgConnection| -> Result<String, ApiError> {
                sqlx::query("UPDATE tenants SET name = $1 WHERE id = $2")
                    .bind(name)
                    .bind(tenant)
                    .execute(&mut *tx)
                    .await?;
                Ok(tenant.to_string())
            }
        };
        let name = async || -> String {
            sqlx::query_scalar("SELECT name FROM tenants WHERE id = $1")
                .bind(tenant)
                .fetch_one(&db)
                .await
                .unwrap()
        };

        let accepted = run(&state, &ctx, "RenameTenant", rename("Renamed"))
            .await
            .unwrap();
        assert_eq!(accepted.id.as_deref(), Some(tenant));
        assert_eq!(name().await, "Renamed");
        let key = (tenant.to_string(), accepted.request_id);
        let activity = crate::batch::read::<crate::repo::ActivityById>(&state, key)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (activity.status.as_str(), activity.use_case.as_str()),
            ("SUCCESS", "RenameTenant")
        );

        let failing = async |tx: &mut PgConnection| -> Result<Uuid, ApiError> {
            rename("Lost")(tx).await?;
            Err(ApiError::Conflict("taken".into()))
        };
        let err = run(&state, &ctx, "RenameTenant", failing)
            .await
            .unwrap_err();
        let ApiError::InActivity { request_id, .. } = err else {
            panic!("expected the error of an activity");
        };
        assert_eq!(
            name().await,
            "Renamed",
            "the failed use case is rolled back"
        );
        let key = (tenant.to_string(), request_id);
        let activity = crate::batch::read::<crate::repo::ActivityById>(&state, key)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(activity.status, "FAIL");
    }
}
