//! The state every handler shares.

use std::sync::Arc;

use sqlx::PgPool;

use crate::{config::Config, keys::Keys, limits::RateLimits};

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub config: Arc<Config>,
    pub keys: Keys,
    pub rate_limits: Arc<RateLimits>,
}

impl AppState {
    pub fn new(db: PgPool, config: Config) -> Self {
        Self {
            keys: Keys::new(&config.jwt_secret, config.token_ttl_secs),
            rate_limits: Arc::new(RateLimits::new(&config)),
            config: Arc::new(config),
            db,
        }
    }
}
