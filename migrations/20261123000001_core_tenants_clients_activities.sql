-- Core state every API shares: tenants, the API clients that get tokens for
-- them, and the activities that track asynchronous (202) requests.

CREATE TABLE tenants (
    -- RUCKUS One tenant ids are 32 lowercase hex characters.
    id          TEXT PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    name        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE api_clients (
    client_id    TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    -- argon2 PHC string; the secret itself is never stored.
    secret_hash  TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX api_clients_tenant_idx ON api_clients (tenant_id);

CREATE TABLE activities (
    request_id            UUID PRIMARY KEY,
    tenant_id             TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    use_case              TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('PENDING', 'INPROGRESS', 'SUCCESS', 'FAIL')),
    admin_name            TEXT NOT NULL,
    admin_id              TEXT NOT NULL,
    entity_id             TEXT,
    -- On FAIL: the vendor's JSON document, encoded as a string.
    error                 TEXT,
    description_template  TEXT,
    description_data      JSONB NOT NULL DEFAULT '[]',
    notification          JSONB,
    start_datetime        TIMESTAMPTZ NOT NULL DEFAULT now(),
    end_datetime          TIMESTAMPTZ,
    -- Until this instant the activity reads as INPROGRESS (R1_ASYNC_DELAY_MS).
    settles_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX activities_tenant_start_idx ON activities (tenant_id, start_datetime DESC);
