-- Each member's notification choices per room, as Rocket.Chat keeps them on the subscription:
-- what notifies (`default`: direct messages and mentions, `all`, `mentions`, `nothing`),
-- whether the room is muted, and whether `@all` / `@here` count as mentions.
ALTER TABLE subscriptions ADD COLUMN desktop_notifications TEXT NOT NULL DEFAULT 'default';
ALTER TABLE subscriptions ADD COLUMN disable_notifications INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN mute_group_mentions INTEGER NOT NULL DEFAULT 0;
