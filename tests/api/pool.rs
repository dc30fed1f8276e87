//! r1's pool hands out the connection released last (vendor/README.md), so
//! a light load keeps reusing the server processes whose caches are warm,
//! and the connections it leaves unused time out.

use std::time::{Duration, Instant};

use sqlx::{postgres::PgPoolOptions, PgPool};

async fn backend(pool: &PgPool) -> i32 {
    sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test]
async fn the_connection_released_last_is_handed_out_first(db: PgPool) {
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .test_before_acquire(false)
        .idle_timeout(Duration::from_millis(300))
        .connect_with((*db.connect_options()).clone())
        .await
        .unwrap();
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(pool.acquire().await.unwrap());
    }
    let mut pids = Vec::new();
    for conn in &mut held {
        pids.push(
            sqlx::query_scalar::<_, i32>("SELECT pg_backend_pid()")
                .fetch_one(&mut **conn)
                .await
                .unwrap(),
        );
    }
    // Released in the order they were taken: the third goes back last.
    drop(held);
    for _ in 0..5 {
        assert_eq!(backend(&pool).await, pids[2], "backends {pids:?}");
    }

    // The two left idle time out; the one in use stays.
    let deadline = Instant::now() + Duration::from_secs(10);
    while pool.size() > 1 {
        assert!(
            Instant::now() < deadline,
            "the idle connections were kept: {} open",
            pool.size()
        );
        assert_eq!(backend(&pool).await, pids[2]);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(backend(&pool).await, pids[2]);
}
