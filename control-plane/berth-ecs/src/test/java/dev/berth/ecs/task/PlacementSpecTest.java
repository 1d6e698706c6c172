package dev.berth.ecs.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import dev.berth.scheduler.Constraint;
import dev.berth.scheduler.Strategy;
import java.util.Collections;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** placementStrategy and placementConstraints, read into the scheduler's terms with ECS's limits. */
class PlacementSpecTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NONE = "[]";

    private static JsonNode array(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static PlacementSpec read(String strategies, String constraints, String definitionConstraints) {
        return PlacementSpec.read(array(strategies), array(constraints), array(definitionConstraints));
    }

    private static ThrowableAssertAlternative<ApiException> refused(String strategies, String constraints,
                                                                    String definitionConstraints) {
        return assertThatExceptionOfType(ApiException.class).isThrownBy(() -> read(strategies, constraints, definitionConstraints))
                .satisfies(e -> assertThat(e.code()).isEqualTo(EcsErrors.INVALID_PARAMETER));
    }

    private static String copies(String element, int count) {
        return "[" + String.join(", ", Collections.nCopies(count, element)) + "]";
    }

    @Test
    void nothingGivenIsNoStrategyAndNoConstraint() {
        PlacementSpec spec = read(NONE, NONE, NONE);

        assertThat(spec.strategies()).isEmpty();
        assertThat(spec.constraints()).isEmpty();
    }

    @Test
    void strategiesAreReadInOrder() {
        PlacementSpec spec = read("""
                [{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "binpack", "field": "memory"},
                 {"type": "binpack", "field": "cpu"}, {"type": "spread", "field": "instanceId"}, {"type": "random"}]
                """, NONE, NONE);

        assertThat(spec.strategies()).containsExactly(new Strategy.Spread("attribute:ecs.availability-zone"),
                new Strategy.Binpack(Strategy.Resource.MEMORY), new Strategy.Binpack(Strategy.Resource.CPU),
                new Strategy.Spread("instanceId"), new Strategy.Random());
    }

    @Test
    void spreadOverHostIsAccepted() {
        assertThat(read("[{\"type\": \"spread\", \"field\": \"host\"}]", NONE, NONE).strategies())
                .containsExactly(new Strategy.Spread("host"));
    }

    @Test
    void moreThanFiveStrategiesAreRefused() {
        refused(copies("{\"type\": \"random\"}", 6), NONE, NONE).withMessageContaining("5");
    }

    @Test
    void randomTakesNoField() {
        refused("[{\"type\": \"spread\", \"field\": \"host\"}, {\"type\": \"random\", \"field\": \"cpu\"}]", NONE, NONE)
                .withMessageContaining("placementStrategy[1].field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\": \"binpack\"}", "{\"type\": \"binpack\", \"field\": \"disk\"}"})
    void binpackNeedsCpuOrMemory(String strategy) {
        refused("[" + strategy + "]", NONE, NONE).withMessageContaining("placementStrategy[0].field")
                .withMessageContaining("cpu or memory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\": \"spread\"}", "{\"type\": \"spread\", \"field\": \"memory\"}",
        "{\"type\": \"spread\", \"field\": \"attributes:zone\"}"})
    void spreadNeedsAnInstanceOrAttributeField(String strategy) {
        refused("[" + strategy + "]", NONE, NONE).withMessageContaining("placementStrategy[0].field");
    }

    @Test
    void anUnknownStrategyTypeIsRefusedNamingIt() {
        refused("[{\"type\": \"pack\", \"field\": \"cpu\"}]", NONE, NONE).withMessageContaining("placementStrategy[0].type")
                .withMessageContaining("'pack'");
    }

    @Test
    void constraintsAreTheDefinitionsFollowedByTheRequests() {
        PlacementSpec spec = read(NONE, "[{\"type\": \"distinctInstance\"}]",
                "[{\"type\": \"memberOf\", \"expression\": \"attribute:ecs.instance-type == t3.large\"}]");

        assertThat(spec.constraints()).hasSize(2);
        assertThat(spec.constraints().get(0)).isInstanceOf(Constraint.MemberOf.class);
        assertThat(spec.constraints().get(1)).isEqualTo(new Constraint.DistinctInstance());
    }

    @Test
    void distinctInstanceTakesNoExpression() {
        refused(NONE, "[{\"type\": \"distinctInstance\", \"expression\": \"attribute:a exists\"}]", NONE)
                .withMessageContaining("placementConstraints[0].expression");
    }

    @Test
    void aMemberOfExpressionThatDoesNotParseIsRefusedNamingItsPosition() {
        refused(NONE, "[{\"type\": \"distinctInstance\"}, {\"type\": \"memberOf\", \"expression\": \"attribute:a ==\"}]", NONE)
                .withMessageStartingWith("placementConstraints[1].expression");
    }

    @Test
    void aMemberOfWithoutExpressionIsRefused() {
        refused(NONE, "[{\"type\": \"memberOf\"}]", NONE).withMessageStartingWith("placementConstraints[0].expression");
    }

    @Test
    void aBadExpressionInTheTaskDefinitionIsNamedAsTheDefinitions() {
        refused(NONE, NONE, "[{\"type\": \"memberOf\", \"expression\": \"nonsense ((\"}]")
                .withMessageStartingWith("taskDefinition.placementConstraints[0].expression");
    }

    @Test
    void anUnknownConstraintTypeIsRefused() {
        refused(NONE, "[{\"type\": \"sameInstance\"}]", NONE).withMessageContaining("placementConstraints[0].type");
    }

    @Test
    void tenConstraintsCountingTheDefinitionsAreAccepted() {
        String distinct = "{\"type\": \"distinctInstance\"}";

        assertThat(read(NONE, copies(distinct, 4), copies(distinct, 6)).constraints()).hasSize(10);
    }

    @Test
    void moreThanTenConstraintsCountingTheDefinitionsAreRefused() {
        String distinct = "{\"type\": \"distinctInstance\"}";

        refused(NONE, copies(distinct, 5), copies(distinct, 6)).withMessageContaining("10").withMessageContaining("11");
        refused(NONE, copies(distinct, 11), NONE).withMessageContaining("11");
    }
}
