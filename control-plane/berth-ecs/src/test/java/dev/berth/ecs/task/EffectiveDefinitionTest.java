package dev.berth.ecs.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import org.junit.jupiter.api.Test;

/** RunTask's overrides applied to the registered task definition. */
class EffectiveDefinitionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DEFINITION = """
            {"family": "web", "revision": 4, "cpu": "1024", "memory": "2048", "taskRoleArn": "arn:aws:iam::1:role/web",
             "containerDefinitions": [
               {"name": "app", "image": "app:1", "cpu": 256, "memory": 512, "command": ["serve"],
                "environment": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}, {"name": "C", "value": "3"}]},
               {"name": "sidecar", "image": "envoy:1", "cpu": 128, "memoryReservation": 64}]}
            """;

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode apply(String overrides) {
        return EffectiveDefinition.apply(object(DEFINITION), object(overrides));
    }

    private static JsonNode app(ObjectNode effective) {
        return effective.at("/containerDefinitions/0");
    }

    @Test
    void withoutOverridesTheDefinitionIsRunAsRegistered() {
        assertThat(EffectiveDefinition.apply(object(DEFINITION), null)).isEqualTo(object(DEFINITION));
        assertThat(EffectiveDefinition.apply(object(DEFINITION), MAPPER.nullNode())).isEqualTo(object(DEFINITION));
        assertThat(apply("{}")).isEqualTo(object(DEFINITION));
    }

    @Test
    void aContainerOverrideReplacesCommandCpuMemoryAndMemoryReservation() {
        ObjectNode effective = apply("""
                {"containerOverrides": [{"name": "app", "command": ["migrate", "--all"], "cpu": 512, "memory": 1024,
                                         "memoryReservation": 256}]}
                """);

        assertThat(app(effective).get("command")).isEqualTo(object("{\"c\": [\"migrate\", \"--all\"]}").get("c"));
        assertThat(app(effective).get("cpu").asInt()).isEqualTo(512);
        assertThat(app(effective).get("memory").asInt()).isEqualTo(1024);
        assertThat(app(effective).get("memoryReservation").asInt()).isEqualTo(256);
        assertThat(app(effective).get("image").asText()).isEqualTo("app:1");
    }

    @Test
    void anOverrideChangesOnlyTheContainerItNames() {
        ObjectNode effective = apply("{\"containerOverrides\": [{\"name\": \"sidecar\", \"cpu\": 64}]}");

        assertThat(app(effective)).isEqualTo(object(DEFINITION).at("/containerDefinitions/0"));
        assertThat(effective.at("/containerDefinitions/1/cpu").asInt()).isEqualTo(64);
    }

    @Test
    void overriddenEnvironmentVariablesReplaceThoseOfTheSameNameAndKeepTheOthersInOrder() {
        ObjectNode effective = apply("""
                {"containerOverrides": [{"name": "app",
                  "environment": [{"name": "D", "value": "4"}, {"name": "B", "value": "20"}]}]}
                """);

        assertThat(app(effective).get("environment")).isEqualTo(object("""
                {"e": [{"name": "A", "value": "1"}, {"name": "B", "value": "20"}, {"name": "C", "value": "3"},
                       {"name": "D", "value": "4"}]}
                """).get("e"));
    }

    @Test
    void environmentOverridesOfAContainerWithoutEnvironmentBecomeItsEnvironment() {
        ObjectNode effective = apply("""
                {"containerOverrides": [{"name": "sidecar", "environment": [{"name": "X", "value": "y"}]}]}
                """);

        assertThat(effective.at("/containerDefinitions/1/environment")).isEqualTo(object("""
                {"e": [{"name": "X", "value": "y"}]}""").get("e"));
    }

    @Test
    void taskLevelCpuMemoryAndRoleOverridesReplaceTheDefinitions() {
        ObjectNode effective = apply("""
                {"cpu": "2048", "memory": "4096", "taskRoleArn": "arn:aws:iam::1:role/batch",
                 "executionRoleArn": "arn:aws:iam::1:role/exec"}
                """);

        assertThat(effective.get("cpu").asText()).isEqualTo("2048");
        assertThat(effective.get("memory").asText()).isEqualTo("4096");
        assertThat(effective.get("taskRoleArn").asText()).isEqualTo("arn:aws:iam::1:role/batch");
        assertThat(effective.get("executionRoleArn").asText()).isEqualTo("arn:aws:iam::1:role/exec");
    }

    @Test
    void taskLevelOverridesInVcpuAndGbAreStoredAsUnitsLikeARegisteredDefinition() {
        ObjectNode effective = apply("{\"cpu\": \"0.5 vCPU\", \"memory\": \"3 GB\"}");

        assertThat(effective.get("cpu").asText()).isEqualTo("512");
        assertThat(effective.get("memory").asText()).isEqualTo("3072");
        assertThat(EffectiveDefinition.reservation(effective, "family:web").cpu()).isEqualTo(512);
        assertThat(EffectiveDefinition.reservation(effective, "family:web").memory()).isEqualTo(3072);
    }

    @Test
    void anUnreadableTaskCpuOverrideIsRefusedNamingTheField() {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> apply("{\"cpu\": \"lots\"}"))
                .withMessageContaining("overrides.cpu");
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> apply("{\"memory\": \"2 TB\"}"))
                .withMessageContaining("overrides.memory");
    }

    @Test
    void anOverrideNamingAContainerTheDefinitionDoesNotHaveIsRefusedNamingItsPosition() {
        assertThatExceptionOfType(ApiException.class)
                .isThrownBy(() -> apply("{\"containerOverrides\": [{\"name\": \"app\"}, {\"name\": \"worker\"}]}"))
                .satisfies(e -> assertThat(e.code()).isEqualTo(EcsErrors.INVALID_PARAMETER))
                .withMessageContaining("overrides.containerOverrides[1].name").withMessageContaining("'worker'");
    }

    @Test
    void overridesOfUpTo8192CharactersOfJsonAreAcceptedAndLongerOnesRefused() {
        assertThat(apply(overridesOfLength(8192)).at("/containerDefinitions/0/environment/3/name").asText()).isEqualTo("PAD");

        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> apply(overridesOfLength(8193)))
                .satisfies(e -> assertThat(e.code()).isEqualTo(EcsErrors.INVALID_PARAMETER))
                .withMessageContaining("8192");
    }

    /** Overrides whose compact JSON is exactly {@code length} characters. */
    private static String overridesOfLength(int length) {
        String shell = "{\"containerOverrides\":[{\"name\":\"app\",\"environment\":[{\"name\":\"PAD\",\"value\":\"%s\"}]}]}";
        String text = shell.formatted("x".repeat(length - shell.length() + 2));
        assertThat(object(text).toString()).hasSize(length);
        return text;
    }

    @Test
    void theRegisteredDefinitionIsNotModified() {
        ObjectNode registered = object(DEFINITION);

        EffectiveDefinition.apply(registered, object("""
                {"cpu": "4096", "containerOverrides": [{"name": "app", "command": ["x"],
                  "environment": [{"name": "A", "value": "changed"}]}]}
                """));

        assertThat(registered).isEqualTo(object(DEFINITION));
    }

    @Test
    void theOverridesAreNotSharedWithTheEffectiveDefinition() {
        ObjectNode overrides = object("{\"containerOverrides\": [{\"name\": \"app\", \"command\": [\"x\"]}]}");

        ObjectNode effective = EffectiveDefinition.apply(object(DEFINITION), overrides);
        ((com.fasterxml.jackson.databind.node.ArrayNode) overrides.at("/containerOverrides/0/command")).add("later");

        assertThat(app(effective).get("command")).hasSize(1);
    }
}
