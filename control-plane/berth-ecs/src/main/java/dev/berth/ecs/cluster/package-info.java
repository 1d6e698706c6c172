/** ECS clusters: the operations and what a cluster holds. Depends on the store contract, not on a database. */
package dev.berth.ecs.cluster;
