//! CSV over HTTP, for every API that imports or exports a file: the upload
//! extractor, the attachment response, and the NUL check of imported cells.

use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, Multipart, Request},
    http::header,
    response::{IntoResponse, Response},
};
use serde_json::Value;

use crate::error::ApiError;
pub use crate::extract::NUL_MESSAGE;

/// The object and field every upload error names, whatever the API.
const OBJECT: &str = "csvFile";
const FIELD: &str = "file";

/// Raw body types taken as the file itself.
const RAW_TYPES: [&str; 4] = [
    "text/csv",
    "text/plain",
    "application/octet-stream",
    "application/vnd.ms-excel",
];

/// A CSV file sent as the file part of a `multipart/form-data` body (as the
/// bundles document it; the part named `file`, or the first one with a file
/// name), or as the whole body (`text/csv`, as the Python SDK sends it).
pub struct CsvUpload(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for CsvUpload {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            if !content_type.contains("boundary=") {
                let body = Bytes::from_request(req, state).await?;
                let part = first_part(&body).ok_or_else(|| {
                    upload_error("the multipart body has no boundary and no file")
                })?;
                return Ok(CsvUpload(Bytes::copy_from_slice(part)));
            }
            let bad = |e: axum::extract::multipart::MultipartError| upload_error(e.body_text());
            let mut form = Multipart::from_request(req, state)
                .await
                .map_err(|e| upload_error(e.body_text()))?;
            while let Some(field) = form.next_field().await.map_err(bad)? {
                if field.name() == Some(FIELD) || field.file_name().is_some() {
                    return Ok(CsvUpload(field.bytes().await.map_err(bad)?));
                }
            }
            return Err(upload_error("is required"));
        }
        if RAW_TYPES.iter().any(|t| content_type.starts_with(t)) {
            let bytes = Bytes::from_request(req, state).await?;
            return Ok(CsvUpload(unwrap_json_string(bytes)));
        }
        Err(ApiError::UnsupportedMediaType(format!(
            "Content type {content_type:?} is not supported; send multipart/form-data or text/csv"
        )))
    }
}

fn upload_error(message: impl Into<String>) -> ApiError {
    ApiError::field(OBJECT, FIELD, Value::Null, message)
}

/// The Python SDK posts a file through its JSON helper, so a `text/csv`
/// body may arrive as one JSON string literal (`"Username,Passphrase\n..."`);
/// such a body is unwrapped. A real CSV that starts with a quoted cell is
/// never a whole JSON string, so it is left as it is.
fn unwrap_json_string(body: Bytes) -> Bytes {
    if body.trim_ascii_start().first() != Some(&b'"') {
        return body;
    }
    match serde_json::from_slice::<String>(&body) {
        Ok(text) => Bytes::from(text),
        Err(_) => body,
    }
}

/// The file inside a `multipart/form-data` body whose `Content-Type` lost
/// its boundary (a client that sets the header by hand): the boundary is the
/// body's first line.
fn first_part(body: &[u8]) -> Option<&[u8]> {
    let line_end = body.windows(2).position(|w| w == b"\r\n")?;
    let boundary = &body[..line_end];
    if !boundary.starts_with(b"--") || boundary.len() < 3 {
        return None;
    }
    let rest = &body[line_end + 2..];
    let headers_end = rest.windows(4).position(|w| w == b"\r\n\r\n")?;
    let content = &rest[headers_end + 4..];
    let mut closing = b"\r\n".to_vec();
    closing.extend_from_slice(boundary);
    let end = content
        .windows(closing.len())
        .position(|w| w == closing.as_slice())?;
    Some(&content[..end])
}

/// `text/csv`, as the Identity exports answer.
pub const TEXT_CSV: &str = "text/csv";
/// `text/csv; charset=UTF-8`, as the DPSK export answers.
pub const TEXT_CSV_UTF8: &str = "text/csv; charset=UTF-8";

/// A CSV file as a download named `filename`.
pub fn csv_attachment(
    content_type: &'static str,
    filename: &str,
    body: impl Into<Body>,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// Which cell of an imported record holds a NUL character, if any.
/// PostgreSQL cannot store NUL in text, so such a cell is refused with
/// [`NUL_MESSAGE`], named by its row and column, instead of failing the
/// insert.
pub fn nul_cell<'a>(cells: impl IntoIterator<Item = &'a str>) -> Option<usize> {
    cells.into_iter().position(|c| c.contains('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    fn request(content_type: &str, body: &'static [u8]) -> Request {
        Request::builder()
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    }

    async fn upload(content_type: &str, body: &'static [u8]) -> Result<Bytes, ApiError> {
        CsvUpload::from_request(request(content_type, body), &())
            .await
            .map(|CsvUpload(b)| b)
    }

    #[tokio::test]
    async fn raw_csv_and_json_wrapped_csv_are_the_file() {
        assert_eq!(
            upload("text/csv", b"a,b\n1,2\n").await.unwrap(),
            "a,b\n1,2\n"
        );
        assert_eq!(
            upload("text/csv", b"\"a,b\\n1,2\\n\"").await.unwrap(),
            "a,b\n1,2\n"
        );
        assert_eq!(
            upload("text/csv", b"\"a\",\"b\"\n").await.unwrap(),
            "\"a\",\"b\"\n"
        );
    }

    #[tokio::test]
    async fn multipart_takes_the_file_part_even_without_a_boundary() {
        let body: &[u8] = b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\nname\nalice\n\r\n--xyz--\r\n";
        assert_eq!(
            upload("multipart/form-data; boundary=xyz", body)
                .await
                .unwrap(),
            "name\nalice\n"
        );
        assert_eq!(
            upload("multipart/form-data", body).await.unwrap(),
            "name\nalice\n"
        );
        let other: &[u8] =
            b"--xyz\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--xyz--\r\n";
        let err = upload("multipart/form-data; boundary=xyz", other)
            .await
            .unwrap_err();
        assert_eq!(err.report().fields[0].object, OBJECT);
        assert_eq!(err.report().fields[0].field, FIELD);
    }

    #[tokio::test]
    async fn other_types_are_415() {
        let err = upload("application/json", b"{}").await.unwrap_err();
        assert_eq!(err.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }

    #[test]
    fn nul_cells_are_found() {
        assert_eq!(nul_cell(["ann", "pass\0word"]), Some(1));
        assert_eq!(nul_cell(["ann", "password"]), None);
    }

    #[test]
    fn attachments_name_their_file() {
        let res = csv_attachment(TEXT_CSV, "identities.csv", "a\n");
        assert_eq!(res.headers()[header::CONTENT_TYPE], "text/csv");
        assert_eq!(
            res.headers()[header::CONTENT_DISPOSITION],
            "attachment; filename=\"identities.csv\""
        );
    }
}
