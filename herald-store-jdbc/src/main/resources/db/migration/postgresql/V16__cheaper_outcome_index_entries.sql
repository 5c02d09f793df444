-- The outcome of a send is the one update per message that cannot be heap-only: the message
-- leaves the queue (the claim index's predicate changes) and gets the provider's id, so each index
-- whose predicate the new version meets gets a new entry (four: the primary key, the provider-id
-- index, and the tenant's listing and recipient indexes). Three of them are made cheaper here.
--
-- Like V14, this rebuilds indexes under an exclusive lock, in one transaction: stop the nodes, or
-- expect every access to messages and delivery_attempts to wait until it commits.

-- A provider's message id is looked up by equality only (a status report names one). Twilio's,
-- SendGrid's and WhatsApp's are random strings: a B-tree entry for one lands on a random leaf page
-- through a descent of text comparisons; a hash index entry costs one hash and one bucket page.
-- (The simulator's ids are time-ordered, so in the benchmark's S1 the B-tree was appending.)
DROP INDEX messages_provider_id;
CREATE INDEX messages_provider_id ON messages USING hash (provider_message_id);

-- Message ids are UUIDv7 text, compared for equality and ordered only for paging, where bytewise
-- order is the order they are made in. Under the database's default collation every comparison
-- in the primary key and the tenant's listing index goes through the C library's strcoll; under
-- "C" it is a memcmp. Changing a column's collation rewrites no rows, only the indexes on it
-- (here also delivery_attempts_message).
ALTER TABLE messages ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE delivery_attempts ALTER COLUMN message_id TYPE TEXT COLLATE "C";
