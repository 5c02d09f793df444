-- Token buckets shared by every node (Bucket4j's PostgreSQL proxy, SELECT … FOR UPDATE per take).
CREATE TABLE rate_limit_buckets (
  id    TEXT PRIMARY KEY,
  state BYTEA
);
