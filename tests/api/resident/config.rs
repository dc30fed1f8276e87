//! The property, its portal configuration, styles and files.

use r1::*;
use reqwest::{Method, StatusCode};

use super::{call, resident};
use crate::property::portals::PNG;

#[sqlx::test]
async fn the_property_and_its_portal_configuration(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Config Court", true).await;
    let (status, p) = call(&app, &r.token, Method::GET, &r.path(""), None).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["guid"], r.venue);
    assert_eq!(p["name"], "Config Court");
    assert_eq!(p["address"], "350 W Java Dr, Sunnyvale, US");
    assert_eq!(p["allowSeparateGuestSecret"], true);
    assert_eq!(p["tenantPortalHelpText"], "Call the office");

    let (status, ui) = call(
        &app,
        &r.token,
        Method::GET,
        &r.path("/uiConfigurations"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ui}");
    assert_eq!(ui["tenantSetDpsk"], true);
    assert_eq!(ui["apiAllowed"], true);
    assert_eq!(ui["portalAllowed"], true);
    assert_eq!(ui["tenantTitle"], "Welcome home");
    assert_eq!(ui["mainColor"], "#102030");
    assert_eq!(ui["logoFileName"], "logo.png");
    let (status, _) = read(
        app.http
            .get(app.url(&r.path("/uiConfigurations")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "behind the login");
}

#[sqlx::test]
async fn the_login_page_needs_no_token(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let r = resident(&app, "Public Court", false).await;
    let get = |path: String| app.http.get(app.url(&path)).send();

    let res = get(r.path("/styles")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/css");
    assert_eq!(
        res.text().await.unwrap(),
        ":root {\n  --main-color: #102030;\n}\n"
    );

    let res = get(r.path("/files/logo")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    let res = get(r.path("/files/favicons")).await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "the portal has no favicon"
    );
    let (_, body) = read(get(r.path("/files/favicons")).await.unwrap()).await;
    assert_eq!(body["status"], "404 NOT_FOUND");
    let res = get(r.path("/files/banner")).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let (status, access) = read(get(r.path("/access")).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        access,
        json!({"loginText": "Enter your unit secret", "portalAllowed": true})
    );

    let (status, _) = read(
        get("/residents/properties/0123456789abcdef0123456789abcdef/access".into())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The Resident Portal counts calls per `propertyId`: one property over its
/// budget leaves the others their own.
#[sqlx::test]
async fn each_property_has_its_own_budget(db: sqlx::PgPool) {
    let app = TestApp::spawn_with(db, |c| {
        c.rate_limit_property_burst = 3;
        c.rate_limit_property_per_second = 1;
    })
    .await;
    let busy = resident(&app, "Busy Court", false).await;
    let quiet = resident(&app, "Quiet Court", false).await;
    let styles = |r: &super::Resident| app.http.get(app.url(&r.path("/styles"))).send();

    // The budget refills at one call a second, so the count of calls that
    // pass before the first 429 is the burst, plus what refilled meanwhile.
    let mut passed = 0;
    let refused = loop {
        let res = styles(&busy).await.unwrap();
        if res.status() != StatusCode::OK {
            break res;
        }
        passed += 1;
        assert!(passed < 10, "the property's budget of 3 never ran out");
    };
    assert!(passed >= 1, "{passed}");
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    let (_, body) = read(refused).await;
    // In the Resident Portal's own error shape.
    assert_eq!(body["status"], "429 TOO_MANY_REQUESTS", "{body}");

    let res = styles(&quiet).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
