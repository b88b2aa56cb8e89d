-- A user's presence as they set it (`users.setStatus`, or a host's `set-user-status` command):
-- online, away, busy or offline.

ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'online';
