-- Every resource is a versioned record; deletions leave a tombstone (deleted, body NULL) so that
-- watchers reading changes by index see them. Ids compare bytewise (COLLATE "C") as on SQLite, so
-- prefix scans and page order agree across both stores.
CREATE TABLE records (
    kind         TEXT COLLATE "C" NOT NULL,
    id           TEXT COLLATE "C" NOT NULL,
    version      BIGINT  NOT NULL,
    change_index BIGINT  NOT NULL,
    deleted      BOOLEAN NOT NULL DEFAULT FALSE,
    body         TEXT,
    PRIMARY KEY (kind, id)
);

CREATE INDEX records_by_change_index ON records (change_index);

-- One row: the global change index. Its row lock, taken first thing in a write transaction
-- (SELECT ... FOR UPDATE), serialises writers, so indexes are assigned in commit order; it advances
-- only when the transaction wrote something.
CREATE TABLE change_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);
