//! Concurrent changes of the same pool or passphrase: two PATCHes that
//! change different members both answer 202 and both changes stay.

use r1::*;
use reqwest::StatusCode;

use super::{passphrase, pool};

/// How many pairs of concurrent PATCHes each test sends.
const PAIRS: i64 = 20;

#[sqlx::test]
async fn concurrent_pool_patches_of_different_members_both_stay(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let id = pool(&app, "Busy").await;
    let path = format!("/dpskServices/{id}");
    // PATCH carries the members the bundle requires; each side changes one
    // other member.
    let required =
        json!({"name": "Busy", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12});
    for i in 0..PAIRS {
        let mut limit = required.clone();
        limit["deviceCountLimit"] = json!(i + 1);
        let mut access = required.clone();
        access["policyDefaultAccess"] = json!(i % 2 == 0);
        let ((a, body_a), (b, body_b)) =
            tokio::join!(app.patch(&path, limit), app.patch(&path, access));
        assert_eq!(a, StatusCode::ACCEPTED, "{body_a}");
        assert_eq!(b, StatusCode::ACCEPTED, "{body_b}");
        let (status, got) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(got["deviceCountLimit"], i + 1, "pair {i}: {got}");
        assert_eq!(got["policyDefaultAccess"], i % 2 == 0, "pair {i}: {got}");
    }
}

#[sqlx::test]
async fn concurrent_passphrase_patches_of_different_members_both_stay(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let id = passphrase(&app, &pool_id, json!({"username": "ann"})).await;
    let path = format!("/dpskServices/{pool_id}/passphrases/{id}");
    for i in 0..PAIRS {
        let username = format!("user-{i}");
        let ((a, body_a), (b, body_b)) = tokio::join!(
            app.patch(&path, json!({ "username": username })),
            app.patch(&path, json!({ "vlanId": i + 1 }))
        );
        assert_eq!(a, StatusCode::ACCEPTED, "{body_a}");
        assert_eq!(b, StatusCode::ACCEPTED, "{body_b}");
        let (status, got) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(got["username"], username, "pair {i}: {got}");
        assert_eq!(got["vlanId"], i + 1, "pair {i}: {got}");
    }
}

#[sqlx::test]
async fn concurrent_device_additions_keep_the_passphrase_device_limit(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let pool_id = pool(&app, "P").await;
    let id = passphrase(&app, &pool_id, json!({"numberOfDevices": 1})).await;
    let path = format!("/dpskServices/{pool_id}/passphrases/{id}/devices");
    let ((a, _), (b, _)) = tokio::join!(
        app.post(&path, json!(["00:11:22:33:44:01"])),
        app.post(&path, json!(["00:11:22:33:44:02"]))
    );
    let mut statuses = [a, b];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::ACCEPTED, StatusCode::UNPROCESSABLE_ENTITY]
    );
    let (_, devices) = app.get(&path).await;
    assert_eq!(devices.as_array().unwrap().len(), 1, "{devices}");
}
