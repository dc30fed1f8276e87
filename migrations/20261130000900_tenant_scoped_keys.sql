-- Every primary key, unique constraint and foreign key between tenant tables
-- now starts with tenant_id, so that the schema can be distributed by tenant
-- (Citus: create_distributed_table(..., 'tenant_id')) and every statement of a
-- request stays on one shard. tenants, tenant_grants and r1_instances stay as
-- they are (reference tables). Names are kept: the code maps violations of
-- some of them to API errors by name.
--
-- Uniqueness rules do not get weaker in practice: every value made unique here
-- (ids, request ids, token hashes, client ids) is random, and every rule that
-- was already per tenant or per parent stays so.

-- Foreign keys between tenant tables go first: they hold the keys they point at.
ALTER TABLE dpsk_passphrases DROP CONSTRAINT dpsk_passphrases_pool_id_fkey;
ALTER TABLE dpsk_passphrase_devices DROP CONSTRAINT dpsk_passphrase_devices_passphrase_id_fkey;
ALTER TABLE identities DROP CONSTRAINT identities_group_id_fkey;
ALTER TABLE identity_devices DROP CONSTRAINT identity_devices_identity_id_fkey;
ALTER TABLE identity_ethernet_ports DROP CONSTRAINT identity_ethernet_ports_identity_id_fkey;
ALTER TABLE property_configs DROP CONSTRAINT property_configs_venue_id_fkey;
ALTER TABLE property_configs DROP CONSTRAINT property_configs_resident_portal_id_fkey;
ALTER TABLE property_units DROP CONSTRAINT property_units_venue_id_fkey;
ALTER TABLE property_unit_identities DROP CONSTRAINT property_unit_identities_unit_id_fkey;
ALTER TABLE resident_tokens DROP CONSTRAINT resident_tokens_unit_id_fkey;

ALTER TABLE api_clients
    DROP CONSTRAINT api_clients_pkey,
    ADD CONSTRAINT api_clients_pkey PRIMARY KEY (tenant_id, client_id);
-- The OAuth token exchange finds a client by its id alone.
CREATE INDEX api_clients_client_idx ON api_clients (client_id);

ALTER TABLE activities
    DROP CONSTRAINT activities_pkey,
    ADD CONSTRAINT activities_pkey PRIMARY KEY (tenant_id, request_id);

ALTER TABLE dpsk_pools
    DROP CONSTRAINT dpsk_pools_pkey,
    ADD CONSTRAINT dpsk_pools_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE dpsk_passphrases
    DROP CONSTRAINT dpsk_passphrases_pkey,
    ADD CONSTRAINT dpsk_passphrases_pkey PRIMARY KEY (tenant_id, id),
    DROP CONSTRAINT dpsk_passphrases_passphrase_key,
    ADD CONSTRAINT dpsk_passphrases_passphrase_key UNIQUE (tenant_id, pool_id, passphrase);

ALTER TABLE dpsk_passphrase_devices
    DROP CONSTRAINT dpsk_passphrase_devices_pkey,
    ADD CONSTRAINT dpsk_passphrase_devices_pkey PRIMARY KEY (tenant_id, passphrase_id, mac);

ALTER TABLE identity_groups
    DROP CONSTRAINT identity_groups_pkey,
    ADD CONSTRAINT identity_groups_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE identities
    DROP CONSTRAINT identities_pkey,
    ADD CONSTRAINT identities_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE venues
    DROP CONSTRAINT venues_pkey,
    ADD CONSTRAINT venues_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE resident_portals
    DROP CONSTRAINT resident_portals_pkey,
    ADD CONSTRAINT resident_portals_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE property_configs
    DROP CONSTRAINT property_configs_pkey,
    ADD CONSTRAINT property_configs_pkey PRIMARY KEY (tenant_id, venue_id);

ALTER TABLE property_units
    DROP CONSTRAINT property_units_pkey,
    ADD CONSTRAINT property_units_pkey PRIMARY KEY (tenant_id, id),
    DROP CONSTRAINT property_units_venue_name_key,
    ADD CONSTRAINT property_units_venue_name_key UNIQUE (tenant_id, venue_id, name);

ALTER TABLE property_unit_identities
    DROP CONSTRAINT property_unit_identities_pkey,
    ADD CONSTRAINT property_unit_identities_pkey PRIMARY KEY (tenant_id, identity_id);
DROP INDEX property_unit_identities_one_unit_guest;
CREATE UNIQUE INDEX property_unit_identities_one_unit_guest
    ON property_unit_identities (tenant_id, unit_id, persona_type) WHERE persona_type IN ('UNIT', 'GUEST');

ALTER TABLE resident_tokens
    DROP CONSTRAINT resident_tokens_pkey,
    ADD CONSTRAINT resident_tokens_pkey PRIMARY KEY (tenant_id, token_sha256);
-- A resident's bearer token is found by its hash alone.
CREATE INDEX resident_tokens_token_idx ON resident_tokens (token_sha256);

-- The foreign keys again, each with the tenant and the same ON DELETE action.
ALTER TABLE dpsk_passphrases ADD CONSTRAINT dpsk_passphrases_pool_id_fkey
    FOREIGN KEY (tenant_id, pool_id) REFERENCES dpsk_pools (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE dpsk_passphrase_devices ADD CONSTRAINT dpsk_passphrase_devices_passphrase_id_fkey
    FOREIGN KEY (tenant_id, passphrase_id) REFERENCES dpsk_passphrases (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE identities ADD CONSTRAINT identities_group_id_fkey
    FOREIGN KEY (tenant_id, group_id) REFERENCES identity_groups (tenant_id, id) ON DELETE RESTRICT;
ALTER TABLE identity_devices ADD CONSTRAINT identity_devices_identity_id_fkey
    FOREIGN KEY (tenant_id, identity_id) REFERENCES identities (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE identity_ethernet_ports ADD CONSTRAINT identity_ethernet_ports_identity_id_fkey
    FOREIGN KEY (tenant_id, identity_id) REFERENCES identities (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE property_configs ADD CONSTRAINT property_configs_venue_id_fkey
    FOREIGN KEY (tenant_id, venue_id) REFERENCES venues (tenant_id, id) ON DELETE CASCADE;
-- Only the portal is forgotten when it goes: tenant_id is part of the key and NOT NULL.
ALTER TABLE property_configs ADD CONSTRAINT property_configs_resident_portal_id_fkey
    FOREIGN KEY (tenant_id, resident_portal_id) REFERENCES resident_portals (tenant_id, id)
    ON DELETE SET NULL (resident_portal_id);
ALTER TABLE property_units ADD CONSTRAINT property_units_venue_id_fkey
    FOREIGN KEY (tenant_id, venue_id) REFERENCES property_configs (tenant_id, venue_id) ON DELETE CASCADE;
ALTER TABLE property_unit_identities ADD CONSTRAINT property_unit_identities_unit_id_fkey
    FOREIGN KEY (tenant_id, unit_id) REFERENCES property_units (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE resident_tokens ADD CONSTRAINT resident_tokens_unit_id_fkey
    FOREIGN KEY (tenant_id, unit_id) REFERENCES property_units (tenant_id, id) ON DELETE CASCADE;
