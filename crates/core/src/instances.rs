//! The r1 processes serving one database. Each beats once a second in
//! `r1_instances`; the number of processes seen in the last few seconds sets
//! each one's share of the rate budgets (`limits`). A process that stops
//! beating drops out within seconds and the others take its share.

use std::{sync::Arc, time::Duration};

use sqlx::PgPool;
use uuid::Uuid;

use crate::{limits::RateLimits, repo};

const BEAT: Duration = Duration::from_secs(1);

/// Starts beating for this process; the task ends with the runtime.
pub fn join(db: PgPool, limits: Arc<RateLimits>) -> tokio::task::JoinHandle<()> {
    let id = Uuid::new_v4();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(BEAT);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match repo::beat(&db, id).await {
                Ok(others) => limits.set_shares(others as u32 + 1),
                // Keep the last share while the database is away.
                Err(e) => tracing::debug!(error = %e, "instance heartbeat failed"),
            }
        }
    })
}
