-- Message search: an FTS5 index of every live message's text and its room. Triggers keep it in
-- step, so the statement that stores a message, an edit or a deletion changes the index in the
-- same transaction: an edited or deleted text is never found by its old words. The room is a
-- column of its own, so a search in one room intersects the two lists instead of filtering
-- every match in every room. Rowids rise as messages are stored, so newest first is rowid order.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    msg,
    rid,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.deleted_at IS NULL
BEGIN
    INSERT INTO messages_fts (rowid, msg, rid)
    VALUES (new.rowid, coalesce(json_extract(new.doc, '$.msg'), ''), new.room_id);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF doc, deleted_at ON messages
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, msg, rid)
    SELECT 'delete', old.rowid, coalesce(json_extract(old.doc, '$.msg'), ''), old.room_id
    WHERE old.deleted_at IS NULL;
    INSERT INTO messages_fts (rowid, msg, rid)
    SELECT new.rowid, coalesce(json_extract(new.doc, '$.msg'), ''), new.room_id
    WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.deleted_at IS NULL
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, msg, rid)
    VALUES ('delete', old.rowid, coalesce(json_extract(old.doc, '$.msg'), ''), old.room_id);
END;

INSERT INTO messages_fts (rowid, msg, rid)
SELECT rowid, coalesce(json_extract(doc, '$.msg'), ''), room_id FROM messages WHERE deleted_at IS NULL;
