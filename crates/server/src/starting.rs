//! While r1 prepares its database (starting the embedded cluster, running
//! migrations), its address already answers: every request gets 503 with
//! `Retry-After`, and `/_r1/health` says `STARTING`, so a readiness probe or a
//! balancer gets an answer instead of a connection that hangs.

use std::io;

use axum::{
    http::{header, StatusCode},
    response::IntoResponse,
    routing::get,
    Json, Router,
};
use serde_json::json;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

pub struct Starting {
    listener: std::net::TcpListener,
    stop: oneshot::Sender<()>,
    answering: JoinHandle<io::Result<()>>,
}

impl Starting {
    /// Answers "starting" on `listener` until [`Starting::ready`].
    pub fn answer(listener: TcpListener) -> io::Result<Self> {
        let listener = listener.into_std()?;
        // A second handle on the same socket: the real server accepts from
        // it later, with whatever connections queued in between.
        let meanwhile = TcpListener::from_std(listener.try_clone()?)?;
        let (stop, stopped) = oneshot::channel::<()>();
        let answering = tokio::spawn(async move {
            axum::serve(meanwhile, app())
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Starting {
            listener,
            stop,
            answering,
        })
    }

    /// Stops answering "starting" and hands the address to the real server.
    pub async fn ready(self) -> io::Result<TcpListener> {
        let _ = self.stop.send(());
        let _ = self.answering.await;
        TcpListener::from_std(self.listener)
    }
}

fn app() -> Router {
    Router::new()
        .route(
            "/_r1/health",
            get(|| async {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Json(json!({"status": "STARTING", "process": "UP", "database": "STARTING"})),
                )
            }),
        )
        .fallback(|| async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "1")],
                Json(json!({
                    "requestId": "",
                    "errors": [{
                        "code": "SERVICE_UNAVAILABLE",
                        "message": "r1 is starting: its database is being prepared",
                        "reason": "Service Unavailable",
                        "suggestion": "Send the request again in a moment.",
                    }],
                })),
            )
                .into_response()
        })
}
