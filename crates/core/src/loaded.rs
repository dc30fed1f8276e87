//! Path extractors that load their row (as crates.io's do): a handler that
//! reads one resource takes `Loaded<Row, Path>` and gets the tenant's row or
//! the resource's 404 before its body runs, instead of repeating the
//! load-then-check lines.

use std::{future::Future, marker::PhantomData};

use axum::{extract::FromRequestParts, http::request::Parts};
use serde::de::DeserializeOwned;
use sqlx::PgConnection;

use crate::{auth::TenantCtx, error::ApiError, extract::Path, state::AppState};

/// A row that the path `P` names within a tenant.
pub trait FromPath<P>: Sized {
    /// The row, or the vendor's 404 for it.
    fn load(
        conn: &mut PgConnection,
        tenant_id: &str,
        path: P,
    ) -> impl Future<Output = Result<Self, ApiError>> + Send;
}

/// The row `T` named by the path `P`, loaded for the calling tenant.
pub struct Loaded<T, P>(pub T, pub PhantomData<fn() -> P>);

impl<T, P> Loaded<T, P> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T, P> FromRequestParts<AppState> for Loaded<T, P>
where
    T: FromPath<P> + Send,
    P: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ctx = TenantCtx::from_request_parts(parts, state).await?;
        let Path(path) = Path::<P>::from_request_parts(parts, state).await?;
        let mut conn = state.db.acquire().await?;
        let row = T::load(&mut conn, &ctx.tenant_id, path).await?;
        Ok(Loaded(row, PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use axum::{body::Body, http::Request, http::StatusCode, routing::get, Router};
    use serde::Deserialize;
    use tower::ServiceExt;

    use super::*;
    use crate::config::Config;

    /// A row any tenant has under the id `known`.
    struct Thing(String);

    #[derive(Deserialize)]
    struct ThingPath {
        id: String,
    }

    impl FromPath<ThingPath> for Thing {
        async fn load(
            _conn: &mut PgConnection,
            tenant_id: &str,
            p: ThingPath,
        ) -> Result<Self, ApiError> {
            match p.id.as_str() {
                "known" => Ok(Thing(format!("{tenant_id}/{}", p.id))),
                other => Err(ApiError::NotFound(format!("Thing {other} not found"))),
            }
        }
    }

    async fn show(Loaded(thing, _): Loaded<Thing, ThingPath>) -> String {
        thing.0
    }

    #[sqlx::test(migrations = "../../migrations")]
    async fn the_row_is_loaded_for_the_callers_tenant_or_is_its_404(db: sqlx::PgPool) {
        let tenant = "0123456789abcdef0123456789abcdef";
        crate::repo::insert_tenant(&db, tenant, "T").await.unwrap();
        let state = AppState::new(db, Config::from_env(Vec::new()).unwrap());
        let token = state.keys.issue("client", tenant, "app").unwrap();
        let app = Router::new()
            .route("/things/{id}", get(show))
            .with_state(state);
        let call = |id: &str, auth: Option<&str>| {
            let mut req = Request::builder().uri(format!("/things/{id}"));
            if let Some(token) = auth {
                req = req.header("authorization", format!("Bearer {token}"));
            }
            app.clone().oneshot(req.body(Body::empty()).unwrap())
        };
        let res = call("known", Some(&token)).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
        assert_eq!(body, format!("{tenant}/known"));
        let res = call("other", Some(&token)).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let res = call("known", None).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
}
