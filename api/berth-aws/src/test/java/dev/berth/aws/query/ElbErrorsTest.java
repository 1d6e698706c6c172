package dev.berth.aws.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.domain.error.ElbErrors;
import dev.berth.domain.error.ErrorCode;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every error the elbv2 model declares has its code and status in {@link ElbErrors}, as the model spells them. */
class ElbErrorsTest {
    @Test
    void everyModeledErrorHasItsWireCodeAndStatus() throws Exception {
        Map<String, Integer> declared = new HashMap<>();
        for (Field field : ElbErrors.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ErrorCode.class) {
                ErrorCode code = (ErrorCode) field.get(null);
                declared.put(code.type(), code.httpStatus());
            }
        }
        JsonNode shapes;
        try (InputStream in = getClass().getResourceAsStream("/dev/berth/aws/models/elbv2.json")) {
            shapes = AwsJson.mapper().readTree(in).get("shapes");
        }
        Map<String, Integer> modeled = new HashMap<>();
        Iterator<JsonNode> all = shapes.elements();
        while (all.hasNext()) {
            JsonNode error = all.next().get("error");
            if (error != null) {
                modeled.put(error.get("code").asText(), error.get("httpStatusCode").asInt());
            }
        }

        assertThat(modeled).hasSizeGreaterThan(30);
        assertThat(declared).containsAllEntriesOf(modeled).containsEntry("ValidationError", 400);
    }
}
