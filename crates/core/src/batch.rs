//! Reads of one row by key that concurrent requests share a statement for.
//!
//! Clients poll: an activity until it settles, a passphrase after its
//! change. Under load each such GET paid a statement of its own, and
//! PostgreSQL's cost per statement, not per row, set the pace. Here one
//! statement is in flight per kind of read; the keys that arrive meanwhile
//! wait for it to end and go together in the next one. A lone request waits
//! for nothing, and every read starts after its request arrived, so it sees
//! what was committed before.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

use sqlx::PgPool;
use tokio::sync::oneshot;

use crate::error::ApiError;
use crate::AppState;

/// The most keys one statement reads.
const MAX_KEYS: usize = 64;

/// A read of rows by key, one statement for many keys.
pub trait BatchRead: 'static {
    type Key: Send + 'static;
    type Row: Send + 'static;

    /// One answer per key, in the order of `keys`; a key may come twice.
    fn load(
        db: PgPool,
        keys: Vec<Self::Key>,
    ) -> impl Future<Output = Result<Vec<Option<Self::Row>>, sqlx::Error>> + Send;
}

/// The row of `key`, read in a statement shared with the reads of the same
/// kind that arrive while another is in flight.
pub async fn read<R: BatchRead>(state: &AppState, key: R::Key) -> Result<Option<R::Row>, ApiError> {
    state.batches.read::<R>(&state.db, key).await
}

/// The batchers of one [`AppState`], one per kind of read.
#[derive(Default)]
pub struct Batches(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl Batches {
    async fn read<R: BatchRead>(
        &self,
        db: &PgPool,
        key: R::Key,
    ) -> Result<Option<R::Row>, ApiError> {
        let batcher = self.of::<R>();
        let (tx, rx) = oneshot::channel();
        let start = {
            let mut queue = batcher.lock();
            queue.waiting.push((key, tx));
            !std::mem::replace(&mut queue.running, true)
        };
        if start {
            // Nothing in flight: this request reads at once, in its own task
            // (no task to spawn and wake for a lone read), and hands what
            // arrived meanwhile to a spawned runner.
            let mut runner = Runner {
                batcher,
                db: db.clone(),
                inline: true,
                ended: false,
            };
            runner.read_once().await;
            runner.ended = true;
        }
        match rx.await {
            Ok(answer) => answer.map_err(ApiError::from),
            // The runner panicked, or its load answered fewer keys than it got.
            Err(_) => Err(ApiError::internal("the read was dropped")),
        }
    }

    fn of<R: BatchRead>(&self) -> Arc<Batcher<R>> {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let batcher = all
            .entry(TypeId::of::<R>())
            .or_insert_with(|| Arc::new(Batcher::<R>::default()));
        Arc::clone(batcher)
            .downcast()
            .expect("batchers are kept under their own type")
    }
}

type Answer<R> = Result<Option<<R as BatchRead>::Row>, Arc<sqlx::Error>>;
type Waiting<R> = Vec<(<R as BatchRead>::Key, oneshot::Sender<Answer<R>>)>;

struct Batcher<R: BatchRead> {
    queue: Mutex<Queue<R>>,
}

struct Queue<R: BatchRead> {
    waiting: Waiting<R>,
    /// Whether a runner is reading; one statement per kind is in flight.
    running: bool,
}

impl<R: BatchRead> Default for Batcher<R> {
    fn default() -> Self {
        Self {
            queue: Mutex::new(Queue {
                waiting: Vec::new(),
                running: false,
            }),
        }
    }
}

impl<R: BatchRead> Batcher<R> {
    fn lock(&self) -> MutexGuard<'_, Queue<R>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The one runner of a kind of read: reads what waits until nothing does.
/// Its drop, on a panic too, ends the run or hands the keys that arrived
/// meanwhile to a spawned runner, so that no key waits for a runner that is
/// gone.
struct Runner<R: BatchRead> {
    batcher: Arc<Batcher<R>>,
    db: PgPool,
    /// Whether a request reads in its own task; its client may leave, which
    /// drops it mid-read. A spawned runner is dropped mid-read only by the
    /// runtime's shutdown, and must then spawn nothing: the new runner would
    /// be dropped at once, its drop spawning the next.
    inline: bool,
    /// Whether the run ended: nothing waited, or an inline read was done.
    ended: bool,
}

impl<R: BatchRead> Runner<R> {
    fn spawn(batcher: Arc<Batcher<R>>, db: PgPool) {
        let runner = Runner {
            batcher,
            db,
            inline: false,
            ended: false,
        };
        tokio::spawn(runner.run());
    }

    async fn run(mut self) {
        loop {
            // The requests a statement just answered, and any others ready
            // on this worker, run before the next statement is sent: a
            // polling client's next read joins it instead of starting a
            // statement of its own, and PostgreSQL's cost is per statement.
            tokio::task::yield_now().await;
            if !self.read_once().await {
                break;
            }
        }
        self.ended = true;
    }

    /// Reads (up to [`MAX_KEYS`] of) the keys that wait; false when none did.
    async fn read_once(&mut self) -> bool {
        let batch: Waiting<R> = {
            let mut queue = self.batcher.lock();
            let n = queue.waiting.len().min(MAX_KEYS);
            queue.waiting.drain(..n).collect()
        };
        if batch.is_empty() {
            return false;
        }
        let (keys, senders): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        match R::load(self.db.clone(), keys).await {
            Ok(rows) => {
                for (tx, row) in senders.into_iter().zip(rows) {
                    // A client that left no longer waits.
                    let _ = tx.send(Ok(row));
                }
            }
            Err(e) => {
                let e = Arc::new(e);
                for tx in senders {
                    let _ = tx.send(Err(e.clone()));
                }
            }
        }
        true
    }
}

impl<R: BatchRead> Drop for Runner<R> {
    fn drop(&mut self) {
        let mut queue = self.batcher.lock();
        let shutting_down = !self.ended && !self.inline && !std::thread::panicking();
        let can_spawn = tokio::runtime::Handle::try_current().is_ok();
        if queue.waiting.is_empty() || shutting_down || !can_spawn {
            queue.running = false;
        } else {
            drop(queue);
            Runner::spawn(self.batcher.clone(), self.db.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use sqlx::postgres::PgPoolOptions;
    use tokio::task::JoinSet;
    use tokio::time::timeout;

    use super::*;

    /// A pool that is never used: the test reads answer without a database.
    fn no_database() -> PgPool {
        PgPoolOptions::new()
            .connect_lazy("postgres://r1@127.0.0.1:1/r1")
            .unwrap()
    }

    /// Twice an even key, nothing for an odd one, after 5 ms; keeps the size
    /// of each statement and how many ran at once.
    struct Double;
    static DOUBLE_LOADS: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    static DOUBLE_IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
    static DOUBLE_MOST_IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

    impl BatchRead for Double {
        type Key = u32;
        type Row = u32;

        async fn load(_db: PgPool, keys: Vec<u32>) -> Result<Vec<Option<u32>>, sqlx::Error> {
            let now = DOUBLE_IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
            DOUBLE_MOST_IN_FLIGHT.fetch_max(now, Ordering::SeqCst);
            DOUBLE_LOADS.lock().unwrap().push(keys.len());
            tokio::time::sleep(Duration::from_millis(5)).await;
            DOUBLE_IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
            Ok(keys.iter().map(|k| (k % 2 == 0).then_some(k * 2)).collect())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_that_arrive_together_share_statements_and_each_gets_its_own_row() {
        let batches = Arc::new(Batches::default());
        let db = no_database();
        // A lone read goes at once, alone.
        assert_eq!(batches.read::<Double>(&db, 4).await.unwrap(), Some(8));
        assert_eq!(*DOUBLE_LOADS.lock().unwrap(), [1]);

        let mut reads = JoinSet::new();
        for key in 0..300u32 {
            let (batches, db) = (batches.clone(), db.clone());
            reads.spawn(async move { (key, batches.read::<Double>(&db, key).await) });
        }
        while let Some(done) = reads.join_next().await {
            let (key, row) = done.unwrap();
            let want = (key % 2 == 0).then_some(key * 2);
            assert_eq!(row.unwrap(), want, "key {key}");
        }
        let loads = DOUBLE_LOADS.lock().unwrap().clone();
        assert_eq!(loads.iter().sum::<usize>(), 301, "{loads:?}");
        assert!(
            loads.len() < 20,
            "the reads shared few statements: {loads:?}"
        );
        assert!(loads.iter().all(|&n| n <= MAX_KEYS), "{loads:?}");
        assert_eq!(DOUBLE_MOST_IN_FLIGHT.load(Ordering::SeqCst), 1);
    }

    /// Answers every key after 5 ms; keeps the size of each statement.
    struct Echo;
    static ECHO_LOADS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

    impl BatchRead for Echo {
        type Key = u32;
        type Row = u32;

        async fn load(_db: PgPool, keys: Vec<u32>) -> Result<Vec<Option<u32>>, sqlx::Error> {
            ECHO_LOADS.lock().unwrap().push(keys.len());
            tokio::time::sleep(Duration::from_millis(5)).await;
            Ok(keys.into_iter().map(Some).collect())
        }
    }

    /// One worker, so the order is the scheduler's, not the machine's.
    #[tokio::test(flavor = "current_thread")]
    async fn the_next_reads_of_answered_requests_share_one_statement() {
        let batches = Arc::new(Batches::default());
        let db = no_database();
        let mut clients = JoinSet::new();
        for key in 0..10u32 {
            let (batches, db) = (batches.clone(), db.clone());
            clients.spawn(async move {
                // A client that polls twice, at once.
                for _ in 0..2 {
                    assert_eq!(batches.read::<Echo>(&db, key).await.unwrap(), Some(key));
                }
            });
        }
        while let Some(done) = clients.join_next().await {
            done.unwrap();
        }
        // The first read alone; the nine that waited with the first
        // client's second read; the other nine second reads together, not
        // one of them alone and the rest after it.
        assert_eq!(*ECHO_LOADS.lock().unwrap(), [1, 10, 9]);
    }

    /// Fails every statement that holds the key 0.
    struct FailsOnZero;

    impl BatchRead for FailsOnZero {
        type Key = u32;
        type Row = u32;

        async fn load(_db: PgPool, keys: Vec<u32>) -> Result<Vec<Option<u32>>, sqlx::Error> {
            if keys.contains(&0) {
                return Err(sqlx::Error::PoolTimedOut);
            }
            Ok(keys.into_iter().map(Some).collect())
        }
    }

    #[tokio::test]
    async fn a_failed_statement_fails_each_of_its_reads_as_the_error_says() {
        let batches = Batches::default();
        let db = no_database();
        let failed = batches.read::<FailsOnZero>(&db, 0).await.unwrap_err();
        assert!(matches!(failed, ApiError::Unavailable(_)), "{failed:?}");
        assert_eq!(batches.read::<FailsOnZero>(&db, 7).await.unwrap(), Some(7));
    }

    /// Panics in every statement that holds the key 0.
    struct PanicsOnZero;

    impl BatchRead for PanicsOnZero {
        type Key = u32;
        type Row = u32;

        async fn load(_db: PgPool, keys: Vec<u32>) -> Result<Vec<Option<u32>>, sqlx::Error> {
            tokio::time::sleep(Duration::from_millis(1)).await;
            assert!(!keys.contains(&0), "the test's panic");
            Ok(keys.into_iter().map(Some).collect())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_statement_fails_its_reads_and_leaves_no_read_waiting() {
        let batches = Arc::new(Batches::default());
        let db = no_database();
        // Key 0 first: a request reads it in its own task, and panics there.
        // Key 0 last: it waits, and a spawned runner panics.
        for order in [(0..100u32).collect::<Vec<_>>(), (0..100).rev().collect()] {
            let mut reads = JoinSet::new();
            for key in order {
                let (batches, db) = (batches.clone(), db.clone());
                reads.spawn(async move { (key, batches.read::<PanicsOnZero>(&db, key).await) });
            }
            let mut failed = 0;
            while let Some(done) = timeout(Duration::from_secs(5), reads.join_next())
                .await
                .expect("no read waits for a runner that is gone")
            {
                match done {
                    Ok((key, Ok(row))) => assert_eq!(row, Some(key)),
                    Ok((_, Err(e))) => {
                        assert!(matches!(e, ApiError::Internal(_)), "{e:?}");
                        failed += 1;
                    }
                    // The request that read in its own task (in r1, the
                    // server's CatchPanicLayer answers it 500).
                    Err(e) => {
                        assert!(e.is_panic(), "{e:?}");
                        failed += 1;
                    }
                }
            }
            assert!(
                (1..100).contains(&failed),
                "only the panicking statement's reads fail: {failed}"
            );
        }
        assert_eq!(batches.read::<PanicsOnZero>(&db, 3).await.unwrap(), Some(3));
    }

    /// Answers every key after 50 ms.
    struct Slow;

    impl BatchRead for Slow {
        type Key = u32;
        type Row = u32;

        async fn load(_db: PgPool, keys: Vec<u32>) -> Result<Vec<Option<u32>>, sqlx::Error> {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(keys.into_iter().map(Some).collect())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_that_leaves_mid_read_hands_on_the_keys_that_wait() {
        let batches = Arc::new(Batches::default());
        let db = no_database();
        let (b, d) = (batches.clone(), db.clone());
        // Reads in its own task, then its client leaves.
        let leaving = tokio::spawn(async move { b.read::<Slow>(&d, 1).await });
        tokio::time::sleep(Duration::from_millis(10)).await;
        let (b, d) = (batches.clone(), db.clone());
        let waiting = tokio::spawn(async move { b.read::<Slow>(&d, 2).await });
        tokio::time::sleep(Duration::from_millis(10)).await;
        leaving.abort();
        let row = timeout(Duration::from_secs(5), waiting)
            .await
            .expect("the waiting key is read by a runner of its own")
            .unwrap()
            .unwrap();
        assert_eq!(row, Some(2));
    }
}
