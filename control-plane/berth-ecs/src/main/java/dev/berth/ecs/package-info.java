/**
 * ECS semantics over the store: the operations of the ECS API, grouped by resource. Depends on
 * the domain, the protocol layer's operation contract and the store contract; never on HTTP.
 */
package dev.berth.ecs;
