//! Where the failures of the layers below become an [`ApiError`]: the
//! database's, and the extractors' rejections of a request.

use std::sync::Arc;

use axum::{extract::rejection::*, http::StatusCode};

use super::ApiError;

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Arc::new(e).into()
    }
}

/// A database error that several requests share: the reads of one
/// statement ([`crate::batch`]).
impl From<Arc<sqlx::Error>> for ApiError {
    fn from(e: Arc<sqlx::Error>) -> Self {
        match &*e {
            sqlx::Error::RowNotFound => ApiError::NotFound("Resource not found".into()),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                ApiError::Conflict("A resource with the same unique value already exists".into())
            }
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                ApiError::Unavailable(e)
            }
            // The server ended the session (shutdown, restart, a terminated
            // backend): as unavailable as a refused connection, and the pool
            // drops the connection.
            sqlx::Error::Database(db)
                if db
                    .code()
                    .is_some_and(|c| c.starts_with("57P") || c.starts_with("08")) =>
            {
                ApiError::Unavailable(e)
            }
            _ => ApiError::internal(e),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
                "Content-Type must be application/json or application/vnd.ruckus.*+json".into(),
            ),
            JsonRejection::BytesRejection(b) => body_error(b.status(), b.body_text()),
            other => ApiError::BadRequest(crate::wording::plain_words(&other.body_text())),
        }
    }
}

impl From<FormRejection> for ApiError {
    fn from(r: FormRejection) -> Self {
        match r {
            FormRejection::InvalidFormContentType(_) => ApiError::UnsupportedMediaType(
                "Content-Type must be application/x-www-form-urlencoded".into(),
            ),
            FormRejection::BytesRejection(b) => body_error(b.status(), b.body_text()),
            other => ApiError::BadRequest(crate::wording::plain_words(&other.body_text())),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError::BadRequest(crate::wording::plain_words(&r.body_text()))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::BadRequest(crate::wording::plain_words(&r.body_text()))
    }
}

impl From<BytesRejection> for ApiError {
    fn from(r: BytesRejection) -> Self {
        body_error(r.status(), r.body_text())
    }
}

fn body_error(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge(text)
    } else {
        ApiError::BadRequest(text)
    }
}
