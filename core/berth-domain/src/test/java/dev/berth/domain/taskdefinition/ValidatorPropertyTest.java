package dev.berth.domain.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.ApiException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whatever well-typed request arrives, the validator answers with a draft or an ApiException
 * that says what is wrong; never with any other exception, and never by changing the request.
 */
class ValidatorPropertyTest {
    private static final int VARIANTS = 2_500;
    /** Quoted input is abbreviated, so no message grows with what was sent. */
    private static final int MESSAGE_LIMIT = 1_000;

    /** A bridge-mode task using the members the web app leaves out. */
    private static final String BRIDGE_TASK = """
            {
              "family": "worker",
              "networkMode": "bridge",
              "cpu": "1 vCPU",
              "memory": "2 GB",
              "requiresCompatibilities": ["EC2"],
              "volumes": [{"name": "data", "host": {"sourcePath": "/srv/data"}},
                          {"name": "cache", "dockerVolumeConfiguration": {"scope": "task", "driver": "local",
                                                                          "labels": {"a": "b"}}}],
              "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.os-type == linux"}],
              "ephemeralStorage": {"sizeInGiB": 30},
              "containerDefinitions": [
                {"name": "worker", "image": "busybox:1.36", "cpu": 512, "memory": 1024, "memoryReservation": 512,
                 "links": ["migrate:db-migrate"], "hostname": "worker",
                 "portMappings": [{"containerPort": 9000, "hostPort": 0}, {"containerPortRange": "7000-7010", "protocol": "udp"}],
                 "volumesFrom": [{"sourceContainer": "migrate", "readOnly": true}],
                 "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}, {"sourceVolume": "cache", "containerPath": "/cache"}],
                 "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"}],
                 "extraHosts": [{"hostname": "db", "ipAddress": "10.0.0.5"}],
                 "environmentFiles": [{"value": "arn:aws:s3:::config/worker.env", "type": "s3"}],
                 "linuxParameters": {"swappiness": 10, "maxSwap": 512, "sharedMemorySize": 64,
                                     "tmpfs": [{"containerPath": "/tmp", "size": 64}]},
                 "restartPolicy": {"enabled": true, "restartAttemptPeriod": 300, "ignoredExitCodes": [0, 1]},
                 "startTimeout": 60, "stopTimeout": 60,
                 "logConfiguration": {"logDriver": "json-file", "options": {"max-size": "10m"},
                                      "secretOptions": [{"name": "token", "valueFrom": "/logs/token"}]},
                 "repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:us-west-1:1:secret:reg-AbCdEf"}},
                {"name": "migrate", "image": "busybox:1.36", "essential": false, "memory": 256,
                 "command": ["sh", "-c", "echo migrated"],
                 "healthCheck": {"command": ["CMD", "true"], "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 0}}
              ],
              "tags": [{"key": "team", "value": "batch"}]
            }
            """;

    @Test
    void mutatedWebAppsAreAcceptedOrRefusedWithAnApiExceptionAndNothingElse() {
        checkVariantsOf(WebApp.request(), 20260517L);
    }

    @Test
    void mutatedBridgeTasksAreAcceptedOrRefusedWithAnApiExceptionAndNothingElse() {
        checkVariantsOf(TaskDefinitions.object(BRIDGE_TASK), 4242L);
    }

    private static void checkVariantsOf(ObjectNode base, long seed) {
        TaskDefinitions.accepted(base.deepCopy());
        TypePreservingMutator mutator = new TypePreservingMutator(seed);
        int accepted = 0;
        Set<String> messages = new HashSet<>();
        for (int i = 0; i < VARIANTS; i++) {
            ObjectNode variant = mutator.mutate(base);
            ObjectNode before = variant.deepCopy();
            String outcome = outcomeOf(variant, seed, i);
            assertThat(variant).as("variant %d of seed %d is left as given", i, seed).isEqualTo(before);
            assertThat(outcomeOf(variant, seed, i)).as("the same variant gets the same answer").isEqualTo(outcome);
            if (outcome.startsWith("accepted")) {
                accepted++;
            } else {
                messages.add(outcome);
            }
        }
        assertThat(accepted).as("variants accepted").isBetween(VARIANTS / 10, VARIANTS - VARIANTS / 10);
        assertThat(messages).as("distinct refusals").hasSizeGreaterThan(100);
    }

    /** "accepted: <definition>" or the refusal's message, after checking the refusal is well formed. */
    private static String outcomeOf(ObjectNode variant, long seed, int index) {
        try {
            TaskDefinitionDraft draft = TaskDefinitionValidator.validate(variant);
            assertThat(draft.family()).isEqualTo(variant.get("family").asText());
            assertThat(draft.definition().get("containerDefinitions")).hasSameSizeAs(variant.get("containerDefinitions"));
            return "accepted: " + draft.definition();
        } catch (ApiException refusal) {
            String message = refusal.getMessage();
            assertThat(message).as("message of variant %d of seed %d", index, seed).isNotBlank();
            assertThat(message.length()).as("length of variant %d of seed %d's message: %s", index, seed,
                    message.length() > 200 ? message.substring(0, 200) + "…" : message).isLessThan(MESSAGE_LIMIT);
            assertThat(refusal.code().type()).isIn("ClientException", "InvalidParameterException");
            assertThat(refusal.code().httpStatus()).isEqualTo(400);
            return refusal.getMessage();
        } catch (RuntimeException | StackOverflowError fault) {
            String request = variant.toString();
            return fail("variant %d of seed %d threw %s instead of an ApiException; request: %s", index, seed, fault,
                    request.length() > 2_000 ? request.substring(0, 2_000) + "…" : request, fault);
        }
    }
}
