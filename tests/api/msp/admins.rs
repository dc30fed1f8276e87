//! A customer's own administrators, and invitations.

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use super::{admin_call, call, create_customer, make_tenant};

#[sqlx::test]
async fn the_msp_reads_updates_and_removes_its_customers_administrators(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let rival = make_tenant(&app, "Rival MSP", "MSP").await;
    let customer = create_customer(&app, &msp, "Acme Sales").await;

    let (status, list) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/tenants/{customer}/admins"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1);
    let first = &list[0];
    assert_eq!(first["email"], "owner@acme-sales.example.com");
    assert_eq!(first["full_name"], "Ada Lovelace");
    assert_eq!(first["role"], "PRIME_ADMIN");
    let admin_id = first["id"].as_str().unwrap().to_string();
    let path = format!("/tenants/{customer}/admins/{admin_id}");

    let (status, one) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["first_name"], "Ada");

    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(
            json!({"email": "ada@acme-sales.example.com", "user_name": "ada@acme-sales.example.com",
                    "first_name": "Ada", "last_name": "King"}),
        ),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (_, one) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(one["email"], "ada@acme-sales.example.com");
    assert_eq!(one["last_name"], "King");

    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(json!({"email": "nope"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = call(&app, &rival.token, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The customer keeps its one PRIME_ADMIN.
    let (status, body) = call(&app, &msp.token, Method::DELETE, &path, None, None).await;
    assert!(status.is_client_error(), "{status} {body}");
    let (_, list) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/tenants/{customer}/admins"),
        None,
        None,
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    let missing = format!("/tenants/{customer}/admins/00000000-0000-0000-0000-000000000000");
    let (status, _) = call(&app, &msp.token, Method::GET, &missing, None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn invitations_are_recorded_and_never_mailed(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let customer = create_customer(&app, &msp, "Acme Sales").await;
    let path = format!("/tenants/{customer}/invitations");

    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(json!({"admin_email": "new@acme-sales.example.com", "resend": true})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(json!({"admin_email": "x"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["admin_email"].is_object(), "{body}");

    let (status, list) = admin_call(
        &app,
        Method::GET,
        &format!("/_r1/tenants/{customer}/invitations"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["admin_email"], "new@acme-sales.example.com");
    assert_eq!(list[0]["resend"], true);
}
