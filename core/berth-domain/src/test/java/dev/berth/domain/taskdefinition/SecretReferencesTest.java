package dev.berth.domain.taskdefinition;

import static dev.berth.domain.taskdefinition.TaskDefinitions.accepted;
import static dev.berth.domain.taskdefinition.TaskDefinitions.at;
import static dev.berth.domain.taskdefinition.TaskDefinitions.refusedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.taskdefinition.SecretReferences.Source;
import dev.berth.domain.validation.FieldPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The forms a secret's valueFrom may take, alone and inside a container definition. */
class SecretReferencesTest {
    private static final FieldPath FIELD = FieldPath.of("containerDefinitions").index(1).field("secrets").index(2)
            .field("valueFrom");

    @ParameterizedTest(name = "{0} is read from {1}")
    @CsvSource({
        "db_password, SSM_PARAMETER",
        "/app/db/password, SSM_PARAMETER",
        "app.db-password, SSM_PARAMETER",
        "arn:aws:ssm:us-west-1:123456789012:parameter/app/db, SSM_PARAMETER",
        "arn:aws:ssm:us-west-1:123456789012:parameter/db_password, SSM_PARAMETER",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app-id-AbCdEf, SECRETS_MANAGER",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app-id-AbCdEf:password::, SECRETS_MANAGER",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app-id-AbCdEf::AWSCURRENT:, SECRETS_MANAGER",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app-id-AbCdEf:password:AWSPREVIOUS:0a1b2c3d, SECRETS_MANAGER",
        "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:prod/db-AbCdEf, SECRETS_MANAGER"
    })
    void validReferencesAreAcceptedAndSayWhichServiceResolvesThem(String valueFrom, Source source) {
        assertThat(SecretReferences.validate(FIELD, valueFrom)).isEqualTo(source);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // One or two parts after the secret name (3 or 4 colon-separated parts from "secret"):
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app-id-AbCdEf:password",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app-id-AbCdEf:password:AWSCURRENT",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app-id-AbCdEf:password:AWSCURRENT:v1:extra",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret",
        "arn:aws:secretsmanager:us-west-1:123456789012:parameter:app",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app id"
    })
    void malformedSecretsManagerArnsAreRefusedNamingTheField(String valueFrom) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> SecretReferences.validate(FIELD, valueFrom))
                .satisfies(e -> assertThat(e.code().type()).isEqualTo("ClientException"))
                .withMessageStartingWith("containerDefinitions[1].secrets[2].valueFrom is not a Secrets Manager ARN");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:s3:::bucket/secret.txt",
        "arn:aws:ssm:us-west-1:123456789012:document/app",
        "arn:aws:ssm:us-west-1:123456789012:parameter",
        "arn:aws:ssm:us-west-1:123456789012:parameter/",
        "arn:aws:ssm:us-west-1:123456789012:parameter/app//db",
        "arn:aws:kms:us-west-1:123456789012:key/abc",
        "arn:",
        "arn:aws:ssm",
        "db password",
        "app/db$",
        "//app",
        "app/"
    })
    void otherValuesAreRefusedAsNeitherParameterNorSecret(String valueFrom) {
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> SecretReferences.validate(FIELD, valueFrom))
                .satisfies(e -> assertThat(e.code().type()).isEqualTo("ClientException"))
                .withMessageStartingWith("containerDefinitions[1].secrets[2].valueFrom must be an SSM parameter name");
    }

    @Test
    void anEmptyOrMissingValueFromIsRefusedAsEmpty() {
        for (String valueFrom : new String[] {"", null}) {
            assertThatExceptionOfType(ApiException.class).isThrownBy(() -> SecretReferences.validate(FIELD, valueFrom))
                    .withMessage("containerDefinitions[1].secrets[2].valueFrom must not be empty.");
        }
    }

    @Test
    void parameterNamesUpTo2048CharactersAreAccepted() {
        assertThat(SecretReferences.validate(FIELD, "p".repeat(2048))).isEqualTo(Source.SSM_PARAMETER);
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> SecretReferences.validate(FIELD, "p".repeat(2049)));
    }

    @Test
    void aLongValueIsQuotedAbbreviatedInTheMessage() {
        String valueFrom = "arn:aws:s3:::" + "b".repeat(500);

        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> SecretReferences.validate(FIELD, valueFrom))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("…"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app-id-AbCdEf:password",
        "arn:aws:secretsmanager:us-west-1:123456789012:secret:app-id-AbCdEf:password:AWSCURRENT",
        "arn:aws:s3:::bucket/secret",
        ""
    })
    void aContainerSecretWithABadValueFromIsRefusedNamingItsPath(String valueFrom) {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/1/secrets/2").put("valueFrom", valueFrom);

        refusedAt(request, "containerDefinitions[1].secrets[2].valueFrom");
    }

    @Test
    void logSecretOptionsAreCheckedTheSameWay() {
        ObjectNode request = WebApp.request();
        at(request, "/containerDefinitions/0/logConfiguration").set("secretOptions", TaskDefinitions.parse(
                "[{\"name\": \"token\", \"valueFrom\": \"/logs/token\"}, {\"name\": \"key\", \"valueFrom\": \"arn:aws:s3:::b/k\"}]"));
        refusedAt(request, "containerDefinitions[0].logConfiguration.secretOptions[1].valueFrom");

        at(request, "/containerDefinitions/0/logConfiguration/secretOptions/1").put("valueFrom",
                "arn:aws:secretsmanager:us-west-1:123456789012:secret:logs-AbCdEf");
        accepted(request);
    }
}
