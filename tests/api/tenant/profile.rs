//! The calling administrator's user profile and the account details.

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use super::{call, error, make_tenant};

#[sqlx::test]
async fn the_profile_is_the_calling_administrators(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let t = make_tenant(&app, "Acme", "VAR", "ann@acme.example").await;
    let (status, p) = call(&app, &t.token, Method::GET, "/tenants/userProfiles", None).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["adminId"], t.admin_id.as_str());
    assert_eq!(p["username"], "ann@acme.example");
    assert_eq!(p["email"], "ann@acme.example");
    assert_eq!(p["role"], "PRIME_ADMIN");
    assert_eq!(p["roles"], json!(["PRIME_ADMIN"]));
    assert_eq!(p["tenantId"], t.tenant_id.as_str());
    assert_eq!(p["companyName"], "Acme");
    assert_eq!(p["var"], true);
    assert_eq!(p["dateFormat"], "mm/dd/yyyy");
    assert_eq!(p["detailLevel"], "it");
    assert!(p["allowedRegions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["current"] == true));

    let (status, body) = call(
        &app,
        &t.token,
        Method::PUT,
        "/tenants/userProfiles",
        Some(
            json!({"dateFormat": "dd/mm/yyyy", "detailLevel": "su", "firstName": "Ann",
                    "lastName": "Lee", "preferredLanguage": "de-DE",
                    "preferredNotifications": {"smsPreferences": true}}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["requestId"].is_string());
    assert_eq!(body["response"]["dateFormat"], "dd/mm/yyyy");
    let (_, p) = call(&app, &t.token, Method::GET, "/tenants/userProfiles", None).await;
    assert_eq!(p["firstName"], "Ann");
    assert_eq!(p["detailLevel"], "su");
    assert_eq!(p["preferredLanguage"], "de-DE");
    assert_eq!(p["preferredNotifications"]["smsPreferences"], true);
    assert_eq!(p["preferredNotifications"]["emailPreferences"], true);

    let (_, account) = call(&app, &t.token, Method::GET, "/tenants/accounts", None).await;
    assert_eq!(account["accountName"], "Acme");
    assert_eq!(account["userEmail"], "ann@acme.example");
    assert_eq!(account["userFullName"], "Ann Lee");
}

#[sqlx::test]
async fn a_profile_needs_known_date_format_and_detail_level(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (_, before) = app.get("/tenants/userProfiles").await;
    for (bad, field) in [
        (json!({"detailLevel": "it"}), "dateFormat"),
        (json!({"dateFormat": "mm/dd/yyyy"}), "detailLevel"),
        (
            json!({"dateFormat": "yyyy-mm-dd", "detailLevel": "it"}),
            "dateFormat",
        ),
        (
            json!({"dateFormat": "mm/dd/yyyy", "detailLevel": "loud"}),
            "detailLevel",
        ),
        (
            json!({"dateFormat": "mm/dd/yyyy", "detailLevel": "it", "phoneNumber": "abc"}),
            "phoneNumber",
        ),
    ] {
        let (status, body) = app.put("/tenants/userProfiles", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error(&body)["field"], field);
    }
    let (_, after) = app.get("/tenants/userProfiles").await;
    assert_eq!(before, after);
}
