package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.bridge;
import static dev.berth.domain.taskdefinition.TaskDefinitions.container;
import static dev.berth.domain.taskdefinition.TaskDefinitions.object;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static dev.berth.domain.taskdefinition.TaskDefinitions.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules on the task as a whole: names, container count, size, volumes, compatibilities, tags. */
class TaskLevelRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "web", "Shop_Web-2", "0"})
    void familiesOfLettersDigitsHyphensAndUnderscoresAreAccepted(String family) {
        ObjectNode request = bridge(container("app"));
        request.put("family", family);

        assertThat(accepted(request).family()).isEqualTo(family);
    }

    @Test
    void aFamilyOf255CharactersIsAcceptedAndOneOf256IsRefused() {
        ObjectNode request = bridge(container("app"));
        request.put("family", "f".repeat(255));
        assertThat(accepted(request).family()).hasSize(255);

        request.put("family", "f".repeat(256));
        assertThat(refusedAt(request, "family")).contains("1 to 255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "web app", "web.app", "web:1", "wéb", "web/app"})
    void familiesWithOtherCharactersAreRefusedNamingTheFamily(String family) {
        ObjectNode request = bridge(container("app"));
        request.put("family", family);

        refusedAt(request, "family");
    }

    @Test
    void aMissingFamilyIsRefusedAsEmpty() {
        ObjectNode request = bridge(container("app"));
        request.remove("family");

        assertThat(refusedAt(request, "family")).isEqualTo("family must not be empty.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web app", "proxy.1", "ø", ""})
    void containerNamesFollowTheSameRuleAndTheRefusalNamesTheContainer(String name) {
        ObjectNode request = bridge(container("proxy"), container("app"));
        at(request, "/containerDefinitions/1").put("name", name);

        refusedAt(request, "containerDefinitions[1].name");
    }

    @Test
    void aContainerNameOf256CharactersIsRefused() {
        ObjectNode request = bridge(container("c".repeat(255)));
        accepted(request);

        at(request, "/containerDefinitions/0").put("name", "c".repeat(256));
        refusedAt(request, "containerDefinitions[0].name");
    }

    @Test
    void aRepeatedContainerNameIsRefusedNamingBothContainers() {
        String message = refusedAt(bridge(container("app"), container("sidecar"), container("app")),
                "containerDefinitions[2].name");

        assertThat(message).contains("'app'").contains("containerDefinitions[0]");
    }

    @Test
    void aTaskWithNoContainersIsRefused() {
        refusedAt(bridge(), "containerDefinitions");
    }

    @Test
    void aTaskWhoseContainersAreAllNonEssentialIsRefused() {
        ObjectNode request = bridge(container("a"), container("b"));
        at(request, "/containerDefinitions/0").put("essential", false);
        at(request, "/containerDefinitions/1").put("essential", false);

        assertThat(refusedAt(request, "containerDefinitions")).contains("essential");

        at(request, "/containerDefinitions/1").put("essential", true);
        accepted(request);
    }

    @Test
    void tenContainersAreAcceptedAndElevenAreRefused() {
        String[] containers = new String[11];
        for (int i = 0; i < containers.length; i++) {
            containers[i] = container("c" + i);
        }
        ObjectNode request = bridge(containers);
        assertThat(refusedAt(request, "containerDefinitions")).contains("11").contains("10");

        ((ArrayNode) request.get("containerDefinitions")).remove(10);
        assertThat(accepted(request).definition().get("containerDefinitions")).hasSize(10);
    }

    /** The request whose normalised definition is exactly {@code bytes} long, padded by an ASCII variable. */
    /** A request of exactly {@code bytes} bytes as sent: the limit applies to the request, not to the stored form. */
    private static ObjectNode ofSize(int bytes) {
        ObjectNode request = bridge(container("app"));
        ObjectNode variable = ((ObjectNode) request.at("/containerDefinitions/0")).putArray("environment").addObject();
        variable.put("name", "PADDING").put("value", "");
        int base = request.toString().getBytes(StandardCharsets.UTF_8).length;
        variable.put("value", "x".repeat(bytes - base));
        return request;
    }

    @Test
    void aDefinitionOfExactly64KiBIsAcceptedAndOneByteMoreIsRefused() {
        ObjectNode limit = ofSize(TaskDefinitionValidator.MAX_SIZE_BYTES);
        assertThat(limit.toString()).hasSize(65536);
        accepted(limit);

        ObjectNode over = ofSize(TaskDefinitionValidator.MAX_SIZE_BYTES + 1);
        assertThat(TaskDefinitions.refusal(over).code().type()).isEqualTo("ClientException");
        assertThat(TaskDefinitions.refusal(over).getMessage()).contains("65537 bytes").contains("65536");
    }

    @Test
    void theSizeLimitCountsUtf8BytesNotCharacters() {
        ObjectNode request = ofSize(1_000);
        at(request, "/containerDefinitions/0/environment/0").put("value", "é".repeat(33_000));
        assertThat(request.toString()).as("well under 64 Ki characters").hasSizeLessThan(34_000);

        String message = TaskDefinitions.refusal(request).getMessage();
        assertThat(message).startsWith("The task definition is ").contains("bytes").contains("65536");
        int bytes = Integer.parseInt(message.replaceAll("^The task definition is (\\d+) bytes.*$", "$1"));
        assertThat(bytes).isGreaterThan(66_000);
    }

    @Test
    void externalCompatibilityWithAwsvpcIsRefused() {
        ObjectNode request = task("""
                {"networkMode": "awsvpc", "requiresCompatibilities": ["EC2", "EXTERNAL"]}""", container("app"));

        assertThat(refusedAt(request, "requiresCompatibilities")).contains("EXTERNAL").contains("awsvpc");

        request.put("networkMode", "bridge");
        accepted(request);
    }

    @Test
    void aRepeatedVolumeNameIsRefused() {
        ObjectNode request = task("{\"volumes\": [{\"name\": \"data\"}, {\"name\": \"data\"}]}", container("app"));

        refusedAt(request, "volumes[1].name");
    }

    @Test
    void aVolumeWithTwoTypesIsRefused() {
        ObjectNode request = task("""
                {"volumes": [{"name": "data", "host": {"sourcePath": "/srv"},
                              "efsVolumeConfiguration": {"fileSystemId": "fs-1234"}}]}""", container("app"));

        refusedAt(request, "volumes[0]");
    }

    @Test
    void anEfsVolumeWithoutFileSystemIdIsRefused() {
        ObjectNode request = task("""
                {"volumes": [{"name": "ok", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}},
                             {"name": "data", "efsVolumeConfiguration": {"rootDirectory": "/"}}]}""", container("app"));

        refusedAt(request, "volumes[1].efsVolumeConfiguration.fileSystemId");
    }

    @Test
    void onlyOneVolumeMayBeConfiguredAtLaunch() {
        ObjectNode request = task("""
                {"volumes": [{"name": "a", "configuredAtLaunch": true}, {"name": "b", "configuredAtLaunch": true}]}""",
                container("app"));

        refusedAt(request, "volumes[1].configuredAtLaunch");

        at(request, "/volumes/1").put("configuredAtLaunch", false);
        accepted(request);
    }

    @Test
    void aMemberOfConstraintWithoutExpressionIsRefusedAndElevenConstraintsAreTooMany() {
        ObjectNode request = task("{\"placementConstraints\": [{\"type\": \"memberOf\"}]}", container("app"));
        refusedAt(request, "placementConstraints[0].expression");

        ArrayNode constraints = request.putArray("placementConstraints");
        for (int i = 0; i < 11; i++) {
            constraints.addObject().put("type", "memberOf").put("expression", "attribute:ecs.os-type == linux");
        }
        refusedAt(request, "placementConstraints");

        constraints.remove(0);
        assertThat(accepted(request).definition().get("placementConstraints")).hasSize(10);
    }

    @Test
    void ephemeralStorageMustBeBetween21And200GiB() {
        ObjectNode request = bridge(container("app"));
        for (int size : new int[] {21, 200}) {
            request.set("ephemeralStorage", object("{\"sizeInGiB\": " + size + "}"));
            accepted(request);
        }
        for (int size : new int[] {20, 201}) {
            request.set("ephemeralStorage", object("{\"sizeInGiB\": " + size + "}"));
            refusedAt(request, "ephemeralStorage.sizeInGiB");
        }
    }

    @Test
    void aProxyConfigurationMustNameAContainerOfTheTask() {
        ObjectNode request = task("{\"networkMode\": \"awsvpc\", \"proxyConfiguration\": {\"containerName\": \"envoy\"}}",
                container("app"));

        assertThat(refusedAt(request, "proxyConfiguration.containerName")).contains("'envoy'");
    }

    @Test
    void theAwsfirelensDriverNeedsAFirelensContainer() {
        ObjectNode request = bridge(container("app"));
        at(request, "/containerDefinitions/0").set("logConfiguration", object("{\"logDriver\": \"awsfirelens\"}"));

        refusedAt(request, "containerDefinitions[0].logConfiguration.logDriver");
    }

    @Test
    void aTagKeyWithTheReservedAwsPrefixIsAnInvalidParameter() {
        ObjectNode request = bridge(container("app"));
        request.set("tags", TaskDefinitions.parse("[{\"key\": \"team\", \"value\": \"a\"}, {\"key\": \"AWS:owner\", \"value\": \"b\"}]"));

        assertThat(refusedAt(request, "InvalidParameterException", "tags[1].key")).contains("aws:");
    }

    @Test
    void fiftyTagsAreAcceptedAndFiftyOneAreAnInvalidParameter() {
        ObjectNode request = bridge(container("app"));
        ArrayNode tags = request.putArray("tags");
        for (int i = 0; i < 51; i++) {
            tags.addObject().put("key", "k" + i).put("value", "v");
        }
        assertThat(refusedAt(request, "InvalidParameterException", "tags")).contains("50").contains("51");

        tags.remove(50);
        assertThat(accepted(request).tags().asMap()).hasSize(50);
    }
}
