-- MSP Services: what an MSP knows about its customers beyond the tenant
-- account (Tenant Management owns that) and the grant record (core owns
-- that). Customer rows cascade from the customer's tenant, so deleting a
-- customer removes all of it; the MSP's own rows cascade from the MSP.

CREATE TABLE msp_customers (
    -- The customer (MSP_EC) tenant.
    tenant_id               TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    msp_tenant_id           TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- The MSP_CUSTOMER grant that lets the MSP act for the customer.
    grant_id                UUID NOT NULL,
    -- MSP_EC, or a technology partner the MSP made.
    tenant_type             TEXT NOT NULL DEFAULT 'MSP_EC'
                                CHECK (tenant_type IN ('MSP_EC', 'MSP_INTEGRATOR', 'MSP_INSTALLER')),
    name                    TEXT NOT NULL CHECK (char_length(name) BETWEEN 2 AND 255),
    street_address          TEXT,
    state                   TEXT,
    country                 TEXT,
    postal_code             TEXT,
    phone_number            TEXT,
    fax_number              TEXT,
    city                    TEXT,
    mapping_url             TEXT,
    service_effective_date  TIMESTAMPTZ NOT NULL,
    service_expiration_date TIMESTAMPTZ NOT NULL,
    tier                    TEXT NOT NULL DEFAULT 'Platinum',
    account_id              TEXT NOT NULL,
    admin_email             TEXT,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX msp_customers_msp_idx ON msp_customers (msp_tenant_id, name);

-- Customers handed to a technology partner (MSP_INTEGRATOR / MSP_INSTALLER).
CREATE TABLE msp_tech_partner_delegations (
    id                 UUID PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES msp_customers (tenant_id) ON DELETE CASCADE,
    msp_tenant_id      TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    partner_tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    delegation_type    TEXT NOT NULL CHECK (delegation_type IN ('MSP_INTEGRATOR', 'MSP_INSTALLER')),
    expiry_date        TIMESTAMPTZ,
    grant_id           UUID NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT msp_tech_partner_delegations_key UNIQUE (tenant_id, delegation_type)
);
CREATE INDEX msp_tech_partner_delegations_partner_idx ON msp_tech_partner_delegations (partner_tenant_id);

-- MSP administrators assigned to a customer.
CREATE TABLE msp_admin_delegations (
    tenant_id       TEXT NOT NULL REFERENCES msp_customers (tenant_id) ON DELETE CASCADE,
    msp_admin_id    TEXT NOT NULL CHECK (char_length(msp_admin_id) BETWEEN 1 AND 255),
    msp_admin_role  TEXT NOT NULL CHECK (msp_admin_role IN ('PRIME_ADMIN', 'ADMIN', 'READ_ONLY')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, msp_admin_id)
);

-- RUCKUS support access to a customer: the SUPPORT grant and its expiry.
CREATE TABLE msp_support_access (
    tenant_id   TEXT PRIMARY KEY REFERENCES msp_customers (tenant_id) ON DELETE CASCADE,
    grant_id    UUID NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Invitations are recorded, never mailed.
CREATE TABLE msp_invitations (
    id           UUID PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES msp_customers (tenant_id) ON DELETE CASCADE,
    admin_email  TEXT NOT NULL CHECK (char_length(admin_email) BETWEEN 3 AND 255),
    resend       BOOLEAN NOT NULL DEFAULT false,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX msp_invitations_tenant_idx ON msp_invitations (tenant_id, created_at);

-- The MSP's portal branding (MspView), one per MSP.
CREATE TABLE msp_brandings (
    tenant_id   TEXT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    msp_label   TEXT NOT NULL,
    -- The other UpdateMspRequest fields, validated, as given.
    settings    JSONB NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX msp_brandings_label_key ON msp_brandings (lower(msp_label));

CREATE TABLE msp_logo_files (
    id            UUID PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/svg+xml')),
    content       BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX msp_logo_files_tenant_idx ON msp_logo_files (tenant_id, created_at);

-- Firmware upgrade schedules, per customer and operation.
CREATE TABLE msp_firmware_schedules (
    tenant_id   TEXT NOT NULL REFERENCES msp_customers (tenant_id) ON DELETE CASCADE,
    operation   TEXT NOT NULL,
    schedule    JSONB NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, operation)
);

-- Devices in a customer's inventory, placed by /_r1/ (r1 serves no device API).
CREATE TABLE msp_inventory_devices (
    tenant_id         TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    serial_number     TEXT NOT NULL CHECK (char_length(serial_number) BETWEEN 1 AND 64),
    device_type       TEXT NOT NULL CHECK (device_type IN ('DVCNWTYPE_WIFI', 'DVCNWTYPE_SWITCH')),
    mac               TEXT NOT NULL,
    model             TEXT NOT NULL,
    name              TEXT NOT NULL,
    venue_id          TEXT,
    venue_name        TEXT,
    device_status     TEXT NOT NULL,
    fw_version        TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, serial_number)
);
CREATE INDEX msp_inventory_devices_serial_idx ON msp_inventory_devices (serial_number);
