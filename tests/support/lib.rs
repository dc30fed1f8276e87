//! What the HTTP-level tests share: spawn the real application on a random
//! port against the test's own fresh database (`#[sqlx::test]`), get tokens,
//! and talk HTTP to it.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use r1_core::{
    access::AccessCache,
    activity::{self, Accepted},
    auth::TenantCtx,
    config::Config,
    repo, ApiError, AppState,
};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

pub use serde_json::json;

/// The bootstrap tenant every test app starts with.
pub const TENANT: &str = "00000000000000000000000000000001";
pub const CLIENT_ID: &str = "r1-client";
pub const CLIENT_SECRET: &str = "r1-secret";
pub const ADMIN_TOKEN: &str = "r1-admin";

/// Names that all share "guest-" but for "host-alpha": a search for
/// "guest-alpha" over rows named so is narrowed to its selective part
/// "alpha" (`r1_core::trigram`), which "host-alpha" holds too, so the
/// exact test of the whole text must leave that row out.
pub const GUEST_NAMES: [&str; 9] = [
    "guest-alpha",
    "guest-beta",
    "guest-gamma",
    "host-alpha",
    "guest-alphabet",
    "guest-delta",
    "guest-omega",
    "guest-sigma",
    "guest-kappa",
];

pub struct TestApp {
    pub base: String,
    pub addr: SocketAddr,
    pub db: PgPool,
    pub http: reqwest::Client,
    /// A token for [`TENANT`].
    pub token: String,
    pub config: Config,
    /// The app's per-process answers of the tenant check.
    pub access: Arc<AccessCache>,
}

/// The configuration tests start from: defaults, whatever the environment.
pub fn test_config() -> Config {
    Config::from_env(Vec::new()).expect("default configuration")
}

impl TestApp {
    pub async fn spawn(db: PgPool) -> TestApp {
        Self::spawn_with(db, |_| {}).await
    }

    /// Spawns with a changed configuration (delays, rate limits, ...).
    pub async fn spawn_with(db: PgPool, change: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = test_config();
        change(&mut config);
        r1_core::bootstrap::seed(&db, &config)
            .await
            .expect("bootstrap");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = AppState::new(db.clone(), config.clone());
        r1_core::instances::join(db.clone(), state.rate_limits.clone());
        r1_core::access::listen(db.clone(), state.access.clone());
        let access = state.access.clone();
        let app = r1_server::app(state);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let mut app = TestApp {
            base: format!("http://{addr}"),
            addr,
            db,
            http,
            token: String::new(),
            config,
            access,
        };
        app.token = app.token_for(TENANT, CLIENT_ID, CLIENT_SECRET).await;
        app
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A request with this app's bearer token.
    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    /// A request with the given token.
    pub fn req_as(&self, token: &str, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path)).bearer_auth(token)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        read(self.req(Method::GET, path).send().await.unwrap()).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        read(
            self.req(Method::POST, path)
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        read(
            self.req(Method::PUT, path)
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        read(
            self.req(Method::PATCH, path)
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        read(self.req(Method::DELETE, path).send().await.unwrap()).await
    }

    pub async fn delete_json(&self, path: &str, body: Value) -> (StatusCode, Value) {
        read(
            self.req(Method::DELETE, path)
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// The token endpoint's answer for these credentials.
    pub async fn token_response(&self, tenant: &str, client_id: &str, secret: &str) -> Response {
        self.http
            .post(self.url(&format!("/oauth2/token/{tenant}")))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret),
            ])
            .send()
            .await
            .unwrap()
    }

    pub async fn token_for(&self, tenant: &str, client_id: &str, secret: &str) -> String {
        let res = self.token_response(tenant, client_id, secret).await;
        assert_eq!(res.status(), StatusCode::OK, "token for {client_id}");
        let body: Value = res.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_string()
    }

    /// Creates another tenant with its own API client and returns a token
    /// for it, for isolation tests.
    pub async fn other_tenant(&self, tenant_id: &str) -> String {
        repo::insert_tenant(&self.db, tenant_id, "other tenant")
            .await
            .unwrap();
        let client_id = format!("client-{tenant_id}");
        let hash = r1_core::secrets::hash("other-secret");
        repo::insert_client(&self.db, &client_id, tenant_id, "other app", &hash)
            .await
            .unwrap();
        self.token_for(tenant_id, &client_id, "other-secret").await
    }

    /// Makes a change outside any request, as another r1 process, the CLI
    /// or psql would, and waits until this app has heard of it: PostgreSQL
    /// notifies every process within milliseconds (r1_core::access).
    pub async fn elsewhere<T>(&self, change: impl Future<Output = T>) -> T {
        let seen = self.access.notifications();
        let done = change.await;
        if self.access.is_live() {
            self.access
                .await_notification(seen, Duration::from_secs(5))
                .await;
        }
        done
    }

    /// Ends an asynchronous operation of the bootstrap client as a domain
    /// handler does, for tests of the activity machinery itself.
    pub async fn settle_activity(
        &self,
        use_case: &str,
        result: Result<Option<String>, ApiError>,
    ) -> Result<Accepted, ApiError> {
        let state = AppState::new(self.db.clone(), self.config.clone());
        let ctx = TenantCtx {
            tenant_id: TENANT.into(),
            caller_tenant_id: TENANT.into(),
            client_id: CLIENT_ID.into(),
            client_name: "r1 bootstrap client".into(),
        };
        let tx = self.db.begin().await.unwrap();
        activity::settle(&state, &ctx, tx, use_case, result).await
    }

    /// Reads an activity until it is no longer PENDING or INPROGRESS.
    pub async fn wait_activity(&self, request_id: &str) -> Value {
        for _ in 0..200 {
            let (status, body) = self.get(&format!("/activities/{request_id}")).await;
            assert_eq!(status, StatusCode::OK, "activity {request_id}: {body}");
            match body["status"].as_str() {
                Some("PENDING") | Some("INPROGRESS") => {
                    tokio::time::sleep(std::time::Duration::from_millis(25)).await
                }
                _ => return body,
            }
        }
        panic!("activity {request_id} never settled");
    }
}

/// Status and JSON body (`Value::Null` when the body is empty or not JSON).
pub async fn read(res: Response) -> (StatusCode, Value) {
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}
