-- Pinned and starred messages. A pin belongs to the room: it is in the message's document
-- (pinned, pinnedAt, pinnedBy) for every reader, and its time is a column too, so a room's
-- pinned list is a range of an index rather than a scan of the room. A star belongs to one
-- user: it lives in a table of its own and is added to a message only in what that user reads.
ALTER TABLE messages ADD COLUMN pinned_at INTEGER;
CREATE INDEX messages_pinned ON messages (room_id, pinned_at) WHERE pinned_at IS NOT NULL;

CREATE TABLE message_stars (
    user_id    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    room_id    TEXT NOT NULL,
    starred_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, message_id)
);
CREATE INDEX message_stars_by_room ON message_stars (user_id, room_id, starred_at);
