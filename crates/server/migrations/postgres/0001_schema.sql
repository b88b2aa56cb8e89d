-- The whole schema for PostgreSQL, as the SQLite migrations leave it (see `migrations/sqlite/`
-- for why each part is there). Times are milliseconds since the Unix epoch, UTC; flags are 0 or 1.
--
-- The store's SQL is one text for both databases. For that, this schema also gives PostgreSQL
-- what SQLite has built in and the store uses: the two-argument `max`, `group_concat`, the
-- `json_*` functions on a JSON text (for top-level paths like '$.msg'), and a `rowid` on the
-- tables read in insertion order.

CREATE FUNCTION max(a bigint, b bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT GREATEST(a, b)';

CREATE FUNCTION group_concat_step(joined text, value text, separator text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT CASE WHEN value IS NULL THEN joined WHEN joined IS NULL THEN value ELSE joined || separator || value END';
CREATE AGGREGATE group_concat(text, text) (SFUNC = group_concat_step, STYPE = text);

CREATE FUNCTION json_path(path text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT string_to_array(substr(path, 3), '.')$$;
-- Unlike SQLite's, JSON true and false come out as the text 'true' and 'false'.
CREATE FUNCTION json_extract(doc text, path text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT doc::jsonb #>> json_path(path)';
CREATE FUNCTION json_remove(doc text, path text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT (doc::jsonb #- json_path(path))::text';
CREATE FUNCTION json_array_length(doc text, path text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$SELECT CASE WHEN jsonb_typeof(doc::jsonb #> json_path(path)) = 'array'
                     THEN jsonb_array_length(doc::jsonb #> json_path(path)) ELSE 0 END$$;

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    name           TEXT,
    roles          TEXT NOT NULL DEFAULT 'user',
    created_at     BIGINT NOT NULL,
    email          TEXT,
    status         TEXT NOT NULL DEFAULT 'offline',
    status_default TEXT NOT NULL DEFAULT 'online',
    status_text    TEXT NOT NULL DEFAULT '',
    status_at      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX users_by_status_change ON users (status_at);

CREATE TABLE rooms (
    id           TEXT PRIMARY KEY,
    t            TEXT NOT NULL CHECK (t IN ('c', 'p', 'd')),
    name         TEXT,
    fname        TEXT,
    topic        TEXT,
    creator_id   TEXT REFERENCES users (id),
    msgs         BIGINT NOT NULL DEFAULT 0,
    last_message TEXT,
    lm           BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    ro           BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX rooms_by_name ON rooms (name) WHERE name IS NOT NULL;

CREATE TABLE subscriptions (
    id                    TEXT PRIMARY KEY,
    room_id               TEXT NOT NULL REFERENCES rooms (id),
    user_id               TEXT NOT NULL REFERENCES users (id),
    name                  TEXT NOT NULL,
    fname                 TEXT,
    unread                BIGINT NOT NULL DEFAULT 0,
    user_mentions         BIGINT NOT NULL DEFAULT 0,
    group_mentions        BIGINT NOT NULL DEFAULT 0,
    alert                 BIGINT NOT NULL DEFAULT 0,
    open                  BIGINT NOT NULL DEFAULT 1,
    ls                    BIGINT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    roles                 TEXT NOT NULL DEFAULT '',
    muted                 BIGINT NOT NULL DEFAULT 0,
    desktop_notifications TEXT NOT NULL DEFAULT 'default',
    disable_notifications BIGINT NOT NULL DEFAULT 0,
    mute_group_mentions   BIGINT NOT NULL DEFAULT 0,
    UNIQUE (room_id, user_id)
);
CREATE INDEX subscriptions_by_user ON subscriptions (user_id, updated_at);

CREATE TABLE subscription_removals (
    id         TEXT NOT NULL,
    room_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    removed_at BIGINT NOT NULL
);
CREATE INDEX subscription_removals_by_user ON subscription_removals (user_id, removed_at);

-- `search` is the full-text index of a live message's text: a generated column, so the statement
-- that stores a message, an edit or a deletion changes it in the same transaction.
CREATE TABLE messages (
    rowid      BIGSERIAL NOT NULL UNIQUE,
    id         TEXT PRIMARY KEY,
    room_id    TEXT NOT NULL REFERENCES rooms (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    ts         BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    doc        TEXT NOT NULL,
    tmid       TEXT,
    deleted_at BIGINT,
    pinned_at  BIGINT,
    search     tsvector GENERATED ALWAYS AS (
        CASE WHEN deleted_at IS NULL THEN to_tsvector('simple', coalesce(doc::jsonb ->> 'msg', '')) END
    ) STORED
);
CREATE UNIQUE INDEX messages_by_room_time ON messages (room_id, ts);
CREATE INDEX messages_by_room_update ON messages (room_id, updated_at);
CREATE INDEX messages_by_thread ON messages (tmid, ts) WHERE tmid IS NOT NULL;
CREATE INDEX messages_pinned ON messages (room_id, pinned_at) WHERE pinned_at IS NOT NULL;
CREATE INDEX messages_search ON messages USING gin (search);

CREATE TABLE message_stars (
    user_id    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    room_id    TEXT NOT NULL,
    starred_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, message_id)
);
CREATE INDEX message_stars_by_room ON message_stars (user_id, room_id, starred_at);

CREATE TABLE login_tokens (
    rowid      BIGSERIAL NOT NULL UNIQUE,
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX login_tokens_by_user ON login_tokens (user_id, created_at);

CREATE TABLE demo_sessions (
    session_hash TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   BIGINT NOT NULL
);

CREATE TABLE uploads (
    id          TEXT PRIMARY KEY,
    room_id     TEXT NOT NULL REFERENCES rooms (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        BIGINT NOT NULL,
    type_group  TEXT,
    original_id TEXT,
    width       BIGINT,
    height      BIGINT,
    preview     TEXT,
    message_id  TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX uploads_by_message ON uploads (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX uploads_unconfirmed ON uploads (created_at) WHERE message_id IS NULL;
CREATE INDEX uploads_by_original ON uploads (original_id) WHERE original_id IS NOT NULL;

CREATE TABLE avatars (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    media_type TEXT NOT NULL,
    etag       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE permissions (
    id         TEXT PRIMARY KEY,
    roles      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX permissions_by_update ON permissions (updated_at);

-- Rocket.Chat's defaults, stamped with the time they were made.
INSERT INTO permissions (id, roles, updated_at) VALUES
    ('create-c', 'admin,user,bot,app', 0),
    ('create-p', 'admin,user,bot,app', 0),
    ('create-d', 'admin,user,bot,app', 0),
    ('edit-message', 'admin,owner,moderator', 0),
    ('delete-message', 'admin,owner,moderator', 0),
    ('delete-own-message', 'admin,user', 0),
    ('force-delete-message', 'admin,owner', 0),
    ('bypass-time-limit-edit-and-delete', 'bot,app', 0),
    ('pin-message', 'owner,moderator,admin', 0),
    ('mention-all', 'admin,owner,moderator,user', 0),
    ('mention-here', 'admin,owner,moderator,user', 0),
    ('mute-user', 'admin,owner,moderator', 0),
    ('remove-user', 'admin,owner,moderator', 0),
    ('add-user-to-joined-room', 'admin,owner,moderator', 0),
    ('set-moderator', 'admin,owner', 0),
    ('set-owner', 'admin,owner', 0),
    ('edit-room', 'admin,owner,moderator', 0),
    ('post-readonly', 'admin,owner,moderator', 0),
    ('view-c-room', 'admin,user,bot,app,anonymous', 0),
    ('start-discussion', 'admin,user,guest,app', 0),
    ('set-readonly', 'admin,owner', 0),
    ('access-permissions', 'admin', 0);
UPDATE permissions SET updated_at = (extract(epoch FROM now()) * 1000)::bigint;
