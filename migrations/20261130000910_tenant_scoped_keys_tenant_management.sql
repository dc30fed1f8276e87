-- Tenant Management's tables keyed by tenant too (see 20261130000900): every
-- primary key and foreign key between tenant tables starts with tenant_id.

ALTER TABLE tenant_client_admins DROP CONSTRAINT tenant_client_admins_admin_id_fkey;
ALTER TABLE tenant_recipient_endpoints DROP CONSTRAINT tenant_recipient_endpoints_recipient_id_fkey;

ALTER TABLE tenant_admins
    DROP CONSTRAINT tenant_admins_pkey,
    ADD CONSTRAINT tenant_admins_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE tenant_client_admins
    DROP CONSTRAINT tenant_client_admins_pkey,
    ADD CONSTRAINT tenant_client_admins_pkey PRIMARY KEY (tenant_id, client_id);
-- An API client's administrator is found by the client id alone.
CREATE INDEX tenant_client_admins_client_idx ON tenant_client_admins (client_id);

ALTER TABLE tenant_recipients
    DROP CONSTRAINT tenant_recipients_pkey,
    ADD CONSTRAINT tenant_recipients_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE tenant_recipient_endpoints
    DROP CONSTRAINT tenant_recipient_endpoints_pkey,
    ADD CONSTRAINT tenant_recipient_endpoints_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE tenant_delegations
    DROP CONSTRAINT tenant_delegations_pkey,
    ADD CONSTRAINT tenant_delegations_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE tenant_authentications
    DROP CONSTRAINT tenant_authentications_pkey,
    ADD CONSTRAINT tenant_authentications_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE tenant_mobile_push_endpoints
    DROP CONSTRAINT tenant_mobile_push_endpoints_pkey,
    ADD CONSTRAINT tenant_mobile_push_endpoints_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE tenant_client_admins ADD CONSTRAINT tenant_client_admins_admin_id_fkey
    FOREIGN KEY (tenant_id, admin_id) REFERENCES tenant_admins (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE tenant_recipient_endpoints ADD CONSTRAINT tenant_recipient_endpoints_recipient_id_fkey
    FOREIGN KEY (tenant_id, recipient_id) REFERENCES tenant_recipients (tenant_id, id) ON DELETE CASCADE;
