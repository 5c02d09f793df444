-- Reports that arrived before the send was recorded, looked up by the provider's id when it is.
CREATE INDEX message_events_unmatched ON message_events (provider_message_id) WHERE outcome = 'unmatched';
