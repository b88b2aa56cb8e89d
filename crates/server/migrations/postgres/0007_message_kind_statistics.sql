-- Statistics on a message's kind (`t`, absent on what a user wrote). Every history and search
-- query keeps only user messages with `json_extract(doc, '$.t') IS NULL`; without statistics the
-- planner guesses that a function's result is NULL for 0.5% of rows. It then took a common
-- word's matches for a few dozen, gathered every one through the word index and sorted them
-- (40–95 ms at a million messages) instead of walking the room newest first until a page is
-- full (under 1 ms).
CREATE STATISTICS messages_kind ON (json_extract(doc, '$.t')) FROM messages;
