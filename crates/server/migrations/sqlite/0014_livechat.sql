-- Support conversations with visitors. A visitor is a user with the `livechat-guest` role whose
-- credential is their visitor token, kept only as a hash. A conversation is a private room (its
-- `t` stays `p` here, so the rooms table keeps its check) plus its row below, which makes it read
-- as Rocket.Chat's type `l`.
CREATE TABLE visitors (
    user_id       TEXT PRIMARY KEY REFERENCES users (id),
    token_hash    TEXT NOT NULL UNIQUE,
    department_id TEXT,
    created_at    BIGINT NOT NULL
);

CREATE TABLE livechat_departments (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    enabled    BIGINT NOT NULL DEFAULT 1,
    -- The username of the agent bot that answers this department's visitors first, if any.
    bot        TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE livechat_rooms (
    room_id         TEXT PRIMARY KEY REFERENCES rooms (id),
    visitor_id      TEXT NOT NULL REFERENCES users (id),
    department_id   TEXT,
    stage           TEXT NOT NULL CHECK (stage IN ('bot', 'queued', 'served', 'closed')),
    served_by       TEXT REFERENCES users (id),
    served_at       BIGINT,
    queued_at       BIGINT,
    closed_at       BIGINT,
    closer          TEXT,
    closing_comment TEXT,
    rating          BIGINT,
    rating_comment  TEXT,
    -- Where the visitor asked the transcript be mailed once the conversation closes.
    transcript_to   TEXT
);
CREATE INDEX livechat_rooms_by_visitor ON livechat_rooms (visitor_id, stage);
CREATE INDEX livechat_rooms_by_stage ON livechat_rooms (stage, queued_at);
CREATE INDEX livechat_rooms_by_agent ON livechat_rooms (served_by, stage);
