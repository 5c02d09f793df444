-- A waiting row with a lease now reads as in flight (on PostgreSQL a claim leaves the status
-- waiting). The embedded store never leases a row in the file, and older versions leased a waiting
-- row only when an operator retried it before the retry cleared the lease: such a lease is stale.
UPDATE messages SET lease_owner = NULL, lease_until = NULL
  WHERE status IN ('queued', 'scheduled') AND lease_owner IS NOT NULL;
