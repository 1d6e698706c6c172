package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.object;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** logConfiguration: what the awslogs driver needs, and which drivers Fargate offers. */
class LogConfigurationRulesTest {

    private static ObjectNode proxyOptions(ObjectNode request) {
        return at(request, "/containerDefinitions/0/logConfiguration/options");
    }

    @Test
    void awslogsWithoutALogGroupIsRefusedNamingTheOption() {
        ObjectNode request = WebApp.request();
        proxyOptions(request).remove("awslogs-group");

        assertThat(refusedAt(request, "containerDefinitions[0].logConfiguration.options[\"awslogs-group\"]"))
                .contains("required");
    }

    @Test
    void awslogsWithoutAnyOptionsIsRefused() {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/logConfiguration").remove("options");

        refusedAt(request, "containerDefinitions[1].logConfiguration.options[\"awslogs-group\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "my group", "group:1", "grüppe"})
    void aLogGroupNameWithOtherCharactersIsRefused(String group) {
        ObjectNode request = WebApp.request();
        proxyOptions(request).put("awslogs-group", group);

        refusedAt(request, "containerDefinitions[0].logConfiguration.options[\"awslogs-group\"]");
    }

    @Test
    void aLogGroupNameOf512CharactersIsAcceptedAndOneOf513IsRefused() {
        ObjectNode request = WebApp.request();
        proxyOptions(request).put("awslogs-group", "g".repeat(512));
        accepted(request);

        proxyOptions(request).put("awslogs-group", "g".repeat(513));
        refusedAt(request, "containerDefinitions[0].logConfiguration.options[\"awslogs-group\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "TRUE", "1", ""})
    void anAwslogsCreateGroupOtherThanTrueOrFalseIsRefused(String value) {
        ObjectNode request = WebApp.request();
        proxyOptions(request).put("awslogs-create-group", value);

        assertThat(refusedAt(request, "containerDefinitions[0].logConfiguration.options[\"awslogs-create-group\"]"))
                .contains("false, true").contains("'" + value + "'");
    }

    @Test
    void awslogsCreateGroupFalseIsAccepted() {
        ObjectNode request = WebApp.request();
        proxyOptions(request).put("awslogs-create-group", "false");

        accepted(request);
    }

    @Test
    void aModeOtherThanBlockingOrNonBlockingIsRefused() {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/logConfiguration/options").put("mode", "async");

        refusedAt(request, "containerDefinitions[1].logConfiguration.options[\"mode\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"25m", "1g", "512k", "1024", "4mb"})
    void bufferSizesWithAnOptionalUnitAreAccepted(String size) {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/logConfiguration/options").put("max-buffer-size", size);

        accepted(request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"25 m", "lots", "m", "1.5m"})
    void otherBufferSizesAreRefused(String size) {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/logConfiguration/options").put("max-buffer-size", size);

        refusedAt(request, "containerDefinitions[1].logConfiguration.options[\"max-buffer-size\"]");
    }

    @Test
    void aFargateTaskNeedsAnAwslogsStreamPrefix() {
        ObjectNode request = WebApp.request();
        request.putArray("requiresCompatibilities").add("FARGATE");
        accepted(request);

        proxyOptions(request).remove("awslogs-stream-prefix");
        refusedAt(request, "containerDefinitions[0].logConfiguration.options[\"awslogs-stream-prefix\"]");
    }

    @Test
    void anAwsvpcTaskWithoutStreamPrefixIsAcceptedButDoesNotFitFargate() {
        ObjectNode request = WebApp.request();
        proxyOptions(request).remove("awslogs-stream-prefix");

        assertThat(accepted(request).definition().get("compatibilities")).containsExactly(
                TaskDefinitions.parse("\"EC2\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json-file", "syslog", "journald", "gelf", "fluentd"})
    void fargateRefusesLogDriversItDoesNotOfferButEc2AcceptsThem(String driver) {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1").set("logConfiguration", object("{\"logDriver\": \"" + driver + "\"}"));
        accepted(request);

        request.putArray("requiresCompatibilities").add("FARGATE");
        assertThat(refusedAt(request, "containerDefinitions[1].logConfiguration.logDriver")).contains(driver);
    }

    @Test
    void aLogConfigurationWithoutDriverIsRefused() {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1").set("logConfiguration", object("{\"options\": {}}"));

        refusedAt(request, "containerDefinitions[1].logConfiguration.logDriver");
    }

    @Test
    void aLogSecretOptionWithoutNameIsRefused() {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/logConfiguration").set("secretOptions",
                TaskDefinitions.parse("[{\"valueFrom\": \"/logs/token\"}]"));

        refusedAt(request, "containerDefinitions[1].logConfiguration.secretOptions[0].name");
    }
}
