//! The `totalCount` of query pages that must count apart from the page,
//! remembered per process so that paging through a search costs a page
//! each time, not a count of every match each time (a search every row
//! holds, at a million rows: 150 ms a count).
//!
//! A total is kept with where its tables stood: the number of the last
//! change to the counted rows and the revisions of what else it reads
//! (migrations `..._count_revisions.sql`, `..._count_changes.sql`,
//! `..._count_revisions_per_table.sql`). Every row a statement writes to
//! the counted table is logged, as it was (-1) and as it is (+1), in a
//! changes table of the same columns; writes to each other table a query
//! may read (a passphrase's devices, an identity's group or ports) advance
//! that table's revision, which only the queries whose conditions read it
//! follow ([`Counted::reading`]). A later count reads both first:
//! - nothing changed: the kept total;
//! - only counted rows changed, at most [`MAX_ADDED`] of them: the kept
//!   total plus the signs of the changes since that its conditions select,
//!   so that the first page after a write costs its changes, not a count;
//! - otherwise: a count.
//!
//! A write by any process, or by hand with psql, is seen by the next query.
//!
//! A total is kept only when it holds every change up to the position it
//! is kept with, and none after. Four statements, in this order:
//! 1. the position is read;
//! 2. no transaction of the database holds a transaction id (has written
//!    and not ended), the counting one included, as `pg_stat_activity`
//!    shows (its `backend_xid` is shown to every role). Triggers number a
//!    change after its rows are written, so every writer numbered before 1.
//!    has ended;
//! 3. the count (or the sum of changes), whose snapshot, taken after 2.,
//!    sees what they committed;
//! 4. the position is read again: when it has not moved, no change that
//!    3. saw is numbered after 1.
//!
//! When 2. finds a writer or 4. a move, the total is served but not kept:
//! under concurrent writes, totals are counted (or summed) each time.
//! Transactions of other databases (the tests', other regions sharing a
//! cluster) do not matter. Prepared (two-phase) transactions are not seen;
//! r1 makes none.
//!
//! The sum of changes since a kept total is right in any snapshot: a change
//! it sees was committed, and numbered, before 4. read the position, so a
//! revision unmoved at 4. means no other table's write is in it, and
//! changes deleted as old (the migration keeps the last
//! [`KEPT_CHANGES`]) were numbered before the position 4. read.
//!
//! Unlike the access cache (r1_core::access), which must cost no round
//! trip and so listens for notifications, a total may cost one small
//! statement, and in exchange follows every commit at once.

use std::{collections::HashMap, sync::RwLock};

use sha2::{Digest, Sha256};
use sqlx::{PgConnection, Postgres, QueryBuilder};

/// Beyond this many totals the process starts over rather than grow.
const MAX_ENTRIES: usize = 10_000;

/// The most changes added to a kept total: beyond, a count costs less.
pub const MAX_ADDED: i64 = 10_000;

/// How many changes the tables keep (migration `..._count_changes.sql`
/// deletes older ones).
pub const KEPT_CHANGES: i64 = 50_000;
// A total is added up only from changes still kept.
const _: () = assert!(MAX_ADDED <= KEPT_CHANGES);

/// A query's key, digested: a key can be as long as the query's conditions
/// (thousands of ids), a digest keeps each entry small.
type Digested = [u8; 32];

/// What a query's kept total counts, and how writes to it are followed
/// (migrations `..._count_changes.sql`, `..._count_revisions_per_table.sql`).
#[derive(Debug, Clone)]
pub struct Counted {
    /// The table whose rows are counted.
    pub table: &'static str,
    /// Its changes: the same columns after `change_number, change_sign`.
    pub changes: &'static str,
    /// The sequence that numbers the changes.
    pub change_numbers: &'static str,
    /// The sequences advanced by the writes the changes do not carry: the
    /// counted table's own (a truncation, a statement of more than 10,000
    /// rows), then those of each other table the query's conditions read.
    pub revisions: Vec<&'static str>,
}

impl Counted {
    /// The same, for a query whose conditions also read the table whose
    /// writes advance `revision`.
    pub fn reading(mut self, revision: &'static str) -> Self {
        self.revisions.push(revision);
        self
    }
}

/// Where a domain's counted tables stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    revision: i64,
    change: i64,
}

impl Position {
    /// `revision` is the sum of the revisions: it moves when any of them
    /// does, as each only grows.
    async fn read(conn: &mut PgConnection, counted: &Counted) -> Result<Self, sqlx::Error> {
        let revisions = counted
            .revisions
            .iter()
            .map(|r| format!("(SELECT last_value FROM {r})"))
            .collect::<Vec<_>>()
            .join(" + ");
        let (revision, change) = sqlx::query_as(&format!(
            "SELECT ({revisions})::bigint, (SELECT last_value FROM {})",
            counted.change_numbers
        ))
        .fetch_one(conn)
        .await?;
        Ok(Self { revision, change })
    }

    /// The changes since `self`, to add to a total kept at `self`, when
    /// `now` allows: no other table written, not too many.
    fn adds_up_to(self, now: Position) -> bool {
        now.revision == self.revision && (0..=MAX_ADDED).contains(&(now.change - self.change))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kept {
    at: Position,
    total: i64,
}

/// Whether no transaction of the database has written and not ended (2.
/// in the module's comment).
const QUIET: &str = "SELECT NOT EXISTS (
    SELECT FROM pg_stat_activity
    WHERE backend_xid IS NOT NULL AND datname = current_database())";

#[derive(Default)]
pub struct Totals {
    /// `false` (R1_TOTALS_CACHE=false): every total is counted.
    disabled: bool,
    /// A query's key → its total and where it was counted.
    entries: RwLock<HashMap<Digested, Kept>>,
}

impl Totals {
    pub fn new(enabled: bool) -> Self {
        Self {
            disabled: !enabled,
            ..Self::default()
        }
    }

    /// How many rows `push_from` selects: the statement's ` FROM … WHERE …`
    /// after `SELECT count(*)`, reading its rows from the table it is given
    /// (the counted one, or its changes) under the counted table's alias,
    /// and ending in conditions joined by AND. `key` names the query within
    /// the process (tenant, scope and every condition); `persistent` as for
    /// the page. `conn` is outside a transaction or in a READ COMMITTED one:
    /// the count must take its own snapshot, after the check of writers.
    pub async fn count<'q>(
        &self,
        conn: &mut PgConnection,
        counted: &Counted,
        key: &str,
        persistent: bool,
        push_from: impl Fn(&mut QueryBuilder<'q, Postgres>, &str),
    ) -> Result<i64, sqlx::Error> {
        if self.disabled {
            return Self::count_now(conn, persistent, |qb| push_from(qb, counted.table)).await;
        }
        let key: Digested = Sha256::digest(key).into();
        let now = Position::read(conn, counted).await?;
        let kept = self.get(&key);
        if let Some(kept) = kept.filter(|k| k.at == now) {
            return Ok(kept.total);
        }
        let quiet: bool = sqlx::query_scalar(QUIET).fetch_one(&mut *conn).await?;
        let mut served = None;
        if let Some(kept) = kept.filter(|k| k.at.adds_up_to(now)) {
            let added = Self::added(conn, counted, kept.at.change, persistent, &push_from).await?;
            let after = Position::read(conn, counted).await?;
            if after.revision == kept.at.revision && after.change - kept.at.change <= KEPT_CHANGES {
                served = Some((kept.total + added, after));
            }
        }
        let (total, after) = match served {
            Some(served) => served,
            None => {
                let total =
                    Self::count_now(conn, persistent, |qb| push_from(qb, counted.table)).await?;
                (total, Position::read(conn, counted).await?)
            }
        };
        if quiet && after == now {
            self.put(key, Kept { at: now, total });
        }
        Ok(total)
    }

    /// The signs of the changes numbered after `since` that `push_from`
    /// selects, as they were and as they are.
    async fn added<'q>(
        conn: &mut PgConnection,
        counted: &Counted,
        since: i64,
        persistent: bool,
        push_from: &impl Fn(&mut QueryBuilder<'q, Postgres>, &str),
    ) -> Result<i64, sqlx::Error> {
        let mut qb = QueryBuilder::new("SELECT coalesce(sum(change_sign), 0)::bigint");
        push_from(&mut qb, counted.changes);
        qb.push(" AND change_number > ").push_bind(since);
        qb.build_query_scalar()
            .persistent(persistent)
            .fetch_one(conn)
            .await
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

    fn get(&self, key: &Digested) -> Option<Kept> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries.get(key).copied()
    }

    fn put(&self, key: Digested, kept: Kept) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        // A slower count of an older position may finish after a newer one.
        let newer =
            |old: &Kept| (old.at.revision, old.at.change) > (kept.at.revision, kept.at.change);
        if !entries.get(&key).is_some_and(newer) {
            entries.insert(key, kept);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Digested {
        Sha256::digest(name).into()
    }

    fn kept(revision: i64, change: i64, total: i64) -> Kept {
        Kept {
            at: Position { revision, change },
            total,
        }
    }

    #[test]
    fn a_total_is_kept_per_query() {
        let totals = Totals::default();
        assert_eq!(totals.get(&key("q")), None);
        totals.put(key("q"), kept(7, 3, 42));
        assert_eq!(totals.get(&key("q")), Some(kept(7, 3, 42)));
        assert_eq!(totals.get(&key("other")), None);
    }

    #[test]
    fn an_older_position_does_not_replace_a_newer_one() {
        let totals = Totals::default();
        totals.put(key("q"), kept(8, 3, 43));
        totals.put(key("q"), kept(7, 9, 42));
        totals.put(key("q"), kept(8, 2, 41));
        assert_eq!(totals.get(&key("q")), Some(kept(8, 3, 43)));
        totals.put(key("q"), kept(8, 4, 44));
        assert_eq!(totals.get(&key("q")), Some(kept(8, 4, 44)));
    }

    #[test]
    fn changes_are_added_up_to_a_total_of_the_same_revision_only() {
        let at = Position {
            revision: 7,
            change: 100,
        };
        let now = |revision, change| Position { revision, change };
        assert!(at.adds_up_to(now(7, 100)));
        assert!(at.adds_up_to(now(7, 101)));
        assert!(at.adds_up_to(now(7, 100 + MAX_ADDED)));
        assert!(!at.adds_up_to(now(7, 101 + MAX_ADDED)));
        assert!(!at.adds_up_to(now(8, 101)));
        assert!(!at.adds_up_to(now(7, 99)));
    }

    #[test]
    fn a_full_cache_starts_over() {
        let totals = Totals::default();
        for i in 0..MAX_ENTRIES {
            totals.put(key(&i.to_string()), kept(1, 1, 1));
        }
        assert!(totals.get(&key("0")).is_some());
        totals.put(key("new"), kept(1, 1, 2));
        assert_eq!(totals.get(&key("0")), None);
        assert_eq!(totals.get(&key("new")), Some(kept(1, 1, 2)));
    }
}
