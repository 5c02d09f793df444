-- The simulator's journal stands for a provider's own records, which never share Herald's
-- database; on the embedded store it has a file of its own. Here it shares the database, and it
-- no longer shares its write-ahead log: unlogged, its rows survive any crash of Herald's processes
-- (what the journal exists to judge: messages sent twice after a node dies) but not one of
-- PostgreSQL itself, which empties it.
ALTER TABLE simulator_sends SET UNLOGGED;
