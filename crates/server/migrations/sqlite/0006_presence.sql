-- Presence: `status` is what others see, derived from the user's open connections unless they
-- chose one; `status_default` is the one they chose with `users.setStatus` ('online' means "follow
-- my connections"), kept across reconnects; `status_text` is what they say of it.
ALTER TABLE users ADD COLUMN status_default TEXT NOT NULL DEFAULT 'online';
ALTER TABLE users ADD COLUMN status_text TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN status_at INTEGER NOT NULL DEFAULT 0;
UPDATE users SET status_default = status;
UPDATE users SET status = 'offline';
CREATE INDEX users_by_status_change ON users (status_at);
