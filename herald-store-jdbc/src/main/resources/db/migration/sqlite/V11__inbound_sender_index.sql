-- The WhatsApp 24-hour window asks when a sender last wrote: inbound messages by sender.
CREATE INDEX messages_inbound_sender ON messages (tenant_id, channel, sender, created_at) WHERE direction = 'inbound';
