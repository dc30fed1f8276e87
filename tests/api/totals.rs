//! Query totals kept per process (r1_core::totals): a page that must count
//! apart from its rows (a search most rows match, a page past the end, a
//! full identity page) counts once while nothing changes, and every write to
//! what it counts, through the API or by hand, is in the next total.

use r1::*;
use r1_core::totals::{Counted, Totals, KEPT_CHANGES, MAX_ADDED};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{dpsk, identity};

/// Writes a row the way a hand-made insert that the revision triggers do
/// not see would: only a kept total can then miss it.
async fn unseen(app: &TestApp, sql: &str, binds: &[&str]) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query("SET session_replication_role = replica")
        .execute(&mut *conn)
        .await
        .unwrap();
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(&mut *conn).await.unwrap();
    sqlx::query("RESET session_replication_role")
        .execute(&mut *conn)
        .await
        .unwrap();
}

async fn advance(db: &sqlx::PgPool, sequence: &str) {
    sqlx::query(&format!("SELECT nextval('{sequence}')"))
        .execute(db)
        .await
        .unwrap();
}

/// Whether `total` keeps its answer while a row it counts is written
/// unseen ([`kept_with_unseen`]), and is right once the revision moves:
/// `before` rows at first. The rows there are then.
async fn kept_until_revised<T, W>(
    app: &TestApp,
    sequence: &str,
    before: i64,
    total: impl Fn() -> T,
    write: impl Fn(usize) -> W,
) -> i64
where
    T: std::future::Future<Output = i64>,
    W: std::future::Future<Output = ()>,
{
    assert_eq!(total().await, before);
    let kept = kept_with_unseen(app, sequence, &total, write).await;
    advance(&app.db, sequence).await;
    assert_eq!(total().await, kept + 1, "once revised");
    kept + 1
}

async fn passphrase_total(app: &TestApp, pool_id: &str, body: Value) -> i64 {
    let (status, page) = app
        .post(&format!("/dpskServices/{pool_id}/passphrases/query"), body)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["totalCount"].as_i64().unwrap()
}

#[sqlx::test]
async fn a_search_most_of_a_pool_matches_counts_once_until_a_write(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = dpsk::pool(&app, "guests").await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let body = json!({"passphrase": format!("pass-{n}-xyz"), "username": format!("guest-{n}")});
        ids.push(dpsk::passphrase(&app, &pool_id, body).await);
    }
    dpsk::passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-host-xyz", "username": "host"}),
    )
    .await;
    // Most of the pool holds "guest": the page stops at its rows and the
    // total is counted apart.
    let search = json!({"searchString": "guest", "page": 1, "pageSize": 2});
    let total = || passphrase_total(&app, &pool_id, search.clone());
    let write = |n| unseen_guest(&app, &pool_id, n);
    let mut expected = kept_until_revised(&app, "dpsk_revision", 5, total, write).await;

    // Each write through the API is in the next total.
    dpsk::passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-new-xyz", "username": "guest-new"}),
    )
    .await;
    expected += 1;
    assert_eq!(total().await, expected, "after a create");
    assert_eq!(total().await, expected);
    let path = format!("/dpskServices/{pool_id}/passphrases/{}", ids[0]);
    let (status, body) = app.patch(&path, json!({"username": "visitor"})).await;
    assert!(status.is_success(), "{body}");
    expected -= 1;
    assert_eq!(total().await, expected, "after a change of username");
    let (status, _) = app
        .delete_json(
            &format!("/dpskServices/{pool_id}/passphrases"),
            json!([ids[1]]),
        )
        .await;
    assert!(status.is_success());
    expected -= 1;
    assert_eq!(total().await, expected, "after a delete");
    assert_eq!(total().await, expected);
}

/// A total kept while a row it counts is written unseen: the kept total,
/// which the unseen row is not in. Only a count, not a sum of changes, can
/// then find it. A total is not kept when another transaction of the
/// database (r1's heartbeat) runs just then, so up to three tries, each
/// writing one more row.
async fn kept_with_unseen<T, W>(
    app: &TestApp,
    sequence: &str,
    total: impl Fn() -> T,
    write: impl Fn(usize) -> W,
) -> i64
where
    T: std::future::Future<Output = i64>,
    W: std::future::Future<Output = ()>,
{
    for n in 0..3 {
        advance(&app.db, sequence).await;
        let before = total().await;
        write(n).await;
        let served = total().await;
        if served == before {
            return before;
        }
        assert_eq!(served, before + 1, "not kept, so counted");
    }
    panic!("the total was counted every time, never kept");
}

async fn pool_with_guests(app: &TestApp) -> String {
    let pool_id = dpsk::pool(app, "guests").await;
    for n in 0..5 {
        let body = json!({"passphrase": format!("pass-{n}-xyz"), "username": format!("guest-{n}")});
        dpsk::passphrase(app, &pool_id, body).await;
    }
    pool_id
}

async fn unseen_guest(app: &TestApp, pool_id: &str, n: usize) {
    unseen(
        app,
        "INSERT INTO dpsk_passphrases (id, tenant_id, pool_id, passphrase, username,
             created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2::uuid, $3, $3, now(), now())",
        &[TENANT, pool_id, &format!("guest-unseen-{n}")],
    )
    .await
}

async fn group_with_guests(app: &TestApp) -> String {
    let g = identity::group(app, "guests").await;
    for n in 0..3 {
        identity::identity(app, &g, json!({"name": format!("guest-{n}")})).await;
    }
    g
}

async fn unseen_identity(app: &TestApp, group_id: &str, n: usize) {
    unseen(
        app,
        "INSERT INTO identities (id, tenant_id, group_id, name, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2::uuid, $3, now(), now())",
        &[TENANT, group_id, &format!("guest-unseen-{n}")],
    )
    .await
}

fn guests() -> Value {
    json!({"searchString": "guest", "page": 1, "pageSize": 2})
}

/// A pool of guests whose "guest" search has a total kept while a guest
/// was written unseen ([`kept_with_unseen`]): the pool and that total.
async fn kept_guests(app: &TestApp) -> (String, i64) {
    let pool_id = pool_with_guests(app).await;
    let total = || passphrase_total(app, &pool_id, guests());
    let kept = kept_with_unseen(app, "dpsk_revision", total, |n| {
        unseen_guest(app, &pool_id, n)
    })
    .await;
    (pool_id, kept)
}

/// The same for a group of guest identities and the keyword "guest".
async fn kept_identity_guests(app: &TestApp) -> (String, i64) {
    let g = group_with_guests(app).await;
    let total = || identity_total(app, json!({"keyword": "guest"}));
    let kept = kept_with_unseen(app, "identity_revision", total, |n| {
        unseen_identity(app, &g, n)
    })
    .await;
    (g, kept)
}

#[sqlx::test]
async fn a_write_is_added_to_the_kept_total_not_counted_again(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (pool_id, kept) = kept_guests(&app).await;
    let total = || passphrase_total(&app, &pool_id, guests());
    dpsk::passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-new-xyz", "username": "guest-new"}),
    )
    .await;
    assert_eq!(
        total().await,
        kept + 1,
        "the create added, the unseen row not counted"
    );
    assert_eq!(total().await, kept + 1);
    advance(&app.db, "dpsk_revision").await;
    assert_eq!(total().await, kept + 2, "counted once the revision moves");

    let (g, kept) = kept_identity_guests(&app).await;
    let total = || identity_total(&app, json!({"keyword": "guest"}));
    identity::identity(&app, &g, json!({"name": "guest-new"})).await;
    assert_eq!(
        total().await,
        kept + 1,
        "the create added, the unseen row not counted"
    );
    advance(&app.db, "identity_revision").await;
    assert_eq!(total().await, kept + 2, "counted once the revision moves");
}

/// A write to a table the query's conditions do not read leaves its kept
/// total: a device for a search no MAC can hold, a group for a keyword.
/// Through the revision of a table they read, the same write is counted.
#[sqlx::test]
async fn a_write_to_a_table_the_query_does_not_read_keeps_its_total(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (pool_id, kept) = kept_guests(&app).await;
    let total = || passphrase_total(&app, &pool_id, guests());
    let id = dpsk::passphrase(&app, &pool_id, json!({"passphrase": "pass-host-xyz"})).await;
    let devices = format!("/dpskServices/{pool_id}/passphrases/{id}/devices");
    let (status, _) = app.post(&devices, json!(["AA:BB:CC:00:00:09"])).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(total().await, kept, "\"guest\" reads no device");
    let hex = json!({"searchString": "AA:BB:CC", "page": 9, "pageSize": 1});
    assert_eq!(passphrase_total(&app, &pool_id, hex).await, 1);
    advance(&app.db, "dpsk_device_revision").await;
    assert_eq!(total().await, kept, "nor does its total follow the devices");
    advance(&app.db, "dpsk_revision").await;
    assert_eq!(total().await, kept + 1);

    let (g, kept) = kept_identity_guests(&app).await;
    let total = || identity_total(&app, json!({"keyword": "guest"}));
    let (status, body) = app
        .patch(
            &format!("/identityGroups/{g}"),
            json!({"description": "renamed"}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    advance(&app.db, "identity_port_revision").await;
    assert_eq!(total().await, kept, "a keyword reads no group nor port");
    advance(&app.db, "identity_revision").await;
    assert_eq!(total().await, kept + 1);
}

#[sqlx::test]
async fn more_changes_than_a_sum_adds_are_counted(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (pool_id, kept) = kept_guests(&app).await;
    let total = || passphrase_total(&app, &pool_id, guests());
    sqlx::query("SELECT setval('dpsk_passphrase_change_numbers', last_value + $1) FROM dpsk_passphrase_change_numbers")
        .bind(MAX_ADDED)
        .execute(&app.db)
        .await
        .unwrap();
    dpsk::passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-new-xyz", "username": "guest-new"}),
    )
    .await;
    assert_eq!(total().await, kept + 2, "counted, the unseen row with it");
}

async fn scalar(db: &sqlx::PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

#[sqlx::test]
async fn a_statement_of_more_than_10000_rows_advances_the_revision(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (pool_id, kept) = kept_guests(&app).await;
    let total = || passphrase_total(&app, &pool_id, guests());
    let changes = "SELECT count(*) FROM dpsk_passphrase_changes";
    let (logged, revision) = (
        scalar(&app.db, changes).await,
        scalar(&app.db, "SELECT last_value FROM dpsk_revision").await,
    );
    sqlx::query(
        "INSERT INTO dpsk_passphrases (id, tenant_id, pool_id, passphrase, username)
         SELECT gen_random_uuid(), $1, $2::uuid, 'pass-bulk-' || n, 'guest-bulk-' || n
           FROM generate_series(1, 10001) AS n",
    )
    .bind(TENANT)
    .bind(&pool_id)
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(scalar(&app.db, changes).await, logged, "not logged");
    assert_eq!(
        scalar(&app.db, "SELECT last_value FROM dpsk_revision").await,
        revision + 1
    );
    assert_eq!(total().await, kept + 1 + 10_001);
}

#[sqlx::test]
async fn changes_older_than_the_kept_ones_are_deleted(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool_with_guests(&app).await;
    let changes = "SELECT count(*) FROM dpsk_passphrase_changes";
    let early = scalar(&app.db, changes).await;
    assert!(early >= 5, "the creates are logged");
    // The next change is numbered 60,000: past a multiple of 10,000.
    sqlx::query("SELECT setval('dpsk_passphrase_change_numbers', 59999)")
        .execute(&app.db)
        .await
        .unwrap();
    dpsk::passphrase(&app, &pool_id, json!({"passphrase": "pass-new-xyz"})).await;
    assert_eq!(
        scalar(
            &app.db,
            &format!("{changes} WHERE change_number <= 60000 - {KEPT_CHANGES}")
        )
        .await,
        0,
        "the early changes are deleted"
    );
    assert_eq!(scalar(&app.db, changes).await, 1, "the new one is kept");
    // Passing no multiple, nothing is deleted.
    dpsk::passphrase(&app, &pool_id, json!({"passphrase": "pass-newer-xyz"})).await;
    assert_eq!(scalar(&app.db, changes).await, 2);
}

#[sqlx::test]
async fn a_page_past_the_end_follows_the_devices_it_counts(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = dpsk::pool(&app, "devices").await;
    let a = dpsk::passphrase(
        &app,
        &pool_id,
        json!({"passphrase": "pass-a-xyz", "mac": "AA:BB:CC:00:00:01"}),
    )
    .await;
    let b = dpsk::passphrase(&app, &pool_id, json!({"passphrase": "pass-b-xyz"})).await;
    // Past the end nothing is read to count on the way.
    let past_end = json!({"searchString": "AA:BB:CC", "page": 9, "pageSize": 1});
    let total = || passphrase_total(&app, &pool_id, past_end.clone());
    assert_eq!(total().await, 1);
    assert_eq!(total().await, 1);
    let devices = format!("/dpskServices/{pool_id}/passphrases/{b}/devices");
    let (status, _) = app.post(&devices, json!(["AA:BB:CC:00:00:02"])).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(total().await, 2, "after a device is added");
    assert_eq!(total().await, 2);
    let (status, _) = app
        .delete_json(
            &format!("/dpskServices/{pool_id}/passphrases/{a}/devices"),
            json!(["AA:BB:CC:00:00:01"]),
        )
        .await;
    assert!(status.is_success());
    assert_eq!(total().await, 1, "after a device is removed");
}

async fn identity_total(app: &TestApp, body: Value) -> i64 {
    let (status, page) = app.post("/identities/query?page=0&size=2", body).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["totalElements"].as_i64().unwrap()
}

#[sqlx::test]
async fn a_full_identity_page_counts_once_until_a_write(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = identity::group(&app, "guests").await;
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(identity::identity(&app, &g, json!({"name": format!("guest-{n}")})).await);
    }
    let keyword = json!({"keyword": "GUEST"});
    let total = || identity_total(&app, keyword.clone());
    let write = |n| unseen_identity(&app, &g, n);
    let mut expected = kept_until_revised(&app, "identity_revision", 3, total, write).await;

    identity::identity(&app, &g, json!({"name": "guest-new"})).await;
    expected += 1;
    assert_eq!(total().await, expected, "after a create");
    assert_eq!(total().await, expected);
    let (status, body) = app
        .patch(
            &format!("/identityGroups/{g}/identities/{}", ids[0]),
            json!({"name": "visitor"}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    expected -= 1;
    assert_eq!(total().await, expected, "after a rename");
    let (status, _) = app
        .delete(&format!("/identityGroups/{g}/identities/{}", ids[1]))
        .await;
    assert!(status.is_success());
    expected -= 1;
    assert_eq!(total().await, expected, "after a delete");

    // A condition on another table: the identities holding a port.
    let ports = json!({"ethernetPort": {"portIndex": 7}});
    let port_total = || identity_total(&app, ports.clone());
    for (id, mac) in [
        (&ids[0], "AA-BB-CC-00-11-00"),
        (&ids[2], "AA-BB-CC-00-11-22"),
    ] {
        let (status, body) = app
            .put(
                &format!("/identityGroups/{g}/identities/{id}/venues/v1/ethernetPorts"),
                json!([{"macAddress": mac, "portIndex": 7, "name": "p7"}]),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    }
    assert_eq!(port_total().await, 2);
    let (status, body) = app
        .put(
            &format!(
                "/identityGroups/{g}/identities/{}/venues/v1/ethernetPorts",
                ids[2]
            ),
            json!([{"macAddress": "AA-BB-CC-00-11-22", "portIndex": 8, "name": "p8"}]),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    // Two identities fill the page no more: the last page says 1.
    assert_eq!(port_total().await, 1);
    let past_end = || async {
        let (status, page) = app
            .post("/identities/query?page=5&size=2", ports.clone())
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        page["totalElements"].as_i64().unwrap()
    };
    assert_eq!(past_end().await, 1);
    let (status, _) = app
        .put(
            &format!(
                "/identityGroups/{g}/identities/{}/venues/v1/ethernetPorts",
                ids[2]
            ),
            json!([{"macAddress": "AA-BB-CC-00-11-22", "portIndex": 7, "name": "p7"}]),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(past_end().await, 2, "after a port is added");
}

/// How many rows `marks` holds, through `Totals` under one key: the table
/// has no trigger, so a total kept once would be served again.
async fn marks(totals: &Totals, conn: &mut sqlx::PgConnection) -> i64 {
    let marks = Counted {
        table: "marks",
        changes: "marks_changes",
        change_numbers: "marks_change_numbers",
        revisions: vec!["dpsk_revision"],
    };
    totals
        .count(conn, &marks, "marks", true, |qb, table| {
            qb.push(" FROM ").push(table).push(" WHERE true");
        })
        .await
        .unwrap()
}

#[sqlx::test]
async fn a_total_is_not_kept_while_a_write_may_be_unseen(db: sqlx::PgPool) {
    sqlx::raw_sql(
        "CREATE TABLE marks (n int);
         CREATE TABLE marks_changes (change_number bigint, change_sign smallint, n int);
         CREATE SEQUENCE marks_change_numbers;
         SELECT nextval('marks_change_numbers');",
    )
    .execute(&db)
    .await
    .unwrap();
    let insert = "INSERT INTO marks VALUES (1)";

    // Another transaction of the database has written and not committed:
    // the count cannot know whether that write advanced the revision.
    let totals = Totals::new(true);
    let mut writer = db.begin().await.unwrap();
    sqlx::query(insert).execute(&mut *writer).await.unwrap();
    let mut reader = db.acquire().await.unwrap();
    assert_eq!(marks(&totals, &mut reader).await, 0);
    writer.commit().await.unwrap();
    assert_eq!(
        marks(&totals, &mut reader).await,
        1,
        "not kept while running"
    );

    // The counting transaction itself wrote, and then rolled back.
    let totals = Totals::new(true);
    let mut own = db.begin().await.unwrap();
    sqlx::query(insert).execute(&mut *own).await.unwrap();
    assert_eq!(marks(&totals, &mut own).await, 2);
    own.rollback().await.unwrap();
    assert_eq!(
        marks(&totals, &mut reader).await,
        1,
        "not kept from a write"
    );

    // Nothing running: kept, though the table has changed since. (A
    // transaction of another database ending just then makes the count
    // not keep: so up to three tries.)
    for _ in 0..3 {
        advance(&db, "dpsk_revision").await;
        let before = marks(&totals, &mut reader).await;
        sqlx::query(insert).execute(&db).await.unwrap();
        if marks(&totals, &mut reader).await == before {
            return;
        }
    }
    panic!("the total was counted every time, never kept");
}

#[sqlx::test]
async fn with_the_cache_off_every_total_is_counted(db: sqlx::PgPool) {
    let app = TestApp::spawn_with(db, |c| c.totals_cache = false).await;
    let g = identity::group(&app, "guests").await;
    for n in 0..3 {
        identity::identity(&app, &g, json!({"name": format!("guest-{n}")})).await;
    }
    let keyword = json!({"keyword": "guest"});
    assert_eq!(identity_total(&app, keyword.clone()).await, 3);
    unseen(
        &app,
        "INSERT INTO identities (id, tenant_id, group_id, name, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2::uuid, 'guest-unseen', now(), now())",
        &[TENANT, &g],
    )
    .await;
    assert_eq!(identity_total(&app, keyword).await, 4);
}

/// Creates and pages of a search most of the pool matches, all at once:
/// once every create has answered, every total counts all of them. (A
/// check of writers that always said "none" failed this one run in five;
/// the deterministic test of that check is
/// `a_total_is_not_kept_while_a_write_may_be_unseen`.)
#[sqlx::test]
async fn totals_read_among_concurrent_writes_end_right(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = dpsk::pool(&app, "guests").await;
    for n in 0..5 {
        let body = json!({"passphrase": format!("pass-{n}-xyz"), "username": format!("guest-{n}")});
        dpsk::passphrase(&app, &pool_id, body).await;
    }
    let path = format!("/dpskServices/{pool_id}/passphrases");
    let query = format!("{path}/query");
    let search = json!({"searchString": "guest", "page": 1, "pageSize": 2});
    let mut sent = tokio::task::JoinSet::new();
    for n in 0..30 {
        let create = app.req_as(&app.token, reqwest::Method::POST, &path).json(
            &json!({"passphrase": format!("pass-c{n}-xyz"), "username": format!("guest-c{n}")}),
        );
        sent.spawn(async move { read(create.send().await.unwrap()).await.0 });
        let page = app
            .req_as(&app.token, reqwest::Method::POST, &query)
            .json(&search);
        sent.spawn(async move { read(page.send().await.unwrap()).await.0 });
    }
    while let Some(done) = sent.join_next().await {
        assert!(done.unwrap().is_success());
    }
    for _ in 0..3 {
        assert_eq!(passphrase_total(&app, &pool_id, search.clone()).await, 35);
    }
}
