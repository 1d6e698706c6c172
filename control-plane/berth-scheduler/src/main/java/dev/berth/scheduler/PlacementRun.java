package dev.berth.scheduler;

import dev.berth.scheduler.cluster.Instance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One call of {@link Scheduler#place}: the snapshot copied into arrays, each instance checked
 * once, the candidates indexed once, then one choice per copy.
 *
 * <p>Cost: one pass over the snapshot (the checks, the attribute values spread reads, the index),
 * then per copy a walk down the {@link CandidateTree} and the re-check of the one instance used.
 * Only the instance that took a copy changes, which is why re-checking it alone is exact: the
 * checks and the per-instance keys read nothing but the instance, and the per-value spread counts
 * are read when choosing. Not thread-safe; used once.
 */
final class PlacementRun {
    private final PlacementRequest request;
    private final TaskDemand task;
    private final Eligibility eligibility;
    private final Instance[] current;
    /** The first failed check per instance, null for the candidates (those in the tree). */
    private final Reason[] failure;
    /**
     * Tasks of the request's group per instance, including copies placed by this run; only
     * filled when a spread needs it, because reading every instance's groups is a good part of
     * the pass over the snapshot and random and binpack never look at them.
     */
    private int[] groupTasks;
    private final List<CandidateTree.ByValue> spreadValues = new ArrayList<>();
    private final CandidateTree candidates;

    PlacementRun(List<Instance> instances, PlacementRequest request) {
        this.request = request;
        this.task = request.task();
        this.eligibility = new Eligibility(request);
        this.current = instances.toArray(Instance[]::new);
        this.failure = new Reason[current.length];
        for (int i = 0; i < current.length; i++) {
            failure[i] = eligibility.firstFailure(current[i]);
        }
        this.candidates = new CandidateTree(levels(request.strategies()), current.length);
        for (int i = 0; i < current.length; i++) {
            if (failure[i] == null) {
                candidates.insert(i);
            }
        }
    }

    Placement place(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Outcome> outcomes = new ArrayList<>(request.count());
        for (int copy = 0; copy < request.count(); copy++) {
            int chosen = candidates.choose(random);
            if (chosen < 0) {
                // Nothing changes once a copy fails, so every later copy fails the same way.
                outcomes.addAll(Collections.nCopies(request.count() - copy, unplaced()));
                break;
            }
            reserve(chosen);
            outcomes.add(new Outcome.Placed(current[chosen].id()));
        }
        // The array is this run's own and is not touched again, so it is wrapped, not copied.
        return new Placement(outcomes, Collections.unmodifiableList(Arrays.asList(current)));
    }

    /** Puts one copy on instance {@code i}: out of the index, state updated, re-checked, back in. */
    private void reserve(int i) {
        candidates.remove(i);
        current[i] = current[i].withPlacedTask(task.group(), task.cpu(), task.memory(), task.hostPorts());
        if (groupTasks != null) {
            groupTasks[i]++;
        }
        for (CandidateTree.ByValue spread : spreadValues) {
            spread.tasksOfValue()[spread.valueOf()[i]]++;
        }
        failure[i] = eligibility.firstFailure(current[i]);
        if (failure[i] == null) {
            candidates.insert(i);
        }
    }

    /** Every instance with the check it fails: when the index is empty, every instance fails one. */
    private Outcome.Unplaced unplaced() {
        List<Rejection> rejections = new ArrayList<>(current.length);
        for (int i = 0; i < current.length; i++) {
            rejections.add(new Rejection(current[i].id(), failure[i]));
        }
        return new Outcome.Unplaced(rejections);
    }

    /**
     * One tree level per strategy, up to the first random one: random breaks every tie, so the
     * strategies after it have nothing left to decide, and the tree always ends in a random draw.
     */
    private List<CandidateTree.Level> levels(List<Strategy> strategies) {
        List<CandidateTree.Level> levels = new ArrayList<>();
        for (Strategy strategy : strategies) {
            switch (strategy) {
                case Strategy.Random random -> {
                    return levels;
                }
                case Strategy.Binpack binpack -> levels.add(new CandidateTree.ByInstance(switch (binpack.resource()) {
                    case CPU -> i -> current[i].remainingCpu();
                    case MEMORY -> i -> current[i].remainingMemory();
                }));
                case Strategy.Spread spread when spread.overInstances() -> {
                    countGroupTasks();
                    levels.add(new CandidateTree.ByInstance(i -> groupTasks[i]));
                }
                case Strategy.Spread spread -> {
                    CandidateTree.ByValue byValue = valuesOf(spread.attribute());
                    spreadValues.add(byValue);
                    levels.add(byValue);
                }
            }
        }
        return levels;
    }

    private void countGroupTasks() {
        if (groupTasks == null) {
            groupTasks = new int[current.length];
            for (int i = 0; i < current.length; i++) {
                groupTasks[i] = current[i].tasksOf(task.group());
            }
        }
    }

    /**
     * Numbers the attribute's distinct values in snapshot order and counts the group's tasks per
     * value over every instance, candidate or not: spreading over zones counts what already runs in
     * each zone. Instances without the attribute share one value of their own.
     */
    private CandidateTree.ByValue valuesOf(String attribute) {
        countGroupTasks();
        Map<String, Integer> ids = new HashMap<>();
        int[] valueOf = new int[current.length];
        int absent = -1;
        for (int i = 0; i < current.length; i++) {
            String value = current[i].attributes().get(attribute);
            if (value != null) {
                valueOf[i] = ids.computeIfAbsent(value, unused -> ids.size());
            } else {
                if (absent < 0) {
                    absent = ids.size();
                    ids.put(null, absent);
                }
                valueOf[i] = absent;
            }
        }
        int[] tasksOfValue = new int[ids.size()];
        for (int i = 0; i < current.length; i++) {
            tasksOfValue[valueOf[i]] += groupTasks[i];
        }
        return new CandidateTree.ByValue(valueOf, tasksOfValue);
    }
}
