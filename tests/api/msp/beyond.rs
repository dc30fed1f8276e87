//! The operations beyond the bundle (CONTRACT.md): current queries, the
//! partial update, and the deprecated paths live clients still call.

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use super::{admin_call, call, create_customer, make_tenant};

#[sqlx::test]
async fn tenants_query_pages_through_subsequent_queries_as_clients_follow_them(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let installer = make_tenant(&app, "Quick Installers", "MSP_INSTALLER").await;
    let mut made = Vec::new();
    for i in 0..5 {
        made.push(create_customer(&app, &msp, &format!("Customer {i}")).await);
    }
    let mut body = json!({"fields": ["check-all", "id", "name"], "filters": {"tenantType": ["MSP_EC"]},
                          "sortField": "name", "sortOrder": "ASC", "page": 1, "pageSize": 2});
    let mut seen = Vec::new();
    let mut url = "/tenants/query".to_string();
    loop {
        let (status, page) = call(
            &app,
            &msp.token,
            Method::POST,
            &url,
            Some(body.clone()),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["totalCount"], 5);
        for row in page["data"].as_array().unwrap() {
            seen.push(row["id"].as_str().unwrap().to_string());
        }
        match page["subsequentQueries"].as_array().unwrap().first() {
            Some(next) => {
                url = next["url"].as_str().unwrap().to_string();
                body = next["payload"].clone();
            }
            None => break,
        }
    }
    assert_eq!(seen, made);

    // Delegation and inventory queries answer over the same state.
    call(
        &app,
        &msp.token,
        Method::PATCH,
        "/tenantDelegations",
        Some(
            json!({"AssignDelegatedRequest": [{"delegation_id": installer.tenant_id,
            "delegation_type": "MSP_INSTALLER", "mspec_id": made[0]}]}),
        ),
        None,
    )
    .await;
    let (status, page) = call(
        &app,
        &msp.token,
        Method::POST,
        "/delegations/query",
        Some(json!({"filters": {"delegationType": ["MSP_INSTALLER"]}})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["data"][0]["tenantId"], made[0].as_str());
    admin_call(
        &app,
        Method::POST,
        &format!("/_r1/tenants/{}/inventory", made[1]),
        Some(json!([{"serialNumber": "AP1", "deviceType": "AP", "mac": "00:11:22:33:44:55", "model": "R650"}])),
    )
    .await;
    let (status, page) = call(
        &app,
        &msp.token,
        Method::POST,
        "/tenants/inventories/query",
        Some(json!({"searchString": "r650", "searchTargetFields": ["model"]})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["data"][0]["tenantId"], made[1].as_str());

    let (status, spec) = call(
        &app,
        &msp.token,
        Method::GET,
        "/tenants/files/apiSpecs",
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["url"], "/openapi.json");
}

#[sqlx::test]
async fn patch_changes_only_the_fields_given(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let customer = create_customer(&app, &msp, "Acme Sales").await;
    let path = format!("/tenants/{customer}");
    let (status, body) = call(
        &app,
        &msp.token,
        Method::PATCH,
        &path,
        Some(json!({"city": "Austin"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (_, view) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(view["city"], "Austin");
    assert_eq!(view["name"], "Acme Sales");
    assert_eq!(view["country"], "US");
    let (status, _) = call(
        &app,
        &msp.token,
        Method::PATCH,
        &path,
        Some(json!({"name": "x"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[sqlx::test]
async fn deprecated_paths_serve_the_same_state(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let integrator = make_tenant(&app, "Wire Integrators", "MSP_INTEGRATOR").await;
    let customer = create_customer(&app, &msp, "Acme Sales").await;

    // As a live client calls it: with x-rks-tenantid set to the customer.
    let (status, admins) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/mspCustomers/{customer}/admins"),
        None,
        Some(&customer),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{admins}");
    assert_eq!(admins[0]["email"], "owner@acme-sales.example.com");

    let (status, list) = call(&app, &msp.token, Method::GET, "/mspCustomers", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["tenant_id"], customer.as_str());
    let (status, one) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/mspCustomers/{customer}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["name"], "Acme Sales");
    let (_, active) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/mspCustomers/{customer}/activationStatus"),
        None,
        None,
    )
    .await;
    assert_eq!(active, json!({"tenant_id": customer, "is_active": true}));

    let (status, body) = call(
        &app,
        &msp.token,
        Method::POST,
        "/mspLabels",
        Some(json!({"msp_label": "acme-wifi"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (status, label) = call(&app, &msp.token, Method::GET, "/mspLabels", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(label["msp_label"], "acme-wifi");
    let (_, base) = call(
        &app,
        &msp.token,
        Method::GET,
        "/mspLabels/baseUrls",
        None,
        None,
    )
    .await;
    assert_eq!(base["base_url"], "https://acme-wifi.r1.local");
    let (_, check) = call(
        &app,
        &integrator.token,
        Method::GET,
        "/mspLabels/acme-wifi",
        None,
        None,
    )
    .await;
    assert_eq!(check["available"], false);
    let (_, check) = call(
        &app,
        &integrator.token,
        Method::GET,
        "/mspLabels/wire-wifi",
        None,
        None,
    )
    .await;
    assert_eq!(check["available"], true);

    let (status, body) = call(
        &app,
        &msp.token,
        Method::PATCH,
        &format!("/mspIntegrators/{}", integrator.tenant_id),
        Some(json!({"mspec_list": [customer], "delegation_type": "MSP_INTEGRATOR"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (_, rel) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/mspIntegrators/{}", integrator.tenant_id),
        None,
        None,
    )
    .await;
    assert_eq!(rel["mspec_list"], json!([customer]));

    let (status, body) = call(
        &app,
        &msp.token,
        Method::POST,
        &format!("/mspCustomers/{customer}/delegations"),
        None,
        None,
    )
    .await;
    assert_eq!((status, body), (StatusCode::OK, json!("ENABLED")));
    let (_, body) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/tenantActivations/supportStatus/{customer}"),
        None,
        None,
    )
    .await;
    assert_eq!(body, "ENABLED");

    let (status, body) = call(&app, &msp.token, Method::PUT,
        &format!("/mspCustomers/{customer}/mspadmins"),
        Some(json!({"delegation_type": "MSP", "mspec_list": [{"msp_admin_id": msp.admin_id, "msp_admin_role": "ADMIN"}]})),
        None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (_, admins) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/tenants/{customer}/adminDelegations"),
        None,
        None,
    )
    .await;
    assert_eq!(admins[0]["msp_admin_role"], "ADMIN");

    let (status, body) = call(
        &app,
        &msp.token,
        Method::DELETE,
        &format!("/mspCustomers/{customer}"),
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
}
