"""Peer for RegisterTaskDefinition: how many durable one-row transactions SQLite alone commits per
second on this disk, with the settings Berth's store uses (WAL, synchronous=FULL)."""
import os
import sqlite3
import sys
import time

path, count = sys.argv[1], int(sys.argv[2])
if os.path.exists(path):
    os.remove(path)
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE records (kind TEXT, id TEXT, version INTEGER, change_index INTEGER, body TEXT,"
           " PRIMARY KEY (kind, id)) WITHOUT ROWID")
body = '{"family":"bench","containerDefinitions":[{"name":"worker","image":"busybox:1.36","memory":64}]}' * 4
start = time.perf_counter()
for i in range(count):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO records VALUES ('td', ?, 1, ?, ?)", (f"bench#{i:010d}", i, body))
    db.execute("COMMIT")
print(f"{count / (time.perf_counter() - start):.0f}")
