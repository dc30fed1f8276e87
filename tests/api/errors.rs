//! Errors reach clients in the vendor's shape, whatever raised them.

use r1::*;
use reqwest::{header, Method, StatusCode};
use sqlx::PgPool;

#[sqlx::test]
async fn unknown_routes_are_404_in_the_vendor_shape_with_the_request_id(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let res = app
        .req(Method::GET, "/noSuchResource/42")
        .header("x-request-id", "client-chosen-id")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "client-chosen-id");
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["requestId"], "client-chosen-id");
    assert_eq!(body["errors"][0]["code"], "RESOURCE_NOT_FOUND");
    assert!(body["errors"][0]["message"].is_string());
}

#[sqlx::test]
async fn every_response_gets_a_request_id(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let res = app.req(Method::GET, "/_r1/health").send().await.unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[sqlx::test]
async fn a_wrong_method_is_405_in_the_vendor_shape(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app.delete("/activities/query").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["errors"][0]["code"], "METHOD_NOT_ALLOWED");
}

#[sqlx::test]
async fn unparsable_bodies_are_400_never_plain_text(db: PgPool) {
    let app = TestApp::spawn(db).await;
    for raw in ["{not json", "[1,2,3]", r#"{"page": "one"}"#] {
        let res = app
            .req(Method::POST, "/activities/query")
            .header(header::CONTENT_TYPE, "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        let (status, body) = read(res).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{raw}");
        assert_eq!(body["errors"][0]["code"], "INVALID_REQUEST", "{raw}");
        assert!(body["requestId"].is_string());
    }
}

/// A 400 names what was expected in a client's words, never a Rust type
/// (`i32`, `u32`, `struct ActivityQuery`), in a body, a query and a form.
#[sqlx::test]
async fn rejections_name_json_types_not_rust_types(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let rust = ["i32", "u32", "i64", "u64", "usize", "struct ", "sequence"];
    let message =
        |body: &serde_json::Value| body["errors"][0]["message"].as_str().unwrap().to_string();

    let (status, body) = app.post("/activities/query", json!({"page": "one"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let text = message(&body);
    assert!(
        text.contains("page: invalid type: string \"one\", expected"),
        "{text}"
    );
    assert!(text.contains("integer"), "{text}");
    assert!(!rust.iter().any(|r| text.contains(r)), "{text}");

    let (status, body) = app.post("/activities/query", json!("everything")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let text = message(&body);
    assert!(text.contains("expected an object"), "{text}");
    assert!(!rust.iter().any(|r| text.contains(r)), "{text}");

    let (status, body) = app.get("/identities?page=first").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let text = message(&body);
    assert!(!rust.iter().any(|r| text.contains(r)), "{text}");
    assert!(text.contains("page"), "{text}");
}

/// PostgreSQL cannot store NUL in text: every API refuses it at the door, in
/// a body, a path segment or a query value, naming where it stood.
#[sqlx::test]
async fn nul_characters_are_400_naming_the_field_in_every_api(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app
        .post(
            "/dpskServices",
            serde_json::json!({"name": "lobby\u{0}", "passphraseFormat": "MOST_SECURED", "passphraseLength": 12}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["field"], "name", "{body}");

    let (status, body) = app
        .post(
            "/dpskServices",
            serde_json::json!({"name": "lobby", "passphraseFormat": "MOST_SECURED", "passphraseLength": 12}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let pool = body["id"].as_str().unwrap().to_string();

    let (status, body) = app
        .get(&format!("/dpskServices/{pool}/passphrases/x%00y"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["field"], "id", "{body}");

    let (status, body) = app
        .post(
            &format!("/dpskServices/{pool}/passphrases/query/csvFiles?timezone=UTC%00"),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["field"], "timezone", "{body}");

    // Nothing was written: the pool named with NUL does not exist.
    let (_, page) = app.post("/dpskServices/query", serde_json::json!({})).await;
    assert_eq!(page["totalCount"], 1, "{page}");
}

#[sqlx::test]
async fn a_body_type_the_operation_does_not_take_is_415(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let res = app
        .req(Method::POST, "/activities/query")
        .header(header::CONTENT_TYPE, "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["errors"][0]["code"], "UNSUPPORTED_MEDIA_TYPE");

    // The vendor's own JSON media types are bodies like any other.
    let res = app
        .req(Method::POST, "/activities/query")
        .header(header::CONTENT_TYPE, "application/vnd.ruckus.v1+json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[sqlx::test]
async fn bodies_over_the_limit_are_413(db: PgPool) {
    let app = TestApp::spawn_with(db, |c| c.body_limit_bytes = 1024).await;
    let big = json!({"searchString": "x".repeat(4096)});
    let (status, body) = app.post("/activities/query", big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["errors"][0]["code"], "PAYLOAD_TOO_LARGE");
}

#[sqlx::test]
async fn the_accepted_vendor_media_type_is_served(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let res = app
        .req(Method::POST, "/activities/query")
        .header(header::ACCEPT, "application/vnd.ruckus.v1+json")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/vnd.ruckus.v1+json"
    );
    let res = app
        .req(Method::POST, "/activities/query")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
}
