//! Resident login and what a resident token opens.

use r1::*;
use reqwest::{Method, StatusCode};

use super::{call, hashed, login, resident};
use crate::property::unit;

#[sqlx::test]
async fn a_unit_logs_in_with_its_hashed_secret(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Login Court", false).await;
    let res = app
        .http
        .post(app.url(&r.path("/units/logins")))
        .json(&json!({"hashedSecret": hashed(&app, &r.secret).await}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/hal+json");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["unitGuid"], r.unit);
    assert_eq!(body["token"].as_str().unwrap().len(), 64);
    assert!(body["serverVersion"].is_string());
    assert!(body["expireDateTime"].is_string());

    let (status, body) = login(&app, &r.venue, "not-the-secret").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["status"], "401 UNAUTHORIZED");
    assert!(body["timestamp"].is_string());
    assert!(body.get("requestId").is_none(), "ErrorResource: {body}");
    let (status, body) = read(
        app.http
            .post(app.url(&r.path("/units/logins")))
            .json(&json!({"hashedSecret": "abc"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = login(&app, "0123456789abcdef0123456789abcdef", &r.secret).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test]
async fn a_secret_changed_through_dpsk_logs_in(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Changed Court", false).await;
    let (_, u) = app
        .get(&format!("/venues/{}/units/{}", r.venue, r.unit))
        .await;
    let persona = u["personaId"].as_str().unwrap();
    let (_, identity) = app
        .get(&format!("/identityGroups/{}/identities/{persona}", r.group))
        .await;
    let passphrase = identity["dpskGuid"].as_str().unwrap();
    let (status, _) = app
        .patch(
            &format!("/dpskServices/{}/passphrases/{passphrase}", r.pool),
            json!({"passphrase": "set-through-dpsk"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, _) = login(&app, &r.venue, &r.secret).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old secret is gone");
    let (status, body) = login(&app, &r.venue, "set-through-dpsk").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["unitGuid"], r.unit);
}

#[sqlx::test]
async fn a_disabled_unit_cannot_log_in_and_its_token_stops(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Disabled Court", false).await;
    let (status, _) = app
        .patch(
            &format!("/venues/{}/units/{}", r.venue, r.unit),
            json!({"status": "DISABLED"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, body) = login(&app, &r.venue, &r.secret).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _) = call(&app, &r.token, Method::GET, &r.path("/units"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test]
async fn tokens_open_only_their_own_unit_and_property(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Token Court", false).await;
    let other = resident(&app, "Other Court", false).await;

    // A tenant token opens no resident endpoint.
    let (status, body) = app.get(&r.path("/units")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["status"], "401 UNAUTHORIZED");
    // A resident token opens no tenant API.
    let (status, _) = call(
        &app,
        &r.token,
        Method::GET,
        &format!("/venues/{}", r.venue),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(&app, &r.token, Method::GET, "/identityGroups", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Another property's endpoints are refused.
    let (status, body) = call(&app, &r.token, Method::GET, &other.path("/units"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // Missing, wrong and expired tokens.
    let (status, _) = read(
        app.http
            .get(app.url(&r.path("/units")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(&app, "wrong", Method::GET, &r.path("/units"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    sqlx::query("UPDATE resident_tokens SET expires_at = now() - interval '1 second'")
        .execute(&app.db)
        .await
        .unwrap();
    let (status, body) = call(&app, &r.token, Method::GET, &r.path("/units"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

    // A second unit of the same property is another token's.
    let second = unit(
        &app,
        &r.venue,
        json!({"name": "102", "resident": {"name": "Bo"}}),
    )
    .await;
    let (status, body) = login(&app, &r.venue, &r.secret).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(body["unitGuid"], second);
}

#[sqlx::test]
async fn the_residents_of_a_suspended_tenant_are_refused(db: sqlx::PgPool) {
    use r1_core::tenants::{self, TenantStatus};
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Suspended Court", false).await;
    let mut conn = app.db.acquire().await.unwrap();
    app.elsewhere(tenants::set_status(
        &mut conn,
        TENANT,
        TenantStatus::Suspended,
    ))
    .await
    .unwrap();
    let (status, _) = call(&app, &r.token, Method::GET, &r.path("/units"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = login(&app, &r.venue, &r.secret).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    app.elsewhere(tenants::set_status(&mut conn, TENANT, TenantStatus::Active))
        .await
        .unwrap();
    let (status, _) = call(&app, &r.token, Method::GET, &r.path("/units"), None).await;
    assert_eq!(status, StatusCode::OK);
}

#[sqlx::test]
async fn a_token_on_another_tenants_property_is_forbidden_and_a_wrong_one_unauthorized(
    db: sqlx::PgPool,
) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Tenant Court", false).await;
    let other = app.other_tenant("0000000000000000000000000000000f").await;
    let (status, body) = read(
        app.req_as(&other, Method::POST, "/venues")
            .json(&json!({"name": "Elsewhere", "address": {"country": "US", "city": "Austin"}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let elsewhere = body["response"]["id"].as_str().unwrap().to_string();
    let path = format!("/residents/properties/{elsewhere}/units");

    // A live token is found whichever tenant the named property is of.
    let (status, body) = call(&app, &r.token, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["status"], "403 FORBIDDEN");
    assert_eq!(
        body["message"],
        "The resident token does not open this property"
    );
    let (status, _) = call(
        &app,
        &r.token,
        Method::GET,
        "/residents/properties/not-a-venue/units",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A token nobody issued is 401 on either property.
    for p in [path.as_str(), r.path("/units").as_str()] {
        let (status, body) = call(&app, "never-issued", Method::GET, p, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["status"], "401 UNAUTHORIZED");
    }
    let (status, got) = call(&app, &r.token, Method::GET, &r.path("/units"), None).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["guid"], r.unit);
}
