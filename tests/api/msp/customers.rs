//! Managed tenants: create, read, update, delete, activation and support.

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use super::{acts_for, call, create_customer, customer_body, error_entry, make_tenant};

#[sqlx::test]
async fn only_msp_tenants_may_create_customers(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let rec = make_tenant(&app, "Plain Shop", "REC").await;
    let body = json!({"data": [customer_body("Acme Sales", "owner@acme.example.com")]});
    let (status, refused) = call(
        &app,
        &rec.token,
        Method::POST,
        "/tenants",
        Some(body.clone()),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    let (key, entry) = error_entry(&refused);
    assert_eq!(key, "FORBIDDEN");
    assert!(
        entry["message"].as_str().unwrap().contains("not an MSP"),
        "{refused}"
    );

    for kind in ["MSP_NON_VAR", "MSP_REC"] {
        let msp = make_tenant(&app, &format!("Provider {kind}"), kind).await;
        let (status, created) = call(
            &app,
            &msp.token,
            Method::POST,
            "/tenants",
            Some(body.clone()),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{kind}: {created}");
    }
}

#[sqlx::test]
async fn a_customer_with_bad_fields_is_refused_and_nothing_is_stored(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let mut bad = customer_body("A", "not-an-email");
    bad["service_expiration_date"] = json!("next year");
    let (status, body) = call(
        &app,
        &msp.token,
        Method::POST,
        "/tenants",
        Some(json!({"data": [customer_body("Good One", "ok@good.example.com"), bad]})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let errors = body["errors"].as_object().unwrap();
    for field in ["name", "admin_email", "service_expiration_date"] {
        assert!(errors.contains_key(field), "{field}: {body}");
    }
    let (_, page) = call(
        &app,
        &msp.token,
        Method::POST,
        "/mspecs/query",
        Some(json!({})),
        None,
    )
    .await;
    assert_eq!(page["totalCount"], 0, "{page}");

    let (status, body) = call(
        &app,
        &msp.token,
        Method::POST,
        "/tenants",
        Some(json!({"data": []})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[sqlx::test]
async fn the_msp_reads_and_updates_its_customer_and_others_see_nothing(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let rival = make_tenant(&app, "Rival MSP", "MSP").await;
    let customer = create_customer(&app, &msp, "Acme Sales").await;
    let path = format!("/tenants/{customer}");

    let (status, view) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["name"], "Acme Sales");
    assert_eq!(view["tenant_id"], customer.as_str());
    assert_eq!(view["parent_tenant_id"], msp.tenant_id.as_str());
    assert_eq!(view["tenant_type"], "MSP_EC");
    assert_eq!(view["is_active"], "true");
    assert_eq!(view["service_expiration_date"], "2027-01-01 00:00:00Z");

    let update = json!({"name": "Acme Retail", "city": "Austin",
        "service_effective_date": "2026-02-01 00:00:00.000Z",
        "service_expiration_date": "2028-02-01 00:00:00.000Z"});
    let (status, body) = call(&app, &msp.token, Method::PUT, &path, Some(update), None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert!(body["requestId"].is_string());
    assert_eq!(body["tenantId"], customer.as_str());
    let (_, view) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(view["name"], "Acme Retail");
    assert_eq!(view["city"], "Austin");
    assert_eq!(view["service_expiration_date"], "2028-02-01 00:00:00Z");

    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(json!({"name": ""})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    for (method, p) in [
        (Method::GET, path.clone()),
        (Method::DELETE, path.clone()),
        (Method::DELETE, format!("/tenantActivations/{customer}")),
        (
            Method::PUT,
            format!("/tenantActivations/supportStatus/{customer}"),
        ),
    ] {
        let (status, body) = call(&app, &rival.token, method.clone(), &p, None, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {p}: {body}");
        assert_eq!(error_entry(&body).0, "RESOURCE_NOT_FOUND");
    }
    let (_, view) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(view["is_active"], "true");
}

#[sqlx::test]
async fn deleting_a_customer_removes_its_tenant_and_everything_in_it(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let customer = create_customer(&app, &msp, "Acme Sales").await;
    let (status, pool) = call(
        &app,
        &msp.token,
        Method::POST,
        "/dpskServices",
        Some(json!({"name": "lobby", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12})),
        Some(&customer),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{pool}");

    let (status, body) = call(
        &app,
        &msp.token,
        Method::DELETE,
        &format!("/tenants/{customer}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (status, _) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/tenants/{customer}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let pools: i64 = sqlx::query_scalar("SELECT count(*) FROM dpsk_pools WHERE tenant_id = $1")
        .bind(&customer)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(pools, 0);
    let status = acts_for(&app, &msp.token, &customer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[sqlx::test]
async fn support_access_is_granted_with_an_expiry_and_lapses_on_its_own(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let customer = create_customer(&app, &msp, "Acme Sales").await;
    let path = format!("/tenantActivations/supportStatus/{customer}");

    let (status, body) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!((status, body), (StatusCode::OK, json!("DISABLED")));
    let (status, body) = call(&app, &msp.token, Method::PUT, &path, None, None).await;
    assert_eq!((status, body), (StatusCode::OK, json!("ENABLED")));
    let (_, body) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(body, "ENABLED");

    let until: Option<chrono::DateTime<chrono::Utc>> = sqlx::query_scalar(
        "SELECT valid_until FROM tenant_grants WHERE target_tenant_id = $1 AND kind = 'SUPPORT'
         AND revoked_at IS NULL",
    )
    .bind(&customer)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let days = (until.unwrap() - chrono::Utc::now()).num_days();
    assert!((20..=21).contains(&days), "{days}");

    // When the expiry passes, the status reads DISABLED without anyone acting.
    sqlx::query("UPDATE tenant_grants SET valid_from = now() - interval '2 seconds', valid_until = now() - interval '1 second' WHERE kind = 'SUPPORT'")
        .execute(&app.db)
        .await
        .unwrap();
    let (_, body) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(body, "DISABLED");

    call(&app, &msp.token, Method::PUT, &path, None, None).await;
    let (status, body) = call(&app, &msp.token, Method::DELETE, &path, None, None).await;
    assert_eq!((status, body), (StatusCode::OK, json!("DISABLED")));
}
