package dev.berth.ecs.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.error.EcsErrors;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.query.Expression;
import dev.berth.scheduler.query.QueryException;

import dev.berth.scheduler.Strategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ECS's {@code placementStrategy} and {@code placementConstraints} into the scheduler's
 * terms, with ECS's limits: at most 5 strategies and 10 constraints (the task definition's count
 * toward the 10).
 */
public record PlacementSpec(List<Strategy> strategies, List<Constraint> constraints) {
    private static final int MAX_STRATEGIES = 5;
    private static final int MAX_CONSTRAINTS = 10;

    public PlacementSpec {
        strategies = List.copyOf(strategies);
        constraints = List.copyOf(constraints);
    }

    public static PlacementSpec read(JsonNode strategyList, JsonNode requestConstraints, JsonNode definitionConstraints) {
        if (strategyList.size() > MAX_STRATEGIES) {
            throw EcsErrors.invalidParameter("placementStrategy may hold at most " + MAX_STRATEGIES + " strategies; got "
                    + strategyList.size() + ".");
        }
        List<Strategy> strategies = new ArrayList<>();
        for (int i = 0; i < strategyList.size(); i++) {
            strategies.add(strategy(strategyList.get(i), "placementStrategy[" + i + "]"));
        }
        if (requestConstraints.size() + definitionConstraints.size() > MAX_CONSTRAINTS) {
            throw EcsErrors.invalidParameter("At most " + MAX_CONSTRAINTS + " placement constraints apply to a task, "
                    + "counting the task definition's; got " + (requestConstraints.size() + definitionConstraints.size()) + ".");
        }
        List<Constraint> constraints = new ArrayList<>();
        for (int i = 0; i < definitionConstraints.size(); i++) {
            constraints.add(constraint(definitionConstraints.get(i), "taskDefinition.placementConstraints[" + i + "]"));
        }
        for (int i = 0; i < requestConstraints.size(); i++) {
            constraints.add(constraint(requestConstraints.get(i), "placementConstraints[" + i + "]"));
        }
        return new PlacementSpec(strategies, constraints);
    }

    private static Strategy strategy(JsonNode node, String at) {
        String type = node.path("type").asText();
        String field = node.hasNonNull("field") ? node.get("field").asText() : null;
        return switch (type) {
            case "random" -> {
                if (field != null) {
                    throw EcsErrors.invalidParameter(at + ".field is not used by the random strategy.");
                }
                yield new Strategy.Random();
            }
            case "binpack" -> {
                if ("cpu".equalsIgnoreCase(field)) {
                    yield new Strategy.Binpack(Strategy.Resource.CPU);
                }
                if ("memory".equalsIgnoreCase(field)) {
                    yield new Strategy.Binpack(Strategy.Resource.MEMORY);
                }
                throw EcsErrors.invalidParameter(at + ".field must be cpu or memory for binpack; got '" + field + "'.");
            }
            case "spread" -> {
                if (field == null || !(field.equals("instanceId") || field.equals("host") || field.startsWith("attribute:"))) {
                    throw EcsErrors.invalidParameter(at + ".field must be instanceId, host or attribute:NAME for spread; got '"
                            + field + "'.");
                }
                yield new Strategy.Spread(field);
            }
            default -> throw EcsErrors.invalidParameter(at + ".type must be random, spread or binpack; got '" + type + "'.");
        };
    }

    private static Constraint constraint(JsonNode node, String at) {
        String type = node.path("type").asText();
        return switch (type) {
            case "distinctInstance" -> {
                if (node.hasNonNull("expression")) {
                    throw EcsErrors.invalidParameter(at + ".expression is not used by distinctInstance.");
                }
                yield new Constraint.DistinctInstance();
            }
            case "memberOf" -> {
                try {
                    yield new Constraint.MemberOf(Expression.parse(node.path("expression").asText("")));
                } catch (QueryException e) {
                    throw EcsErrors.invalidParameter(at + ".expression: " + e.getMessage());
                }
            }
            default -> throw EcsErrors.invalidParameter(at + ".type must be distinctInstance or memberOf; got '" + type + "'.");
        };
    }
}
