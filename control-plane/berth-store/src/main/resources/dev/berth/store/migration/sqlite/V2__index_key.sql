-- One optional secondary key per record, fixed at creation (a task's instance, say), so that a
-- reader can list a kind's records by it without scanning the kind.
ALTER TABLE records ADD COLUMN index_key TEXT;
CREATE INDEX records_by_index_key ON records (kind, index_key, id);
