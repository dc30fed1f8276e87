use r1::*;
use r1_core::auth::Keys;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

const OTHER: &str = "0000000000000000000000000000000b";

#[sqlx::test]
async fn bootstrap_credentials_get_a_bearer_token(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let res = app.token_response(TENANT, CLIENT_ID, CLIENT_SECRET).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, body) = read(res).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 7200);
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(token.split('.').count(), 3);

    let res = app
        .req_as(token, Method::POST, "/activities/query")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[sqlx::test]
async fn wrong_credentials_are_refused_as_oauth2_errors(db: PgPool) {
    let app = TestApp::spawn(db).await;
    for (tenant, client, secret) in [
        (TENANT, CLIENT_ID, "wrong"),
        (TENANT, "nobody", CLIENT_SECRET),
        // Right client and secret, but another tenant in the path.
        (OTHER, CLIENT_ID, CLIENT_SECRET),
    ] {
        let (status, body) = read(app.token_response(tenant, client, secret).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{client}/{secret}");
        assert_eq!(body["error"], "invalid_client");
    }

    let res = app
        .http
        .post(app.url(&format!("/oauth2/token/{TENANT}")))
        .form(&[
            ("grant_type", "password"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "unsupported_grant_type");

    let res = app
        .http
        .post(app.url(&format!("/oauth2/token/{TENANT}")))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_request");
}

#[sqlx::test]
async fn secrets_are_stored_hashed(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let hash: String =
        sqlx::query_scalar("SELECT secret_hash FROM api_clients WHERE client_id = $1")
            .bind(CLIENT_ID)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(hash.starts_with("sha256$"), "{hash}");
    assert!(!hash.contains(CLIENT_SECRET));
}

#[sqlx::test]
async fn an_older_argon2_secret_still_works_and_is_stored_anew(db: PgPool) {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let app = TestApp::spawn(db).await;
    let legacy = argon2::Argon2::default()
        .hash_password(CLIENT_SECRET.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
    sqlx::query("UPDATE api_clients SET secret_hash = $2 WHERE client_id = $1")
        .bind(CLIENT_ID)
        .bind(&legacy)
        .execute(&app.db)
        .await
        .unwrap();
    let wrong = app.token_response(TENANT, CLIENT_ID, "wrong").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    app.token_for(TENANT, CLIENT_ID, CLIENT_SECRET).await;
    let stored: String =
        sqlx::query_scalar("SELECT secret_hash FROM api_clients WHERE client_id = $1")
            .bind(CLIENT_ID)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(stored.starts_with("sha256$"), "{stored}");
    app.token_for(TENANT, CLIENT_ID, CLIENT_SECRET).await;
}

async fn assert_unauthorized(app: &TestApp, authorization: Option<String>) -> Value {
    let mut req = app.http.post(app.url("/activities/query")).json(&json!({}));
    if let Some(value) = &authorization {
        req = req.header("authorization", value);
    }
    let (status, body) = read(req.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{authorization:?}");
    assert_eq!(body["errors"][0]["code"], "UNAUTHORIZED", "{body}");
    assert!(body["requestId"].is_string());
    body
}

#[sqlx::test]
async fn every_bad_token_is_a_401_in_the_vendor_shape(db: PgPool) {
    let app = TestApp::spawn(db).await;
    // Missing, not Bearer, empty, garbage.
    assert_unauthorized(&app, None).await;
    assert_unauthorized(&app, Some(format!("Token {}", app.token))).await;
    assert_unauthorized(&app, Some("Bearer ".into())).await;
    assert_unauthorized(&app, Some("Bearer not.a.jwt".into())).await;
    // Signed with another key.
    let forged = Keys::new("another-key", 600)
        .issue(CLIENT_ID, TENANT, "app")
        .unwrap();
    let body = assert_unauthorized(&app, Some(format!("Bearer {forged}"))).await;
    assert_eq!(
        body["errors"][0]["message"],
        "The token's signature is not valid for this server"
    );
    // Expired: right key, expiry in the past.
    let now = chrono::Utc::now().timestamp();
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &json!({"sub": CLIENT_ID, "tenantId": TENANT, "name": "app", "iss": "r1", "iat": now - 7200, "exp": now - 60}),
        &jsonwebtoken::EncodingKey::from_secret(app.config.jwt_secret.as_bytes()),
    )
    .unwrap();
    let body = assert_unauthorized(&app, Some(format!("Bearer {expired}"))).await;
    assert_eq!(
        body["errors"][0]["message"],
        "The token has expired: get a new one"
    );
    // Right key, but a tenant that does not exist.
    let orphan = Keys::new(&app.config.jwt_secret, 600)
        .issue(CLIENT_ID, "0000000000000000000000000000dead", "app")
        .unwrap();
    let body = assert_unauthorized(&app, Some(format!("Bearer {orphan}"))).await;
    assert_eq!(
        body["errors"][0]["message"],
        "The token's tenant 0000000000000000000000000000dead does not exist"
    );
}

#[sqlx::test]
async fn acting_for_a_tenant_needs_a_delegation(db: PgPool) {
    let app = TestApp::spawn(db).await;
    app.other_tenant(OTHER).await;
    let own = app
        .req(Method::POST, "/activities/query")
        .header("x-rks-tenantid", TENANT)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    let (status, body) = read(
        app.req(Method::POST, "/activities/query")
            .header("x-rks-tenantid", OTHER)
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["errors"][0]["code"], "FORBIDDEN");
}
