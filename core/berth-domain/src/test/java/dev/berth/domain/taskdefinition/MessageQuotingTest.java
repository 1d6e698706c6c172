package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.parse;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A refusal quotes at most a readable part of what was sent, however much was sent. */
class MessageQuotingTest {
    private static final String HUGE = "Q".repeat(20_000);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /containerDefinitions/1/mountPoints/0/sourceVolume       | containerDefinitions[1].mountPoints[0].sourceVolume
            /containerDefinitions/0/dependsOn/0/containerName         | containerDefinitions[0].dependsOn[0].containerName
            /containerDefinitions/1/healthCheck/command/0             | containerDefinitions[1].healthCheck.command[0]
            /containerDefinitions/0/logConfiguration/options/awslogs-group        | containerDefinitions[0].logConfiguration.options["awslogs-group"]
            /containerDefinitions/0/logConfiguration/options/awslogs-create-group | containerDefinitions[0].logConfiguration.options["awslogs-create-group"]
            /containerDefinitions/1/logConfiguration/options/max-buffer-size      | containerDefinitions[1].logConfiguration.options["max-buffer-size"]
            /containerDefinitions/0/portMappings/0/name               | containerDefinitions[0].portMappings[0].name
            """)
    void aHugeValueInTheWebAppIsQuotedAbbreviated(String pointer, String path) {
        ObjectNode request = WebApp.request();
        set(request, pointer, HUGE);
        if (pointer.contains("dependsOn")) {
            at(request, pointer.substring(0, pointer.lastIndexOf('/'))).put("condition", "START");
        }

        assertAbbreviated(refusedAt(request, path));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mountPoints  | [{"sourceVolume": "static", "containerPath": "HUGE"}, {"sourceVolume": "static", "containerPath": "HUGE"}] | containerDefinitions[1].mountPoints[1].containerPath
            volumesFrom  | [{"sourceContainer": "HUGE"}]                                  | containerDefinitions[1].volumesFrom[0].sourceContainer
            secrets      | [{"name": "HUGE", "valueFrom": "a"}, {"name": "HUGE", "valueFrom": "b"}] | containerDefinitions[1].secrets[1].name
            portMappings | [{"containerPortRange": "HUGE"}]                               | containerDefinitions[1].portMappings[0].containerPortRange
            """)
    void aHugeValueInAContainerMemberIsQuotedAbbreviated(String member, String json, String path) {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1").set(member, parse(json.replace("HUGE", HUGE)));

        assertAbbreviated(refusedAt(request, path));
    }

    @Test
    void aHugeProxyContainerNameIsQuotedAbbreviated() {
        ObjectNode request = WebApp.request();
        request.putObject("proxyConfiguration").put("containerName", HUGE);

        assertAbbreviated(refusedAt(request, "proxyConfiguration.containerName"));
    }

    private static void set(ObjectNode request, String pointer, String value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = request.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), TextNode.valueOf(value));
        } else {
            ((ObjectNode) parent).put(last, value);
        }
    }

    private static void assertAbbreviated(String message) {
        assertThat(message).hasSizeLessThan(400).contains("Q".repeat(80) + "…").doesNotContain("Q".repeat(81));
    }
}
