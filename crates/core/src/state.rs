//! The state every handler shares.

use std::sync::Arc;

use sqlx::PgPool;

use crate::{
    access::AccessCache, batch::Batches, config::Config, keys::Keys, limits::RateLimits,
    totals::Totals,
};

/// Cloned by every request, several times (the `Extension` layer, the
/// middleware and the handler's `State`): one shared pointer, so that a
/// clone and its drop cost one atomic count, not one per part. With a
/// pointer per part, dropping the copies was 2% of r1's CPU under the poll
/// (perf).
#[derive(Clone)]
pub struct AppState(Arc<Parts>);

impl std::ops::Deref for AppState {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}

pub struct Parts {
    pub db: PgPool,
    pub config: Arc<Config>,
    pub keys: Keys,
    pub rate_limits: Arc<RateLimits>,
    /// Answers of the per-request tenant check (r1_core::access).
    pub access: Arc<AccessCache>,
    /// The reads that concurrent requests share a statement for.
    pub batches: Arc<Batches>,
    /// Query totals kept with their domain's revision (r1_core::totals).
    pub totals: Arc<Totals>,
}

impl AppState {
    pub fn new(db: PgPool, config: Config) -> Self {
        Self(Arc::new(Parts {
            keys: Keys::new(&config.jwt_secret, config.token_ttl_secs),
            rate_limits: Arc::new(RateLimits::new(&config)),
            access: Arc::new(AccessCache::new(config.access_cache)),
            batches: Arc::default(),
            totals: Arc::new(Totals::new(config.totals_cache)),
            config: Arc::new(config),
            db,
        }))
    }
}
