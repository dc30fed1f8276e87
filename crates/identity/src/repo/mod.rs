//! Every SQL statement of the Identity API. Each one is scoped by the
//! tenant; dynamic filters and sorts bind their values and take columns only
//! from allow-lists.

mod devices;
mod groups;
mod identities;
mod ports;

pub use devices::*;
pub use groups::*;
pub use identities::*;
pub use ports::*;
