//! The 404 of a venue that does not exist, shared by the modules that look a
//! venue up (venues, properties) without importing each other.

use r1_core::ApiError;

pub fn venue(id: &str) -> ApiError {
    ApiError::NotFound(format!("Venue {id} not found"))
}
