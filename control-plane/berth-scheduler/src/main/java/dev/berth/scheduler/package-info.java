/**
 * Task placement with the semantics of Amazon ECS: {@link dev.berth.scheduler.Scheduler#place}
 * takes a snapshot of container instances ({@link dev.berth.scheduler.cluster}) and a
 * {@link dev.berth.scheduler.PlacementRequest} (task demand, count, strategies, constraints) and
 * returns a {@link dev.berth.scheduler.Placement}: per copy an instance, or every instance with
 * the ECS reason it was rejected.
 *
 * <p>Pure Java: no I/O, no clock, no randomness but the seed the caller passes, and no dependency
 * on any other Berth module. The store, the API and the controllers depend on this package, never
 * the other way round.
 */
package dev.berth.scheduler;
