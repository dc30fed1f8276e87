//! HTTP-level tests: each spawns the real application against its own fresh
//! database and talks HTTP to it.

mod auth;
mod dpsk;
mod identity;
