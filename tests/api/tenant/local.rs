//! `/_r1/tenants`: tenants made locally, their clients, their removal, and
//! what a tenant that is not active can still do.

use r1::*;
use r1_core::tenants::{self, TenantStatus};
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use super::{admin_call, call, error, make_tenant};

#[sqlx::test]
async fn a_tenant_made_locally_has_a_prime_admin_and_a_client_acting_as_it(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let t = make_tenant(&app, "Acme Hotels", "REC", "ann@acme.example").await;
    assert_eq!(t.tenant_id.len(), 32);

    let (status, me) = call(&app, &t.token, Method::GET, "/tenants/self", None).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["id"], t.tenant_id.as_str());
    assert_eq!(me["name"], "Acme Hotels");
    assert_eq!(me["tenantType"], "REC");
    assert_eq!(me["status"], "active");

    let (_, admins) = call(&app, &t.token, Method::GET, "/admins", None).await;
    assert_eq!(admins.as_array().unwrap().len(), 1);
    assert_eq!(admins[0]["id"], t.admin_id.as_str());
    assert_eq!(admins[0]["email"], "ann@acme.example");
    assert_eq!(admins[0]["role"], "PRIME_ADMIN");

    let (_, profile) = call(&app, &t.token, Method::GET, "/tenants/userProfiles", None).await;
    assert_eq!(profile["adminId"], t.admin_id.as_str());

    let (status, list) = admin_call(&app, Method::GET, "/_r1/tenants", None).await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tenantId"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&t.tenant_id.as_str()));
    assert!(ids.contains(&TENANT));
}

#[sqlx::test]
async fn making_tenants_takes_the_admin_token_and_a_valid_body(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let body = json!({"name": "x", "tenantType": "REC"});
    let res = app
        .http
        .post(app.url("/_r1/tenants"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .req(Method::POST, "/_r1/tenants")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    for bad in [
        json!({"name": "x", "tenantType": "EMPIRE"}),
        json!({"tenantType": "REC"}),
        json!({"name": "x", "tenantType": "REC", "tenantId": "XYZ"}),
        json!({"name": "x", "tenantType": "REC", "adminEmail": "not-an-email"}),
    ] {
        let (status, body) = admin_call(&app, Method::POST, "/_r1/tenants", Some(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error(&body)["code"], "INVALID_REQUEST");
    }
    let (_, list) = admin_call(&app, Method::GET, "/_r1/tenants", None).await;
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "only the bootstrap tenant: {list}"
    );

    let fixed = "0123456789abcdef0123456789abcdef";
    let body = json!({"name": "x", "tenantType": "MSP", "tenantId": fixed});
    let (status, made) = admin_call(&app, Method::POST, "/_r1/tenants", Some(body.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["tenantId"], fixed);
    let (status, _) = admin_call(&app, Method::POST, "/_r1/tenants", Some(body)).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[sqlx::test]
async fn another_client_of_a_tenant_acts_as_its_prime_admin(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let t = make_tenant(&app, "Acme", "MSP_EC", "ann@acme.example").await;
    let path = format!("/_r1/tenants/{}/clients", t.tenant_id);
    let (status, client) = admin_call(&app, Method::POST, &path, None).await;
    assert_eq!(status, StatusCode::CREATED, "{client}");
    assert_ne!(client["clientId"], t.client_id.as_str());
    let token = app
        .token_for(
            &t.tenant_id,
            client["clientId"].as_str().unwrap(),
            client["clientSecret"].as_str().unwrap(),
        )
        .await;
    let (_, profile) = call(&app, &token, Method::GET, "/tenants/userProfiles", None).await;
    assert_eq!(profile["adminId"], t.admin_id.as_str());
    assert_eq!(profile["username"], "ann@acme.example");

    let (status, body) = admin_call(
        &app,
        Method::POST,
        "/_r1/tenants/ffffffffffffffffffffffffffffffff/clients",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[sqlx::test]
async fn a_deleted_tenant_is_gone_with_its_data_and_tokens(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let t = make_tenant(&app, "Gone", "REC", "ann@gone.example").await;
    let (status, _) = call(
        &app,
        &t.token,
        Method::POST,
        "/admins",
        Some(json!({"email": "bob@gone.example", "role": "ADMIN"})),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);

    let path = format!("/_r1/tenants/{}", t.tenant_id);
    let (status, _) = admin_call(&app, Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(&app, &t.token, Method::GET, "/admins", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM tenant_admins WHERE tenant_id = $1")
        .bind(&t.tenant_id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let (status, _) = admin_call(&app, Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn a_suspended_tenant_is_refused_until_it_is_active_again(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let t = make_tenant(&app, "Paused", "REC", "ann@paused.example").await;
    let mut conn = app.db.acquire().await.unwrap();
    // Changed in the database as the CLI would: the app hears of it by
    // PostgreSQL's notification, which the next request must not outrun.
    app.elsewhere(tenants::set_status(
        &mut conn,
        &t.tenant_id,
        TenantStatus::Suspended,
    ))
    .await
    .unwrap();

    let (status, body) = call(&app, &t.token, Method::GET, "/tenants/self", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let res = app
        .token_response(&t.tenant_id, &t.client_id, &t.client_secret)
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    app.elsewhere(tenants::set_status(
        &mut conn,
        &t.tenant_id,
        TenantStatus::Active,
    ))
    .await
    .unwrap();
    let token = app
        .token_for(&t.tenant_id, &t.client_id, &t.client_secret)
        .await;
    let (status, me) = call(&app, &token, Method::GET, "/tenants/self", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["status"], "active");
}
