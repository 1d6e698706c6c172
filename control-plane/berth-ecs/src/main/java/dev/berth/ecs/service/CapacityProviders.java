package dev.berth.ecs.service;

import dev.berth.domain.error.EcsErrors;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.service.rollout.ProviderShare;
import java.util.List;
import java.util.Map;

/**
 * Berth's capacity providers: the two ECS builds in, over the capacity type each agent declares
 * ({@code berth agent --capacity-type}): FARGATE places on ON_DEMAND instances, FARGATE_SPOT on
 * SPOT ones. A strategy written for ECS — {@code [{FARGATE, base 1}, {FARGATE_SPOT, weight 3}]} —
 * runs unchanged.
 */
public final class CapacityProviders {
    static final Map<String, String> CAPACITY_TYPE = Map.of("FARGATE", "ON_DEMAND", "FARGATE_SPOT", "SPOT");

    private CapacityProviders() {
    }

    /** Whether an instance gives capacity to a provider (any instance does for no provider). */
    public static boolean serves(String provider, InstanceRecord instance) {
        return provider == null || CAPACITY_TYPE.get(provider).equals(instance.body().path("capacityType").asText("ON_DEMAND"));
    }

    /** ECS's rules for a capacityProviderStrategy, with Berth's two providers. */
    public static void validate(List<ProviderShare> strategy) {
        int withBase = 0;
        long weight = 0;
        for (int i = 0; i < strategy.size(); i++) {
            ProviderShare share = strategy.get(i);
            if (!CAPACITY_TYPE.containsKey(share.provider())) {
                throw EcsErrors.invalidParameter("capacityProviderStrategy[" + i + "].capacityProvider: the specified capacity "
                        + "provider strategy cannot contain a capacity provider that is not associated with the cluster ("
                        + share.provider() + "). Berth's cluster has FARGATE (ON_DEMAND instances) and FARGATE_SPOT "
                        + "(SPOT instances).");
            }
            for (int j = 0; j < i; j++) {
                if (strategy.get(j).provider().equals(share.provider())) {
                    throw EcsErrors.invalidParameter("capacityProviderStrategy[" + i + "].capacityProvider: "
                            + share.provider() + " appears twice.");
                }
            }
            withBase += share.base() > 0 ? 1 : 0;
            weight += share.weight();
        }
        if (withBase > 1) {
            throw EcsErrors.invalidParameter("capacityProviderStrategy: only one capacity provider may have a base.");
        }
        if (!strategy.isEmpty() && weight == 0) {
            throw EcsErrors.invalidParameter("capacityProviderStrategy: at least one capacity provider must have a weight "
                    + "greater than 0.");
        }
    }
}
