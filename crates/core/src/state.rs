//! The state every handler shares.

use std::sync::Arc;

use sqlx::PgPool;

use crate::{
    access::AccessCache, batch::Batches, config::Config, keys::Keys, limits::RateLimits,
    totals::Totals,
};

#[derive(Clone)]
pub struct AppState {
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
        Self {
            keys: Keys::new(&config.jwt_secret, config.token_ttl_secs),
            rate_limits: Arc::new(RateLimits::new(&config)),
            access: Arc::new(AccessCache::new(config.access_cache)),
            batches: Arc::default(),
            totals: Arc::new(Totals::new(config.totals_cache)),
            config: Arc::new(config),
            db,
        }
    }
}
