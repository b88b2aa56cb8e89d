-- Presence across instances. Each instance holds a lease it renews while it runs, and lists the
-- users it has sockets for (`active` 0 when every one of them is idle). A user is connected while
-- some instance with a live lease lists them; an instance that dies stops renewing, and once its
-- lease has run out any other instance drops its list and shows those users offline.
CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
);

CREATE TABLE connected_users (
    instance TEXT NOT NULL,
    user_id TEXT NOT NULL,
    active INTEGER NOT NULL,
    PRIMARY KEY (instance, user_id)
);
CREATE INDEX connected_users_by_user ON connected_users (user_id);
