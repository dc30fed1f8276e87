//! Technology partners and the MSP's administrators assigned to customers.

use r1::*;
use reqwest::{Method, StatusCode};
use sqlx::PgPool;

use super::{acts_for, call, create_customer, make_tenant};

#[sqlx::test]
async fn a_tech_partner_acts_on_exactly_the_customers_handed_to_it(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let integrator = make_tenant(&app, "Wire Integrators", "MSP_INTEGRATOR").await;
    let handed = create_customer(&app, &msp, "Acme Sales").await;
    let kept = create_customer(&app, &msp, "Acme Labs").await;

    let (status, body) = call(
        &app,
        &msp.token,
        Method::PATCH,
        "/tenantDelegations",
        Some(
            json!({"AssignDelegatedRequest": [{"delegation_id": integrator.tenant_id,
            "delegation_type": "MSP_INTEGRATOR", "mspec_id": handed, "number_of_days": "30"}]}),
        ),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert!(body.is_string(), "{body}");

    let status = acts_for(&app, &integrator.token, &handed).await;
    assert_eq!(status, StatusCode::OK);
    let status = acts_for(&app, &integrator.token, &kept).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, page) = call(
        &app,
        &integrator.token,
        Method::POST,
        "/techpartners/mspecs/query",
        Some(json!({"fields": ["id", "name", "delegatedTo", "delegationType", "delegationExpiryDate"]})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["data"][0]["id"], handed.as_str());
    assert_eq!(
        page["data"][0]["delegatedTo"],
        integrator.tenant_id.as_str()
    );
    assert!(page["data"][0]["delegationExpiryDate"].as_i64().unwrap() > 0);

    let (status, rel) = call(
        &app,
        &msp.token,
        Method::GET,
        &format!("/tenants/{}/tenantDelegations", integrator.tenant_id),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{rel}");
    assert_eq!(rel["mspec_list"], json!([handed]));
    assert_eq!(rel["delegation_type"], "MSP_INTEGRATOR");
    assert!(rel["expiry_date"].is_string());

    let (_, page) = call(
        &app,
        &msp.token,
        Method::POST,
        "/mspecs/query",
        Some(json!({"fields": ["id", "integrators", "integratorCount"], "sortField": "name"})),
        None,
    )
    .await;
    assert_eq!(
        page["data"][0],
        json!({"id": kept, "integrators": [], "integratorCount": 0})
    );
    assert_eq!(
        page["data"][1],
        json!({"id": handed, "integrators": [integrator.tenant_id], "integratorCount": 1})
    );

    // Removing the assignment stops the partner at once.
    let (status, body) = call(
        &app,
        &msp.token,
        Method::PATCH,
        "/tenantDelegations",
        Some(json!({"AssignDelegatedRequest": [{"delegation_type": "MSP_INTEGRATOR", "mspec_id": handed}]})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let status = acts_for(&app, &integrator.token, &handed).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[sqlx::test]
async fn put_tenant_delegations_sets_the_partners_customers(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let installer = make_tenant(&app, "Quick Installers", "MSP_INSTALLER").await;
    let a = create_customer(&app, &msp, "Acme Sales").await;
    let b = create_customer(&app, &msp, "Acme Labs").await;
    let path = format!("/tenants/{}/tenantDelegations", installer.tenant_id);

    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(json!({"mspec_list": [a, b], "delegation_type": "MSP_INSTALLER"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (_, rel) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    let mut list: Vec<String> = serde_json::from_value(rel["mspec_list"].clone()).unwrap();
    list.sort();
    let mut want = vec![a.clone(), b.clone()];
    want.sort();
    assert_eq!(list, want);

    call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(json!({"mspec_list": [b], "delegation_type": "MSP_INSTALLER"})),
        None,
    )
    .await;
    let (_, rel) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(rel["mspec_list"], json!([b]));
    let status = acts_for(&app, &installer.token, &a).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The (view) delegations list the one that remains.
    let (status, page) = call(
        &app,
        &msp.token,
        Method::POST,
        "/delegations",
        Some(json!({})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["data"][0]["tenantId"], b.as_str());
    assert_eq!(
        page["data"][0]["delegatedToId"],
        installer.tenant_id.as_str()
    );
    assert_eq!(page["data"][0]["delegatedToName"], "Quick Installers");

    // A partner of the wrong type, or a bad type, is refused.
    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(json!({"mspec_list": [a], "delegation_type": "MSP_INTEGRATOR"})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["delegation_id"].is_object(), "{body}");
    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(json!({"mspec_list": [a]})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["errors"]["delegation_type"].is_object(), "{body}");
}

#[sqlx::test]
async fn the_msps_administrators_are_assigned_to_customers(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let msp = make_tenant(&app, "Acme MSP", "MSP").await;
    let customer = create_customer(&app, &msp, "Acme Sales").await;
    let path = format!("/tenants/{customer}/adminDelegations");

    let (status, body) = call(
        &app,
        &msp.token,
        Method::PUT,
        &path,
        Some(json!({"delegation_type": "MSP", "mspec_list": [
            {"msp_admin_id": msp.admin_id, "msp_admin_role": "READ_ONLY"}]})),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (status, list) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        list,
        json!([{"msp_admin_id": msp.admin_id, "msp_admin_role": "READ_ONLY"}])
    );

    // An id that is not one of the MSP's administrators, or a bad role.
    for bad in [
        json!({"msp_admin_id": "4c2b196a205d11ea978f2e728ce88125", "msp_admin_role": "ADMIN"}),
        json!({"msp_admin_id": msp.admin_id, "msp_admin_role": "OWNER"}),
    ] {
        let (status, body) = call(
            &app,
            &msp.token,
            Method::PUT,
            &path,
            Some(json!({"delegation_type": "MSP", "mspec_list": [bad]})),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    }
    let (_, list) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    let (status, _) = call(
        &app,
        &msp.token,
        Method::PATCH,
        "/adminDelegations",
        Some(
            json!({"associations": [{"operation": "REMOVE", "mspEcId": customer,
            "mspAdminRoles": [{"msp_admin_id": msp.admin_id, "msp_admin_role": "READ_ONLY"}]}]}),
        ),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, list) = call(&app, &msp.token, Method::GET, &path, None, None).await;
    assert_eq!(list, json!([]));
}
