//! Who may act for whom: `x-rks-tenantid` against the grant record, and
//! tenants whose status no longer lets them in.

use chrono::{Duration, Utc};
use r1::*;
use r1_core::{
    grants::{self, GrantKind, NewGrant},
    tenants::{self, TenantStatus},
};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

/// The delegating tenant: its data is what the caller acts on.
const CUSTOMER: &str = "0000000000000000000000000000000c";

async fn grant(app: &TestApp, kind: GrantKind, from: Duration, until: Option<Duration>) -> Uuid {
    let now = Utc::now();
    let mut conn = app.db.acquire().await.unwrap();
    app.elsewhere(grants::create(
        &mut conn,
        NewGrant {
            acting_tenant_id: Some(TENANT),
            target_tenant_id: CUSTOMER,
            kind,
            valid_from: now + from,
            valid_until: until.map(|d| now + d),
        },
    ))
    .await
    .unwrap()
}

/// Creates a DPSK pool acting for the customer: the status and body.
async fn create_pool_for_customer(app: &TestApp, name: &str) -> (StatusCode, Value) {
    read(
        app.req(Method::POST, "/dpskServices")
            .header("x-rks-tenantid", CUSTOMER)
            .json(
                &json!({"name": name, "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn assert_refused(status: StatusCode, body: &Value) {
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["errors"][0]["code"], "FORBIDDEN");
    assert_eq!(
        body["errors"][0]["message"],
        format!("The caller holds no delegation for tenant {CUSTOMER}")
    );
}

#[sqlx::test]
async fn a_live_grant_lets_the_caller_act_on_the_customers_data(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let customer_token = app.other_tenant(CUSTOMER).await;
    grant(&app, GrantKind::VarDelegation, Duration::zero(), None).await;

    let (status, body) = create_pool_for_customer(&app, "lobby").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let pool = body["id"].as_str().unwrap();

    // The pool is the customer's: its own token sees it, the caller's own
    // tenant does not.
    let (status, seen) = read(
        app.req_as(
            &customer_token,
            Method::GET,
            &format!("/dpskServices/{pool}"),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert_eq!(seen["name"], "lobby");
    let (status, _) = app.get(&format!("/dpskServices/{pool}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The activity belongs to the customer too.
    let request_id = body["requestId"].as_str().unwrap();
    let (status, activity) = read(
        app.req_as(
            &customer_token,
            Method::GET,
            &format!("/activities/{request_id}"),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{activity}");
    assert_eq!(activity["tenantId"], CUSTOMER);
}

#[sqlx::test]
async fn without_a_grant_the_header_is_refused_and_nothing_is_stored(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let customer_token = app.other_tenant(CUSTOMER).await;
    let (status, body) = create_pool_for_customer(&app, "lobby").await;
    assert_refused(status, &body);

    // A grant runs one way only: the customer cannot act on the caller.
    grant(&app, GrantKind::MspCustomer, Duration::zero(), None).await;
    let (status, _) = read(
        app.req_as(&customer_token, Method::POST, "/activities/query")
            .header("x-rks-tenantid", TENANT)
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Nor does a malformed or unknown tenant id get anything but the refusal.
    for target in ["not-a-tenant", "0000000000000000000000000000beef"] {
        let (status, _) = read(
            app.req(Method::POST, "/activities/query")
                .header("x-rks-tenantid", target)
                .json(&json!({}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{target}");
    }
    let (_, pools) = read(
        app.req_as(&customer_token, Method::POST, "/dpskServices/query")
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(pools["totalCount"], 0, "{pools}");
}

#[sqlx::test]
async fn a_revoked_grant_stops_the_next_request(db: PgPool) {
    let app = TestApp::spawn(db).await;
    app.other_tenant(CUSTOMER).await;
    let id = grant(&app, GrantKind::TechPartner, Duration::zero(), None).await;
    let (status, _) = create_pool_for_customer(&app, "before").await;
    assert_eq!(status, StatusCode::ACCEPTED);

    let mut conn = app.db.acquire().await.unwrap();
    assert!(app.elsewhere(grants::revoke(&mut conn, id)).await.unwrap());
    assert!(
        !grants::revoke(&mut conn, id).await.unwrap(),
        "already revoked"
    );
    let stored = grants::find(&mut conn, id).await.unwrap().unwrap();
    assert!(stored.revoked_at.is_some());
    assert!(!stored.is_valid(Utc::now()));

    let (status, body) = create_pool_for_customer(&app, "after").await;
    assert_refused(status, &body);
}

#[sqlx::test]
async fn a_grant_counts_only_between_its_start_and_its_expiry(db: PgPool) {
    let app = TestApp::spawn(db).await;
    app.other_tenant(CUSTOMER).await;
    // Expired an hour ago, and one that begins tomorrow.
    grant(
        &app,
        GrantKind::Support,
        -Duration::hours(2),
        Some(-Duration::hours(1)),
    )
    .await;
    grant(&app, GrantKind::VarDelegation, Duration::days(1), None).await;
    let (status, body) = create_pool_for_customer(&app, "lobby").await;
    assert_refused(status, &body);

    // One that runs now.
    grant(
        &app,
        GrantKind::Support,
        -Duration::minutes(1),
        Some(Duration::hours(1)),
    )
    .await;
    let mut conn = app.db.acquire().await.unwrap();
    assert!(grants::may_act(&mut conn, TENANT, CUSTOMER).await.unwrap());
    assert!(!grants::may_act(&mut conn, CUSTOMER, TENANT).await.unwrap());
    let (status, _) = create_pool_for_customer(&app, "lobby").await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[sqlx::test]
async fn a_grant_on_an_inactive_customer_is_refused(db: PgPool) {
    let app = TestApp::spawn(db).await;
    app.other_tenant(CUSTOMER).await;
    grant(&app, GrantKind::MspCustomer, Duration::zero(), None).await;
    let mut conn = app.db.acquire().await.unwrap();
    app.elsewhere(tenants::set_status(
        &mut conn,
        CUSTOMER,
        TenantStatus::Suspended,
    ))
    .await
    .unwrap();
    let (status, body) = create_pool_for_customer(&app, "lobby").await;
    assert_refused(status, &body);

    app.elsewhere(tenants::set_status(
        &mut conn,
        CUSTOMER,
        TenantStatus::Active,
    ))
    .await
    .unwrap();
    let (status, _) = create_pool_for_customer(&app, "lobby").await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[sqlx::test]
async fn a_tenant_that_is_not_active_loses_its_tokens_until_it_is_active_again(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let token = app.other_tenant(CUSTOMER).await;
    let client_id = format!("client-{CUSTOMER}");
    let mut conn = app.db.acquire().await.unwrap();
    for status in [
        TenantStatus::Suspended,
        TenantStatus::Maintenance,
        TenantStatus::Deleted,
    ] {
        assert!(app
            .elsewhere(tenants::set_status(&mut conn, CUSTOMER, status))
            .await
            .unwrap());
        assert_eq!(
            tenants::status(&mut conn, CUSTOMER).await.unwrap(),
            Some(status)
        );
        let (code, body) = read(
            app.req_as(&token, Method::POST, "/dpskServices/query")
                .json(&json!({}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(code, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(
            body["errors"][0]["message"],
            format!("The token's tenant {CUSTOMER} is {}", status.as_str())
        );
        let (code, body) = read(
            app.token_response(CUSTOMER, &client_id, "other-secret")
                .await,
        )
        .await;
        assert_eq!(code, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["error"], "invalid_client");
    }
    app.elsewhere(tenants::set_status(
        &mut conn,
        CUSTOMER,
        TenantStatus::Active,
    ))
    .await
    .unwrap();
    let (code, _) = read(
        app.req_as(&token, Method::POST, "/dpskServices/query")
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    app.token_for(CUSTOMER, &client_id, "other-secret").await;
}

#[sqlx::test]
async fn a_deleted_tenant_takes_its_data_and_its_tokens_with_it(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let token = app.other_tenant(CUSTOMER).await;
    let (status, _) = read(
        app.req_as(&token, Method::POST, "/dpskServices")
            .json(&json!({"name": "lobby", "passphraseFormat": "NUMBERS_ONLY", "passphraseLength": 12}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let mut conn = app.db.acquire().await.unwrap();
    assert!(app
        .elsewhere(tenants::delete(&mut conn, CUSTOMER))
        .await
        .unwrap());
    let pools: i64 = sqlx::query_scalar("SELECT count(*) FROM dpsk_pools WHERE tenant_id = $1")
        .bind(CUSTOMER)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(pools, 0);
    let (status, _) = read(
        app.req_as(&token, Method::POST, "/dpskServices/query")
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test]
async fn clients_made_for_a_new_tenant_get_tokens(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let mut conn = app.db.acquire().await.unwrap();
    tenants::create(&mut conn, CUSTOMER, "customer")
        .await
        .unwrap();
    let taken = tenants::create(&mut conn, CUSTOMER, "again").await;
    assert!(matches!(taken, Err(r1_core::ApiError::Conflict(_))));
    assert!(tenants::create(&mut conn, "NOT-HEX", "bad").await.is_err());
    let client = r1_core::clients::create(&mut conn, CUSTOMER, "ci")
        .await
        .unwrap();
    assert_eq!(client.client_secret.len(), 40);
    let token = app
        .token_for(CUSTOMER, &client.client_id, &client.client_secret)
        .await;
    let (status, _) = read(
        app.req_as(&token, Method::POST, "/dpskServices/query")
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}
