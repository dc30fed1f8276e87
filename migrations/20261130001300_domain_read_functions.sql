-- Domains meet through functions, not tables. Most meetings are Rust
-- functions of the owning crate, one statement each; where a hot read must
-- stay one statement across domains (the resident's unit read: token, unit,
-- group, identity, passphrase), the owning domain publishes a SQL function
-- beside its tables and callers select from the function, never from the
-- table. Each is LANGUAGE sql, STABLE, one SELECT: the planner inlines it,
-- so calling one costs what the join it stands for costs.

-- Core: a tenant's status ('active', 'suspended', ...).
CREATE FUNCTION r1_tenant_status(p_tenant_id text)
RETURNS TABLE (status text) LANGUAGE sql STABLE AS $$
    SELECT t.status FROM tenants t WHERE t.id = p_tenant_id
$$;

-- Identity: the DPSK pool an identity group is tied to (NULL: none).
CREATE FUNCTION identity_group_dpsk_pool(p_tenant_id text, p_group_id uuid)
RETURNS TABLE (dpsk_pool_id text) LANGUAGE sql STABLE AS $$
    SELECT g.dpsk_pool_id FROM identity_groups g
     WHERE g.tenant_id = p_tenant_id AND g.id = p_group_id
$$;

-- Identity: the DPSK passphrase of an identity, if the identity is in the group.
CREATE FUNCTION identity_dpsk_passphrase_id(p_tenant_id text, p_group_id uuid, p_identity_id uuid)
RETURNS TABLE (passphrase_id uuid) LANGUAGE sql STABLE AS $$
    SELECT i.dpsk_guid FROM identities i
     WHERE i.tenant_id = p_tenant_id AND i.id = p_identity_id AND i.group_id = p_group_id
$$;

-- DPSK: a passphrase's pool and text.
CREATE FUNCTION dpsk_passphrase_text(p_tenant_id text, p_passphrase_id uuid)
RETURNS TABLE (pool_id uuid, passphrase text) LANGUAGE sql STABLE AS $$
    SELECT d.pool_id, d.passphrase FROM dpsk_passphrases d
     WHERE d.tenant_id = p_tenant_id AND d.id = p_passphrase_id
$$;
