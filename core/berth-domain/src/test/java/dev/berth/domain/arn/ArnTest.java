package dev.berth.domain.arn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** ARN parsing and rendering, and the ECS ARN formats. */
class ArnTest {

    @Test
    void aTaskDefinitionArnKeepsTheColonInItsResource() {
        Arn arn = Arn.parse("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3").orElseThrow();

        assertThat(arn).isEqualTo(new Arn("aws", "ecs", "us-east-1", "123456789012", "task-definition/web:3"));
        assertThat(arn.resourceType()).isEqualTo("task-definition");
        assertThat(arn.resourcePath()).isEqualTo("web:3");
    }

    @Test
    void aSecretsManagerArnKeepsEveryColonAfterTheAccount() {
        Arn arn = Arn.parse("arn:aws:secretsmanager:us-west-1:123456789012:secret:app-AbCdEf:key::").orElseThrow();

        assertThat(arn.service()).isEqualTo("secretsmanager");
        assertThat(arn.resource()).isEqualTo("secret:app-AbCdEf:key::");
        assertThat(arn.resourceType()).as("no slash: the whole resource").isEqualTo("secret:app-AbCdEf:key::");
        assertThat(arn.resourcePath()).isEmpty();
    }

    @Test
    void regionAndAccountMayBeEmpty() {
        Arn s3 = Arn.parse("arn:aws:s3:::bucket/key/with/slashes.env").orElseThrow();
        assertThat(s3.region()).isEmpty();
        assertThat(s3.account()).isEmpty();
        assertThat(s3.resourceType()).isEqualTo("bucket");
        assertThat(s3.resourcePath()).isEqualTo("key/with/slashes.env");

        Arn iam = Arn.parse("arn:aws:iam::123456789012:role/path/ecsTaskExecutionRole").orElseThrow();
        assertThat(iam.region()).isEmpty();
        assertThat(iam.account()).isEqualTo("123456789012");
        assertThat(iam.resourcePath()).isEqualTo("path/ecsTaskExecutionRole");
    }

    @Test
    void otherPartitionsAreKept() {
        assertThat(Arn.parse("arn:aws-us-gov:ecs:us-gov-west-1:1:cluster/x").map(Arn::partition)).contains("aws-us-gov");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"arn", "arn:", "arn:aws:ecs:us-east-1:123", "arn:aws:ecs:us-east-1:123:", "arn::ecs:r:a:cluster/x",
            "arn:aws::r:a:cluster/x", "ARN:aws:ecs:r:a:cluster/x", "web:3", "cluster/default", " arn:aws:ecs:r:a:cluster/x",
            "urn:aws:ecs:r:a:cluster/x"})
    void textThatIsNotAnArnParsesToNothing(String text) {
        assertThat(Arn.parse(text)).isEqualTo(Optional.empty());
    }

    @Test
    void looksLikeArnOnlyChecksThePrefix() {
        assertThat(Arn.looksLikeArn("arn:broken")).isTrue();
        assertThat(Arn.looksLikeArn("web:3")).isFalse();
        assertThat(Arn.looksLikeArn(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:ecs:us-east-1:123456789012:cluster/default",
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", "arn:aws:s3:::bucket",
            "arn:aws:secretsmanager:us-west-1:1:secret:a-AbCdEf:k:s:v", "arn:aws:sns:us-east-1:1:topic"})
    void renderingAParsedArnGivesBackTheSameText(String text) {
        assertThat(Arn.parse(text).orElseThrow().toString()).isEqualTo(text);
    }

    @Test
    void aResourceWithoutSlashIsAllTypeAndNoPath() {
        Arn topic = Arn.parse("arn:aws:sns:us-east-1:1:alerts").orElseThrow();

        assertThat(topic.resourceType()).isEqualTo("alerts");
        assertThat(topic.resourcePath()).isEmpty();
    }

    @Test
    void noPartMayBeNull() {
        assertThatNullPointerException().isThrownBy(() -> new Arn("aws", "ecs", null, "1", "cluster/x"))
                .withMessage("region");
    }

    @Test
    void ecsArnsUseTheLongFormatWithTheCallersRegionAndAccount() {
        EcsArns arns = new EcsArns("eu-central-1", "000000000000");

        assertThat(arns.cluster("default")).isEqualTo("arn:aws:ecs:eu-central-1:000000000000:cluster/default");
        assertThat(arns.taskDefinition("web", 12)).isEqualTo("arn:aws:ecs:eu-central-1:000000000000:task-definition/web:12");
        assertThat(arns.registeredBy()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(Arn.parse(arns.taskDefinition("web", 12)).orElseThrow().resourcePath()).isEqualTo("web:12");
    }
}
