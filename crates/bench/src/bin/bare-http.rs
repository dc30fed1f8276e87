//! The HTTP limit: every request answered with a fixed small JSON body by an
//! axum handler on the same tokio runtime r1 uses, and nothing else.
//!
//!   bare-http 127.0.0.1:18081

use axum::{http::header, response::IntoResponse, Router};

const BODY: &str = r#"{"requestId":"00000000-0000-0000-0000-000000000000","status":"OK"}"#;

async fn fixed() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], BODY)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18081".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, Router::new().fallback(fixed)).await
}
