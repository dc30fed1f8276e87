-- MSP Services' tables keyed by tenant too (see 20261130000900). msp_brandings
-- stays as it is: an MSP label is one namespace across all MSPs (unique across
-- tenants and looked up without one), so that table is a reference table.

ALTER TABLE msp_tech_partner_delegations
    DROP CONSTRAINT msp_tech_partner_delegations_pkey,
    ADD CONSTRAINT msp_tech_partner_delegations_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE msp_invitations
    DROP CONSTRAINT msp_invitations_pkey,
    ADD CONSTRAINT msp_invitations_pkey PRIMARY KEY (tenant_id, id);

ALTER TABLE msp_logo_files
    DROP CONSTRAINT msp_logo_files_pkey,
    ADD CONSTRAINT msp_logo_files_pkey PRIMARY KEY (tenant_id, id);
