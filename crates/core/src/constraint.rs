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

    #[sqlx::test(migrations = false)]
    async fn the_named_constraint_becomes_the_given_error(db: sqlx::PgPool) {
        let mut conn = db.acquire().await.unwrap();
        sqlx::query("CREATE TEMP TABLE pools (name TEXT CONSTRAINT pools_name_key UNIQUE, n INT CHECK (n > 0))")
            .execute(&mut *conn)
            .await
            .unwrap();
        let insert = |name: &'static str, n: i32| {
            sqlx::query("INSERT INTO pools (name, n) VALUES ($1, $2)")
                .bind(name)
                .bind(n)
        };
        insert("a", 1).execute(&mut *conn).await.unwrap();
        let taken = insert("a", 1)
            .execute(&mut *conn)
            .await
            .on_constraint("pools_name_key", || ApiError::Conflict("name taken".into()))
            .unwrap_err();
        assert_eq!(taken.report().message, "name taken");
        // Another constraint keeps the usual mapping (here: a 500).
        let other = insert("b", 0)
            .execute(&mut *conn)
            .await
            .on_constraint("pools_name_key", || ApiError::Conflict("name taken".into()))
            .unwrap_err();
        assert!(matches!(other, ApiError::Internal(_)));
    }
}
