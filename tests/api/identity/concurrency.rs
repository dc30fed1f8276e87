//! Concurrent changes of the same identity group: two PATCHes that change
//! different members both answer 202 and both changes stay.

use r1::*;
use reqwest::StatusCode;

use super::group;

#[sqlx::test]
async fn concurrent_group_patches_of_different_members_both_stay(db: sqlx::PgPool) {
    let app = TestApp::spawn(db).await;
    let id = group(&app, "Busy").await;
    let path = format!("/identityGroups/{id}");
    for i in 0..20 {
        let description = format!("floor {i}");
        let mac_pool = format!("mac-pool-{i}");
        let ((a, body_a), (b, body_b)) = tokio::join!(
            app.patch(&path, json!({ "description": description })),
            app.patch(&path, json!({ "macRegistrationPoolId": mac_pool }))
        );
        assert_eq!(a, StatusCode::ACCEPTED, "{body_a}");
        assert_eq!(b, StatusCode::ACCEPTED, "{body_b}");
        let (status, got) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(got["description"], description, "pair {i}: {got}");
        assert_eq!(got["macRegistrationPoolId"], mac_pool, "pair {i}: {got}");
    }
}
