//! Schema-only enums: the fields stay strings, checked by `rules`, so a wrong
//! value gets a 400 naming the field; these give the OpenAPI document the
//! bundle's enums.

#![allow(dead_code)]
use serde::Serialize;
use utoipa::ToSchema;

macro_rules! schema_enum {
    ($name:ident { $($variant:ident = $value:tt),+ $(,)? }) => {
        #[derive(Serialize, ToSchema)]
        pub enum $name {
            $(#[serde(rename = $value)] $variant),+
        }
    };
}

schema_enum!(TenantType { Rec = "REC", Msp = "MSP", MspEc = "MSP_EC", Var = "VAR",
    MspNonVar = "MSP_NON_VAR", Unknown = "UNKNOWN", MspInstaller = "MSP_INSTALLER",
    MspIntegrator = "MSP_INTEGRATOR", MspRec = "MSP_REC" });
schema_enum!(TenantStatus { Active = "active", Suspended = "suspended",
    Deleted = "deleted", Maintenance = "maintenance" });
schema_enum!(DetailLevel { Ba = "ba", It = "it", Su = "su", Debug = "debug" });
schema_enum!(DateFormat { Mdy = "mm/dd/yyyy", Dmy = "dd/mm/yyyy", Ymd = "yyyy/mm/dd" });
schema_enum!(DelegationType { Var = "VAR", Support = "SUPPORT", Msp = "MSP",
    SupportEc = "SUPPORT_EC", MspInstaller = "MSP_INSTALLER",
    MspIntegrator = "MSP_INTEGRATOR", Unknown = "UNKNOWN" });
schema_enum!(DelegationStatus { Invited = "INVITED", Accepted = "ACCEPTED",
    Rejected = "REJECTED", Revoked = "REVOKED" });
schema_enum!(AuthenticationType { Idm = "IDM", Saml = "SAML", Oath2Oidc = "OATH2_OIDC",
    Oauth2ClientCredentials = "OAUTH2_CLIENT_CREDENTIALS", Ldap = "LDAP",
    GoogleWorkspace = "GOOGLE_WORKSPACE" });
schema_enum!(ClientIdStatus { Active = "ACTIVE", Revoked = "REVOKED" });
schema_enum!(SamlFileType { DirectUrl = "DIRECT_URL", File = "FILE" });
schema_enum!(EndpointStatus { Ok = "OK", Bounced = "BOUNCED" });
schema_enum!(DelegatedRoleType { RksEc = "RKS_EC", MspEc = "MSP_EC" });
schema_enum!(SortOrder { Asc = "ASC", Desc = "DESC" });
schema_enum!(AdminSortField { Name = "name", Username = "username", Role = "role",
    AuthenticationType = "authenticationType" });
schema_enum!(AdminSearchField { Name = "name", Username = "username" });
schema_enum!(RecipientField { Name = "name", Email = "email", Mobile = "mobile" });
