-- Every resource is a versioned record; deletions leave a tombstone (deleted, body NULL) so that
-- watchers reading changes by index see them.
CREATE TABLE records (
    kind         TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    change_index INTEGER NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    body         TEXT,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

CREATE INDEX records_by_change_index ON records (change_index);

-- One row: the global change index. Read under the write lock at the start of a write transaction
-- and advanced at its end when it wrote something, so indexes follow commit order.
CREATE TABLE change_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);
