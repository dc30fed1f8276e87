//! Property configuration: enable, selective enable, get, query, resident
//! portal assignment.

use r1::*;
use reqwest::StatusCode;

use super::{group_with_pool, property, validation, venue};

#[sqlx::test]
async fn enabling_ties_a_venue_to_an_identity_group_with_a_dpsk_pool(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let v = venue(&app, "Oak Apartments").await;
    let (g, _) = group_with_pool(&app, "Oak", 12).await;
    let res = app
        .req(
            reqwest::Method::PUT,
            &format!("/venues/{v}/propertyConfigs"),
        )
        .json(
            &json!({"status": "ENABLED", "personaGroupId": g, "venueName": "Oak Apartments",
                      "description": "Six floors",
                      "unitConfig": {"guestAllowed": true, "residentPortalAllowed": true},
                      "communicationConfig": {"sendEmail": true}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with(&format!("/venues/{v}/propertyConfigs")));
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .ends_with("/propertyConfigs"));
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["status"], "SUCCESS");

    let res = app
        .req(
            reqwest::Method::GET,
            &format!("/venues/{v}/propertyConfigs"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/hal+json");
    let got: serde_json::Value = res.json().await.unwrap();
    assert_eq!(got["venueId"], v);
    assert_eq!(got["venueName"], "Oak Apartments");
    assert_eq!(got["personaGroupId"], g);
    assert_eq!(got["status"], "ENABLED");
    assert_eq!(got["address"]["city"], "Sunnyvale");
    assert_eq!(got["unitConfig"]["guestAllowed"], true);
    assert_eq!(got["communicationConfig"]["sendEmail"], true);
    assert_eq!(got["description"], "Six floors");

    // PATCH changes only what it names.
    let (status, _) = app
        .patch(
            &format!("/venues/{v}/propertyConfigs"),
            json!({"status": "DISABLED"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, got) = app.get(&format!("/venues/{v}/propertyConfigs")).await;
    assert_eq!(got["status"], "DISABLED");
    assert_eq!(got["description"], "Six floors");
    assert_eq!(got["unitConfig"]["guestAllowed"], true);

    let (status, page) = app
        .post(
            "/venues/propertyConfigs/query",
            json!({"page": 1, "pageSize": 10, "sortOrder": "ASC", "filters": {"status": "DISABLED"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalElements"], 1);
    assert_eq!(page["content"][0]["venueId"], v);
    let (_, page) = app
        .post(
            "/venues/propertyConfigs/query?excludeContent=true",
            json!({"page": 1, "pageSize": 10, "sortOrder": "ASC"}),
        )
        .await;
    assert_eq!(page["totalElements"], 1);
    assert_eq!(page["content"], json!([]));
}

#[sqlx::test]
async fn enabling_needs_a_venue_a_group_and_its_pool(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app
        .put(
            "/venues/0123456789abcdef0123456789abcdef/propertyConfigs",
            json!({"status": "ENABLED", "personaGroupId": "00000000-0000-0000-0000-000000000001"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["status"], "404 NOT_FOUND");
    assert!(body["requestId"].is_string());

    let v = venue(&app, "Pine Court").await;
    let (status, body) = app
        .put(
            &format!("/venues/{v}/propertyConfigs"),
            json!({"status": "ON"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        validation(&body),
        [
            "personaGroupId: must not be null",
            "status: must be ENABLED or DISABLED"
        ]
    );
    let (status, _) = app
        .put(
            &format!("/venues/{v}/propertyConfigs"),
            json!({"status": "ENABLED", "personaGroupId": "00000000-0000-0000-0000-000000000001"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = app
        .post("/identityGroups", json!({"name": "no pool"}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let bare = body["id"].as_str().unwrap();
    let (status, body) = app
        .put(
            &format!("/venues/{v}/propertyConfigs"),
            json!({"status": "ENABLED", "personaGroupId": bare}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = app
        .patch(
            &format!("/venues/{v}/propertyConfigs"),
            json!({"status": "ENABLED"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing to patch yet");
    let (status, _) = app.get(&format!("/venues/{v}/propertyConfigs")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing stored");
}

#[sqlx::test]
async fn a_resident_portal_is_assigned_to_a_property(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (v, _, _) = property(&app, "Elm House", json!({})).await;
    let portal = super::portals::portal(&app, "Elm portal", json!({})).await;
    let (status, body) = app
        .put(
            &format!("/venues/{v}/propertyConfigs/residentPortalAssignments/{portal}"),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"venueId": v, "residentPortalId": portal}));
    let (_, got) = app.get(&format!("/venues/{v}/propertyConfigs")).await;
    assert_eq!(got["residentPortalId"], portal);
    let (_, got) = app.get(&format!("/residentPortals/{portal}")).await;
    assert_eq!(got["venueCount"], 1);
    let (status, _) = app
        .put(
            &format!("/venues/{v}/propertyConfigs/residentPortalAssignments/00000000-0000-0000-0000-000000000001"),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
