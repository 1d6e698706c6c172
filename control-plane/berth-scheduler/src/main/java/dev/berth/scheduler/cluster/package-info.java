/**
 * The scheduler's view of a cluster: container instances as immutable values, with what is left
 * of their resources and which task groups they run. A snapshot is built by the caller from its
 * own state; nothing here reads a store, a clock or the network.
 */
package dev.berth.scheduler.cluster;
