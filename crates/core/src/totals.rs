//! The `totalCount` of query pages that must count apart from the page,
//! remembered per process so that paging through a search costs a page
//! each time, not a count of every match each time (a search every row
//! holds, at a million rows: 150 ms a count).
//!
//! A total is kept with its domain's revision: a sequence that a statement
//! trigger on every table the count reads advances (migration
//! `..._count_revisions.sql`). A later count reads the sequence first and
//! uses the kept total only when the revision is the same, so a write by
//! any process, or by hand with psql, is seen by the next query.
//!
//! A total is kept only when its count saw every write the revision it is
//! kept with stands for. Three statements, in this order:
//! 1. the revision is read: a writer that advances it later makes the kept
//!    total unreachable;
//! 2. no transaction of the database holds a transaction id (has written
//!    and not ended), the counting one included, as `pg_stat_activity`
//!    shows (its `backend_xid` is shown to every role). So every writer
//!    that advanced the revision before 1. has ended;
//! 3. the count, whose snapshot, taken after 2., sees what they committed.
//!
//! When 2. finds a writer, the total is counted but not kept: under
//! concurrent writes, totals are counted each time. Transactions of other
//! databases (the tests', other regions sharing a cluster) do not matter.
//! Prepared (two-phase) transactions are not seen; r1 makes none.
//!
//! Unlike the access cache (r1_core::access), which must cost no round
//! trip and so listens for notifications, a total may cost one small
//! statement, and in exchange follows every commit at once.

use std::{collections::HashMap, sync::RwLock};

use sha2::{Digest, Sha256};
use sqlx::{PgConnection, Postgres, QueryBuilder};

/// Beyond this many totals the process starts over rather than grow.
const MAX_ENTRIES: usize = 10_000;

/// A query's key, digested: a key can be as long as the query's conditions
/// (thousands of ids), a digest keeps each entry small.
type Digested = [u8; 32];

/// The sequence that the triggers on a domain's counted tables advance.
#[derive(Debug, Clone, Copy)]
pub struct Revision(pub &'static str);

/// Whether no transaction of the database has written and not ended (2.
/// in the module's comment).
const QUIET: &str = "SELECT NOT EXISTS (
    SELECT FROM pg_stat_activity
    WHERE backend_xid IS NOT NULL AND datname = current_database())";

#[derive(Default)]
pub struct Totals {
    /// `false` (R1_TOTALS_CACHE=false): every total is counted.
    disabled: bool,
    /// A query's key → (revision, total).
    entries: RwLock<HashMap<Digested, (i64, i64)>>,
}

impl Totals {
    pub fn new(enabled: bool) -> Self {
        Self {
            disabled: !enabled,
            ..Self::default()
        }
    }

    /// How many rows `push_from` selects: the statement's ` FROM … WHERE …`
    /// after `SELECT count(*)`. `key` names the query within the process
    /// (tenant, scope and every condition); `persistent` as for the page.
    /// `conn` is outside a transaction or in a READ COMMITTED one: the count
    /// must take its own snapshot, after the check of writers.
    pub async fn count<'q>(
        &self,
        conn: &mut PgConnection,
        revision: Revision,
        key: &str,
        persistent: bool,
        push_from: impl FnOnce(&mut QueryBuilder<'q, Postgres>),
    ) -> Result<i64, sqlx::Error> {
        if self.disabled {
            return Self::count_now(conn, persistent, push_from).await;
        }
        let current: i64 = sqlx::query_scalar(&format!("SELECT last_value FROM {}", revision.0))
            .fetch_one(&mut *conn)
            .await?;
        let key: Digested = Sha256::digest(key).into();
        if let Some(total) = self.get(&key, current) {
            return Ok(total);
        }
        let quiet: bool = sqlx::query_scalar(QUIET).fetch_one(&mut *conn).await?;
        let total = Self::count_now(conn, persistent, push_from).await?;
        if quiet {
            self.put(key, current, total);
        }
        Ok(total)
    }

    /// How many rows `push_from` selects, counted now and never kept: for a
    /// count that moves without writes (one that reads the clock).
    pub async fn count_now<'q>(
        conn: &mut PgConnection,
        persistent: bool,
        push_from: impl FnOnce(&mut QueryBuilder<'q, Postgres>),
    ) -> Result<i64, sqlx::Error> {
        let mut qb = QueryBuilder::new("SELECT count(*)");
        push_from(&mut qb);
        qb.build_query_scalar()
            .persistent(persistent)
            .fetch_one(conn)
            .await
    }

    fn get(&self, key: &Digested, revision: i64) -> Option<i64> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        match entries.get(key) {
            Some(&(kept, total)) if kept == revision => Some(total),
            _ => None,
        }
    }

    fn put(&self, key: Digested, revision: i64, total: i64) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        // A slower count of an older revision may finish after a newer one.
        if entries.get(&key).is_none_or(|&(kept, _)| kept <= revision) {
            entries.insert(key, (revision, total));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Digested {
        Sha256::digest(name).into()
    }

    #[test]
    fn a_total_is_served_for_its_own_revision_only() {
        let totals = Totals::default();
        assert_eq!(totals.get(&key("q"), 7), None);
        totals.put(key("q"), 7, 42);
        assert_eq!(totals.get(&key("q"), 7), Some(42));
        assert_eq!(totals.get(&key("q"), 8), None);
        assert_eq!(totals.get(&key("other"), 7), None);
    }

    #[test]
    fn an_older_revision_does_not_replace_a_newer_one() {
        let totals = Totals::default();
        totals.put(key("q"), 8, 43);
        totals.put(key("q"), 7, 42);
        assert_eq!(totals.get(&key("q"), 8), Some(43));
        totals.put(key("q"), 9, 44);
        assert_eq!(totals.get(&key("q"), 9), Some(44));
    }

    #[test]
    fn a_full_cache_starts_over() {
        let totals = Totals::default();
        for i in 0..MAX_ENTRIES {
            totals.put(key(&i.to_string()), 1, 1);
        }
        assert_eq!(totals.get(&key("0"), 1), Some(1));
        totals.put(key("new"), 1, 2);
        assert_eq!(totals.get(&key("0"), 1), None);
        assert_eq!(totals.get(&key("new"), 1), Some(2));
    }
}
