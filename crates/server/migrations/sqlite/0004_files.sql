-- Uploaded files, avatars and link previews.
--
-- An upload is stored before the message that shows it (`rooms.media`, then
-- `rooms.mediaConfirm`): until it is confirmed `message_id` is NULL, only its uploader may
-- fetch it, and one left unconfirmed is swept away. A thumbnail is an upload of its own
-- (`type_group` 'thumb') pointing at its original. The bytes are in the file storage under the
-- upload's id; `name` is the shown name, already made safe.

CREATE TABLE uploads (
    id          TEXT PRIMARY KEY,
    room_id     TEXT NOT NULL REFERENCES rooms (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    type_group  TEXT,
    original_id TEXT,                 -- on a thumbnail: the upload it shows
    width       INTEGER,              -- images: size as shown
    height      INTEGER,
    preview     TEXT,                 -- images: a tiny blurred JPEG, base64
    message_id  TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX uploads_by_message ON uploads (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX uploads_unconfirmed ON uploads (created_at) WHERE message_id IS NULL;
CREATE INDEX uploads_by_original ON uploads (original_id) WHERE original_id IS NOT NULL;

-- A user's uploaded picture; without one the server draws initials. `etag` changes with each
-- new picture, so clients can tell theirs is stale.
CREATE TABLE avatars (
    user_id     TEXT PRIMARY KEY REFERENCES users (id),
    media_type  TEXT NOT NULL,
    etag        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
