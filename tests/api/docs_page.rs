//! A browser user's way in: the base URL leads to the API reference, whose
//! Authorize button gets a token with the API client's id and secret.

use r1::*;
use reqwest::{header, redirect, StatusCode};
use sqlx::PgPool;

#[sqlx::test]
async fn the_base_url_redirects_to_the_docs_page(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let http = reqwest::Client::builder()
        .no_proxy()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    let res = http.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(res.headers()[header::LOCATION], "/docs/");

    // Followed, as a browser does, it is the Swagger UI page.
    let res = app.http.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.url().path(), "/docs/");
    assert!(res.text().await.unwrap().contains("swagger-ui"));
}

#[sqlx::test]
async fn the_document_declares_the_client_credentials_flow_of_the_bootstrap_tenant(db: PgPool) {
    let app = TestApp::spawn(db.clone()).await;
    let (status, doc) = read(app.http.get(app.url("/openapi.json")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearerAuth"]["type"], "http");
    assert_eq!(schemes["bearerAuth"]["scheme"], "bearer");
    let oauth = &schemes["clientCredentials"];
    assert_eq!(oauth["type"], "oauth2");
    assert_eq!(
        oauth["flows"]["clientCredentials"]["tokenUrl"],
        format!("/oauth2/token/{TENANT}")
    );
    assert_eq!(
        doc["security"],
        json!([{"bearerAuth": []}, {"clientCredentials": []}])
    );

    // The page's Authorize dialog comes with the API client's id filled in.
    let res = app
        .http
        .get(app.url("/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let script = res.text().await.unwrap();
    assert!(script.contains("initOAuth"), "{script}");
    assert!(script.contains(CLIENT_ID), "{script}");

    // Another bootstrap tenant: the flow's token URL is that tenant's.
    let tenant = "0123456789abcdef0123456789abcdef";
    let mut config = test_config();
    config.bootstrap_tenant_id = tenant.into();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let other = r1_server::app(r1_core::AppState::new(db, config));
    tokio::spawn(async move { axum::serve(listener, other).await.unwrap() });
    let (_, doc) = read(
        app.http
            .get(format!("{base}/openapi.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        doc["components"]["securitySchemes"]["clientCredentials"]["flows"]["clientCredentials"]
            ["tokenUrl"],
        format!("/oauth2/token/{tenant}")
    );
}

/// Swagger UI's Authorize sends the client's id and secret as HTTP Basic
/// (RFC 6749 2.3.1) with only the grant type in the body.
#[sqlx::test]
async fn a_token_is_issued_for_credentials_sent_as_http_basic(db: PgPool) {
    let app = TestApp::spawn(db).await;
    let token_url = app.url(&format!("/oauth2/token/{TENANT}"));
    let res = app
        .http
        .post(&token_url)
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .form(&[("grant_type", "client_credentials"), ("scope", "")])
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    let token = body["access_token"].as_str().unwrap();

    let res = app
        .http
        .get(app.url("/identityGroups"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let res = app
        .http
        .post(&token_url)
        .basic_auth(CLIENT_ID, Some("not-the-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    let (status, body) = read(res).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
}
