//! Every SQL statement of the Tenant API, one file per resource. Each one
//! names the tenant it reads or writes, so two tenants never see each
//! other's rows.

mod accounts;
mod admins;
mod delegations;
mod recipients;
mod settings;

pub use accounts::*;
pub use admins::*;
pub use delegations::*;
pub use recipients::*;
pub use settings::*;
