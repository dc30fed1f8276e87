//! The RUCKUS One MSP Services API (v0.3.3).
//!
//! Routes are added by the issue that implements this API; until then the
//! router serves nothing, and `/_r1/info` lists no operation of it.

use r1_core::{rate_limit, AppState, ErrorStyle};
use utoipa_axum::router::OpenApiRouter;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .layer(rate_limit::per_tenant("msp"))
        .layer(ErrorStyle::Msp.layer())
}
