-- Edits, deletions, threads and reactions.
--
-- A deleted message stays as a tombstone (`deleted_at` set, `doc` emptied) so
-- `chat.syncMessages` can tell a reconnecting client what disappeared while it was away.
-- `updated_at` rises on every change to a message, which is what `lastUpdate` pages on.

ALTER TABLE messages ADD COLUMN tmid TEXT;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
CREATE INDEX messages_by_room_update ON messages (room_id, updated_at);
CREATE INDEX messages_by_thread ON messages (tmid, ts) WHERE tmid IS NOT NULL;

ALTER TABLE users ADD COLUMN email TEXT;

-- Memberships that ended, so `subscriptions.get` / `rooms.get` with `updatedSince` can report them
-- under `remove`.
CREATE TABLE subscription_removals (
    id          TEXT NOT NULL,                -- the removed subscription's id
    room_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    removed_at  INTEGER NOT NULL
);
CREATE INDEX subscription_removals_by_user ON subscription_removals (user_id, removed_at);
