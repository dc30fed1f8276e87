-- The MSP query views over an MSP of 10,000 customers and 100,000 devices
-- (benches/msp.rs). EXPLAIN ANALYZE of a page of 100 (a filter, a sort, a
-- search string) showed, before this change:
--
-- * /mspecs/query, 44 ms + 24 ms for its count: a sequential scan of the
--   MSP's customers testing ILIKE on every row, and for `status` a subplan
--   into core's tenants table run once per customer (1,250 loops).
-- * /tenants/inventories/query, 466 ms + 190 ms for its count: a hash join
--   of every device with every customer (the MSP scope lives on the
--   customer, `customerName` too), the ILIKE of five columns as a join
--   filter over 75,000 rows, then a sort of 15,000 rows for the page.
--
-- After it: the search reads trigram indexes (BitmapOr, one per searched
-- column), the inventory is one table scoped by its own column, and a page
-- sorted by name reads an index in order and stops after 100 rows.

-- The customer's activation as MSP Services sets it (DELETE/PUT
-- /tenantActivations); core's tenant status, which decides access, is set
-- in the same transaction. The views read this instead of core's table.
ALTER TABLE msp_customers ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;
UPDATE msp_customers c SET active = (t.status = 'active') FROM tenants t WHERE t.id = c.tenant_id;

-- Each device carries its customer's MSP, name and type, kept by the
-- database from msp_customers: the inventory views filter, search and sort
-- on one table, so an index can answer them.
ALTER TABLE msp_inventory_devices
    ADD COLUMN msp_tenant_id TEXT,
    ADD COLUMN customer_name TEXT,
    ADD COLUMN customer_type TEXT;
UPDATE msp_inventory_devices d
   SET msp_tenant_id = c.msp_tenant_id, customer_name = c.name, customer_type = c.tenant_type
  FROM msp_customers c WHERE c.tenant_id = d.tenant_id;

CREATE FUNCTION msp_inventory_device_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- No customer row (a tenant no MSP manages): the columns stay NULL and
    -- the device is in no MSP's inventory.
    SELECT c.msp_tenant_id, c.name, c.tenant_type
      INTO NEW.msp_tenant_id, NEW.customer_name, NEW.customer_type
      FROM msp_customers c WHERE c.tenant_id = NEW.tenant_id;
    RETURN NEW;
END $$;

CREATE TRIGGER msp_inventory_devices_customer BEFORE INSERT OR UPDATE OF tenant_id
    ON msp_inventory_devices FOR EACH ROW EXECUTE FUNCTION msp_inventory_device_customer();

CREATE FUNCTION msp_customer_to_devices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE msp_inventory_devices
           SET msp_tenant_id = NULL, customer_name = NULL, customer_type = NULL
         WHERE tenant_id = OLD.tenant_id;
    ELSE
        UPDATE msp_inventory_devices
           SET msp_tenant_id = NEW.msp_tenant_id, customer_name = NEW.name,
               customer_type = NEW.tenant_type
         WHERE tenant_id = NEW.tenant_id
           AND (msp_tenant_id, customer_name, customer_type)
               IS DISTINCT FROM (NEW.msp_tenant_id, NEW.name, NEW.tenant_type);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER msp_customers_to_devices
    AFTER INSERT OR DELETE OR UPDATE OF msp_tenant_id, name, tenant_type
    ON msp_customers FOR EACH ROW EXECUTE FUNCTION msp_customer_to_devices();

-- searchString is `lower(field) LIKE lower('%…%')` (crates/msp/src/query):
-- one trigram index per field a view searches by default.
CREATE INDEX msp_customers_name_trgm ON msp_customers USING gin (lower(name) gin_trgm_ops);
CREATE INDEX msp_customers_city_trgm ON msp_customers USING gin (lower(city) gin_trgm_ops);
CREATE INDEX msp_customers_country_trgm ON msp_customers USING gin (lower(country) gin_trgm_ops);
CREATE INDEX msp_inventory_devices_serial_trgm
    ON msp_inventory_devices USING gin (lower(serial_number) gin_trgm_ops);
CREATE INDEX msp_inventory_devices_name_trgm
    ON msp_inventory_devices USING gin (lower(name) gin_trgm_ops);
CREATE INDEX msp_inventory_devices_model_trgm
    ON msp_inventory_devices USING gin (lower(model) gin_trgm_ops);
CREATE INDEX msp_inventory_devices_venue_trgm
    ON msp_inventory_devices USING gin (lower(venue_name) gin_trgm_ops);
CREATE INDEX msp_inventory_devices_customer_trgm
    ON msp_inventory_devices USING gin (lower(customer_name) gin_trgm_ops);

-- Pages in the views' default orders, read from an index. Ties break by
-- the key ascending and missing values sort last in both directions, so a
-- descending name order needs its own index.
CREATE INDEX msp_customers_msp_name_desc_idx
    ON msp_customers (msp_tenant_id, name DESC NULLS LAST, tenant_id);
CREATE INDEX msp_inventory_devices_msp_serial_idx
    ON msp_inventory_devices (msp_tenant_id, serial_number);
CREATE INDEX msp_inventory_devices_msp_name_idx
    ON msp_inventory_devices (msp_tenant_id, name, serial_number);
CREATE INDEX msp_inventory_devices_msp_name_desc_idx
    ON msp_inventory_devices (msp_tenant_id, name DESC NULLS LAST, serial_number);

-- apCount / switchCount per customer row: counted from the index alone.
CREATE INDEX msp_inventory_devices_type_idx ON msp_inventory_devices (tenant_id, device_type);
