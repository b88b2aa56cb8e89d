-- Readers' feedback on bots' messages: one vote per person and message, which they may change
-- or take back, with an optional comment.
CREATE TABLE feedback (
    message_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    room_id    TEXT NOT NULL,
    vote       TEXT NOT NULL,
    comment    TEXT,
    at         BIGINT NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX feedback_by_room ON feedback (room_id, user_id);
