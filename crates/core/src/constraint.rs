//! Database constraints in the vendor's words, mapped where the query runs
//! (as launchbadge/realworld-axum-sqlx does): the repository function that
//! may violate a named constraint says what a client reads when it does.

use crate::error::ApiError;

pub trait OnConstraint<T> {
    /// A violation of the constraint `name` becomes `map()`; any other
    /// database error is mapped as usual (`From<sqlx::Error>`).
    fn on_constraint(self, name: &str, map: impl FnOnce() -> ApiError) -> Result<T, ApiError>;
}

impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
    fn on_constraint(self, name: &str, map: impl FnOnce() -> ApiError) -> Result<T, ApiError> {
        self.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.constraint() == Some(name) => map(),
            _ => e.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_errors_keep_their_usual_mapping() {
        let missing: Result<(), sqlx::Error> = Err(sqlx::Error::RowNotFound);
        let err = missing
            .on_constraint("dpsk_pools_name_key", || ApiError::Conflict("taken".into()))
            .unwrap_err();
        assert!(matches!(err, ApiError::NotFound(_)));
        let fine: Result<u8, sqlx::Error> = Ok(1);
        assert_eq!(fine.on_constraint("x", || unreachable!()).unwrap(), 1);
    }
}
