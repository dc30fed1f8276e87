-- Property Management: a venue's property configuration, its units, the
-- identities linked to each unit, resident portals with their files, and the
-- resident login tokens of units. Identity groups, identities and DPSK
-- passphrases are referenced by id only: they belong to other domains.

CREATE TABLE resident_portals (
    id                      UUID PRIMARY KEY,
    tenant_id               TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name                    TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    description             TEXT,
    portal_status           TEXT NOT NULL DEFAULT 'ENABLED' CHECK (portal_status IN ('ENABLED', 'DISABLED')),
    ui_configuration        JSONB NOT NULL,
    logo                    BYTEA,
    logo_content_type       TEXT,
    fav_icon                BYTEA,
    fav_icon_content_type   TEXT,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT resident_portals_tenant_name_key UNIQUE (tenant_id, name)
);
CREATE INDEX resident_portals_tenant_idx ON resident_portals (tenant_id, name);

CREATE TABLE property_configs (
    venue_id              TEXT PRIMARY KEY REFERENCES venues (id) ON DELETE CASCADE,
    tenant_id             TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    status                TEXT NOT NULL CHECK (status IN ('ENABLED', 'DISABLED')),
    persona_group_id      UUID NOT NULL,
    resident_portal_id    UUID REFERENCES resident_portals (id) ON DELETE SET NULL,
    description           TEXT,
    unit_config           JSONB NOT NULL DEFAULT '{}',
    communication_config  JSONB NOT NULL DEFAULT '{}',
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX property_configs_tenant_idx ON property_configs (tenant_id, venue_id);

CREATE TABLE property_units (
    id               UUID PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    venue_id         TEXT NOT NULL REFERENCES property_configs (venue_id) ON DELETE CASCADE,
    name             TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 235),
    status           TEXT NOT NULL DEFAULT 'ENABLED' CHECK (status IN ('ENABLED', 'DISABLED')),
    resident_name    TEXT NOT NULL CHECK (char_length(resident_name) <= 255),
    resident_email   TEXT CHECK (char_length(resident_email) <= 255),
    resident_phone   TEXT CHECK (char_length(resident_phone) <= 16),
    access_point     JSONB,
    traffic_control  JSONB,
    notified_at      TIMESTAMPTZ,
    -- SHA-256 (hex) of the unit passphrase as last seen: finds the unit of a
    -- resident login at once; a passphrase changed through the DPSK API
    -- since is found by looking at the pool (docs/behaviour/resident-portal.md).
    secret_sha256    TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Unit names are unique in a property (409 on a duplicate).
    CONSTRAINT property_units_venue_name_key UNIQUE (venue_id, name)
);
CREATE INDEX property_units_tenant_venue_idx ON property_units (tenant_id, venue_id, name);
CREATE INDEX property_units_venue_secret_idx ON property_units (venue_id, secret_sha256);

-- The unit's own identity (UNIT), its guest identity (GUEST) and the
-- identities linked to it (LINKED). An identity belongs to one unit.
CREATE TABLE property_unit_identities (
    identity_id   UUID PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    unit_id       UUID NOT NULL REFERENCES property_units (id) ON DELETE CASCADE,
    persona_type  TEXT NOT NULL CHECK (persona_type IN ('UNIT', 'GUEST', 'LINKED')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX property_unit_identities_tenant_unit_idx ON property_unit_identities (tenant_id, unit_id);
CREATE UNIQUE INDEX property_unit_identities_one_unit_guest
    ON property_unit_identities (unit_id, persona_type) WHERE persona_type IN ('UNIT', 'GUEST');

-- Resident tokens, stored as the SHA-256 of the token: a stolen database
-- does not open any unit.
CREATE TABLE resident_tokens (
    token_sha256  TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    unit_id       UUID NOT NULL REFERENCES property_units (id) ON DELETE CASCADE,
    expires_at    TIMESTAMPTZ NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX resident_tokens_tenant_unit_idx ON resident_tokens (tenant_id, unit_id);
