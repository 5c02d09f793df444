-- The embedded store claims with a read (its leases are in memory): the due index also carries the
-- status, so that read is answered from the index alone (the rowid is in every index entry).
DROP INDEX messages_due;
CREATE INDEX messages_due ON messages (priority DESC, due_at, status) WHERE status IN ('queued', 'scheduled');
