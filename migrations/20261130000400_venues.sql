-- Venues (Venue Service API): the place a property's configuration hangs
-- from. Ids are 32 lowercase hex characters, as RUCKUS One's venue ids are.

CREATE TABLE venues (
    id           TEXT PRIMARY KEY CHECK (id ~ '^[0-9a-f]{32}$'),
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (char_length(name) BETWEEN 2 AND 32),
    description  TEXT,
    address      JSONB NOT NULL,
    tags         TEXT[] NOT NULL DEFAULT '{}',
    is_template  BOOLEAN NOT NULL DEFAULT false,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Venue names are unique per tenant (409 on a duplicate).
    CONSTRAINT venues_tenant_name_key UNIQUE (tenant_id, name)
);
CREATE INDEX venues_tenant_created_idx ON venues (tenant_id, created_at);
