-- Herald schema, PostgreSQL. Times are epoch milliseconds (UTC).
CREATE TABLE tenants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);

CREATE TABLE api_keys (
  key_hash    TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id),
  key_prefix  TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);

CREATE TABLE messages (
  id                  TEXT PRIMARY KEY,
  tenant_id           TEXT NOT NULL,
  channel             TEXT NOT NULL,
  direction           TEXT NOT NULL,
  recipient           TEXT NOT NULL,
  sender              TEXT,
  body                TEXT,
  subject             TEXT,
  html                TEXT,
  category            TEXT NOT NULL,
  priority            SMALLINT NOT NULL,
  send_at             BIGINT,
  expires_at          BIGINT,
  metadata            TEXT,
  idempotency_key     TEXT,
  conversation_id     TEXT,
  contact_id          TEXT,
  status              TEXT NOT NULL,
  attempts            INTEGER NOT NULL DEFAULT 0,
  max_attempts        INTEGER NOT NULL,
  due_at              BIGINT NOT NULL,
  lease_owner         TEXT,
  lease_until         BIGINT,
  provider            TEXT,
  provider_message_id TEXT,
  error_code          TEXT,
  error_reason        TEXT,
  cost                TEXT,
  cost_currency       TEXT,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  timeline            TEXT NOT NULL
) WITH (fillfactor = 80);

-- The claim index holds only waiting messages: finished ones leave it, so it stays small.
CREATE INDEX messages_due ON messages (priority DESC, due_at) WHERE status IN ('queued', 'scheduled');
CREATE INDEX messages_leases ON messages (lease_until) WHERE status = 'sending';
CREATE INDEX messages_provider_id ON messages (provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX messages_tenant_recipient ON messages (tenant_id, recipient);
CREATE INDEX messages_tenant_id ON messages (tenant_id, id DESC);

CREATE TABLE delivery_attempts (
  message_id   TEXT NOT NULL,
  attempt      INTEGER NOT NULL,
  provider     TEXT NOT NULL,
  started_at   BIGINT NOT NULL,
  duration_ms  BIGINT NOT NULL,
  outcome      TEXT NOT NULL,
  error_code   TEXT,
  reason       TEXT,
  http_status  INTEGER NOT NULL,
  node         TEXT
);
CREATE INDEX delivery_attempts_message ON delivery_attempts (message_id);

CREATE TABLE message_events (
  id                  TEXT PRIMARY KEY,
  message_id          TEXT,
  provider            TEXT NOT NULL,
  provider_message_id TEXT,
  event_key           TEXT NOT NULL,
  event_type          TEXT,
  status              TEXT,
  outcome             TEXT NOT NULL,
  payload             TEXT,
  received_at         BIGINT NOT NULL
);
-- Every callback is kept raw; a repeat of an event key is stored too, marked 'duplicate'.
CREATE INDEX message_events_key ON message_events (provider, event_key);
CREATE INDEX message_events_message ON message_events (message_id);

CREATE TABLE idempotency_keys (
  tenant_id     TEXT NOT NULL,
  idem_key      TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  message_ids   TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, idem_key)
);

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
