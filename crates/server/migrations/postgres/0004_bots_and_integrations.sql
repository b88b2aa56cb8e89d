-- Bots: a personal access token is a login token with a name, which never expires and is not
-- counted against the cap on login tokens; only its last six characters are kept to show.
ALTER TABLE login_tokens ADD COLUMN name TEXT;
ALTER TABLE login_tokens ADD COLUMN last_part TEXT;
CREATE UNIQUE INDEX personal_tokens_by_name ON login_tokens (user_id, name) WHERE name IS NOT NULL;

-- Rocket.Chat's integrations (incoming and outgoing webhooks). `doc` is the integration as the
-- API shows it, without its secrets: an incoming hook's token is kept only as a hash; an
-- outgoing hook's token, which is sent to its endpoints, is kept apart and never shown.
CREATE TABLE integrations (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    token_hash TEXT,
    secret     TEXT,
    created_at BIGINT NOT NULL,
    doc        TEXT NOT NULL
);
CREATE INDEX integrations_by_kind ON integrations (kind, created_at);

-- What became of each call of an outgoing hook (`integrations.history`), the newest kept.
CREATE TABLE integration_history (
    id             TEXT PRIMARY KEY,
    integration_id TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    doc            TEXT NOT NULL
);
CREATE INDEX integration_history_by_integration ON integration_history (integration_id, created_at);

INSERT INTO permissions (id, roles, updated_at) VALUES
    ('create-personal-access-tokens', 'admin,user,bot', (extract(epoch FROM now()) * 1000)::bigint),
    ('manage-incoming-integrations', 'admin', (extract(epoch FROM now()) * 1000)::bigint),
    ('manage-outgoing-integrations', 'admin', (extract(epoch FROM now()) * 1000)::bigint);
