package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.container;
import static dev.berth.domain.taskdefinition.TaskDefinitions.parse;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static dev.berth.domain.taskdefinition.TaskDefinitions.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Port mappings: ranges, what each network mode allows, and no port claimed twice. */
class PortMappingRulesTest {

    /** A task in {@code networkMode} whose second container ("app") has the given port mappings. */
    private static ObjectNode withPorts(String networkMode, String mappings) {
        ObjectNode request = task("{\"networkMode\": \"" + networkMode + "\"}", container("proxy"), container("app"));
        at(request, "/containerDefinitions/1").set("portMappings", parse(mappings));
        return request;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 70000})
    void aContainerPortOutside1To65535IsRefused(int port) {
        ObjectNode request = withPorts("bridge", "[{\"containerPort\": " + port + "}]");

        assertThat(refusedAt(request, "containerDefinitions[1].portMappings[0].containerPort")).contains("got " + port);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65535})
    void containerPortsAtTheEndsOfTheRangeAreAccepted(int port) {
        accepted(withPorts("bridge", "[{\"containerPort\": " + port + "}]"));
    }

    @Test
    void aHostPortOutside0To65535IsRefusedAndZeroMeansDynamicInBridgeMode() {
        refusedAt(withPorts("bridge", "[{\"containerPort\": 80, \"hostPort\": 65536}]"),
                "containerDefinitions[1].portMappings[0].hostPort");
        refusedAt(withPorts("bridge", "[{\"containerPort\": 80, \"hostPort\": -1}]"),
                "containerDefinitions[1].portMappings[0].hostPort");

        ObjectNode dynamic = withPorts("bridge", "[{\"containerPort\": 80, \"hostPort\": 0}]");
        assertThat(accepted(dynamic).definition().at("/containerDefinitions/1/portMappings/0/hostPort").asInt()).isZero();
    }

    @Test
    void aPortMappingWithoutContainerPortOrRangeIsRefused() {
        refusedAt(withPorts("bridge", "[{\"hostPort\": 80}]"), "containerDefinitions[1].portMappings[0].containerPort");
    }

    @ParameterizedTest
    @ValueSource(strings = {"awsvpc", "host"})
    void aHostPortOtherThanTheContainerPortIsRefusedInAwsvpcAndHostModes(String networkMode) {
        ObjectNode request = withPorts(networkMode, "[{\"containerPort\": 80, \"hostPort\": 80}, {\"containerPort\": 443, \"hostPort\": 8443}]");

        assertThat(refusedAt(request, "containerDefinitions[1].portMappings[1].hostPort")).contains(networkMode);
    }

    @Test
    void inBridgeModeTheHostPortMayDifferFromTheContainerPort() {
        ObjectNode request = withPorts("bridge", "[{\"containerPort\": 80, \"hostPort\": 8080}]");

        assertThat(accepted(request).definition().at("/containerDefinitions/1/portMappings/0/hostPort").asInt()).isEqualTo(8080);
    }

    @Test
    void aContainerPortMappedTwiceInOneContainerIsRefusedNamingTheFirstMapping() {
        ObjectNode request = withPorts("bridge", "[{\"containerPort\": 80, \"hostPort\": 8080}, {\"containerPort\": 80, \"hostPort\": 8081}]");

        assertThat(refusedAt(request, "containerDefinitions[1].portMappings[1].containerPort"))
                .contains("containerDefinitions[1].portMappings[0].containerPort");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bridge", "awsvpc", "host"})
    void theSameContainerPortOverTcpAndUdpIsAccepted(String networkMode) {
        ObjectNode request = withPorts(networkMode,
                "[{\"containerPort\": 53, \"protocol\": \"tcp\"}, {\"containerPort\": 53, \"protocol\": \"udp\"}]");

        assertThat(accepted(request).definition().at("/containerDefinitions/1/portMappings")).hasSize(2);
    }

    @Test
    void theSameHostPortInTwoContainersIsRefusedInBridgeMode() {
        ObjectNode request = withPorts("bridge", "[{\"containerPort\": 8080, \"hostPort\": 80}]");
        at(request, "/containerDefinitions/0").set("portMappings", parse("[{\"containerPort\": 80, \"hostPort\": 80}]"));

        assertThat(refusedAt(request, "containerDefinitions[1].portMappings[0]"))
                .contains("80/tcp").contains("containerDefinitions[0].portMappings[0]");
    }

    @Test
    void dynamicHostPortsAndTheSameHostPortOverAnotherProtocolDoNotClash() {
        ObjectNode request = withPorts("bridge", "[{\"containerPort\": 80, \"hostPort\": 0}, {\"containerPort\": 53, \"hostPort\": 53, \"protocol\": \"udp\"}]");
        at(request, "/containerDefinitions/0").set("portMappings",
                parse("[{\"containerPort\": 80}, {\"containerPort\": 53, \"hostPort\": 53, \"protocol\": \"tcp\"}]"));

        accepted(request);
    }

    @Test
    void inAwsvpcModeTwoContainersCannotListenOnTheSamePort() {
        ObjectNode request = withPorts("awsvpc", "[{\"containerPort\": 8080}]");
        at(request, "/containerDefinitions/0").set("portMappings", parse("[{\"containerPort\": 8080}]"));

        refusedAt(request, "containerDefinitions[1].portMappings[0]");
    }

    @Test
    void networkModeNoneRefusesAnyPortMappingButAcceptsAnEmptyList() {
        ObjectNode request = withPorts("none", "[{\"containerPort\": 80}]");
        assertThat(refusedAt(request, "containerDefinitions[1].portMappings")).contains("none");

        at(request, "/containerDefinitions/1").putArray("portMappings");
        accepted(request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bridge", "awsvpc"})
    void aContainerPortRangeIsAcceptedInBridgeAndAwsvpcModesAndGetsNoHostPort(String networkMode) {
        ObjectNode request = withPorts(networkMode, "[{\"containerPortRange\": \"8000-8010\"}, {\"containerPortRange\": \"8011-8020\", \"protocol\": \"udp\"}]");

        assertThat(accepted(request).definition().at("/containerDefinitions/1/portMappings")).isEqualTo(parse(
                "[{\"containerPortRange\": \"8000-8010\", \"protocol\": \"tcp\"}, {\"containerPortRange\": \"8011-8020\", \"protocol\": \"udp\"}]"));
    }

    @Test
    void aContainerPortRangeIsRefusedInHostMode() {
        refusedAt(withPorts("host", "[{\"containerPortRange\": \"8000-8010\"}]"),
                "containerDefinitions[1].portMappings[0].containerPortRange");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8000", "8000-", "-8010", "a-b", "8000:8010", "8000 - 8010", "123456-123457", ""})
    void aContainerPortRangeNotShapedLikeFirstDashLastIsRefused(String range) {
        ObjectNode request = withPorts("bridge", "[{\"containerPortRange\": \"" + range + "\"}]");

        refusedAt(request, "containerDefinitions[1].portMappings[0].containerPortRange");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-10", "65000-65536", "8010-8000", "8000-8000"})
    void aContainerPortRangeOutOfBoundsOrBackwardsIsRefused(String range) {
        ObjectNode request = withPorts("bridge", "[{\"containerPortRange\": \"" + range + "\"}]");

        refusedAt(request, "containerDefinitions[1].portMappings[0].containerPortRange");
    }

    @Test
    void aContainerPortRangeTogetherWithAContainerPortIsRefused() {
        ObjectNode request = withPorts("bridge", "[{\"containerPortRange\": \"8000-8010\", \"containerPort\": 8000}]");

        assertThat(refusedAt(request, "containerDefinitions[1].portMappings[0]")).contains("containerPortRange");
    }

    @Test
    void overlappingContainerPortRangesInOneContainerAreRefused() {
        ObjectNode request = withPorts("bridge", "[{\"containerPortRange\": \"9000-9100\"}, {\"containerPortRange\": \"8000-8010\"}, {\"containerPortRange\": \"8010-8020\"}]");

        assertThat(refusedAt(request, "containerDefinitions[1].portMappings")).contains("8000-8010").contains("8010-8020");
    }

    @Test
    void aSinglePortInsideARangeOfTheSameContainerIsRefused() {
        ObjectNode request = withPorts("bridge", "[{\"containerPortRange\": \"8000-8010\"}, {\"containerPort\": 8005}]");

        assertThat(refusedAt(request, "containerDefinitions[1].portMappings[1].containerPort")).contains("8000-8010");

        accepted(withPorts("bridge", "[{\"containerPortRange\": \"8000-8010\"}, {\"containerPort\": 8011}]"));
    }

    @Test
    void aHundredPortRangesInOneContainerAreAcceptedButNotAHundredAndOne() {
        ObjectNode request = withPorts("bridge", "[]");
        ArrayNode mappings = (ArrayNode) request.at("/containerDefinitions/1/portMappings");
        for (int i = 0; i < 101; i++) {
            mappings.addObject().put("containerPortRange", (10000 + 10 * i) + "-" + (10005 + 10 * i));
        }
        assertThat(refusedAt(request, "containerDefinitions[1].portMappings")).contains("101");

        mappings.remove(100);
        accepted(request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "web-8080", "a", "0_metrics", "x123456789012345678901234567890123456789012345678901234567890123"})
    void portNamesOfLowercaseLettersDigitsHyphensAndUnderscoresAreAccepted(String name) {
        accepted(withPorts("bridge", "[{\"containerPort\": 80, \"name\": \"" + name + "\"}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP", "-http", "_http", "web.80", "", "x1234567890123456789012345678901234567890123456789012345678901234"})
    void otherPortNamesAreRefused(String name) {
        ObjectNode request = withPorts("bridge", "[{\"containerPort\": 80, \"name\": \"" + name + "\"}]");

        refusedAt(request, "containerDefinitions[1].portMappings[0].name");
    }

    @Test
    void aPortNameUsedTwiceInTheTaskIsRefused() {
        ObjectNode request = withPorts("bridge", "[{\"containerPort\": 8080, \"name\": \"http\"}]");
        at(request, "/containerDefinitions/0").set("portMappings", parse("[{\"containerPort\": 80, \"name\": \"http\"}]"));

        assertThat(refusedAt(request, "containerDefinitions[1].portMappings[0].name"))
                .contains("containerDefinitions[0].portMappings[0].name");
    }
}
