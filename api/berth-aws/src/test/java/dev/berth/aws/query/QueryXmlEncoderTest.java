package dev.berth.aws.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.domain.error.ElbErrors;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Outputs in their awsJson form written as the query protocol's XML, against the real elbv2 model. */
class QueryXmlEncoderTest {
    private static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    private final QueryXmlEncoder encoder = new QueryXmlEncoder(QueryModel.load("elbv2"));

    @Test
    void writesMembersInModelOrderWithNestedListsAndStructures() throws Exception {
        JsonNode output = json("""
                {"TargetGroups":[{"Matcher":{"HttpCode":"200"},"TargetGroupName":"tg","Port":80,"HealthCheckEnabled":true,
                  "LoadBalancerArns":["arn:lb1","arn:lb2"],"TargetGroupArn":"arn:tg","HealthCheckPath":null,
                  "Unknown":"dropped"}]}""");

        assertThat(xml(encoder.result("CreateTargetGroup", output, "rid"))).isEqualTo(
                "<CreateTargetGroupResponse xmlns=\"" + NS + "\"><CreateTargetGroupResult><TargetGroups><member>"
                + "<TargetGroupArn>arn:tg</TargetGroupArn><TargetGroupName>tg</TargetGroupName><Port>80</Port>"
                + "<HealthCheckEnabled>true</HealthCheckEnabled><Matcher><HttpCode>200</HttpCode></Matcher>"
                + "<LoadBalancerArns><member>arn:lb1</member><member>arn:lb2</member></LoadBalancerArns>"
                + "</member></TargetGroups></CreateTargetGroupResult>"
                + "<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></CreateTargetGroupResponse>");
    }

    @Test
    void writesTimestampsAsIsoUtcWithMillisecondsFromEpochSecondsOrText() throws Exception {
        JsonNode output = json("""
                {"LoadBalancers":[{"CreatedTime":1795334400.5,"AvailabilityZones":[{"ZoneName":"a",
                  "LoadBalancerAddresses":[{"IpAddress":"10.0.0.1"}]}],"SecurityGroups":[]},
                  {"CreatedTime":"2026-11-22T09:00:00+01:00"},{"CreatedTime":1795334400}]}""");

        String xml = xml(encoder.result("CreateLoadBalancer", output, "rid"));

        assertThat(xml).contains("<member><CreatedTime>2026-11-22T08:00:00.500Z</CreatedTime><AvailabilityZones><member>"
                + "<ZoneName>a</ZoneName><LoadBalancerAddresses><member><IpAddress>10.0.0.1</IpAddress></member>"
                + "</LoadBalancerAddresses></member></AvailabilityZones><SecurityGroups></SecurityGroups></member>"
                + "<member><CreatedTime>2026-11-22T08:00:00.000Z</CreatedTime></member>"
                + "<member><CreatedTime>2026-11-22T08:00:00.000Z</CreatedTime></member>");
    }

    @Test
    void writesMapsAsEntries() throws Exception {
        JsonNode output = json("""
                {"Rules":[{"Priority":5,"IsDefault":false,"Actions":[{"Type":"authenticate-oidc",
                  "AuthenticateOidcConfig":{"AuthenticationRequestExtraParams":{"prompt":"login","a&b":"<c>"}}}]}]}""");

        assertThat(xml(encoder.result("DescribeRules", output, "rid"))).contains("<Rules><member><Priority>5</Priority>"
                + "<Actions><member><Type>authenticate-oidc</Type><AuthenticateOidcConfig><AuthenticationRequestExtraParams>"
                + "<entry><key>prompt</key><value>login</value></entry><entry><key>a&amp;b</key><value>&lt;c&gt;</value>"
                + "</entry></AuthenticationRequestExtraParams></AuthenticateOidcConfig></member></Actions>"
                + "<IsDefault>false</IsDefault></member></Rules>");
    }

    @Test
    void escapesMarkupAndReplacesWhatXmlCannotCarry() {
        StringBuilder xml = new StringBuilder();
        QueryXmlEncoder.escape(xml, "a<b>&\"c\"\r\n\td\u0000e\uD800f😀");

        assertThat(xml.toString()).isEqualTo("a&lt;b&gt;&amp;&quot;c&quot;&#xD;\n\td\uFFFDe\uFFFDf😀");
    }

    @Test
    void anErrorIsSenderForClientMistakesAndReceiverForFaults() {
        assertThat(xml(QueryXmlEncoder.error(NS, ElbErrors.PRIORITY_IN_USE, "Priority '26' is currently in use", "r")))
                .isEqualTo("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>PriorityInUse</Code>"
                        + "<Message>Priority '26' is currently in use</Message></Error><RequestId>r</RequestId>"
                        + "</ErrorResponse>");
        assertThat(xml(QueryXmlEncoder.error(null, ElbErrors.HEALTH_UNAVAILABLE, "later", "r")))
                .startsWith("<ErrorResponse><Error><Type>Receiver</Type><Code>HealthUnavailable</Code>");
    }

    @Test
    void anOutputThatDoesNotFitTheModelIsAFaultNotBrokenXml() throws Exception {
        assertThatThrownBy(() -> encoder.result("CreateTargetGroup", json("{\"TargetGroups\":{\"x\":1}}"), "r"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CreateTargetGroup output.TargetGroups");
        assertThatThrownBy(() -> encoder.result("CreateLoadBalancer",
                json("{\"LoadBalancers\":[{\"CreatedTime\":\"yesterday\"}]}"), "r"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CreatedTime");
        assertThatThrownBy(() -> encoder.result("CreateTargetGroup", json("{\"TargetGroups\":[{\"Port\":\"eighty\"}]}"), "r"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TargetGroups[0].Port");
    }

    private static JsonNode json(String text) throws Exception {
        return AwsJson.mapper().readTree(text);
    }

    private static String xml(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
