-- An operator's retry grants the channel policy's attempts again, counted from the retry: the
-- attempts made before it are kept here, and the retry budget and the backoff step count only those
-- after them, while attempt numbers go on (delivery_attempts never reuses one). max_attempts stays
-- the policy's limit (an older version's retry raised it by the policy's attempts; such rows keep
-- the raised limit, counted from their first attempt, as before).
--
-- A column with a constant default is added to the catalog only: no row is rewritten, and the
-- exclusive lock is held for a moment.
ALTER TABLE messages ADD COLUMN attempts_before_retry INTEGER NOT NULL DEFAULT 0;
