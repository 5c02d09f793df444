-- A claim sets the lease (lease_owner, lease_until) and leaves the status waiting, so that it
-- changes no indexed column and PostgreSQL can write it as a heap-only (HOT) update: no new entry
-- in any index of the table, and only the changed tail of the row in the WAL.
--
-- An index naming lease_until would make every claim a full update, so the reaper's index for
-- rows an older version left 'sending' no longer names it.
DROP INDEX messages_leases;
CREATE INDEX messages_sending ON messages (id) WHERE status = 'sending';
-- A heap-only update must fit on the row's own page. A claim batch takes rows that were inserted
-- together, so a page needs room for a new version of each of its rows: at 40% a page of S1's
-- rows holds every claim (S1: 250,000 of 250,000 claims heap-only; at 50%, 72%; at 80%, 17%).
-- Applies to pages filled from now on.
ALTER TABLE messages SET (fillfactor = 40);
-- Older versions never leased a waiting row, except one retried by an operator before the retry
-- cleared the lease: such a lease is stale, and would now read as in flight.
UPDATE messages SET lease_owner = NULL, lease_until = NULL
  WHERE status IN ('queued', 'scheduled') AND lease_owner IS NOT NULL;
-- Nodes of an older version would claim leased waiting rows again: every node must be stopped
-- before this migration runs (README, lease_duration).
