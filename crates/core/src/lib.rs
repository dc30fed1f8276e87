//! What every r1 API shares. Core knows no domain: it holds configuration,
//! state, errors and their vendor bodies, authentication, pagination, HAL,
//! activities and rate limits.

pub mod access;
pub mod activity;
pub mod around;
pub mod auth;
pub mod batch;
pub mod bootstrap;
pub mod clients;
pub mod config;
pub mod constraint;
pub mod csv_http;
pub mod error;
pub mod export_dates;
pub mod extract;
pub mod grants;
pub mod hal;
pub mod ids;
pub mod instances;
pub mod keys;
pub mod limits;
pub mod loaded;
pub mod local;
pub mod media;
pub mod pagination;
pub mod rate_limit;
pub mod repo;
pub mod secrets;
pub mod state;
pub mod tenants;
pub mod timestamp;
pub mod totals;
pub mod trigram;
pub mod use_case;
pub mod validation;
pub mod wording;

pub use error::{ApiError, ErrorStyle};
pub use state::AppState;
