-- Roles and permissions, Rocket.Chat's model: each permission names the roles that hold it.
-- Global roles are on the user (`users.roles`); room roles (owner, moderator, leader) on the
-- membership. The defaults are Rocket.Chat's.
CREATE TABLE permissions (
    id         TEXT PRIMARY KEY,
    roles      TEXT NOT NULL,               -- comma-separated role names
    updated_at INTEGER NOT NULL
);
CREATE INDEX permissions_by_update ON permissions (updated_at);

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
-- Stamped with the time they were made, as `permissions.listAll?updatedSince=` reads them.
UPDATE permissions SET updated_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;

ALTER TABLE subscriptions ADD COLUMN roles TEXT NOT NULL DEFAULT '';

-- Whoever made a channel or group owns it.
UPDATE subscriptions SET roles = 'owner'
WHERE user_id = (SELECT creator_id FROM rooms WHERE rooms.id = subscriptions.room_id)
  AND room_id IN (SELECT id FROM rooms WHERE t IN ('c', 'p'));

-- Read-only rooms take posts only from holders of `post-readonly`; muted members post nothing.
ALTER TABLE rooms ADD COLUMN ro INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
