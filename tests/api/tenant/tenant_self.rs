//! `/tenants/self`, beta features, subscription preferences, media types
//! and the per-tenant budget.

use r1::*;
use reqwest::{header, Method, StatusCode};
use sqlx::PgPool;

use super::{call, error, make_tenant};

#[sqlx::test]
async fn the_tenant_record_embeds_its_lists_only_when_deep(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let t = make_tenant(&app, "Deep", "MSP", "ann@deep.example").await;
    let (status, _) = call(
        &app,
        &t.token,
        Method::POST,
        "/tenants/notificationRecipients",
        Some(json!({"description": "NOC", "endpoints": [{"type": "EMAIL", "destination": "noc@deep.example"}]})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);

    let (_, shallow) = call(&app, &t.token, Method::GET, "/tenants/self", None).await;
    for key in [
        "admins",
        "notificationRecipients",
        "authentications",
        "delegationsTo",
    ] {
        assert!(shallow.get(key).is_none(), "{key} without deep: {shallow}");
    }
    assert_eq!(shallow["tenantType"], "MSP");
    assert_eq!(shallow["msp"]["mspLabel"], "Deep");
    assert_eq!(shallow["tenantMFA"]["mfaStatus"], "DISABLED");
    assert!(shallow["externalId"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    assert!(shallow["account"]["id"].is_string());

    let (status, deep) = call(&app, &t.token, Method::GET, "/tenants/self?deep=true", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(deep["admins"][0]["username"], "ann@deep.example");
    assert_eq!(deep["admins"][0]["adminRoles"][0]["role"], "PRIME_ADMIN");
    assert_eq!(deep["notificationRecipients"][0]["description"], "NOC");
    assert_eq!(
        deep["notificationRecipients"][0]["endpoints"][0]["destination"],
        "noc@deep.example"
    );
    assert_eq!(deep["authentications"], json!([]));
    assert_eq!(deep["delegationsTo"], json!([]));
}

#[sqlx::test]
async fn updating_the_tenant_applies_the_dto_and_records_an_activity(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app
        .put(
            "/tenants/self",
            json!({"tenantName": "Renamed", "enableMfa": "true", "enableBeta": true,
                   "userName": "ignored", "missingAdminIds": ["x"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let request_id = body["requestId"].as_str().unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1);
    let activity = app.wait_activity(request_id).await;
    assert_eq!(activity["status"], "SUCCESS");
    assert_eq!(activity["useCase"], "UpdateTenant");

    let (_, me) = app.get("/tenants/self").await;
    assert_eq!(me["name"], "Renamed");
    assert_eq!(me["tenantMFA"]["mfaStatus"], "ENABLED");
}

#[sqlx::test]
async fn bad_tenant_fields_are_refused_and_nothing_changes(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (_, before) = app.get("/tenants/self").await;
    for bad in [
        json!({"tenantName": "x".repeat(256)}),
        json!({"tenantName": "  "}),
        json!({"enableMfa": "maybe"}),
        json!({"enableBeta": "yes"}),
    ] {
        let (status, body) = app.put("/tenants/self", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["requestId"].is_string());
    }
    let (_, after) = app.get("/tenants/self").await;
    assert_eq!(before["name"], after["name"]);
    assert_eq!(before["tenantMFA"], after["tenantMFA"]);
}

#[sqlx::test]
async fn beta_features_enable_known_ids_and_report_unknown_ones(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app.get("/tenants/betaFeatures").await;
    assert_eq!(status, StatusCode::OK);
    let features = body["betaFeatures"].as_array().unwrap();
    assert!(!features.is_empty());
    assert!(features.iter().all(|f| f["enabled"] == false));

    let (status, body) = app
        .put(
            "/tenants/betaFeatures",
            json!({"betaFeatureIds": ["WIFI_7", "NO_SUCH_FEATURE"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["invalidFeatureIds"], json!(["NO_SUCH_FEATURE"]));
    assert!(body["errorMessage"]
        .as_str()
        .unwrap()
        .contains("NO_SUCH_FEATURE"));
    let (_, body) = app.get("/tenants/betaFeatures").await;
    let enabled: Vec<&str> = body["betaFeatures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["enabled"] == true)
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(enabled, vec!["WIFI_7"]);
    assert!(body.get("invalidFeatureIds").is_none());

    let (status, body) = app
        .put(
            "/tenants/betaFeatures",
            json!({"betaFeatureIds": ["EDGE_SD_LAN", "EDGE_SD_LAN"]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body)["field"], "betaFeatureIds");
    let (_, again) = app.get("/tenants/betaFeatures").await;
    assert_eq!(again, body_of_enabled(&again, &["WIFI_7"]));
}

fn body_of_enabled(body: &serde_json::Value, ids: &[&str]) -> serde_json::Value {
    let mut body = body.clone();
    for f in body["betaFeatures"].as_array_mut().unwrap() {
        let on = ids.contains(&f["id"].as_str().unwrap());
        f["enabled"] = json!(on);
    }
    body
}

#[sqlx::test]
async fn subscription_preferences_are_kept_as_given(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app.get("/tenants/subscriptionPreferences").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({}));
    let prefs = json!({"emailSubscriptions": {"productUpdates": true}});
    let (status, body) = app
        .put("/tenants/subscriptionPreferences", prefs.clone())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, prefs);
    let (status, _) = app
        .put("/tenants/subscriptionPreferences", json!([1]))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, body) = app.get("/tenants/subscriptionPreferences").await;
    assert_eq!(body, prefs);
}

#[sqlx::test]
async fn answers_carry_the_vendor_media_type_the_client_asks_for(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let res = app
        .req(Method::GET, "/tenants/self")
        .header(header::ACCEPT, "application/vnd.ruckus.v1+json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/vnd.ruckus.v1+json"
    );
    let res = app
        .req(Method::PUT, "/tenants/self")
        .header(header::CONTENT_TYPE, "text/plain")
        .body("tenantName=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[sqlx::test]
async fn a_burst_past_the_tenant_budget_gets_429_with_retry_after(db: PgPool) {
    let app = TestApp::spawn_with(db, |c| {
        c.rate_limit_tenant_burst = 4;
        c.rate_limit_tenant_per_second = 1;
    })
    .await;
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..6 {
        let res = app.req(Method::GET, "/admins").send().await.unwrap();
        statuses.push(res.status());
        last = Some(res);
    }
    assert_eq!(&statuses[..4], &[StatusCode::OK; 4]);
    let res = last.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    let (_, body) = read(res).await;
    assert_eq!(error(&body)["code"], "TOO_MANY_REQUESTS");
    assert!(body["requestId"].is_string());
}
