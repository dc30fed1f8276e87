-- DPSK Service: pools (and pool templates), their passphrases, and the
-- devices (MAC addresses) configured on each passphrase.

CREATE TABLE dpsk_pools (
    id                     UUID PRIMARY KEY,
    tenant_id              TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- Service templates live beside pools and share their shape.
    is_template            BOOLEAN NOT NULL DEFAULT false,
    name                   TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    passphrase_format      TEXT NOT NULL
        CHECK (passphrase_format IN ('MOST_SECURED', 'KEYBOARD_FRIENDLY', 'NUMBERS_ONLY')),
    passphrase_length      INTEGER NOT NULL CHECK (passphrase_length BETWEEN 8 AND 63),
    policy_default_access  BOOLEAN,
    -- NULL: no limit on devices per passphrase.
    device_count_limit     INTEGER CHECK (device_count_limit >= 1),
    expiration_type        TEXT CHECK (expiration_type IN ('SPECIFIED_DATE', 'HOURS_AFTER_TIME',
        'DAYS_AFTER_TIME', 'WEEKS_AFTER_TIME', 'MONTHS_AFTER_TIME', 'YEARS_AFTER_TIME')),
    expiration_offset      INTEGER,
    expiration_date        TIMESTAMPTZ,
    identity_group_id      UUID,
    policy_set_id          TEXT,
    template_version       BIGINT NOT NULL DEFAULT 1,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Names are unique per tenant, among pools and among templates.
    CONSTRAINT dpsk_pools_name_key UNIQUE (tenant_id, is_template, name)
);
CREATE INDEX dpsk_pools_tenant_created_idx ON dpsk_pools (tenant_id, is_template, created_at);

CREATE TABLE dpsk_passphrases (
    id                 UUID PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    pool_id            UUID NOT NULL REFERENCES dpsk_pools (id) ON DELETE CASCADE,
    -- WPA passphrases: 8 to 63 printable ASCII characters.
    passphrase         TEXT NOT NULL CHECK (passphrase ~ '^[ -~]{8,63}$'),
    username           TEXT,
    vlan_id            INTEGER CHECK (vlan_id BETWEEN 1 AND 4094),
    vxlan_id           INTEGER CHECK (vxlan_id BETWEEN 0 AND 16777215),
    -- NULL: unlimited devices.
    number_of_devices  INTEGER CHECK (number_of_devices BETWEEN 1 AND 50),
    expiration_date    TIMESTAMPTZ,
    email              TEXT,
    phone_number       TEXT,
    revocation_reason  TEXT,
    revocation_date    TIMESTAMPTZ,
    -- Set when an identity owns the passphrase; it then cannot be deleted here.
    is_referenced      BOOLEAN NOT NULL DEFAULT false,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT dpsk_passphrases_passphrase_key UNIQUE (pool_id, passphrase),
    CHECK ((revocation_reason IS NULL) = (revocation_date IS NULL))
);
CREATE INDEX dpsk_passphrases_tenant_pool_idx ON dpsk_passphrases (tenant_id, pool_id, created_at, id);

CREATE TABLE dpsk_passphrase_devices (
    tenant_id      TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    passphrase_id  UUID NOT NULL REFERENCES dpsk_passphrases (id) ON DELETE CASCADE,
    -- Normalised to upper-case, colon-separated (AA:BB:CC:DD:EE:FF).
    mac            TEXT NOT NULL CHECK (mac ~ '^([0-9A-F]{2}:){5}[0-9A-F]{2}$'),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (passphrase_id, mac)
);
CREATE INDEX dpsk_passphrase_devices_tenant_idx ON dpsk_passphrase_devices (tenant_id, passphrase_id);
CREATE INDEX dpsk_passphrase_devices_mac_idx ON dpsk_passphrase_devices (mac);
