-- What authentication needs to know about a tenant beyond its id: whether it
-- may be used at all. Tenant Management keeps the rest of the account in its
-- own tables.
ALTER TABLE tenants
    ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'suspended', 'deleted', 'maintenance'));

-- The one record of who may act for whom with `x-rks-tenantid`: MSP
-- customers, tech partners, VAR delegations and support access. Tenant
-- Management and MSP Services write it through r1_core::grants only.
CREATE TABLE tenant_grants (
    id                UUID PRIMARY KEY,
    -- NULL only for support access: RUCKUS support, which no r1 token is.
    acting_tenant_id  TEXT REFERENCES tenants (id) ON DELETE CASCADE,
    target_tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL
        CHECK (kind IN ('MSP_CUSTOMER', 'TECH_PARTNER', 'VAR_DELEGATION', 'SUPPORT')),
    valid_from        TIMESTAMPTZ NOT NULL DEFAULT now(),
    valid_until       TIMESTAMPTZ,
    revoked_at        TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (acting_tenant_id IS NOT NULL OR kind = 'SUPPORT'),
    CHECK (valid_until IS NULL OR valid_until > valid_from)
);
-- Serves the per-request check: live grants of one acting tenant on one target.
CREATE INDEX tenant_grants_live_idx ON tenant_grants (acting_tenant_id, target_tenant_id)
    WHERE revoked_at IS NULL;
CREATE INDEX tenant_grants_target_idx ON tenant_grants (target_tenant_id);
