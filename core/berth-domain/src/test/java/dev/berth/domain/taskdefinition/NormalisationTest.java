package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.bridge;
import static dev.berth.domain.taskdefinition.TaskDefinitions.container;
import static dev.berth.domain.taskdefinition.TaskDefinitions.parse;
import static dev.berth.domain.taskdefinition.TaskDefinitions.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a valid registration turns into: every member as given, plus the defaults ECS adds. */
class NormalisationTest {

    @Test
    void aRealisticTwoContainerWebAppIsAcceptedUnderItsFamily() {
        TaskDefinitionDraft draft = accepted(WebApp.request());

        assertThat(draft.family()).isEqualTo("shop-web");
        assertThat(draft.definition().get("family").asText()).isEqualTo("shop-web");
        assertThat(draft.definition().get("containerDefinitions")).hasSize(2);
    }

    @Test
    void everyGivenTaskMemberIsKeptExactlyAsGiven() {
        ObjectNode request = WebApp.request();
        ObjectNode definition = accepted(request).definition();

        for (Map.Entry<String, JsonNode> member : request.properties()) {
            if (member.getKey().equals("tags") || member.getKey().equals("containerDefinitions")) {
                continue;
            }
            assertThat(definition.get(member.getKey())).as(member.getKey()).isEqualTo(member.getValue());
        }
    }

    @Test
    void everyGivenContainerMemberIsKeptExactlyAsGiven() {
        ObjectNode request = WebApp.request();
        JsonNode containers = accepted(request).definition().get("containerDefinitions");

        for (int i = 0; i < 2; i++) {
            JsonNode given = request.get("containerDefinitions").get(i);
            for (Map.Entry<String, JsonNode> member : given.properties()) {
                assertThat(containers.get(i).get(member.getKey()))
                        .as("containerDefinitions[%d].%s", i, member.getKey()).isEqualTo(member.getValue());
            }
        }
    }

    @Test
    void containersThatLeaveOutEcsDefaultsGetThem() {
        JsonNode container = accepted(bridge(container("app"))).definition().get("containerDefinitions").get(0);

        assertThat(container.get("cpu")).isEqualTo(parse("0"));
        assertThat(container.get("essential")).isEqualTo(parse("true"));
        for (String list : List.of("portMappings", "environment", "mountPoints", "volumesFrom")) {
            assertThat(container.get(list)).as(list).isEqualTo(parse("[]"));
        }
        assertThat(container.get("name").asText()).isEqualTo("app");
        assertThat(container.get("memory").asInt()).isEqualTo(128);
    }

    @Test
    void theWebAppsContainersGetOnlyTheDefaultsTheyLeftOut() {
        JsonNode containers = accepted(WebApp.request()).definition().get("containerDefinitions");

        assertThat(containers.get(0).get("environment")).isEqualTo(parse("[]"));
        assertThat(containers.get(0).get("volumesFrom")).isEqualTo(parse("[]"));
        assertThat(containers.get(1).get("essential")).isEqualTo(parse("true"));
        assertThat(containers.get(1).get("volumesFrom")).isEqualTo(parse("[]"));
        assertThat(containers.get(1).has("memory")).as("no memory is invented").isFalse();
    }

    @Test
    void aPortMappingWithoutProtocolGetsTcpAndKeepsNoHostPortInBridgeMode() {
        ObjectNode request = bridge("""
                {"name": "app", "image": "nginx", "memory": 64,
                 "portMappings": [{"containerPort": 80}, {"containerPort": 53, "hostPort": 5353, "protocol": "udp"}]}""");

        JsonNode mappings = accepted(request).definition().at("/containerDefinitions/0/portMappings");

        assertThat(mappings).isEqualTo(parse("""
                [{"containerPort": 80, "protocol": "tcp"}, {"containerPort": 53, "hostPort": 5353, "protocol": "udp"}]"""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"awsvpc", "host"})
    void inAwsvpcAndHostModesTheHostPortIsFilledWithTheContainerPort(String networkMode) {
        ObjectNode request = task("{\"networkMode\": \"" + networkMode + "\"}", """
                {"name": "app", "image": "nginx", "memory": 64,
                 "portMappings": [{"containerPort": 80}, {"containerPort": 443, "hostPort": 0}, {"containerPort": 9000, "hostPort": 9000}]}""");

        JsonNode mappings = accepted(request).definition().at("/containerDefinitions/0/portMappings");

        assertThat(mappings).isEqualTo(parse("""
                [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"},
                 {"containerPort": 443, "hostPort": 443, "protocol": "tcp"},
                 {"containerPort": 9000, "hostPort": 9000, "protocol": "tcp"}]"""));
    }

    @Test
    void aTaskThatLeavesOutVolumesAndConstraintsGetsEmptyListsAndNoRequiredAttributes() {
        ObjectNode definition = accepted(bridge(container("app"))).definition();

        assertThat(definition.get("volumes")).isEqualTo(parse("[]"));
        assertThat(definition.get("placementConstraints")).isEqualTo(parse("[]"));
        assertThat(definition.get("requiresAttributes")).isEqualTo(parse("[]"));
        assertThat(definition.has("cpu")).isFalse();
        assertThat(definition.has("memory")).isFalse();
        assertThat(definition.has("networkMode")).as("a network mode not given is not invented").isFalse();
    }

    @Test
    void aBridgeTaskIsCompatibleWithEc2AndExternal() {
        assertThat(accepted(bridge(container("app"))).definition().get("compatibilities"))
                .isEqualTo(parse("[\"EXTERNAL\", \"EC2\"]"));
    }

    @Test
    void theWebAppFitsFargateSoItsCompatibilitiesIncludeFargateButNotExternal() {
        assertThat(accepted(WebApp.request()).definition().get("compatibilities"))
                .isEqualTo(parse("[\"EC2\", \"FARGATE\"]"));
    }

    @Test
    void anAwsvpcTaskWithAPrivilegedContainerDoesNotFitFargate() {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/0").put("privileged", true);

        assertThat(accepted(request).definition().get("compatibilities")).isEqualTo(parse("[\"EC2\"]"));
    }

    @Test
    void theWebAppRequiresTheInstanceAttributesOfEveryFeatureItUses() {
        JsonNode attributes = accepted(WebApp.request()).definition().get("requiresAttributes");

        List<String> names = new ArrayList<>();
        attributes.forEach(attribute -> names.add(attribute.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder(
                "com.amazonaws.ecs.capability.task-iam-role",
                "ecs.capability.task-eni",
                "com.amazonaws.ecs.capability.logging-driver.awslogs",
                "ecs.capability.execution-role-awslogs",
                "ecs.capability.container-ordering",
                "com.amazonaws.ecs.capability.docker-remote-api.1.21",
                "ecs.capability.secrets.ssm.environment-variables",
                "ecs.capability.secrets.asm.environment-variables",
                "ecs.capability.container-health-check");
        attributes.forEach(attribute -> assertThat(attribute.size()).as("only a name").isEqualTo(1));
    }

    @Test
    void theDefinitionListsItsMembersInTheOrderEcsWritesThem() {
        ObjectNode definition = accepted(WebApp.request()).definition();

        assertThat(definition.properties().stream().map(Map.Entry::getKey).toList()).containsExactly("containerDefinitions", "family",
                "taskRoleArn", "executionRoleArn", "networkMode", "volumes", "requiresAttributes",
                "placementConstraints", "compatibilities", "cpu", "memory");
    }

    @Test
    void tagsGoToTheDraftInTheirOrderAndNotIntoTheDefinition() {
        TaskDefinitionDraft draft = accepted(WebApp.request());

        assertThat(draft.definition().has("tags")).isFalse();
        assertThat(draft.tags().asMap()).containsExactly(Map.entry("team", "shop"), Map.entry("cost-centre", "1234"));
    }

    @Test
    void validationLeavesTheRequestUntouchedAndTheDraftSharesNoNodeWithIt() {
        ObjectNode request = WebApp.request();
        ObjectNode before = request.deepCopy();

        ObjectNode definition = accepted(request).definition();
        assertThat(request).isEqualTo(before);

        ObjectNode snapshot = definition.deepCopy();
        at(request, "/containerDefinitions/0").put("image", "changed");
        ((ArrayNode) request.get("volumes")).removeAll();
        at(request, "/containerDefinitions/1/healthCheck").put("retries", 9);
        assertThat(definition).isEqualTo(snapshot);
    }
}
