-- The simulator's journal of accepted sends, in a file of its own beside herald.db: it stands for
-- a provider's own records, so its writes do not queue behind Herald's single SQLite writer.
CREATE TABLE simulator_sends (
  provider_message_id TEXT PRIMARY KEY,
  message_id          TEXT NOT NULL,
  tenant_id           TEXT NOT NULL,
  channel             TEXT NOT NULL,
  recipient           TEXT NOT NULL,
  node                TEXT,
  accepted_at         BIGINT NOT NULL,
  reported_at         BIGINT
);
CREATE INDEX simulator_sends_message ON simulator_sends (message_id);
CREATE INDEX simulator_sends_unreported ON simulator_sends (accepted_at) WHERE reported_at IS NULL;
