-- Written and deleted again in one transaction by the health probe while the store refuses writes
-- (full, read-only): a commit that needed new pages tells that writes work again. Always empty.
CREATE TABLE health_probe (id INTEGER PRIMARY KEY, filler BLOB NOT NULL);
