-- A direct room is named by the pair it is between (their ids in order), unique, so two first
-- messages sent at once open one room. Rooms made by such races before this are kept and still
-- listed; the oldest of each pair is the one opened from now on.
ALTER TABLE rooms ADD COLUMN dm_key TEXT;
UPDATE rooms SET dm_key =
    (SELECT MIN(user_id) FROM subscriptions s WHERE s.room_id = rooms.id) || '|' ||
    (SELECT MAX(user_id) FROM subscriptions s WHERE s.room_id = rooms.id)
WHERE t = 'd';
UPDATE rooms SET dm_key = NULL WHERE t = 'd' AND EXISTS (
    SELECT 1 FROM rooms o WHERE o.t = 'd' AND o.dm_key = rooms.dm_key
    AND (o.created_at < rooms.created_at OR (o.created_at = rooms.created_at AND o.id < rooms.id)));
CREATE UNIQUE INDEX rooms_by_dm_key ON rooms (dm_key) WHERE dm_key IS NOT NULL;
