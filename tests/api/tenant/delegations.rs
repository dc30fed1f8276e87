//! Delegations: a VAR invited, accepting and acting with `x-rks-tenantid`,
//! then revoked; rejections; RUCKUS support access.

use r1::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

use super::{admin_call, call, error, make_tenant, Made};

async fn invite(app: &TestApp, from: &Made, username: &str) -> (StatusCode, Value) {
    admin_call(
        app,
        Method::POST,
        &format!("/_r1/tenants/{}/delegations", from.tenant_id),
        Some(json!({"username": username})),
    )
    .await
}

/// GET of a DPSK pool as `token`, acting on `tenant` through the header.
async fn pool_as(app: &TestApp, token: &str, tenant: &str, pool: &str) -> StatusCode {
    app.req_as(token, Method::GET, &format!("/dpskServices/{pool}"))
        .header("x-rks-tenantid", tenant)
        .send()
        .await
        .unwrap()
        .status()
}

#[sqlx::test]
async fn an_accepted_var_delegation_lets_the_var_act_until_it_is_revoked(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let rec = make_tenant(&app, "Hotel", "REC", "owner@hotel.example").await;
    let var = make_tenant(&app, "Reseller", "VAR", "tech@var.example").await;
    let (status, created) = call(
        &app,
        &rec.token,
        Method::POST,
        "/dpskServices",
        Some(json!({"name": "guests", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    let pool = created["id"].as_str().unwrap().to_string();

    let (status, d) = invite(&app, &rec, "tech@var.example").await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    assert_eq!(d["status"], "INVITED");
    assert_eq!(d["type"], "VAR");
    assert_eq!(d["delegatedTo"], var.tenant_id.as_str());
    assert_eq!(d["delegatedBy"], rec.tenant_id.as_str());
    assert_eq!(d["delegatedToName"], "Reseller");
    assert_eq!(d["isValid"], false);
    let id = d["id"].as_str().unwrap().to_string();

    // Invited is not yet a right to act.
    assert_eq!(
        pool_as(&app, &var.token, &rec.tenant_id, &pool).await,
        StatusCode::FORBIDDEN
    );

    let (_, seen) = call(
        &app,
        &var.token,
        Method::GET,
        "/tenants/delegations?type=VAR",
        None,
    )
    .await;
    assert_eq!(seen[0]["id"], id.as_str());
    let (status, body) = call(
        &app,
        &var.token,
        Method::PUT,
        &format!("/tenants/delegations/{id}"),
        Some(json!({"accept": true, "fromTenantId": rec.tenant_id})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["response"]["status"], "ACCEPTED");
    assert_eq!(body["response"]["isValid"], true);
    assert!(body["requestId"].is_string());

    assert_eq!(
        pool_as(&app, &var.token, &rec.tenant_id, &pool).await,
        StatusCode::OK
    );
    let (_, deep) = call(
        &app,
        &rec.token,
        Method::GET,
        "/tenants/self?deep=true",
        None,
    )
    .await;
    assert_eq!(deep["delegationsTo"][0]["status"], "ACCEPTED");
    // The grant runs one way: the REC cannot act on the VAR.
    let (status, _) = call(&app, &rec.token, Method::GET, "/tenants/self", None).await;
    assert_eq!(status, StatusCode::OK);
    let res = app
        .req_as(&rec.token, Method::GET, "/tenants/self")
        .header("x-rks-tenantid", &var.tenant_id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let (status, _) = call(
        &app,
        &var.token,
        Method::DELETE,
        &format!("/tenants/delegations/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(
        pool_as(&app, &var.token, &rec.tenant_id, &pool).await,
        StatusCode::FORBIDDEN
    );
    let (_, d) = call(
        &app,
        &rec.token,
        Method::GET,
        &format!("/tenants/delegations/{id}"),
        None,
    )
    .await;
    assert_eq!(d["status"], "REVOKED");
    assert_eq!(d["isValid"], false);
    let (status, _) = call(
        &app,
        &rec.token,
        Method::DELETE,
        &format!("/tenants/delegations/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[sqlx::test]
async fn a_rejected_invitation_grants_nothing_and_cannot_be_answered_again(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let rec = make_tenant(&app, "Hotel", "REC", "owner@hotel.example").await;
    let var = make_tenant(&app, "Reseller", "VAR", "tech@var.example").await;
    let (_, d) = invite(&app, &rec, "tech@var.example").await;
    let path = format!("/tenants/delegations/{}", d["id"].as_str().unwrap());

    // Only the invited tenant answers, naming who invited it.
    let (status, _) = call(
        &app,
        &rec.token,
        Method::PUT,
        &path,
        Some(json!({"accept": true, "fromTenantId": rec.tenant_id})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = call(
        &app,
        &var.token,
        Method::PUT,
        &path,
        Some(json!({"accept": true, "fromTenantId": var.tenant_id})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(&body)["field"], "fromTenantId");
    let (status, _) = call(
        &app,
        &var.token,
        Method::PUT,
        &path,
        Some(json!({"fromTenantId": rec.tenant_id})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, body) = call(
        &app,
        &var.token,
        Method::PUT,
        &path,
        Some(json!({"accept": false, "fromTenantId": rec.tenant_id})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(body["response"]["status"], "REJECTED");
    let res = app
        .req_as(&var.token, Method::GET, "/tenants/self")
        .header("x-rks-tenantid", &rec.tenant_id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        &var.token,
        Method::PUT,
        &path,
        Some(json!({"accept": true, "fromTenantId": rec.tenant_id})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[sqlx::test]
async fn invitations_name_an_existing_var_once_and_stay_between_the_two(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let rec = make_tenant(&app, "Hotel", "REC", "owner@hotel.example").await;
    make_tenant(&app, "Reseller", "VAR", "tech@var.example").await;
    let stranger = make_tenant(&app, "Stranger", "REC", "x@stranger.example").await;

    let (status, body) = call(
        &app,
        &rec.token,
        Method::POST,
        "/tenants/delegations",
        Some(json!({"username": "tech@var.example"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(error(&body)["message"]
        .as_str()
        .unwrap()
        .contains("client credentials"));

    assert_eq!(
        invite(&app, &rec, "nobody@var.example").await.0,
        StatusCode::NOT_FOUND
    );
    // A REC's administrator is no VAR.
    assert_eq!(
        invite(&app, &rec, "x@stranger.example").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        invite(&app, &rec, "not an email").await.0,
        StatusCode::BAD_REQUEST
    );
    let (status, d) = invite(&app, &rec, "tech@var.example").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        invite(&app, &rec, "TECH@var.example").await.0,
        StatusCode::CONFLICT
    );

    let path = format!("/tenants/delegations/{}", d["id"].as_str().unwrap());
    let (status, _) = call(&app, &stranger.token, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = call(
        &app,
        &stranger.token,
        Method::GET,
        "/tenants/delegations",
        None,
    )
    .await;
    assert_eq!(list, json!([]));
    let (status, _) = call(&app, &stranger.token, Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        &rec.token,
        Method::GET,
        "/tenants/delegations?type=PARTNER",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[sqlx::test]
async fn support_access_is_granted_until_its_expiry_and_revoked(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let (status, body) = app.post("/tenants/supportDelegations", json!(null)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let d = &body["response"];
    assert_eq!(d["type"], "SUPPORT");
    assert_eq!(d["status"], "ACCEPTED");
    assert_eq!(d["isValid"], true);
    let expiry = chrono::DateTime::parse_from_rfc3339(d["expiryDate"].as_str().unwrap()).unwrap();
    let days = (expiry.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_days();
    assert!((20..=21).contains(&days), "{days}");
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["useCase"], "GrantSupportAccess");

    // Granting again starts a fresh period; the old one ends.
    let (status, _) = app.post("/tenants/supportDelegations", json!(null)).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, list) = app.get("/tenants/delegations?type=SUPPORT").await;
    let statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["REVOKED", "ACCEPTED"]);

    let (status, body) = app.delete("/tenants/supportDelegations").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (_, list) = app.get("/tenants/delegations?type=SUPPORT").await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["status"] == "REVOKED" && d["isValid"] == false));
}
