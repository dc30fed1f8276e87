//! Where r1 meets the bundle's contract at runtime: media types, path
//! spellings, malformed ids and constraints.

use r1::*;
use reqwest::{header, Method, StatusCode};

use super::{fields, group, identity};

const VND: &str = "application/vnd.ruckus.v1+json";

#[sqlx::test]
async fn a_malformed_or_unknown_dpsk_pool_is_refused_and_changes_nothing(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;

    let (status, body) = app
        .put(
            &format!("/identityGroups/{g}/dpskPools/not-a-uuid"),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["status"], "404 NOT_FOUND");
    assert!(
        body["message"].as_str().unwrap().contains("not-a-uuid"),
        "{body}"
    );
    assert!(body["requestId"].is_string(), "{body}");

    let res = app
        .req(
            Method::PUT,
            &format!("/identityGroups/{g}/dpskPools/00000000-0000-0000-0000-000000000009"),
        )
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["status"], "404 NOT_FOUND");

    let (_, g) = app.get(&format!("/identityGroups/{g}")).await;
    assert!(g["dpskPoolId"].is_null(), "{g}");
}

#[sqlx::test]
async fn a_negative_port_index_is_refused_by_name(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let i = identity(&app, &g, json!({"name": "alice"})).await;
    let path = format!("/identityGroups/{g}/identities/{i}/venues/v1/ethernetPorts");

    let (status, body) = app
        .put(
            &path,
            json!([{"macAddress": "AA-BB-CC-DD-EE-01", "portIndex": -445, "name": "lobby"}]),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["status"], "400 BAD_REQUEST");
    assert_eq!(fields(&body), ["[0].portIndex"], "{body}");
    assert_eq!(body["subErrors"][0]["rejectedValue"], -445, "{body}");

    let (_, identity) = app
        .get(&format!("/identityGroups/{g}/identities/{i}"))
        .await;
    assert_eq!(identity["ethernetPorts"], json!([]), "{identity}");

    let (status, body) = app
        .put(
            &path,
            json!([{"macAddress": "AA-BB-CC-DD-EE-01", "portIndex": 0, "name": "lobby"}]),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
}

#[sqlx::test]
async fn request_bodies_are_taken_in_the_vendor_media_type(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let i = identity(&app, &g, json!({"name": "alice"})).await;

    let res = app
        .req(Method::POST, "/identityGroups/query")
        .header(header::CONTENT_TYPE, VND)
        .header(header::ACCEPT, VND)
        .body(json!({"keyword": "G"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_TYPE], VND);
    let (status, page) = read(res).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["content"][0]["id"], g);

    let res = app
        .req(Method::POST, "/identities/query")
        .header(header::CONTENT_TYPE, VND)
        .body(json!({"groupId": g}).to_string())
        .send()
        .await
        .unwrap();
    let (status, page) = read(res).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["content"][0]["id"], i);

    let res = app
        .req(
            Method::PUT,
            &format!("/identityGroups/{g}/identities/{i}/venues/v1/ethernetPorts"),
        )
        .header(header::CONTENT_TYPE, VND)
        .body(
            json!([{"macAddress": "AA-BB-CC-DD-EE-01", "portIndex": 1, "name": "lobby"}])
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
}

#[sqlx::test]
async fn absent_optional_members_are_omitted_not_null(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let g = group(&app, "G").await;
    let i = identity(&app, &g, json!({"name": "alice"})).await;

    let (_, group) = app.get(&format!("/identityGroups/{g}")).await;
    for member in [
        "description",
        "dpskPoolId",
        "policySetId",
        "templateVersion",
    ] {
        assert!(group.get(member).is_none(), "{member}: {group}");
    }
    assert_eq!(group["name"], "G");
    assert_eq!(group["identityCount"], 1);

    let (_, identity) = app
        .get(&format!("/identityGroups/{g}/identities/{i}"))
        .await;
    for member in [
        "email",
        "dpskGuid",
        "identityId",
        "externalIdentityId",
        "lastLoginAt",
    ] {
        assert!(identity.get(member).is_none(), "{member}: {identity}");
    }
    assert_eq!(identity["switches"], json!([]));
    assert_eq!(identity["revoked"], false);
}

#[sqlx::test]
async fn error_bodies_are_the_bundles_api_error(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app
        .get("/identityGroups/00000000-0000-0000-0000-000000000009")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let members: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        members,
        [
            "debugMessage",
            "errors",
            "message",
            "requestId",
            "status",
            "subErrors",
            "timestamp"
        ],
        "{body}"
    );
    assert_eq!(body["status"], "404 NOT_FOUND");
    assert!(body["errors"][0]["code"].is_string(), "{body}");

    let (status, body) = app.get("/identityGroups/not-a-uuid").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["status"], "400 BAD_REQUEST");
}

#[sqlx::test]
async fn nul_characters_are_refused_as_invalid_input(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app
        .post("/identityGroups", json!({"name": "a\u{0}b"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["status"], "400 BAD_REQUEST");
    assert_eq!(fields(&body), ["name"], "{body}");

    let g = group(&app, "G").await;
    let (status, body) = app
        .post("/identities/query", json!({"keyword": "\u{0}"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(fields(&body), ["keyword"], "{body}");

    let (status, body) = app
        .post(
            "/identities/csvFile",
            json!({"ethernetPort": {"name": "\u{0}"}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(fields(&body), ["ethernetPort.name"], "{body}");

    let (status, body) = app
        .put(
            &format!("/identityGroups/{g}/policySets/ps%00"),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(fields(&body), ["policySetId"], "{body}");

    let i = identity(&app, &g, json!({"name": "alice"})).await;
    let (status, body) = app
        .put(
            &format!("/identityGroups/{g}/identities/{i}/venues/v%001/ethernetPorts"),
            json!([]),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(fields(&body), ["venueId"], "{body}");

    // Nothing was written: the group has no policy set, and "a\0b" no group.
    let (_, page) = app.get("/identityGroups").await;
    assert_eq!(page["totalElements"], 1, "{page}");
    assert!(page["content"][0].get("policySetId").is_none(), "{page}");
}
