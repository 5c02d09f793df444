-- An email address names one contact and one consent whatever the case it is written in
-- (Addresses.key): each table keeps the address as written and gains the key it is compared by,
-- the address lower-cased (ASCII: normalised email addresses are). Phone numbers and WhatsApp ids
-- are compared as they are.

-- Contacts: the uniqueness of an email address within a tenant moves from the address to its key.
-- Contacts stored before this one whose addresses differ only in case keep them as written, but
-- only the oldest (first id) of each such group gets the key: it is the one found by the address,
-- and the others must change their email (or lose it) before they can be updated.
ALTER TABLE contacts ADD COLUMN email_key TEXT;
UPDATE contacts SET email_key = lower(email) WHERE email IS NOT NULL;
UPDATE contacts SET email_key = NULL WHERE id IN (
  SELECT id FROM (
    SELECT id, row_number() OVER (PARTITION BY tenant_id, email_key ORDER BY id) AS n
    FROM contacts WHERE email_key IS NOT NULL) AS ranked
  WHERE n > 1);
DROP INDEX contacts_email;
CREATE UNIQUE INDEX contacts_email_key ON contacts (tenant_id, email_key) WHERE email_key IS NOT NULL;

-- The consent ledger: an entry holds for its address in any case; the latest of them is current.
ALTER TABLE consent_records ADD COLUMN address_key TEXT;
UPDATE consent_records SET address_key = CASE WHEN channel = 'email' THEN lower(address) ELSE address END;
ALTER TABLE consent_records ALTER COLUMN address_key SET NOT NULL;
DROP INDEX consent_records_address;
CREATE INDEX consent_records_address ON consent_records (tenant_id, channel, address_key, id);
