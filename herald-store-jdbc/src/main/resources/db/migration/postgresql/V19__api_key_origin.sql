-- Where each API key came from (MessageStore.ApiKeyOrigin): 'configured' (api_key), 'generated'
-- (a first start without api_key) or 'added' (otherwise). At start the configured key replaces
-- every configured and generated one. Keys stored before this version came from one of those
-- two, and count as configured.
ALTER TABLE api_keys ADD COLUMN origin TEXT NOT NULL DEFAULT 'configured';
