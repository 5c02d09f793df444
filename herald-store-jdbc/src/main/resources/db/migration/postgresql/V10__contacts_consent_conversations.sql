-- Contacts, the consent ledger, conversations and inbound idempotency. Times are epoch milliseconds (UTC).
CREATE TABLE contacts (
  id                  TEXT PRIMARY KEY,
  tenant_id           TEXT NOT NULL,
  name                TEXT,
  phone               TEXT,
  email               TEXT,
  whatsapp            TEXT,
  has_whatsapp        INTEGER,
  allows_sms          INTEGER,
  time_zone           TEXT,
  preferred_channel   TEXT,
  locale              TEXT,
  last_active_channel TEXT,
  last_active_at      BIGINT,
  metadata            TEXT,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL
);
CREATE UNIQUE INDEX contacts_phone ON contacts (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX contacts_email ON contacts (tenant_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX contacts_whatsapp ON contacts (tenant_id, whatsapp) WHERE whatsapp IS NOT NULL;
CREATE INDEX contacts_tenant_id ON contacts (tenant_id, id);

-- Append-only: the latest row per (tenant, channel, address) is the current state.
CREATE TABLE consent_records (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL,
  contact_id  TEXT,
  channel     TEXT NOT NULL,
  address     TEXT NOT NULL,
  state       TEXT NOT NULL,
  source      TEXT NOT NULL,
  message_id  TEXT,
  detail      TEXT,
  created_at  BIGINT NOT NULL
);
CREATE INDEX consent_records_address ON consent_records (tenant_id, channel, address, id);
CREATE INDEX consent_records_contact ON consent_records (tenant_id, contact_id, id);

CREATE TABLE secrets (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL
);

CREATE TABLE conversations (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL,
  contact_id    TEXT NOT NULL,
  status        TEXT NOT NULL,
  context       TEXT NOT NULL,
  participants  TEXT NOT NULL,
  expires_at    BIGINT NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  closed_at     BIGINT,
  version       BIGINT NOT NULL
);
-- At most one open conversation per contact: two nodes racing to open one share the winner's.
CREATE UNIQUE INDEX conversations_open ON conversations (tenant_id, contact_id) WHERE status <> 'closed';
CREATE INDEX conversations_expiry ON conversations (expires_at) WHERE status <> 'closed';
CREATE INDEX conversations_tenant_id ON conversations (tenant_id, id);

-- A redelivered inbound webhook finds its message already stored.
CREATE UNIQUE INDEX messages_inbound_provider_id ON messages (provider, provider_message_id) WHERE direction = 'inbound';
CREATE INDEX messages_conversation ON messages (conversation_id, created_at) WHERE conversation_id IS NOT NULL;
