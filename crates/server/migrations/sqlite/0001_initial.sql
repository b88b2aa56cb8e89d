-- Times are milliseconds since the Unix epoch, UTC.

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    username    TEXT NOT NULL UNIQUE,
    name        TEXT,
    roles       TEXT NOT NULL DEFAULT 'user',  -- comma-separated
    created_at  INTEGER NOT NULL
);

CREATE TABLE rooms (
    id          TEXT PRIMARY KEY,
    t           TEXT NOT NULL CHECK (t IN ('c', 'p', 'd')),
    name        TEXT,                           -- NULL for direct rooms
    fname       TEXT,
    topic       TEXT,
    creator_id  TEXT REFERENCES users (id),
    msgs        INTEGER NOT NULL DEFAULT 0,
    last_message TEXT,                          -- the last message document, JSON
    lm          INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX rooms_by_name ON rooms (name) WHERE name IS NOT NULL;

-- One user's membership of and view on one room.
CREATE TABLE subscriptions (
    id             TEXT PRIMARY KEY,
    room_id        TEXT NOT NULL REFERENCES rooms (id),
    user_id        TEXT NOT NULL REFERENCES users (id),
    name           TEXT NOT NULL,                -- the room's name; the other member's username in a DM
    fname          TEXT,                         -- display name; the other member's name in a DM
    unread         INTEGER NOT NULL DEFAULT 0,
    user_mentions  INTEGER NOT NULL DEFAULT 0,
    group_mentions INTEGER NOT NULL DEFAULT 0,
    alert          INTEGER NOT NULL DEFAULT 0,
    open           INTEGER NOT NULL DEFAULT 1,
    ls             INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (room_id, user_id)
);
CREATE INDEX subscriptions_by_user ON subscriptions (user_id, updated_at);

-- The message document is stored whole as JSON, as Rocket.Chat stores it; the columns beside it
-- are what queries filter and sort on. `ts` is unique and increasing within a room, so history
-- pages by `ts` never skip or repeat a message.
CREATE TABLE messages (
    id          TEXT PRIMARY KEY,
    room_id     TEXT NOT NULL REFERENCES rooms (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    ts          INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    doc         TEXT NOT NULL
);
CREATE UNIQUE INDEX messages_by_room_time ON messages (room_id, ts);

-- Login tokens are stored only as SHA-256 hashes.
CREATE TABLE login_tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX login_tokens_by_user ON login_tokens (user_id, created_at);

-- Demo mode's browser sign-ins (a stand-in for the host application's own session), hashed too.
CREATE TABLE demo_sessions (
    session_hash TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL
);
