//! The resident's unit: details, selective update, devices.

use r1::*;
use reqwest::{Method, StatusCode};

use super::{call, login, resident};

#[sqlx::test]
async fn a_resident_reads_the_unit_and_changes_only_what_is_sent(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Unit Court", false).await;
    let res = app
        .req_as(&r.token, Method::GET, &r.path("/units"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/hal+json");
    let got: serde_json::Value = res.json().await.unwrap();
    assert_eq!(got["guid"], r.unit);
    assert_eq!(got["number"], "101");
    assert_eq!(got["status"], "ENABLED");
    assert_eq!(got["contact"]["contactName"], "Ada");
    assert_eq!(got["secret"], r.secret);
    assert!(got["guestSecret"].is_string());
    assert!(got["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .ends_with(&r.path("/units")));

    let (status, got) = call(
        &app,
        &r.token,
        Method::PUT,
        &r.path("/units"),
        Some(json!({"number": "101", "contact": {"contactName": "Ada", "phoneNumber": "+1555"}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["contact"]["phoneNumber"], "+1555");
    assert_eq!(got["contact"]["email"], "ada@example.com", "kept");
    let (_, u) = app
        .get(&format!("/venues/{}/units/{}", r.venue, r.unit))
        .await;
    assert_eq!(u["resident"]["phoneNumber"], "+1555");

    // Secrets only where the property allows it.
    let (status, body) = call(
        &app,
        &r.token,
        Method::PUT,
        &r.path("/units"),
        Some(json!({"number": "101", "secret": "my-own-secret-1"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["status"], "403 FORBIDDEN");
    let (_, got) = call(&app, &r.token, Method::GET, &r.path("/units"), None).await;
    assert_eq!(got["secret"], r.secret, "nothing changed");
}

#[sqlx::test]
async fn residents_set_secrets_where_the_property_allows_it(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Secret Court", true).await;
    let (status, body) = call(
        &app,
        &r.token,
        Method::PUT,
        &r.path("/units"),
        Some(json!({"number": "101", "secret": "short"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        body["validationErrors"][0],
        "secret: size must be between 12 and 63"
    );

    let (status, got) = call(
        &app,
        &r.token,
        Method::PUT,
        &r.path("/units"),
        Some(
            json!({"number": "101", "secret": "my-own-secret-1", "guestSecret": "my-guest-secret"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["secret"], "my-own-secret-1");
    assert_eq!(got["guestSecret"], "my-guest-secret");
    let (_, page) = app
        .post(
            &format!("/dpskServices/{}/passphrases/query", r.pool),
            json!({"filters": {"passphrase": ["my-own-secret-1"]}}),
        )
        .await;
    assert_eq!(page["totalCount"], 1, "DPSK sees it: {page}");
    let (status, body) = login(&app, &r.venue, "my-own-secret-1").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Secrets are unique in the pool.
    let (status, body) = call(
        &app,
        &r.token,
        Method::PUT,
        &r.path("/units"),
        Some(json!({"number": "101", "secret": "my-guest-secret"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[sqlx::test]
async fn devices_come_from_the_dpsk_passphrase_and_go_from_it(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Device Court", false).await;
    let (_, u) = app
        .get(&format!("/venues/{}/units/{}", r.venue, r.unit))
        .await;
    let (_, identity) = app
        .get(&format!(
            "/identityGroups/{}/identities/{}",
            r.group,
            u["personaId"].as_str().unwrap()
        ))
        .await;
    let passphrase = identity["dpskGuid"].as_str().unwrap().to_string();
    let devices = format!("/dpskServices/{}/passphrases/{passphrase}/devices", r.pool);
    let (status, body) = app.post(&devices, json!(["aa-bb-cc-dd-ee-01"])).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");

    let (status, list) = call(
        &app,
        &r.token,
        Method::GET,
        &r.path("/units/devices?type=UNIT"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["contents"][0]["macAddress"], "AA:BB:CC:DD:EE:01");
    assert_eq!(list["contents"][0]["type"], "UNIT");
    assert_eq!(list["contents"][0]["authType"], "DPSK");
    let (_, list) = call(
        &app,
        &r.token,
        Method::GET,
        &r.path("/units/devices?type=GUEST"),
        None,
    )
    .await;
    assert_eq!(list["contents"], json!([]));
    let (status, body) = call(
        &app,
        &r.token,
        Method::GET,
        &r.path("/units/devices?type=PHONE"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = call(&app, &r.token, Method::GET, &r.path("/units/devices"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, body) = call(
        &app,
        &r.token,
        Method::DELETE,
        &r.path("/units/devices/not-a-mac"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = call(
        &app,
        &r.token,
        Method::DELETE,
        &r.path("/units/devices/aa:bb:cc:dd:ee:99"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        &r.token,
        Method::DELETE,
        &r.path("/units/devices/aa:bb:cc:dd:ee:01"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = app.get(&devices).await;
    assert_eq!(list, json!([]), "gone from DPSK too");
}

#[sqlx::test]
async fn the_unit_read_shows_the_passphrases_of_the_groups_pool_only(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Pool Court", false).await;
    let unit_path = format!("/venues/{}/units/{}", r.venue, r.unit);
    let (_, u) = app.get(&unit_path).await;
    let persona = u["personaId"].as_str().unwrap();
    let (_, identity) = app
        .get(&format!("/identityGroups/{}/identities/{persona}", r.group))
        .await;
    let passphrase = identity["dpskGuid"].as_str().unwrap();

    // A passphrase changed through DPSK is the resident's secret at once.
    let (status, _) = app
        .patch(
            &format!("/dpskServices/{}/passphrases/{passphrase}", r.pool),
            json!({"passphrase": "changed-in-dpsk"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, got) = call(&app, &r.token, Method::GET, &r.path("/units"), None).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["secret"], "changed-in-dpsk");
    assert!(got["guestSecret"].is_string(), "{got}");

    // The group moves to another pool: the unit's passphrases stay in the
    // old one, so the unit has none in its property's pool.
    let (status, body) = app
        .post(
            "/dpskServices",
            json!({"name": "another pool", "passphraseLength": 12,
                   "passphraseFormat": "KEYBOARD_FRIENDLY"}),
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    let other_pool = body["id"].as_str().unwrap();
    let (status, body) = app
        .put(
            &format!("/identityGroups/{}/dpskPools/{other_pool}", r.group),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (status, got) = call(&app, &r.token, Method::GET, &r.path("/units"), None).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["guid"], r.unit);
    assert_eq!(got["secret"], serde_json::Value::Null, "{got}");
    assert_eq!(got["guestSecret"], serde_json::Value::Null, "{got}");

    // Without a pool, the resident is told what Property Management tells
    // the tenant about the unit.
    let (status, body) = app
        .patch(
            &format!("/identityGroups/{}", r.group),
            json!({"dpskPoolId": null}),
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    let (tenant_status, _) = app.get(&unit_path).await;
    let (status, got) = call(&app, &r.token, Method::GET, &r.path("/units"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{got}");
    assert_eq!(status, tenant_status);
    assert_eq!(got["status"], "400 BAD_REQUEST");
}
