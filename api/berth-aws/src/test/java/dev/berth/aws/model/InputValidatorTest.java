package dev.berth.aws.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

/** Validation against the real ECS model from botocore. */
class InputValidatorTest {
    private static final ErrorCode WRONG_TYPE = new ErrorCode("ClientException", 400);
    private static final ErrorCode BAD_VALUE = new ErrorCode("InvalidParameterException", 400);
    private static final ServiceModel ECS = ServiceModel.load("ecs");
    private final InputValidator validator = new InputValidator(ECS, new ValidationErrors(WRONG_TYPE, BAD_VALUE));

    @Test
    void theEcsModelIsTheOneTheClientsUse() {
        assertThat(ECS.targetPrefix()).isEqualTo("AmazonEC2ContainerServiceV20141113");
        assertThat(ECS.signingName()).isEqualTo("ecs");
        assertThat(ECS.operationNames()).contains("RegisterTaskDefinition", "DeleteTaskDefinitions", "CreateCluster")
                .hasSizeGreaterThanOrEqualTo(77);
        assertThat(ECS.inputShape("RegisterTaskDefinition")).contains("RegisterTaskDefinitionRequest");
    }

    @Test
    void aValidRequestComesBackEqualWithoutMembersTheModelDoesNotKnow() {
        ObjectNode input = json("""
                {"family": "web", "futureMember": {"x": 1},
                 "containerDefinitions": [{"name": "web", "image": "busybox", "memory": 64, "newField": true,
                   "portMappings": [{"containerPort": 80}], "dockerLabels": {"a": "b"}}]}""");

        ObjectNode validated = validator.validate("RegisterTaskDefinitionRequest", input);

        assertThat(validated.has("futureMember")).isFalse();
        assertThat(validated.at("/containerDefinitions/0").has("newField")).isFalse();
        input.remove("futureMember");
        ((ObjectNode) input.at("/containerDefinitions/0")).remove("newField");
        assertThat(validated).isEqualTo(input);
    }

    @Test
    void nullMembersCountAsAbsent() {
        ObjectNode validated = validator.validate("ListClustersRequest", json("{\"nextToken\": null}"));

        assertThat(validated.has("nextToken")).isFalse();
    }

    @Test
    void wrongTypesAreRefusedNamingTheNestedField() {
        assertRefused("RegisterTaskDefinitionRequest",
                "{\"family\":\"w\",\"containerDefinitions\":[{\"name\":\"a\",\"portMappings\":[{\"containerPort\":\"80\"}]}]}",
                WRONG_TYPE, "containerDefinitions[0].portMappings[0].containerPort must be a whole number of at most 10 digits; "
                        + "got the string '80'.");
        assertRefused("RegisterTaskDefinitionRequest", "{\"family\":\"w\",\"containerDefinitions\":[{\"essential\":\"yes\"}]}",
                WRONG_TYPE, "containerDefinitions[0].essential must be a boolean");
        assertRefused("RegisterTaskDefinitionRequest", "{\"family\":\"w\",\"containerDefinitions\":[{\"dockerLabels\":{\"a\":1}}]}",
                WRONG_TYPE, "containerDefinitions[0].dockerLabels[\"a\"] must be a string");
        assertRefused("RegisterTaskDefinitionRequest", "{\"family\":\"w\",\"containerDefinitions\":[null]}",
                WRONG_TYPE, "containerDefinitions[0] must not be null.");
        assertRefused("ListClustersRequest", "{\"maxResults\": 12345678901}", WRONG_TYPE, "maxResults must be a whole number");
        assertRefused("ListClustersRequest", "{\"maxResults\": 1.5}", WRONG_TYPE, "maxResults must be a whole number");
    }

    @Test
    void requiredMembersEnumsAndBoundsAreBadValues() {
        assertRefused("RegisterTaskDefinitionRequest", "{\"family\":\"w\"}", BAD_VALUE, "containerDefinitions is required.");
        assertRefused("RegisterTaskDefinitionRequest",
                "{\"family\":\"w\",\"networkMode\":\"overlay\",\"containerDefinitions\":[]}", BAD_VALUE,
                "networkMode must be one of bridge, host, awsvpc, none; got 'overlay'.");
        assertRefused("RegisterTaskDefinitionRequest",
                "{\"family\":\"w\",\"containerDefinitions\":[{\"dependsOn\":[{\"containerName\":\"x\",\"condition\":\"READY\"}]}]}",
                BAD_VALUE, "containerDefinitions[0].dependsOn[0].condition must be one of START, COMPLETE, SUCCESS, HEALTHY");
    }

    private void assertRefused(String shape, String body, ErrorCode code, String message) {
        assertThatThrownBy(() -> validator.validate(shape, json(body)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    private static ObjectNode json(String text) {
        try {
            JsonNode node = AwsJson.mapper().readTree(text);
            return (ObjectNode) node;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
