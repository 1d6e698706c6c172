package dev.berth.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * The instances that can take the next copy, arranged so that the best of them under the
 * request's strategies is found without looking at the others.
 *
 * <p>One tree level per strategy. At a {@link ByInstance} level (binpack, spread over instances)
 * children are keyed by the instance's own number (remaining memory, tasks of the group); at a
 * {@link ByValue} level (spread over an attribute) children are keyed by the attribute's value,
 * and ranked by the tasks of the group on all instances with that value, a count shared by the
 * whole child and read when choosing, so a placement changes it for every member at once.
 * Leaves hold instances whose keys are equal on every level, in an array for a uniform draw.
 *
 * <p>Choosing walks down keeping every child whose rank equals the best rank at that level (the
 * children tied on the earlier strategies, possibly under several parents), then draws uniformly
 * from the union of the tied leaves. That is exactly "the lexicographically least (rank₁, …,
 * rankₙ), ties at random" over all candidates. Empty children are removed, so the least key of a
 * {@link TreeMap} is always a real candidate.
 *
 * <p>Keys are read from the run's live state, so an instance must be removed before its state
 * changes and inserted again after. Not thread-safe: one placement run owns it.
 */
final class CandidateTree {

    /** How one strategy tells instances apart. */
    sealed interface Level permits ByInstance, ByValue {}

    /** The instance's own number ranks it; lower is better. */
    record ByInstance(IntUnaryOperator keyOf) implements Level {}

    /** The instance's value (an id per distinct value) groups it; fewer tasks per value is better. */
    record ByValue(int[] valueOf, int[] tasksOfValue) implements Level {}

    private abstract static sealed class Node permits Branch, Leaf {
        int size;
    }

    private static final class Branch extends Node {
        final TreeMap<Integer, Node> children = new TreeMap<>();
    }

    private static final class Leaf extends Node {
        int[] members = new int[4];
    }

    private final Level[] levels;
    private final Node root;
    /** Each candidate's index in its leaf's member array. */
    private final int[] slot;
    private final Branch[] path;
    private final int[] pathKeys;
    private List<Node> frontier = new ArrayList<>();
    private List<Node> next = new ArrayList<>();

    CandidateTree(List<Level> levels, int instances) {
        this.levels = levels.toArray(Level[]::new);
        this.root = this.levels.length == 0 ? new Leaf() : new Branch();
        this.slot = new int[instances];
        this.path = new Branch[this.levels.length];
        this.pathKeys = new int[this.levels.length];
    }

    boolean isEmpty() {
        return root.size == 0;
    }

    void insert(int instance) {
        Node node = root;
        for (int depth = 0; depth < levels.length; depth++) {
            node.size++;
            Branch branch = (Branch) node;
            int key = childKey(levels[depth], instance);
            Node child = branch.children.get(key);
            if (child == null) {
                child = depth + 1 < levels.length ? new Branch() : new Leaf();
                branch.children.put(key, child);
            }
            node = child;
        }
        Leaf leaf = (Leaf) node;
        if (leaf.size == leaf.members.length) {
            leaf.members = Arrays.copyOf(leaf.members, leaf.size * 2);
        }
        leaf.members[leaf.size] = instance;
        slot[instance] = leaf.size++;
    }

    /** Removes a candidate; its keys must still be those it was inserted with. */
    void remove(int instance) {
        Node node = root;
        for (int depth = 0; depth < levels.length; depth++) {
            Branch branch = (Branch) node;
            path[depth] = branch;
            pathKeys[depth] = childKey(levels[depth], instance);
            node = branch.children.get(pathKeys[depth]);
        }
        Leaf leaf = (Leaf) node;
        int at = slot[instance];
        int last = leaf.members[--leaf.size];
        leaf.members[at] = last;
        slot[last] = at;
        Node child = leaf;
        for (int depth = levels.length - 1; depth >= 0; depth--) {
            path[depth].size--;
            if (child.size == 0) {
                path[depth].children.remove(pathKeys[depth]);
            }
            child = path[depth];
        }
    }

    /** The best candidate, ties drawn with {@code random}; -1 when there is none. */
    int choose(SplittableRandom random) {
        if (root.size == 0) {
            return -1;
        }
        frontier.clear();
        frontier.add(root);
        for (Level level : levels) {
            next.clear();
            long best = Long.MAX_VALUE;
            for (Node node : frontier) {
                TreeMap<Integer, Node> children = ((Branch) node).children;
                switch (level) {
                    case ByInstance byInstance -> {
                        Map.Entry<Integer, Node> least = children.firstEntry();
                        best = keep(least.getKey(), least.getValue(), best);
                    }
                    case ByValue byValue -> {
                        for (Map.Entry<Integer, Node> child : children.entrySet()) {
                            best = keep(byValue.tasksOfValue()[child.getKey()], child.getValue(), best);
                        }
                    }
                }
            }
            List<Node> swap = frontier;
            frontier = next;
            next = swap;
        }
        int total = 0;
        for (Node leaf : frontier) {
            total += leaf.size;
        }
        int draw = random.nextInt(total);
        for (Node node : frontier) {
            Leaf leaf = (Leaf) node;
            if (draw < leaf.size) {
                return leaf.members[draw];
            }
            draw -= leaf.size;
        }
        throw new IllegalStateException("a draw below the total size always lands in a leaf");
    }

    /** Adds {@code child} to the next frontier if its rank ties the best so far, restarting it if better. */
    private long keep(long rank, Node child, long best) {
        if (rank < best) {
            next.clear();
            best = rank;
        }
        if (rank == best) {
            next.add(child);
        }
        return best;
    }

    private static int childKey(Level level, int instance) {
        return switch (level) {
            case ByInstance byInstance -> byInstance.keyOf().applyAsInt(instance);
            case ByValue byValue -> byValue.valueOf()[instance];
        };
    }
}
