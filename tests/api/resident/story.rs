//! The end-to-end story of the issue: a tenant creates a venue, enables
//! property management, adds a unit; its resident logs in, reads and
//! updates the unit, sees a device added through the DPSK API, removes it,
//! and is refused on a second unit's endpoints.

use r1::*;
use reqwest::{Method, StatusCode};

use super::{call, hashed};
use crate::property::{dpsk, group_with_pool, last_segment};

#[sqlx::test]
async fn a_resident_manages_their_unit_end_to_end(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    // The tenant: venue, property, unit.
    let (status, body) = app
        .post(
            "/venues",
            json!({"name": "Harbor View", "address": {"country": "US", "city": "Oakland"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let venue = body["response"]["id"].as_str().unwrap().to_string();
    let (group, pool) = group_with_pool(&app, "Harbor residents", 12).await;
    let (status, _) = app
        .put(
            &format!("/venues/{venue}/propertyConfigs"),
            json!({"status": "ENABLED", "personaGroupId": group, "venueName": "Harbor View"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, body) = app
        .post(
            &format!("/venues/{venue}/units"),
            json!({"name": "4B", "resident": {"name": "Grace", "email": "grace@example.com"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["status"], "SUCCESS");
    assert_eq!(activity["useCase"], "AddUnit");
    let unit = last_segment(&body["_links"]["self"]["href"]);
    let (_, u) = app.get(&format!("/venues/{venue}/units/{unit}")).await;
    let secret = dpsk(&u, "UNIT")["passphrase"].as_str().unwrap().to_string();

    // The resident logs in.
    let (status, login) = read(
        app.http
            .post(app.url(&format!("/residents/properties/{venue}/units/logins")))
            .json(&json!({"hashedSecret": hashed(&app, &secret).await}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{login}");
    assert_eq!(login["unitGuid"], unit);
    let token = login["token"].as_str().unwrap().to_string();
    let base = format!("/residents/properties/{venue}");

    // Reads and updates the unit.
    let (status, mine) = call(&app, &token, Method::GET, &format!("{base}/units"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine["number"], "4B");
    assert_eq!(mine["secret"], secret);
    let (status, mine) = call(
        &app,
        &token,
        Method::PUT,
        &format!("{base}/units"),
        Some(json!({"number": "4B", "contact": {"contactName": "Grace H."}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["contact"]["contactName"], "Grace H.");
    let (_, u) = app.get(&format!("/venues/{venue}/units/{unit}")).await;
    assert_eq!(u["resident"]["name"], "Grace H.");

    // Sees a device added through the DPSK API, and removes it.
    let (_, identity) = app
        .get(&format!(
            "/identityGroups/{group}/identities/{}",
            u["personaId"].as_str().unwrap()
        ))
        .await;
    let devices = format!(
        "/dpskServices/{pool}/passphrases/{}/devices",
        identity["dpskGuid"].as_str().unwrap()
    );
    let (status, _) = app.post(&devices, json!(["0a:0b:0c:0d:0e:0f"])).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, list) = call(
        &app,
        &token,
        Method::GET,
        &format!("{base}/units/devices?type=UNIT"),
        None,
    )
    .await;
    assert_eq!(list["contents"][0]["macAddress"], "0A:0B:0C:0D:0E:0F");
    let (status, _) = call(
        &app,
        &token,
        Method::DELETE,
        &format!("{base}/units/devices/0A:0B:0C:0D:0E:0F"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = app.get(&devices).await;
    assert_eq!(list, json!([]));

    // A second unit's endpoints are not this resident's.
    let (status, body) = app
        .post(
            &format!("/venues/{venue}/units"),
            json!({"name": "4C", "resident": {"name": "Hal"}}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let second = last_segment(&body["_links"]["self"]["href"]);
    let (_, s) = app.get(&format!("/venues/{venue}/units/{second}")).await;
    let second_persona = s["personaId"].as_str().unwrap();
    let (status, _) = call(
        &app,
        &token,
        Method::GET,
        &format!("{base}/units/users/{second_persona}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        &token,
        Method::GET,
        &format!("/venues/{venue}/units/{second}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, mine) = call(&app, &token, Method::GET, &format!("{base}/units"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine["guid"], unit, "still only its own unit");
}
