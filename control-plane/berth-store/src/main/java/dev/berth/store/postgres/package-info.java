/** The PostgreSQL store for production: shared by replicas, woken across them by LISTEN/NOTIFY. */
package dev.berth.store.postgres;
