/** The embedded SQLite store: one file, WAL, durable on commit, one writer. */
package dev.berth.store.sqlite;
