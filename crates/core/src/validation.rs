//! Turning a request's rejected fields and unknown ids into the vendor's
//! errors, the same way in every domain.

use uuid::Uuid;

use crate::error::{ApiError, FieldError};

/// The rejected fields as one 400, or `Ok` when there are none. Rules
/// collect every bad field first so that a request names all of them.
pub fn reject(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// A path id as a UUID. An id that is no UUID names nothing, so it is the
/// resource's 404 (as the vendor answers), never a 400.
pub fn path_uuid(id: &str, not_found: impl FnOnce() -> ApiError) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id).map_err(|_| not_found())
}

/// The id of a resource r1 does not hold, checked before it is stored: 400
/// naming the field when it is no id at all ([`crate::ids::is_foreign_id`]).
pub fn foreign_id(object: &str, field: &str, value: &str) -> Result<(), ApiError> {
    if crate::ids::is_foreign_id(value) {
        Ok(())
    } else {
        let shown: String = value.chars().take(64).collect();
        Err(ApiError::field(
            object,
            field,
            shown,
            "must be 1 to 255 letters, digits, '-', '_' or '.'",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_rejected_field_is_ok_and_any_is_one_400() {
        assert!(reject(Vec::new()).is_ok());
        let err = reject(vec![
            FieldError::new("pool", "name", "", "must not be blank"),
            FieldError::new("pool", "passphraseLength", 7, "must be between 8 and 63"),
        ])
        .unwrap_err();
        assert_eq!(err.status(), axum::http::StatusCode::BAD_REQUEST);
        assert_eq!(err.report().fields.len(), 2);
    }

    #[test]
    fn a_foreign_id_that_is_no_id_is_400_naming_the_field() {
        assert!(foreign_id("policySet", "policySetId", "abc-123").is_ok());
        let err = foreign_id("policySet", "policySetId", "a b").unwrap_err();
        assert_eq!(err.status(), axum::http::StatusCode::BAD_REQUEST);
        assert_eq!(err.report().fields[0].field, "policySetId");
    }

    #[test]
    fn a_path_id_that_is_no_uuid_is_the_resources_404() {
        let id = Uuid::new_v4();
        assert_eq!(path_uuid(&id.to_string(), || unreachable!()).unwrap(), id);
        let err = path_uuid("nope", || ApiError::NotFound("Pool nope not found".into()));
        let err = err.unwrap_err();
        assert_eq!(err.status(), axum::http::StatusCode::NOT_FOUND);
        assert_eq!(err.report().message, "Pool nope not found");
    }
}
