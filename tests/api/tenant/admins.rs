//! `/admins`: add, list, query, update, delete; the last PRIME_ADMIN; one
//! email per tenant; tenants never see each other's administrators.

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

use super::{call, error, make_tenant};

async fn add(app: &TestApp, email: &str, role: &str) -> Value {
    let (status, body) = app
        .post(
            "/admins",
            json!({"email": email, "role": role, "name": "Bob", "lastName": "Builder"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    body
}

async fn count(app: &TestApp) -> usize {
    app.get("/admins").await.1.as_array().unwrap().len()
}

/// The bootstrap tenant's first administrator, made on first use.
async fn prime(app: &TestApp) -> String {
    let (_, list) = app.get("/admins").await;
    list[0]["id"].as_str().unwrap().to_string()
}

#[sqlx::test]
async fn an_administrator_is_added_read_updated_and_deleted_as_activities(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let body = add(&app, "bob@example.com", "ADMIN").await;
    let id = body["response"]["id"].as_str().unwrap().to_string();
    assert_eq!(body["response"]["username"], "bob@example.com");
    assert_eq!(body["response"]["adminRoles"][0]["role"], "ADMIN");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["status"], "SUCCESS");
    assert_eq!(activity["useCase"], "AddAdmin");

    let (status, one) = app.get(&format!("/admins/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["email"], "bob@example.com");
    assert_eq!(one["name"], "Bob");
    assert_eq!(one["role"], "ADMIN");
    assert_eq!(one["detailLevel"], "it");

    let (_, list) = app.get("/admins").await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(list[0].get("externalId").is_none());
    let (_, list) = app.get("/admins?withExternalId=true").await;
    assert!(list[0]["externalId"].is_string());

    let (status, body) = app
        .put(
            "/admins",
            json!({"id": id, "email": "bob@example.com", "role": "READ_ONLY", "detailLevel": "su"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["response"]["adminRoles"][0]["role"], "READ_ONLY");
    let (_, one) = app.get(&format!("/admins/{id}")).await;
    assert_eq!(one["role"], "READ_ONLY");
    assert_eq!(one["detailLevel"], "su");

    let (status, body) = app.delete(&format!("/admins/{id}")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert!(body["requestId"].is_string());
    assert_eq!(body["response"], json!({}));
    let (status, body) = app.get(&format!("/admins/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error(&body)["code"], "RESOURCE_NOT_FOUND");
}

#[sqlx::test]
async fn an_email_names_one_administrator_per_tenant(db: PgPool) {
    let app = TestApp::spawn(db).await;
    add(&app, "bob@example.com", "ADMIN").await;
    for email in ["bob@example.com", "BOB@example.com"] {
        let (status, body) = app
            .post("/admins", json!({"email": email, "role": "READ_ONLY"}))
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
    }
    assert_eq!(count(&app).await, 2);
    let other = make_tenant(&app, "Other", "REC", "ann@other.example").await;
    let (status, _) = call(
        &app,
        &other.token,
        Method::POST,
        "/admins",
        Some(json!({"email": "bob@example.com", "role": "ADMIN"})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[sqlx::test]
async fn bad_administrators_are_refused_and_nothing_is_stored(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let before = count(&app).await;
    for (bad, field) in [
        (json!({"role": "ADMIN"}), "email"),
        (json!({"email": "bob@example.com"}), "role"),
        (
            json!({"email": "bob@example.com", "role": "OVERLORD"}),
            "role",
        ),
        (json!({"email": "bob@", "role": "ADMIN"}), "email"),
        (
            json!({"email": "bob@example.com", "role": "ADMIN", "phoneNumber": "call me"}),
            "phoneNumber",
        ),
        (
            json!({"email": "bob@example.com", "role": "ADMIN", "detailLevel": "verbose"}),
            "detailLevel",
        ),
        (
            json!({"email": "bob@example.com", "role": "ADMIN", "name": "n".repeat(256)}),
            "name",
        ),
    ] {
        let (status, body) = app.post("/admins", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error(&body)["field"], field, "{body}");
    }
    assert_eq!(count(&app).await, before);
}

#[sqlx::test]
async fn the_last_prime_admin_cannot_be_removed_or_demoted(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let first = prime(&app).await;
    let (status, body) = app.delete(&format!("/admins/{first}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(error(&body)["message"]
        .as_str()
        .unwrap()
        .contains("PRIME_ADMIN"));
    let (status, _) = app.delete_json("/admins", json!([first])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, me) = app.get(&format!("/admins/{first}")).await;
    let (status, _) = app
        .put(
            "/admins",
            json!({"id": first, "email": me["email"], "role": "ADMIN"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get(&format!("/admins/{first}")).await.1["role"],
        "PRIME_ADMIN"
    );

    add(&app, "second@example.com", "PRIME_ADMIN").await;
    let (status, _) = app.delete(&format!("/admins/{first}")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[sqlx::test]
async fn a_bulk_delete_removes_all_named_or_none(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let a = add(&app, "a@example.com", "ADMIN").await["response"]["id"].clone();
    let b = add(&app, "b@example.com", "READ_ONLY").await["response"]["id"].clone();

    let (status, _) = app.delete_json("/admins", json!([a, a])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .delete_json(
            "/admins",
            json!([a, "7d1c0a4e-0000-4000-8000-000000000000"]),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.delete_json("/admins", json!([])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(count(&app).await, 3);

    let (status, body) = app.delete_json("/admins", json!([a, b])).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(count(&app).await, 1);
}

#[sqlx::test]
async fn administrators_are_queried_with_paging_sort_and_search(db: PgPool) {
    let app = TestApp::spawn(db).await;
    add(&app, "carol@example.com", "ADMIN").await;
    add(&app, "bob@example.com", "READ_ONLY").await;
    add(&app, "dave@example.com", "OFFICE_ADMIN").await;

    let (status, page) = app
        .post(
            "/admins/query",
            json!({"page": 0, "pageSize": 2, "sortField": "username", "sortOrder": "ASC"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalElements"], 4);
    assert_eq!(page["totalPages"], 2);
    assert_eq!(
        page["content"][0]["email"],
        "admin@00000000000000000000000000000001.r1.local"
    );
    assert_eq!(page["content"][1]["email"], "bob@example.com");
    let (_, page) = app
        .post(
            "/admins/query",
            json!({"page": 1, "pageSize": 2, "sortField": "username"}),
        )
        .await;
    assert_eq!(page["content"][0]["email"], "carol@example.com");
    assert_eq!(page["number"], 1);

    let (_, page) = app
        .post(
            "/admins/query",
            json!({"searchString": "DAVE", "searchTargetFields": ["username"]}),
        )
        .await;
    assert_eq!(page["totalElements"], 1);
    let (_, page) = app
        .post(
            "/admins/query",
            json!({"filters": {"role": ["READ_ONLY", "ADMIN"]}}),
        )
        .await;
    assert_eq!(page["totalElements"], 2);

    for bad in [
        json!({"sortField": "salary"}),
        json!({"sortOrder": "UP"}),
        json!({"pageSize": 0}),
        json!({"filters": {"role": ["KING"]}}),
        json!({"searchTargetFields": ["phone"], "searchString": "1"}),
    ] {
        let (status, body) = app.post("/admins/query", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    }
}

#[sqlx::test]
async fn tenants_never_see_or_touch_each_others_administrators(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let a = make_tenant(&app, "A", "REC", "ann@a.example").await;
    let b = make_tenant(&app, "B", "REC", "ben@b.example").await;
    let (_, list) = call(&app, &b.token, Method::GET, "/admins", None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["email"], "ben@b.example");

    let path = format!("/admins/{}", a.admin_id);
    let (status, _) = call(&app, &b.token, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&app, &b.token, Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        &b.token,
        Method::PUT,
        "/admins",
        Some(json!({"id": a.admin_id, "email": "x@b.example", "role": "ADMIN"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, a_view) = call(&app, &a.token, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a_view["email"], "ann@a.example");
}
