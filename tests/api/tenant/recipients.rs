//! Notification recipients: add, list, query, delete by recipients or ids.

use r1::*;
use reqwest::{header, Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

use super::{call, error, make_tenant};

async fn add(app: &TestApp, description: &str, email: &str, mobile: &str) -> Value {
    let (status, body) = app
        .post(
            "/tenants/notificationRecipients",
            json!({
                "description": description,
                "emailPreferences": true,
                "smsPreferences": false,
                "endpoints": [
                    {"type": "EMAIL", "destination": email},
                    {"type": "SMS", "destination": mobile}
                ]
            }),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    body
}

async fn count(app: &TestApp) -> usize {
    app.get("/tenants/notificationRecipients")
        .await
        .1
        .as_array()
        .unwrap()
        .len()
}

#[sqlx::test]
async fn a_recipient_is_added_listed_and_queried(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let body = add(&app, "Night shift", "night@example.com", "+14085550100").await;
    assert_eq!(body["response"]["description"], "Night shift");
    assert_eq!(body["response"]["emailPreferences"], true);
    assert_eq!(body["response"]["endpoints"][0]["type"], "EMAIL");
    assert_eq!(body["response"]["endpoints"][0]["status"], "OK");
    assert_eq!(
        body["response"]["endpoints"][1]["destination"],
        "+14085550100"
    );
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["useCase"], "AddNotificationRecipient");
    add(&app, "Day shift", "day@example.com", "+14085550101").await;

    let (status, list) = app.get("/tenants/notificationRecipients").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);

    let (status, page) = app
        .post(
            "/tenants/notifications/recipients/query",
            json!({"page": 0, "pageSize": 1, "sortField": "name", "sortOrder": "ASC"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{page}");
    assert_eq!(page["totalElements"], 2);
    assert_eq!(page["content"][0]["description"], "Day shift");
    let (_, page) = app
        .post(
            "/tenants/notifications/recipients/query",
            json!({"searchString": "night@", "searchTargetFields": ["email"]}),
        )
        .await;
    assert_eq!(page["totalElements"], 1);
    assert_eq!(page["content"][0]["description"], "Night shift");
    let (status, _) = app
        .post(
            "/tenants/notifications/recipients/query",
            json!({"sortField": "age"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[sqlx::test]
async fn bad_recipients_are_refused_and_nothing_is_stored(db: PgPool) {
    let app = TestApp::spawn(db).await;
    for (bad, field) in [
        (
            json!({"description": "x", "endpoints": [{"type": "EMAIL", "destination": "nope"}]}),
            "endpoints[0].destination",
        ),
        (
            json!({"description": "x", "endpoints": [{"type": "SMS", "destination": "555-CALL"}]}),
            "endpoints[0].destination",
        ),
        (
            json!({"description": "x", "endpoints": [{"type": "PIGEON", "destination": "roof"}]}),
            "endpoints[0].type",
        ),
        (json!({"description": "x", "endpoints": []}), "endpoints"),
        (
            json!({"endpoints": [{"type": "EMAIL", "destination": "a@example.com"}]}),
            "description",
        ),
        (
            json!({"description": "x", "endpoints": [
            {"type": "EMAIL", "destination": "a@example.com"},
            {"type": "EMAIL", "destination": "A@example.com"}]}),
            "endpoints[1].destination",
        ),
    ] {
        let (status, body) = app.post("/tenants/notificationRecipients", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error(&body)["field"], field, "{body}");
    }
    assert_eq!(count(&app).await, 0);
}

#[sqlx::test]
async fn recipients_are_deleted_by_the_bundle_body_or_by_ids(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let a = add(&app, "A", "a@example.com", "+14085550100").await["response"]["id"].clone();
    let b = add(&app, "B", "b@example.com", "+14085550101").await["response"]["id"].clone();
    let c = add(&app, "C", "c@example.com", "+14085550102").await["response"]["id"].clone();

    let (status, _) = app
        .delete_json(
            "/tenants/notificationRecipients",
            json!([{"id": a}, {"id": "0b8e7f7a-0000-4000-8000-000000000000"}]),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .delete_json(
            "/tenants/notificationRecipients",
            json!([{"id": a}, {"id": a}]),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(count(&app).await, 3);

    let (status, body) = app
        .delete_json(
            "/tenants/notificationRecipients",
            json!([{"id": a, "description": "A"}]),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert!(body["requestId"].is_string());

    let res = app
        .req(Method::DELETE, "/tenants/notificationRecipients")
        .header(header::CONTENT_TYPE, "application/vnd.ruckus.v2+json")
        .body(json!([b, c]).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(count(&app).await, 0);

    let res = app
        .req(Method::DELETE, "/tenants/notificationRecipients")
        .header(header::CONTENT_TYPE, "text/plain")
        .body("a")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[sqlx::test]
async fn tenants_never_see_or_delete_each_others_recipients(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let mine = add(&app, "Mine", "me@example.com", "+14085550100").await["response"]["id"].clone();
    let other = make_tenant(&app, "Other", "REC", "ann@other.example").await;
    let (_, list) = call(
        &app,
        &other.token,
        Method::GET,
        "/tenants/notificationRecipients",
        None,
    )
    .await;
    assert_eq!(list, json!([]));
    let (_, page) = call(
        &app,
        &other.token,
        Method::POST,
        "/tenants/notifications/recipients/query",
        Some(json!({})),
    )
    .await;
    assert_eq!(page["totalElements"], 0);
    let (status, _) = call(
        &app,
        &other.token,
        Method::DELETE,
        "/tenants/notificationRecipients",
        Some(json!([{"id": mine}])),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(count(&app).await, 1);
}
