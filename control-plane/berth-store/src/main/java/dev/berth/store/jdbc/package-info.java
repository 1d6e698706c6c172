/** The store over JDBC, shared by the SQLite and PostgreSQL implementations (same SQL on both). */
package dev.berth.store.jdbc;
