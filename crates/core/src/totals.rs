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
//! A total is kept only when nothing could have changed it unseen:
//! - the revision is read before the count's snapshot is taken, so a
//!   writer that advances it later makes the kept total unreachable;
//! - a writer that advanced it earlier but had not committed when the
//!   count's snapshot was taken is among the snapshot's running
//!   transactions: the total is then not kept, unless every running
//!   transaction is positively one of another database (the tests'
//!   databases, other regions sharing a cluster);
//! - nor is it when the counting transaction itself has written.
//!
//! Unlike the access cache (r1_core::access), which must cost no round
//! trip and so listens for notifications, a total may cost one small
//! statement, and in exchange follows every commit at once.

use std::{collections::HashMap, sync::RwLock};

use sqlx::{PgConnection, Postgres, QueryBuilder};

/// Beyond this many totals the process starts over rather than grow.
const MAX_ENTRIES: usize = 10_000;

/// The sequence that the triggers on a domain's counted tables advance.
#[derive(Debug, Clone, Copy)]
pub struct Revision(pub &'static str);

/// Whether the count's snapshot could have missed a write that advanced
/// the revision before it was read (see the module's comment). `x::xid`
/// drops the epoch of a running transaction's id, as `backend_xid` has none.
const QUIET: &str = "(pg_current_xact_id_if_assigned() IS NULL AND NOT EXISTS (
    SELECT FROM pg_snapshot_xip(pg_current_snapshot()) AS x
    WHERE NOT EXISTS (SELECT FROM pg_stat_activity a
                      WHERE a.backend_xid = x::xid AND a.datname <> current_database())))";

#[derive(Default)]
pub struct Totals {
    /// A query's key → (revision, total).
    entries: RwLock<HashMap<String, (i64, i64)>>,
}

impl Totals {
    /// How many rows `push_from` selects: the statement's ` FROM … WHERE …`
    /// after `SELECT count(*)`. `key` names the query within the process
    /// (tenant, scope and every condition); `persistent` as for the page.
    pub async fn count<'q>(
        &self,
        conn: &mut PgConnection,
        revision: Revision,
        key: String,
        persistent: bool,
        push_from: impl FnOnce(&mut QueryBuilder<'q, Postgres>),
    ) -> Result<i64, sqlx::Error> {
        let current: i64 = sqlx::query_scalar(&format!("SELECT last_value FROM {}", revision.0))
            .fetch_one(&mut *conn)
            .await?;
        if let Some(total) = self.get(&key, current) {
            return Ok(total);
        }
        let mut qb = QueryBuilder::new("SELECT count(*), ");
        qb.push(QUIET);
        push_from(&mut qb);
        let (total, quiet): (i64, bool) = qb
            .build_query_as()
            .persistent(persistent)
            .fetch_one(&mut *conn)
            .await?;
        if quiet {
            self.put(key, current, total);
        }
        Ok(total)
    }

    fn get(&self, key: &str, revision: i64) -> Option<i64> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        match entries.get(key) {
            Some(&(kept, total)) if kept == revision => Some(total),
            _ => None,
        }
    }

    fn put(&self, key: String, revision: i64, total: i64) {
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

    #[test]
    fn a_total_is_served_for_its_own_revision_only() {
        let totals = Totals::default();
        assert_eq!(totals.get("q", 7), None);
        totals.put("q".into(), 7, 42);
        assert_eq!(totals.get("q", 7), Some(42));
        assert_eq!(totals.get("q", 8), None);
        assert_eq!(totals.get("other", 7), None);
    }

    #[test]
    fn an_older_revision_does_not_replace_a_newer_one() {
        let totals = Totals::default();
        totals.put("q".into(), 8, 43);
        totals.put("q".into(), 7, 42);
        assert_eq!(totals.get("q", 8), Some(43));
        totals.put("q".into(), 9, 44);
        assert_eq!(totals.get("q", 9), Some(44));
    }

    #[test]
    fn a_full_cache_starts_over() {
        let totals = Totals::default();
        for i in 0..MAX_ENTRIES {
            totals.put(i.to_string(), 1, 1);
        }
        assert_eq!(totals.get("0", 1), Some(1));
        totals.put("new".into(), 1, 2);
        assert_eq!(totals.get("0", 1), None);
        assert_eq!(totals.get("new", 1), Some(2));
    }
}
