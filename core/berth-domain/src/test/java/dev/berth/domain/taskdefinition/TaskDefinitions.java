package dev.berth.domain.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.ApiException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** Requests to validate, and the checks every refusal must pass. Shared by the task definition tests. */
final class TaskDefinitions {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private TaskDefinitions() {
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object(String text) {
        return (ObjectNode) parse(text);
    }

    /**
     * A RegisterTaskDefinition request: the task members given (family "web" unless given) and
     * the container definitions, each an object in JSON text.
     */
    static ObjectNode task(String taskMembers, String... containers) {
        ObjectNode request = object(taskMembers);
        if (!request.has("family")) {
            request.put("family", "web");
        }
        ArrayNode list = request.putArray("containerDefinitions");
        for (String container : containers) {
            list.add(object(container));
        }
        return request;
    }

    /** A bridge-mode task with the given containers. */
    static ObjectNode bridge(String... containers) {
        return task("{}", containers);
    }

    /** The smallest valid container: a name, an image and a hard memory limit. */
    static String container(String name) {
        return """
                {"name": "%s", "image": "public.ecr.aws/nginx/nginx:1.27", "memory": 128}""".formatted(name);
    }

    /** The object at a JSON pointer, for editing a request in place. */
    static ObjectNode at(JsonNode root, String pointer) {
        JsonNode node = root.at(pointer);
        assertThat(node.isObject()).as("an object at %s", pointer).isTrue();
        return (ObjectNode) node;
    }

    static TaskDefinitionDraft accepted(ObjectNode request) {
        try {
            return TaskDefinitionValidator.validate(request);
        } catch (ApiException e) {
            return fail("expected the task definition to be accepted, but: " + e.getMessage());
        }
    }

    static ApiException refusal(ObjectNode request) {
        try {
            TaskDefinitionDraft draft = TaskDefinitionValidator.validate(request);
            String definition = draft.definition().toString();
            return fail("expected a refusal, but got "
                    + (definition.length() > 300 ? definition.substring(0, 300) + "…" : definition));
        } catch (ApiException e) {
            return e;
        }
    }

    /**
     * Asserts the request is refused with a ClientException whose message names {@code path} as a
     * whole field (not a prefix of a longer one) and returns the message for further checks.
     */
    static String refusedAt(ObjectNode request, String path) {
        return refusedAt(request, "ClientException", path);
    }

    static String refusedAt(ObjectNode request, String type, String path) {
        ApiException refusal = refusal(request);
        assertThat(refusal.code().type()).as("error type of: %s", refusal.getMessage()).isEqualTo(type);
        assertThat(refusal.code().httpStatus()).isEqualTo(400);
        assertThat(refusal.getMessage()).containsPattern(Pattern.quote(path) + "(?![\\w\\[.])");
        return refusal.getMessage();
    }
}
