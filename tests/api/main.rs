//! HTTP-level tests: each spawns the real application against its own fresh
//! database and talks HTTP to it.

mod access;
mod activities;
mod auth;
mod docs_page;
mod dpsk;
mod errors;
mod grants;
mod hostile;
mod identity;
mod isolation;
mod local;
mod msp;
mod openapi;
mod pool;
mod property;
mod rate_limit;
mod resident;
mod schema;
mod shared_reads;
mod tenant;
mod totals;
mod unavailable;
