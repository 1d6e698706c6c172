/**
 * The store contract: versioned records, serialised write transactions with optimistic
 * concurrency, a global change index and blocking reads on it. Implementations live in
 * {@code sqlite} and {@code postgres}; shared JDBC code in {@code jdbc}. Nothing here knows what a
 * cluster or a task is.
 */
package dev.berth.store;
