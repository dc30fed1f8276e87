-- Tenant Management: everything of a tenant's record beyond what core keeps
-- for authentication (id, name, status). Every table cascades from
-- tenants(id), so deleting a tenant removes all of it.

CREATE TABLE tenant_accounts (
    tenant_id          TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    name               TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    tenant_type        TEXT NOT NULL DEFAULT 'REC' CHECK (tenant_type IN
                           ('REC', 'MSP', 'MSP_EC', 'VAR', 'MSP_NON_VAR', 'UNKNOWN',
                            'MSP_INSTALLER', 'MSP_INTEGRATOR', 'MSP_REC')),
    external_id        TEXT NOT NULL,
    account_tier       TEXT NOT NULL DEFAULT 'Platinum',
    account_vertical   TEXT NOT NULL DEFAULT 'Default',
    -- MSP customers name their MSP; the MSP issue writes it.
    parent_id          TEXT REFERENCES tenants (id) ON DELETE SET NULL,
    mfa_status         TEXT NOT NULL DEFAULT 'DISABLED' CHECK (mfa_status IN ('ENABLED', 'DISABLED')),
    beta_enabled       BOOLEAN NOT NULL DEFAULT false,
    alpha_enabled      BOOLEAN NOT NULL DEFAULT false,
    sa_enabled         BOOLEAN NOT NULL DEFAULT false,
    subscribes         TEXT,
    entitlement_id     TEXT,
    preferences        TEXT,
    -- The Account: where the tenant is.
    street_address     TEXT,
    city               TEXT,
    state              TEXT,
    country            TEXT,
    postal_code        TEXT,
    phone_number       TEXT,
    latitude           DOUBLE PRECISION,
    longitude          DOUBLE PRECISION,
    -- The Msp branding object of MSP tenants, as given.
    msp                JSONB,
    subscription_preferences JSONB NOT NULL DEFAULT '{}',
    account_id         UUID NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX tenant_accounts_parent_idx ON tenant_accounts (parent_id);

CREATE TABLE tenant_admins (
    id                  UUID PRIMARY KEY,
    tenant_id           TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email               TEXT NOT NULL CHECK (char_length(email) BETWEEN 3 AND 255),
    first_name          TEXT,
    last_name           TEXT,
    phone_number        TEXT,
    role                TEXT NOT NULL CHECK (role IN ('PRIME_ADMIN', 'ADMIN', 'READ_ONLY', 'OFFICE_ADMIN')),
    external_id         TEXT NOT NULL,
    detail_level        TEXT NOT NULL DEFAULT 'it' CHECK (detail_level IN ('ba', 'it', 'su', 'debug')),
    date_format         TEXT NOT NULL DEFAULT 'mm/dd/yyyy'
                            CHECK (date_format IN ('mm/dd/yyyy', 'dd/mm/yyyy', 'yyyy/mm/dd')),
    preferred_language  TEXT NOT NULL DEFAULT 'en-US',
    email_preferences   BOOLEAN NOT NULL DEFAULT true,
    sms_preferences     BOOLEAN NOT NULL DEFAULT false,
    delegate_to_all_ecs BOOLEAN NOT NULL DEFAULT false,
    delegated_ecs       TEXT[] NOT NULL DEFAULT '{}',
    authentication_id   TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- An email names one administrator per tenant (409 on a duplicate).
CREATE UNIQUE INDEX tenant_admins_tenant_email_key ON tenant_admins (tenant_id, lower(email));
CREATE INDEX tenant_admins_email_idx ON tenant_admins (lower(email));

-- The administrator an API client acts as (user profile, activities).
CREATE TABLE tenant_client_admins (
    client_id   TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    admin_id    UUID NOT NULL REFERENCES tenant_admins (id) ON DELETE CASCADE
);
CREATE INDEX tenant_client_admins_tenant_idx ON tenant_client_admins (tenant_id);

CREATE TABLE tenant_recipients (
    id                  UUID PRIMARY KEY,
    tenant_id           TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    description         TEXT NOT NULL CHECK (char_length(description) BETWEEN 1 AND 255),
    email_preferences   BOOLEAN NOT NULL DEFAULT false,
    sms_preferences     BOOLEAN NOT NULL DEFAULT false,
    privilege_group_id  TEXT,
    recipient_type      TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX tenant_recipients_tenant_idx ON tenant_recipients (tenant_id, created_at);

CREATE TABLE tenant_recipient_endpoints (
    id            UUID PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    recipient_id  UUID NOT NULL REFERENCES tenant_recipients (id) ON DELETE CASCADE,
    -- Endpoints are listed in the order the client gave them.
    position      INTEGER NOT NULL,
    type          TEXT NOT NULL CHECK (type IN ('EMAIL', 'SMS')),
    destination   TEXT NOT NULL CHECK (char_length(destination) BETWEEN 1 AND 255),
    active        BOOLEAN NOT NULL DEFAULT true,
    status        TEXT NOT NULL DEFAULT 'OK' CHECK (status IN ('OK', 'BOUNCED')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX tenant_recipient_endpoints_tenant_idx ON tenant_recipient_endpoints (tenant_id, recipient_id);

CREATE TABLE tenant_delegations (
    id                  UUID PRIMARY KEY,
    -- The delegating tenant: the one whose account is to be managed.
    tenant_id           TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    type                TEXT NOT NULL CHECK (type IN ('VAR', 'SUPPORT', 'MSP', 'SUPPORT_EC',
                            'MSP_INSTALLER', 'MSP_INTEGRATOR', 'UNKNOWN')),
    status              TEXT NOT NULL CHECK (status IN ('INVITED', 'ACCEPTED', 'REJECTED', 'REVOKED')),
    -- The delegate tenant; NULL for RUCKUS support.
    delegated_to        TEXT REFERENCES tenants (id) ON DELETE CASCADE,
    delegated_to_name   TEXT,
    delegated_to_admin  TEXT,
    delegated_by        TEXT NOT NULL,
    expiry_date         TIMESTAMPTZ,
    -- The core grant an ACCEPTED delegation made.
    grant_id            UUID,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX tenant_delegations_tenant_idx ON tenant_delegations (tenant_id, created_at);
CREATE INDEX tenant_delegations_delegate_idx ON tenant_delegations (delegated_to, created_at);

CREATE TABLE tenant_beta_features (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    feature_id  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, feature_id)
);

CREATE TABLE tenant_privacy_features (
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    feature_name  TEXT NOT NULL CHECK (char_length(feature_name) BETWEEN 1 AND 255),
    status        TEXT NOT NULL CHECK (status IN ('ENABLED', 'DISABLED')),
    PRIMARY KEY (tenant_id, feature_name)
);

CREATE TABLE tenant_authentications (
    id                                  UUID PRIMARY KEY,
    tenant_id                           TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name                                TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    authentication_type                 TEXT NOT NULL CHECK (authentication_type IN
                                            ('IDM', 'SAML', 'OATH2_OIDC', 'OAUTH2_CLIENT_CREDENTIALS',
                                             'LDAP', 'GOOGLE_WORKSPACE')),
    client_id                           TEXT,
    client_secret                       TEXT,
    scopes                              TEXT,
    token_url                           TEXT,
    authorization_url                   TEXT,
    saml_file_url                       TEXT,
    client_id_status                    TEXT CHECK (client_id_status IN ('ACTIVE', 'REVOKED')),
    saml_file_type                      TEXT CHECK (saml_file_type IN ('DIRECT_URL', 'FILE')),
    domains                             TEXT[] NOT NULL DEFAULT '{}',
    saml_signature_enabled              BOOLEAN,
    saml_encryption_certificate_id      TEXT,
    saml_encryption_public_certificate  TEXT,
    saml_encryption_private_key         TEXT,
    created_at                          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tenant_authentications_tenant_name_key UNIQUE (tenant_id, name)
);

CREATE TABLE tenant_mobile_push_endpoints (
    id            UUID PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    app           TEXT,
    destination   TEXT NOT NULL,
    platform      TEXT NOT NULL,
    device_token  TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT true,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A device registers once per tenant; registering again updates it.
    CONSTRAINT tenant_mobile_push_device_key UNIQUE (tenant_id, device_id)
);
