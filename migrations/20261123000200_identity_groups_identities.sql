-- Identity Management: identity groups, their identities, the identities'
-- devices and ethernet ports. DPSK pools, policy sets, MAC registration
-- pools, properties and venues are referenced by the ids clients give: r1
-- keeps no foreign key into another domain's tables.

CREATE TABLE identity_groups (
    id                        UUID PRIMARY KEY,
    tenant_id                 TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name                      TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    description               TEXT CHECK (char_length(description) <= 255),
    dpsk_pool_id              TEXT,
    mac_registration_pool_id  TEXT,
    policy_set_id             TEXT,
    property_id               TEXT,
    certificate_template_id   TEXT,
    network_count             INTEGER NOT NULL DEFAULT 0,
    auto_cleanup_enabled      BOOLEAN NOT NULL DEFAULT false,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Group names are unique per tenant (409 on a duplicate).
    CONSTRAINT identity_groups_tenant_name_key UNIQUE (tenant_id, name)
);
CREATE INDEX identity_groups_tenant_created_idx ON identity_groups (tenant_id, created_at);

CREATE TABLE identities (
    id                   UUID PRIMARY KEY,
    tenant_id            TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- A group with identities cannot be deleted (docs/behaviour/identity.md).
    group_id             UUID NOT NULL REFERENCES identity_groups (id) ON DELETE RESTRICT,
    parent_id            UUID,
    name                 TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    display_name         TEXT CHECK (char_length(display_name) <= 255),
    description          TEXT CHECK (char_length(description) <= 255),
    email                TEXT,
    phone_number         TEXT,
    vlan                 INTEGER CHECK (vlan BETWEEN 1 AND 4094),
    -- NULL while an allocation has failed; the retry endpoint allocates it.
    vni                  INTEGER CHECK (vni BETWEEN 0 AND 8388608),
    -- The passphrase DPSK holds for this identity, as DPSK last returned it.
    dpsk_guid            UUID,
    dpsk_passphrase      TEXT,
    revoked              BOOLEAN NOT NULL DEFAULT false,
    is_primary           BOOLEAN NOT NULL DEFAULT false,
    metering_profile_id  UUID,
    expiration_date      TIMESTAMPTZ,
    last_login_at        TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- VNIs are unique per tenant; allocation also takes a per-tenant lock.
    CONSTRAINT identities_tenant_vni_key UNIQUE (tenant_id, vni)
);
CREATE INDEX identities_tenant_group_idx ON identities (tenant_id, group_id, created_at);
CREATE INDEX identities_tenant_created_idx ON identities (tenant_id, created_at);

CREATE TABLE identity_devices (
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    identity_id  UUID NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    mac_address  TEXT NOT NULL CHECK (mac_address ~ '^([0-9A-F]{2}-){5}[0-9A-F]{2}$'),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A device belongs to one identity of the tenant.
    PRIMARY KEY (tenant_id, mac_address)
);
CREATE INDEX identity_devices_tenant_identity_idx ON identity_devices (tenant_id, identity_id);

CREATE TABLE identity_ethernet_ports (
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    identity_id  UUID NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    venue_id     TEXT NOT NULL,
    mac_address  TEXT NOT NULL CHECK (mac_address ~ '^([0-9A-F]{2}-){5}[0-9A-F]{2}$'),
    port_index   INTEGER NOT NULL,
    name         TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A switch port is assigned to one identity of the tenant.
    PRIMARY KEY (tenant_id, mac_address, port_index)
);
CREATE INDEX identity_ethernet_ports_tenant_identity_idx
    ON identity_ethernet_ports (tenant_id, identity_id, venue_id);
