-- The outcome of a send is the one update per message that cannot be heap-only: the message
-- leaves the queue (the claim index's predicate changes) and gets the provider's id, so every
-- index of the table gets a new entry. Two of those entries are made cheaper here.
--
-- Like V14, this rebuilds indexes under an exclusive lock: run it with the nodes stopped.

-- Providers' message ids are random strings (Twilio's SM…, SendGrid's, WhatsApp's wamid.…) looked
-- up by equality only (a status report names one). A B-tree entry for a random key lands on a
-- random leaf page, found by a descent of text comparisons; a hash index entry costs one hash
-- and one bucket page. Lookups by several ids at once use it through bitmap scans.
DROP INDEX messages_provider_id;
CREATE INDEX messages_provider_id ON messages USING hash (provider_message_id) WHERE provider_message_id IS NOT NULL;

-- Message ids are ASCII, compared for equality and ordered only for paging, where bytewise order
-- is the order they are made in. Under the database's default collation every comparison in the
-- primary key and the tenant's listing index goes through the C library's strcoll; under "C" it
-- is a memcmp. Changing a column's collation rewrites no rows, only the indexes on it.
ALTER TABLE messages ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE delivery_attempts ALTER COLUMN message_id TYPE TEXT COLLATE "C";
