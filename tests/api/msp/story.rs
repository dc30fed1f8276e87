//! The story of the issue: an MSP runs a customer end to end.

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use super::{admin_call, call, make_tenant};

#[sqlx::test]
async fn an_msp_creates_a_customer_and_acts_for_it_until_deactivated(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let rival = make_tenant(&app, "Rival MSP", "MSP").await;

    // The MSP creates a customer: 202 and an activity that settles.
    let (status, created) = call(
        &app,
        &msp.token,
        Method::POST,
        "/tenants",
        Some(json!({"data": [super::customer_body("Acme Sales", "owner@acme-sales.example.com")]})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    let customer = created["data"][0]["tenantId"].as_str().unwrap().to_string();
    let request_id = created["data"][0]["requestId"].as_str().unwrap();
    let (status, activity) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/activities/{request_id}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{activity}");
    assert_eq!(activity["status"], "SUCCESS");

    // It is listed as an MSP_EC of this MSP.
    let (status, page) = call(
        &app,
        &msp.token,
        Method::POST,
        "/mspecs/query",
        Some(
            json!({"filters": {"tenantType": ["MSP_EC"]}, "fields": ["check-all"],
                    "page": 1, "pageSize": 10}),
        ),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["data"][0]["id"], customer.as_str());
    assert_eq!(page["data"][0]["name"], "Acme Sales");
    assert_eq!(page["data"][0]["mspTenantId"], msp.tenant_id.as_str());
    assert_eq!(page["data"][0]["status"], "Active");
    assert_eq!(page["data"][0]["mspEcAdminCount"], 1);
    assert_eq!(page["data"][0]["mspAdminCount"], 0);

    // The MSP assigns one of its administrators to the customer.
    let (status, body) = call(
        &app,
        &msp.token,
        Method::PATCH,
        "/adminDelegations",
        Some(json!({"associations": [{"mspEcId": customer,
            "mspAdminRoles": [{"msp_admin_id": msp.admin_id, "msp_admin_role": "ADMIN"}]}]})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (_, page) = call(
        &app,
        &msp.token,
        Method::POST,
        "/mspecs/query",
        Some(json!({"fields": ["id", "mspAdminCount", "mspAdmins"]})),
        None,
    )
    .await;
    assert_eq!(
        page["data"][0],
        json!({"id": customer, "mspAdminCount": 1, "mspAdmins": [msp.admin_id]})
    );

    // Acting for the customer, the MSP creates a DPSK pool in it.
    let pool_body =
        json!({"name": "lobby", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12});
    let (status, pool) = call(
        &app,
        &msp.token,
        Method::POST,
        "/dpskServices",
        Some(pool_body.clone()),
        Some(&customer),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{pool}");
    let pool_id = pool["id"].as_str().unwrap().to_string();
    let pool_path = format!("/dpskServices/{pool_id}");

    // The customer's own credentials see that pool.
    let (status, client) = admin_call(
        &app,
        Method::POST,
        &format!("/_r1/tenants/{customer}/clients"),
        None,
    )
    .await;
    assert!(status.is_success(), "{client}");
    let customer_token = app
        .token_for(
            &customer,
            client["clientId"].as_str().unwrap(),
            client["clientSecret"].as_str().unwrap(),
        )
        .await;
    let (status, seen) = call(&app, &customer_token, Method::GET, &pool_path, None, None).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert_eq!(seen["name"], "lobby");

    // Another MSP is refused the same call.
    let (status, refused) = call(
        &app,
        &rival.token,
        Method::POST,
        "/dpskServices",
        Some(pool_body.clone()),
        Some(&customer),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");

    // Deactivation stops both the MSP's delegated call and the customer's token.
    let (status, views) = call(
        &app,
        &msp.token,
        Method::DELETE,
        &format!("/tenantActivations/{customer}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{views}");
    assert_eq!(views[0]["is_active"], "false");
    let (status, _) = call(
        &app,
        &msp.token,
        Method::GET,
        &pool_path,
        None,
        Some(&customer),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&app, &customer_token, Method::GET, &pool_path, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, page) = call(
        &app,
        &msp.token,
        Method::POST,
        "/mspecs/query",
        Some(json!({"fields": ["status"]})),
        None,
    )
    .await;
    assert_eq!(page["data"][0]["status"], "Inactive");

    // Reactivation restores them.
    let (status, views) = call(
        &app,
        &msp.token,
        Method::PUT,
        &format!("/tenantActivations/{customer}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{views}");
    assert_eq!(views[0]["is_active"], "true");
    let (status, seen) = call(
        &app,
        &msp.token,
        Method::GET,
        &pool_path,
        None,
        Some(&customer),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    let (status, _) = call(&app, &customer_token, Method::GET, &pool_path, None, None).await;
    assert_eq!(status, StatusCode::OK);
}
