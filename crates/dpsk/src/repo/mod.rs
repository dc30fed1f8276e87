//! Every SQL statement of the DPSK Service. Each is scoped by tenant.

mod devices;
mod passphrases;
mod pools;
mod query;

pub use devices::*;
pub use passphrases::*;
pub use pools::*;
pub use query::*;

use r1_core::ApiError;

const POOL_NAME_KEY: &str = "dpsk_pools_name_key";
const PASSPHRASE_KEY: &str = "dpsk_passphrases_passphrase_key";

fn pool_name_taken() -> ApiError {
    ApiError::Conflict("A DPSK pool with this name already exists".into())
}

fn passphrase_taken() -> ApiError {
    ApiError::Conflict("This passphrase already exists in the DPSK pool".into())
}
