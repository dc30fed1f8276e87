//! Privacy settings, authentications and mobile push endpoints.

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use super::{call, error, make_tenant};

#[sqlx::test]
async fn privacy_post_replaces_the_set_and_patch_merges_by_name(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app.get("/tenants/privacySettings").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"privacyFeatures": []}));

    let (status, body) = app
        .post(
            "/tenants/privacySettings",
            json!({"privacyFeatures": [
                {"featureName": "ARC", "status": "ENABLED"},
                {"featureName": "APP_VISIBILITY", "status": "ENABLED"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = app
        .patch(
            "/tenants/privacySettings",
            json!({"privacyFeatures": [{"featureName": "ARC", "status": "DISABLED"}]}),
        )
        .await;
    assert_eq!(
        body,
        json!({"privacyFeatures": [
            {"featureName": "APP_VISIBILITY", "status": "ENABLED"},
            {"featureName": "ARC", "status": "DISABLED"}]})
    );
    let (_, body) = app
        .post(
            "/tenants/privacySettings",
            json!({"privacyFeatures": [{"featureName": "ARC", "status": "ENABLED"}]}),
        )
        .await;
    assert_eq!(
        body,
        json!({"privacyFeatures": [{"featureName": "ARC", "status": "ENABLED"}]})
    );
    let (_, read) = app.get("/tenants/privacySettings").await;
    assert_eq!(read, body);
    let (status, _) = app
        .get("/tenants/privacySettings?id=ffffffffffffffffffffffffffffffff")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for bad in [
        json!({"privacyFeatures": []}),
        json!({}),
        json!({"privacyFeatures": [{"featureName": "ARC", "status": "MAYBE"}]}),
        json!({"privacyFeatures": [{"featureName": "ARC", "status": "ENABLED"},
                                   {"featureName": "ARC", "status": "DISABLED"}]}),
        json!({"privacyFeatures": [{"status": "ENABLED"}]}),
    ] {
        let (status, body) = app.patch("/tenants/privacySettings", bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, _) = app.post("/tenants/privacySettings", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    assert_eq!(app.get("/tenants/privacySettings").await.1, read);
}

#[sqlx::test]
async fn authentications_are_stored_listed_and_keep_their_secrets(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app
        .post(
            "/tenants/authentications",
            json!({"name": "Okta", "authenticationType": "SAML", "samlFileType": "DIRECT_URL",
                   "samlFileURL": "https://idp.example.com/metadata", "domains": ["example.com"],
                   "samlEncryptionPrivateKey": "secret-key"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["id"].is_string());
    assert_eq!(body["samlFileURL"], "https://idp.example.com/metadata");
    assert!(body.get("samlEncryptionPrivateKey").is_none());

    let (_, list) = app.get("/tenants/authentications").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "Okta");
    assert_eq!(list[0]["domains"], json!(["example.com"]));

    let (status, _) = app
        .post(
            "/tenants/authentications",
            json!({"name": "Okta", "authenticationType": "LDAP"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    for (bad, field) in [
        (json!({"authenticationType": "SAML"}), "name"),
        (json!({"name": "x"}), "authenticationType"),
        (
            json!({"name": "x", "authenticationType": "KERBEROS"}),
            "authenticationType",
        ),
        (
            json!({"name": "x", "authenticationType": "SAML", "samlFileType": "FAX"}),
            "samlFileType",
        ),
    ] {
        let (status, body) = app.post("/tenants/authentications", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error(&body)["field"], field);
    }
    assert_eq!(
        app.get("/tenants/authentications")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let other = make_tenant(&app, "Other", "REC", "ann@other.example").await;
    let (_, theirs) = call(
        &app,
        &other.token,
        Method::GET,
        "/tenants/authentications",
        None,
    )
    .await;
    assert_eq!(theirs, json!([]));
}

#[sqlx::test]
async fn a_device_registers_for_push_once_and_updates_after(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let device = json!({"destination": "ann@example.com", "platform": "ios",
                        "deviceToken": "tok-1", "deviceId": "dev-1"});
    let (status, body) = app
        .post(
            "/tenants/mobilePushNotifications?app=ruckus-one",
            device.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["requestId"].is_string());
    let id = body["response"]["id"].clone();
    assert_eq!(body["response"]["deviceToken"], "tok-1");

    let mut again = device.clone();
    again["deviceToken"] = json!("tok-2");
    let (_, body) = app.post("/tenants/mobilePushNotifications", again).await;
    assert_eq!(body["response"]["id"], id);
    assert_eq!(body["response"]["deviceToken"], "tok-2");

    for field in ["destination", "platform", "deviceToken", "deviceId"] {
        let mut bad = device.clone();
        bad.as_object_mut().unwrap().remove(field);
        let (status, body) = app.post("/tenants/mobilePushNotifications", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error(&body)["field"], field);
    }
}
