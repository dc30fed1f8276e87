//! The Venue operations and the venue query.

use r1::*;
use reqwest::StatusCode;

use super::venue;

#[sqlx::test]
async fn a_venue_is_created_read_replaced_listed_and_deleted(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app
        .post(
            "/venues",
            json!({"name": "Main Street", "description": "Tower A",
                   "address": {"country": "US", "city": "Sunnyvale", "latitude": 37.4,
                               "longitude": -122.0, "timezone": "America/Los_Angeles"},
                   "tags": ["mdu"]}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert!(body["requestId"].is_string());
    let id = body["response"]["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32);
    assert_eq!(body["response"]["name"], "Main Street");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["useCase"], "AddVenue");

    let (status, got) = app.get(&format!("/venues/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["id"], id);
    assert_eq!(got["address"]["city"], "Sunnyvale");
    assert_eq!(got["address"]["latitude"], 37.4);
    assert_eq!(got["tags"], json!(["mdu"]));
    assert_eq!(got["isTemplate"], false);

    let (status, body) = app
        .put(
            &format!("/venues/{id}"),
            json!({"name": "Main Street 2", "address": {"country": "US", "city": "San Jose"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["response"]["address"]["city"], "San Jose");
    let (_, got) = app.get(&format!("/venues/{id}")).await;
    assert_eq!(got["name"], "Main Street 2");
    assert!(got.get("description").is_none(), "replaced: {got}");

    venue(&app, "Second Venue").await;
    let (status, page) = app
        .post(
            "/venues/query",
            json!({"fields": ["name", "city"], "page": 1, "pageSize": 10,
                   "sortField": "name", "sortOrder": "DESC"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalCount"], 2);
    assert_eq!(page["data"][0]["name"], "Second Venue");
    assert_eq!(page["data"][1]["city"], "San Jose");
    assert!(
        page["data"][1].get("country").is_none(),
        "projected: {page}"
    );
    let (_, page) = app
        .post(
            "/venues/query",
            json!({"searchString": "jose", "filters": {"country": ["US"]}}),
        )
        .await;
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["data"][0]["id"], id);

    let (status, body) = app.delete(&format!("/venues/{id}")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["response"], json!({}));
    let (status, body) = app.get(&format!("/venues/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["errors"][0]["code"], "RESOURCE_NOT_FOUND");
}

#[sqlx::test]
async fn bad_venues_are_refused_in_the_common_error_shape(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app
        .post(
            "/venues",
            json!({"name": "x", "address": {"city": "Paris"}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "address.country"]);
    assert!(body["requestId"].is_string());

    venue(&app, "Taken Name").await;
    let (status, body) = app
        .post(
            "/venues",
            json!({"name": "Taken Name", "address": {"country": "US", "city": "A"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let (status, _) = app
        .put(
            "/venues/0123456789abcdef0123456789abcdef",
            json!({"name": "Nowhere", "address": {"country": "US", "city": "A"}}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.delete("/venues/not-a-venue").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = app
        .post("/venues/query", json!({"sortField": "secret"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[sqlx::test]
async fn venues_are_the_tenants_own(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let id = venue(&app, "Mine Only").await;
    let other = app.other_tenant("0000000000000000000000000000000e").await;
    let res = app
        .req_as(&other, reqwest::Method::GET, &format!("/venues/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (status, page) = read(
        app.req_as(&other, reqwest::Method::POST, "/venues/query")
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["totalCount"], 0);
}
