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
