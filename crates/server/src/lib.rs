//! Assembles r1: every API router, the layers every request goes through,
//! the OpenAPI document and the docs page. No endpoint logic lives here.

pub mod embedded_pg;
pub mod starting;

use std::time::Duration;

use axum::{
    extract::DefaultBodyLimit, http::HeaderName, response::Redirect, routing::get, Extension,
    Router,
};
use r1_core::{
    access::ForgetAfterChangesLayer, activity, around::AroundLayer, auth,
    config::DEFAULT_BOOTSTRAP_TENANT_ID, error::RenderErrors, local, media::Negotiate, ApiError,
    AppState,
};
use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    PgPool,
};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};
use utoipa::{
    openapi::security::{
        ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Scopes, SecurityRequirement,
        SecurityScheme,
    },
    Modify, OpenApi,
};
use utoipa_axum::{router::OpenApiRouter, routes};
use utoipa_swagger_ui::SwaggerUi;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

#[derive(OpenApi)]
#[openapi(
    info(
        title = "r1: a local clone of the RUCKUS One REST APIs",
        description = "The operations r1 serves, with the vendor's paths, tags and operation ids. \
                       Get a token at /oauth2/token/{tenantId} and send it as a Bearer token, \
                       or press Authorize and enter the API client's id and secret.",
    ),
    modifiers(&Security),
)]
struct ApiDoc;

/// Either a bearer token got elsewhere, or the OAuth2 client-credentials
/// flow, which Swagger UI's Authorize button runs for the reader of `/docs`.
struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearerAuth",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            CLIENT_CREDENTIALS,
            client_credentials(DEFAULT_BOOTSTRAP_TENANT_ID),
        );
        doc.security = Some(vec![
            SecurityRequirement::new("bearerAuth", Vec::<String>::new()),
            SecurityRequirement::new(CLIENT_CREDENTIALS, Vec::<String>::new()),
        ]);
    }
}

const CLIENT_CREDENTIALS: &str = "clientCredentials";

/// The client-credentials flow of one tenant's API clients.
fn client_credentials(tenant_id: &str) -> SecurityScheme {
    SecurityScheme::OAuth2(OAuth2::with_description(
        [Flow::ClientCredentials(ClientCredentials::new(
            format!("/oauth2/token/{tenant_id}"),
            Scopes::new(),
        ))],
        format!("An API client of tenant {tenant_id} (the bootstrap tenant)"),
    ))
}

/// Every vendor route, with its OpenAPI description.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::issue_token))
        .merge(activity::router())
        .merge(r1_dpsk::router())
        .merge(r1_identity::router())
        .merge(r1_tenant::router())
        .merge(r1_msp::router())
        .merge(r1_resident_portal::router())
        .merge(r1_property::router())
}

/// The OpenAPI document of everything r1 serves (`openapi/r1.json`).
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().split_for_parts().1
}

fn operations(doc: &utoipa::openapi::OpenApi) -> Vec<local::Operation> {
    let mut ops = Vec::new();
    for (path, item) in &doc.paths.paths {
        let methods = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in methods {
            if let Some(op) = op {
                ops.push(local::Operation {
                    api: op
                        .tags
                        .as_ref()
                        .and_then(|t| t.first().cloned())
                        .unwrap_or_default(),
                    method: method.to_string(),
                    path: path.clone(),
                    operation_id: op.operation_id.clone().unwrap_or_default(),
                });
            }
        }
    }
    ops
}

async fn unknown_route() -> ApiError {
    ApiError::NotFound("No such resource".into())
}

/// The whole application: vendor routes, `/_r1/`, `/openapi.json`, `/docs`.
pub fn app(state: AppState) -> Router {
    let (router, mut doc) = api().split_for_parts();
    // The token URL the docs page uses is that of the tenant this server
    // bootstraps, whatever R1_BOOTSTRAP_TENANT_ID says.
    doc.components
        .get_or_insert_with(Default::default)
        .add_security_scheme(
            CLIENT_CREDENTIALS,
            client_credentials(&state.config.bootstrap_tenant_id),
        );
    let operations = operations(&doc);
    let x_request_id = HeaderName::from_static("x-request-id");
    let routes = router
        .merge(
            SwaggerUi::new("/docs").url("/openapi.json", doc).oauth(
                utoipa_swagger_ui::oauth::Config::new()
                    .client_id(&state.config.bootstrap_client_id)
                    .app_name("r1"),
            ),
        )
        // A browser at the base URL lands on the API reference.
        .route("/", get(|| async { Redirect::temporary("/docs/") }))
        .merge(local::router(operations))
        .fallback(unknown_route)
        .with_state(state.clone());
    // The layers wrap the router once, not each of its routes (which
    // `Router::layer` does): per request, each route's copy of the stack
    // was cloned, box by box, at every level.
    let layered = ServiceBuilder::new()
        // Outermost first: the request id exists before anything logs or
        // renders an error, and panics still get a vendor-shaped 500.
        .layer(SetRequestIdLayer::new(
            x_request_id.clone(),
            MakeRequestUuid,
        ))
        .layer(PropagateRequestIdLayer::new(x_request_id))
        .layer(TraceLayer::new_for_http())
        .layer(AroundLayer(RenderErrors))
        .layer(CatchPanicLayer::new())
        .layer(AroundLayer(Negotiate))
        .layer(DefaultBodyLimit::max(state.config.body_limit_bytes))
        .layer(ForgetAfterChangesLayer(state.access.clone()))
        .layer(Extension(state))
        .service(routes);
    Router::new().fallback_service(layered)
}

/// How long a request waits for a database connection before it is answered
/// 503: with PostgreSQL down, clients hear so at once instead of hanging.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);
/// No single statement may hold the database longer than this (a hostile
/// search string, a runaway query); the largest legitimate work, a CSV import
/// of tens of thousands of rows, takes a few seconds.
const STATEMENT_TIMEOUT: &str = "30s";

/// Connects and migrates.
pub async fn connect(url: &str) -> Result<PgPool, sqlx::Error> {
    let options = url
        .parse::<PgConnectOptions>()?
        .options([("statement_timeout", STATEMENT_TIMEOUT)]);
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        // sqlx pings every idle connection it hands out, a round trip of its
        // own before each query's: half of a primary-key read's cost. A
        // connection that died meanwhile fails its query instead (a 503) and
        // is dropped from the pool. The vendored sqlx-core skips the ping on
        // release too (vendor/README.md).
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}
