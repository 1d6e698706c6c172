/**
 * The load-balancer data plane. The control plane (ELBv2 API, ECS services) turns the store's
 * records into a {@link dev.berth.lb.config.DataPlaneConfig} and hands it over whole; the data
 * plane opens the listeners, routes, balances, health-checks and drains, and reports target
 * health back. It knows nothing of the store, the API or ECS.
 */
package dev.berth.lb;
