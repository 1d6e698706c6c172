package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.bridge;
import static dev.berth.domain.taskdefinition.TaskDefinitions.container;
import static dev.berth.domain.taskdefinition.TaskDefinitions.parse;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static dev.berth.domain.taskdefinition.TaskDefinitions.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules on one container: image, mounts, links, environment, limits and networking options. */
class ContainerRulesTest {

    /** A bridge task of "web" and "app"; {@code member} is set on "app" (containerDefinitions[1]). */
    private static ObjectNode appWith(String member, String json) {
        ObjectNode request = task("{\"volumes\": [{\"name\": \"data\"}]}", container("web"), container("app"));
        at(request, "/containerDefinitions/1").set(member, parse(json));
        return request;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "nginx:1.27", "ghcr.io/org/app:v1.2.3", "localhost:5000/app#1",
            "repo/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void imageReferencesAreAccepted(String image) {
        ObjectNode request = bridge(container("app"));
        at(request, "/containerDefinitions/0").put("image", image);

        accepted(request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nginx latest", "repo/app@sha256:XYZ", "app$", "repo/app@sha256:0123"})
    void badImageReferencesAreRefused(String image) {
        ObjectNode request = bridge(container("web"), container("app"));
        at(request, "/containerDefinitions/1").put("image", image);

        refusedAt(request, "containerDefinitions[1].image");
    }

    @Test
    void anImageOf256CharactersBeforeTheDigestIsRefused() {
        ObjectNode request = bridge(container("app"));
        at(request, "/containerDefinitions/0").put("image", "r".repeat(255));
        accepted(request);

        at(request, "/containerDefinitions/0").put("image", "r".repeat(256));
        refusedAt(request, "containerDefinitions[0].image");
    }

    @Test
    void aMountPointNamingAnUndeclaredVolumeIsRefused() {
        ObjectNode request = appWith("mountPoints", "[{\"sourceVolume\": \"data\", \"containerPath\": \"/data\"}, {\"sourceVolume\": \"logs\", \"containerPath\": \"/logs\"}]");

        assertThat(refusedAt(request, "containerDefinitions[1].mountPoints[1].sourceVolume")).contains("'logs'");
    }

    @Test
    void aMountPointNeedsASourceVolumeAndAContainerPath() {
        refusedAt(appWith("mountPoints", "[{\"containerPath\": \"/data\"}]"), "containerDefinitions[1].mountPoints[0].sourceVolume");
        refusedAt(appWith("mountPoints", "[{\"sourceVolume\": \"data\"}]"), "containerDefinitions[1].mountPoints[0].containerPath");
    }

    @Test
    void mountingTwiceAtTheSameContainerPathIsRefused() {
        ObjectNode request = appWith("mountPoints", "[{\"sourceVolume\": \"data\", \"containerPath\": \"/data\"}, {\"sourceVolume\": \"data\", \"containerPath\": \"/data\"}]");

        refusedAt(request, "containerDefinitions[1].mountPoints[1].containerPath");
    }

    @Test
    void volumesFromAnotherContainerAreAcceptedButNotFromItselfOrAMissingOne() {
        accepted(appWith("volumesFrom", "[{\"sourceContainer\": \"web\", \"readOnly\": true}]"));

        assertThat(refusedAt(appWith("volumesFrom", "[{\"sourceContainer\": \"app\"}]"),
                "containerDefinitions[1].volumesFrom[0].sourceContainer")).contains("itself");
        assertThat(refusedAt(appWith("volumesFrom", "[{\"sourceContainer\": \"db\"}]"),
                "containerDefinitions[1].volumesFrom[0].sourceContainer")).contains("'db'");
        refusedAt(appWith("volumesFrom", "[{\"readOnly\": true}]"), "containerDefinitions[1].volumesFrom[0].sourceContainer");
    }

    @Test
    void linksToAnotherContainerAreAcceptedInBridgeMode() {
        accepted(appWith("links", "[\"web\", \"web:frontend\"]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"awsvpc", "host", "none"})
    void linksAreRefusedOutsideBridgeMode(String networkMode) {
        ObjectNode request = appWith("links", "[\"web\"]");
        request.put("networkMode", networkMode);

        assertThat(refusedAt(request, "containerDefinitions[1].links")).contains(networkMode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"db", "app", "app:self", ":web", ""})
    void aLinkToAMissingContainerOrToItselfIsRefused(String link) {
        refusedAt(appWith("links", "[\"web\", \"" + link + "\"]"), "containerDefinitions[1].links[1]");
    }

    @Test
    void anEnvironmentVariableWithoutNameIsRefused() {
        refusedAt(appWith("environment", "[{\"name\": \"A\", \"value\": \"1\"}, {\"value\": \"2\"}]"),
                "containerDefinitions[1].environment[1].name");
    }

    @Test
    void environmentFilesMustBeS3ObjectsEndingInDotEnvAndAtMostTen() {
        accepted(appWith("environmentFiles", "[{\"value\": \"arn:aws:s3:::bucket/app/prod.env\", \"type\": \"s3\"}]"));
        refusedAt(appWith("environmentFiles", "[{\"value\": \"arn:aws:s3:::bucket/app/prod.txt\", \"type\": \"s3\"}]"),
                "containerDefinitions[1].environmentFiles[0].value");
        String eleven = "[" + "{\"value\": \"arn:aws:s3:::b/a.env\", \"type\": \"s3\"},".repeat(10)
                + "{\"value\": \"arn:aws:s3:::b/a.env\", \"type\": \"s3\"}]";
        refusedAt(appWith("environmentFiles", eleven), "containerDefinitions[1].environmentFiles");
    }

    @Test
    void aSecretNameUsedTwiceInAContainerIsRefused() {
        ObjectNode request = appWith("secrets", "[{\"name\": \"A\", \"valueFrom\": \"a\"}, {\"name\": \"A\", \"valueFrom\": \"b\"}]");

        assertThat(refusedAt(request, "containerDefinitions[1].secrets[1].name")).contains("containerDefinitions[1].secrets[0].name");
    }

    @Test
    void repositoryCredentialsNeedACredentialsParameter() {
        refusedAt(appWith("repositoryCredentials", "{\"credentialsParameter\": \"\"}"),
                "containerDefinitions[1].repositoryCredentials.credentialsParameter");
    }

    @Test
    void aUlimitWhoseSoftLimitExceedsItsHardLimitIsRefused() {
        accepted(appWith("ulimits", "[{\"name\": \"nofile\", \"softLimit\": 1024, \"hardLimit\": 1024}]"));

        assertThat(refusedAt(appWith("ulimits", "[{\"name\": \"nofile\", \"softLimit\": 1025, \"hardLimit\": 1024}]"),
                "containerDefinitions[1].ulimits[0].softLimit")).contains("1025").contains("1024");
    }

    @Test
    void aUlimitSetTwiceIsRefused() {
        refusedAt(appWith("ulimits", "[{\"name\": \"nofile\", \"softLimit\": 1, \"hardLimit\": 2}, {\"name\": \"nofile\", \"softLimit\": 1, \"hardLimit\": 2}]"),
                "containerDefinitions[1].ulimits[1].name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"startTimeout", "stopTimeout"})
    void negativeTimeoutsAreRefused(String field) {
        ObjectNode request = bridge(container("web"), container("app"));
        at(request, "/containerDefinitions/1").put(field, -1);

        refusedAt(request, "containerDefinitions[1]." + field);
    }

    @Test
    void aRestartAttemptPeriodMustBeBetween60And1800Seconds() {
        accepted(appWith("restartPolicy", "{\"enabled\": true, \"restartAttemptPeriod\": 60}"));
        accepted(appWith("restartPolicy", "{\"enabled\": true, \"restartAttemptPeriod\": 1800}"));
        refusedAt(appWith("restartPolicy", "{\"enabled\": true, \"restartAttemptPeriod\": 59}"),
                "containerDefinitions[1].restartPolicy.restartAttemptPeriod");
        refusedAt(appWith("restartPolicy", "{\"enabled\": true, \"restartAttemptPeriod\": 1801}"),
                "containerDefinitions[1].restartPolicy.restartAttemptPeriod");
    }

    @Test
    void linuxParametersOutOfRangeAreRefusedNamingTheParameter() {
        accepted(appWith("linuxParameters", "{\"swappiness\": 100, \"maxSwap\": 0, \"sharedMemorySize\": 64}"));
        refusedAt(appWith("linuxParameters", "{\"swappiness\": 101}"), "containerDefinitions[1].linuxParameters.swappiness");
        refusedAt(appWith("linuxParameters", "{\"maxSwap\": -1}"), "containerDefinitions[1].linuxParameters.maxSwap");
        refusedAt(appWith("linuxParameters", "{\"sharedMemorySize\": 0}"), "containerDefinitions[1].linuxParameters.sharedMemorySize");
        refusedAt(appWith("linuxParameters", "{\"tmpfs\": [{\"containerPath\": \"/tmp\", \"size\": 0}]}"),
                "containerDefinitions[1].linuxParameters.tmpfs[0].size");
    }

    @Test
    void aHostnameIsRefusedInAwsvpcAndHostModesButAcceptedInBridgeMode() {
        accepted(appWith("hostname", "\"app.local\""));
        for (String networkMode : new String[] {"awsvpc", "host"}) {
            ObjectNode request = appWith("hostname", "\"app.local\"");
            request.put("networkMode", networkMode);
            refusedAt(request, "containerDefinitions[1].hostname");
        }
    }

    @Test
    void extraHostsAreRefusedInAwsvpcModeAndNeedBothHostnameAndAddress() {
        accepted(appWith("extraHosts", "[{\"hostname\": \"db\", \"ipAddress\": \"10.0.0.5\"}]"));
        refusedAt(appWith("extraHosts", "[{\"hostname\": \"db\"}]"), "containerDefinitions[1].extraHosts[0]");

        ObjectNode awsvpc = appWith("extraHosts", "[{\"hostname\": \"db\", \"ipAddress\": \"10.0.0.5\"}]");
        awsvpc.put("networkMode", "awsvpc");
        refusedAt(awsvpc, "containerDefinitions[1].extraHosts");
    }

    @Test
    void aDockerLabelWithAnEmptyNameIsRefused() {
        accepted(appWith("dockerLabels", "{\"com.example.a\": \"1\"}"));
        refusedAt(appWith("dockerLabels", "{\"\": \"1\"}"), "containerDefinitions[1].dockerLabels");
    }
}
