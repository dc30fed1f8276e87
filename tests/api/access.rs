//! The per-process answers of the tenant check (r1_core::access): kept
//! between changes, forgotten at every change, whichever process or person
//! made it.

use std::time::Duration;

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use crate::tenant::{admin_call, make_tenant};

/// The status a tenant's token gets on an ordinary read.
async fn read_with(app: &TestApp, token: &str) -> StatusCode {
    app.req_as(token, Method::POST, "/dpskServices/query")
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .status()
}

/// Waits for the app's listener, so that answers are being kept.
async fn until_live(app: &TestApp) {
    for _ in 0..500 {
        if app.access.is_live() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the r1_access listener never came up");
}

/// Reads until the answer is `expected`, for at most five seconds: a change
/// made in another process arrives as PostgreSQL's notification.
async fn until_status(app: &TestApp, token: &str, expected: StatusCode) {
    let mut last = StatusCode::OK;
    for _ in 0..500 {
        last = read_with(app, token).await;
        if last == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("still {last}, never {expected}");
}

async fn by_hand(db: &PgPool, statement: &str) {
    sqlx::query(statement).execute(db).await.unwrap();
}

#[sqlx::test]
async fn a_tenant_removed_through_one_process_is_refused_by_the_other(db: PgPool) {
    let one = TestApp::spawn(db.clone()).await;
    let other = TestApp::spawn(db).await;
    until_live(&one).await;
    until_live(&other).await;
    let made = make_tenant(&one, "Harbour Lofts", "REC", "admin@harbour.example.com").await;
    // Both processes have answered for the token, and keep the answer.
    assert_eq!(read_with(&one, &made.token).await, StatusCode::OK);
    assert_eq!(read_with(&other, &made.token).await, StatusCode::OK);

    let path = format!("/_r1/tenants/{}", made.tenant_id);
    let (status, body) = admin_call(&one, Method::DELETE, &path, None).await;
    assert!(status.is_success(), "{status} {body}");

    // The process that made the change refuses on the very next request; the
    // other as soon as the notification arrives.
    assert_eq!(read_with(&one, &made.token).await, StatusCode::UNAUTHORIZED);
    until_status(&other, &made.token, StatusCode::UNAUTHORIZED).await;
}

#[sqlx::test]
async fn a_change_made_by_hand_in_the_database_is_heard(db: PgPool) {
    let app = TestApp::spawn(db).await;
    until_live(&app).await;
    assert_eq!(read_with(&app, &app.token).await, StatusCode::OK);

    by_hand(
        &app.db,
        &format!("UPDATE tenants SET status = 'suspended' WHERE id = '{TENANT}'"),
    )
    .await;
    until_status(&app, &app.token, StatusCode::UNAUTHORIZED).await;
    by_hand(
        &app.db,
        &format!("UPDATE tenants SET status = 'active' WHERE id = '{TENANT}'"),
    )
    .await;
    until_status(&app, &app.token, StatusCode::OK).await;
}

#[sqlx::test]
async fn without_its_listener_a_process_asks_the_database(db: PgPool) {
    let app = TestApp::spawn(db).await;
    until_live(&app).await;
    assert_eq!(read_with(&app, &app.token).await, StatusCode::OK);

    // The listening connection is cut, and the change that follows sends no
    // notification at all: only asking the database can see it.
    by_hand(
        &app.db,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
    )
    .await;
    for _ in 0..500 {
        if !app.access.is_live() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    by_hand(
        &app.db,
        "ALTER TABLE tenants DISABLE TRIGGER tenants_access_changed",
    )
    .await;
    by_hand(
        &app.db,
        &format!("UPDATE tenants SET status = 'suspended' WHERE id = '{TENANT}'"),
    )
    .await;
    assert_eq!(read_with(&app, &app.token).await, StatusCode::UNAUTHORIZED);

    by_hand(
        &app.db,
        &format!("UPDATE tenants SET status = 'active' WHERE id = '{TENANT}'"),
    )
    .await;
    by_hand(
        &app.db,
        "ALTER TABLE tenants ENABLE TRIGGER tenants_access_changed",
    )
    .await;
    // The listener comes back by itself, and answers are kept again.
    until_live(&app).await;
    assert_eq!(read_with(&app, &app.token).await, StatusCode::OK);
}

#[sqlx::test]
async fn with_the_cache_off_every_request_asks_the_database(db: PgPool) {
    let app = TestApp::spawn_with(db, |c| c.access_cache = false).await;
    assert_eq!(read_with(&app, &app.token).await, StatusCode::OK);
    assert!(!app.access.is_live());
    by_hand(
        &app.db,
        "ALTER TABLE tenants DISABLE TRIGGER tenants_access_changed",
    )
    .await;
    by_hand(
        &app.db,
        &format!("UPDATE tenants SET status = 'suspended' WHERE id = '{TENANT}'"),
    )
    .await;
    assert_eq!(read_with(&app, &app.token).await, StatusCode::UNAUTHORIZED);
}
