//! Unit users: the unit's identities and their devices.

use r1::*;
use reqwest::{Method, StatusCode};

use super::{call, resident};

#[sqlx::test]
async fn unit_users_are_the_units_identities(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "User Court", false).await;
    let (status, roommate) = app
        .post(
            &format!("/identityGroups/{}/identities", r.group),
            json!({"name": "roommate", "email": "rm@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let roommate = roommate["id"].as_str().unwrap().to_string();
    let (status, _) = app
        .put(
            &format!("/venues/{}/units/{}/identities/{roommate}", r.venue, r.unit),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, page) = call(
        &app,
        &r.token,
        Method::POST,
        &r.path("/units/users/query"),
        Some(json!({"page": 0, "pageSize": 2, "sortFields": ["userId"], "sortDirection": "ASC"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalElements"], 3);
    assert_eq!(page["content"].as_array().unwrap().len(), 2);
    let (_, page) = call(
        &app,
        &r.token,
        Method::POST,
        &r.path("/units/users/query"),
        Some(json!({"userId": roommate})),
    )
    .await;
    assert_eq!(page["totalElements"], 1);
    assert_eq!(page["content"][0]["type"], "LINKED");
    assert_eq!(page["content"][0]["userName"], "roommate");
    assert_eq!(page["content"][0]["status"], "ACTIVE");
    let (status, _) = call(
        &app,
        &r.token,
        Method::POST,
        &r.path("/units/users/query"),
        Some(json!({"sortFields": ["email"]})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, user) = call(
        &app,
        &r.token,
        Method::GET,
        &r.path(&format!("/units/users/{roommate}")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(user["email"], "rm@example.com");

    let (status, body) = call(
        &app,
        &r.token,
        Method::PUT,
        &r.path(&format!("/units/users/{roommate}")),
        Some(json!({"userName": "flatmate", "status": "BLOCKED"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["personaUpdateId"], roommate);
    let (_, identity) = app
        .get(&format!(
            "/identityGroups/{}/identities/{roommate}",
            r.group
        ))
        .await;
    assert_eq!(identity["name"], "flatmate");
    assert_eq!(identity["revoked"], true);
    let (status, _) = call(
        &app,
        &r.token,
        Method::PUT,
        &r.path(&format!("/units/users/{roommate}")),
        Some(json!({"status": "GONE"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(
        &app,
        &r.token,
        Method::PUT,
        &r.path(&format!("/units/users/{roommate}")),
        Some(json!({"passphrase": "resident-chosen"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "tenantSetDpsk is off");

    // Another tenant's or unit's identity is not a user of this unit.
    let (status, other) = app
        .post(
            &format!("/identityGroups/{}/identities", r.group),
            json!({"name": "stranger"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let stranger = other["id"].as_str().unwrap();
    let (status, _) = call(
        &app,
        &r.token,
        Method::GET,
        &r.path(&format!("/units/users/{stranger}")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn a_users_devices_are_read_and_removed(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Gadget Court", false).await;
    let (_, u) = app
        .get(&format!("/venues/{}/units/{}", r.venue, r.unit))
        .await;
    let guest = u["guestPersonaId"].as_str().unwrap().to_string();
    let (_, identity) = app
        .get(&format!("/identityGroups/{}/identities/{guest}", r.group))
        .await;
    let passphrase = identity["dpskGuid"].as_str().unwrap();
    let devices = format!("/dpskServices/{}/passphrases/{passphrase}/devices", r.pool);
    let (status, _) = app.post(&devices, json!(["00:11:22:33:44:55"])).await;
    assert_eq!(status, StatusCode::ACCEPTED);

    let (status, list) = call(
        &app,
        &r.token,
        Method::GET,
        &r.path(&format!("/units/users/{guest}/devices")),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["contents"][0]["macAddress"], "00:11:22:33:44:55");
    assert_eq!(list["contents"][0]["type"], "GUEST");
    let (_, list) = call(
        &app,
        &r.token,
        Method::GET,
        &r.path("/units/devices?type=GUEST"),
        None,
    )
    .await;
    assert_eq!(list["contents"][0]["macAddress"], "00:11:22:33:44:55");

    let path = r.path(&format!("/units/users/{guest}/devices/00-11-22-33-44-55"));
    let (status, _) = call(&app, &r.token, Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(&app, &r.token, Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = app.get(&devices).await;
    assert_eq!(list, json!([]));
}
