//! Resident portals and their files.

use r1::*;
use reqwest::{
    multipart::{Form, Part},
    Method, StatusCode,
};
use serde_json::Value;

/// A tiny PNG: the files are kept byte for byte, so any bytes do.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR-r1-test-bytes\x00\x01\x02\xff";

fn json_part(value: &Value) -> Part {
    Part::text(value.to_string())
        .mime_str("application/json")
        .unwrap()
}

fn image(bytes: &[u8], name: &str, mime: &str) -> Part {
    Part::bytes(bytes.to_vec())
        .file_name(name.to_string())
        .mime_str(mime)
        .unwrap()
}

/// Creates a portal with a logo and returns its id.
pub async fn portal(app: &TestApp, name: &str, ui: Value) -> String {
    let form = Form::new()
        .part(
            "portal",
            json_part(&json!({"name": name, "uiConfiguration": ui})),
        )
        .part("logo", image(PNG, "logo.png", "image/png"));
    let res = app
        .req(Method::POST, "/residentPortals")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, body) = read(res).await;
    super::last_segment(&body["_links"]["self"]["href"])
}

#[sqlx::test]
async fn a_portal_keeps_its_files_byte_for_byte(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let ui = json!({"access": {"tenantSetDpsk": true},
                    "color": {"mainColor": "#112233", "textColor": "fff"},
                    "text": {"title": "Welcome", "loginText": "Sign in"}});
    let form = Form::new()
        .part(
            "portal",
            json_part(&json!({"name": "Main", "description": "d", "uiConfiguration": ui})),
        )
        .part("logo", image(PNG, "logo.png", "image/png"))
        .part("favIcon", image(b"ICO-bytes", "fav.ico", "image/x-icon"));
    let res = app
        .req(Method::POST, "/residentPortals")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let (_, body) = read(res).await;
    let id = super::last_segment(&body["_links"]["self"]["href"]);
    assert!(location.ends_with(&format!("/residentPortals/{id}")));
    let activity = app.wait_activity(body["requestId"].as_str().unwrap()).await;
    assert_eq!(activity["useCase"], "AddResidentPortal");

    let (status, got) = app.get(&format!("/residentPortals/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["name"], "Main");
    assert_eq!(got["portalStatus"], "ENABLED");
    assert_eq!(got["venueCount"], 0);
    assert_eq!(got["uiConfiguration"]["color"]["mainColor"], "#112233");
    assert_eq!(got["uiConfiguration"]["files"]["logoFileName"], "logo.png");
    assert_eq!(
        got["uiConfiguration"]["files"]["favIconFileName"],
        "fav.ico"
    );

    let res = app
        .req(Method::GET, &format!("/residentPortals/{id}/files/logo"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    let res = app
        .req(Method::GET, &format!("/residentPortals/{id}/files/favIcon"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/x-icon");
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"ICO-bytes");

    // Edit: only the members of `changes` change; a new logo replaces the old.
    let form = Form::new()
        .part(
            "changes",
            json_part(&json!({"uiConfiguration": {"text": {"title": "Hello"}}})),
        )
        .part("logo", image(b"GIF89a-new", "new.gif", "image/gif"));
    let res = app
        .req(Method::PATCH, &format!("/residentPortals/{id}"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, got) = read(res).await;
    assert_eq!(got["uiConfiguration"]["text"]["title"], "Hello");
    assert_eq!(got["uiConfiguration"]["color"]["mainColor"], "#112233");
    assert_eq!(got["uiConfiguration"]["files"]["logoFileName"], "new.gif");
    assert_eq!(got["description"], "d");
    let res = app
        .req(Method::GET, &format!("/residentPortals/{id}/files/logo"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/gif");
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"GIF89a-new");

    let (status, _) = app
        .delete(&format!("/residentPortals/{id}/files/logo"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.get(&format!("/residentPortals/{id}/files/logo")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _) = app
        .get(&format!("/residentPortals/{id}/files/banner"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, page) = app
        .post(
            "/residentPortals/query",
            json!({"page": 1, "pageSize": 10, "sortOrder": "ASC", "keyword": "mai"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["totalElements"], 1);
    assert_eq!(page["content"][0]["id"], id);

    let (status, _) = app.delete(&format!("/residentPortals/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.get(&format!("/residentPortals/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[sqlx::test]
async fn wrong_files_and_bodies_are_refused_and_nothing_is_stored(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let send = |form: Form| {
        app.req(Method::POST, "/residentPortals")
            .multipart(form)
            .send()
    };
    let portal_json = json!({"name": "P", "uiConfiguration": {}});
    let res = send(
        Form::new()
            .part("portal", json_part(&portal_json))
            .part("logo", image(b"<html>", "x.html", "text/html")),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (_, body) = read(res).await;
    assert_eq!(body["status"], "415 UNSUPPORTED_MEDIA_TYPE");

    let big = vec![7u8; 2 * 1024 * 1024 + 1];
    let res = send(
        Form::new()
            .part("portal", json_part(&portal_json))
            .part("logo", image(&big, "big.png", "image/png")),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let res = send(Form::new().part(
        "portal",
        json_part(&json!({"name": "P", "uiConfiguration": {"color": {"mainColor": "red"}}})),
    ))
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = send(Form::new().part("logo", image(PNG, "l.png", "image/png")))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "no portal part");
    let (status, _) = app.post("/residentPortals", json!({"name": "P"})).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let (_, page) = app
        .post(
            "/residentPortals/query",
            json!({"page": 1, "pageSize": 10, "sortOrder": "ASC"}),
        )
        .await;
    assert_eq!(page["totalElements"], 0, "nothing stored: {page}");
    portal(&app, "P", json!({})).await;
    let res = send(Form::new().part("portal", json_part(&portal_json)))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
}
