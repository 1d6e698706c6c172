/**
 * The service scheduler's decisions, as pure functions: given a service, its deployments, its
 * tasks and the instances they run on, which tasks to start and stop and how the deployments
 * stand. No store, no clock, no I/O: {@code ServiceController} reads the store, asks
 * {@link dev.berth.ecs.service.rollout.Reconciler}, and writes the answer in one transaction.
 */
package dev.berth.ecs.service.rollout;
