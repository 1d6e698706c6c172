package dev.berth.scheduler;

import dev.berth.scheduler.cluster.Instance;
import java.util.List;
import java.util.Objects;

/**
 * ECS task placement as a pure function: a snapshot of a cluster's container instances and a
 * request for copies of a task in, where each copy goes (or why it cannot go anywhere) out.
 *
 * <p>Per copy, an instance is a candidate when it passes the request's constraints, has the
 * task's required attributes, enough CPU and memory, and none of its host ports reserved. Among
 * candidates the strategies decide in order (later ones break the ties of earlier ones) and a
 * draw from {@code seed} breaks what is left; no strategy means random. Copies placed earlier in
 * the same call reserve their resources and ports and count as tasks of the group (for spread,
 * distinctInstance and {@code task:group}) for the later copies.
 *
 * <p>The snapshot holds the instances that may take tasks at all (ACTIVE, agent connected): ECS
 * neither places on the others nor lists them in failures, so the caller leaves them out. Instance
 * ids are expected to be unique. The same snapshot, request and seed always give the same
 * placement. Stateless and thread-safe.
 *
 * <p>Cost: one pass over the snapshot per call (the checks, the values spread reads, the index of
 * candidates), then about O(log n) per copy; see {@code CandidateTree} for why the index is exact.
 */
public final class Scheduler {
    private Scheduler() {}

    public static Placement place(List<Instance> instances, PlacementRequest request, long seed) {
        Objects.requireNonNull(instances, "instances");
        Objects.requireNonNull(request, "request");
        return new PlacementRun(instances, request).place(seed);
    }
}
