//! The Tenant Management bundle's DTOs, named as the bundle names them.
//! Absent values are left out rather than sent as `null`: the bundle types
//! them as plain strings, booleans and objects.

#![allow(clippy::upper_case_acronyms)]

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

mod admin;
mod enums;
mod local;
mod recipient;
mod settings;
mod tenant;

pub use admin::*;
pub use enums::*;
pub use local::*;
pub use recipient::*;
pub use settings::*;
pub use tenant::*;

/// The `{requestId, response}` answers of write operations.
macro_rules! operation_response {
    ($name:ident, $t:ty) => {
        #[derive(Debug, Clone, Serialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub request_id: String,
            pub response: $t,
        }
    };
}

operation_response!(OperationResponseAdmin, Admin);
operation_response!(OperationResponseDelegation, Delegation);
operation_response!(OperationResponseUserProfile, UserProfile);
operation_response!(
    OperationResponseNotificationRecipientRBACDTO,
    NotificationRecipientRBACDTO
);
operation_response!(
    OperationResponseMobilePushNotificationEndpoint,
    MobilePushNotificationEndpoint
);

/// `OperationResponseVoid`: `response` is an empty object.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperationResponseVoid {
    pub request_id: String,
    #[schema(value_type = Object)]
    pub response: serde_json::Map<String, Value>,
}
