package dev.berth.aws.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.auth.AcceptAnyCredentials;
import dev.berth.aws.auth.Authenticator;
import dev.berth.aws.auth.SigV4Verifier;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.model.ValidationErrors;
import dev.berth.aws.protocol.AwsResponse;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.ElbErrors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query pipeline without HTTP, against the real elbv2 model: decoding, routing, errors, the fault barrier. */
class QueryDispatcherTest {
    private static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private static final String REQUEST_ID = "01234567-89ab-cdef-0123-456789abcdef";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private final List<String> observed = new ArrayList<>();
    private ObjectNode received;
    private RequestContext context;

    private final QueryService elbv2 = QueryService.builder("elbv2", elbErrors())
            .operation("CreateTargetGroup", this::capture)
            .operation("CreateListener", this::capture)
            .operation("CreateLoadBalancer", this::capture)
            .operation("CreateRule", this::capture)
            .operation("RegisterTargets", this::capture)
            .operation("DescribeLoadBalancers", (context, input) -> {
                throw new ApiException(ElbErrors.LOAD_BALANCER_NOT_FOUND, "Load balancers '[a<b>&c]' not found");
            })
            .operation("DescribeTargetHealth", (context, input) -> {
                throw new IllegalStateException("secret internal detail");
            })
            .build();
    private final QueryDispatcher dispatcher = dispatcher(new AcceptAnyCredentials("us-east-1"));

    private static ValidationErrors elbErrors() {
        return new ValidationErrors(ElbErrors.VALIDATION, ElbErrors.VALIDATION);
    }

    private QueryDispatcher dispatcher(Authenticator authenticator) {
        return new QueryDispatcher(List.of(elbv2), authenticator, "000000000000", CLOCK,
                () -> "0123456789abcdef0123456789abcdef", (service, operation, status, nanos) ->
                observed.add(service + " " + operation + " " + status));
    }

    private JsonNode capture(RequestContext context, ObjectNode input) {
        this.context = context;
        this.received = input;
        return null;
    }

    @Test
    void decodesNestedStructuresListsNumbersAndBooleansIntoTheAwsJsonForm() throws Exception {
        AwsResponse response = dispatcher.dispatch(FormRequest.post("Action=CreateListener&Version=2015-12-01"
                + "&LoadBalancerArn=arn%3Alb&Protocol=HTTP&Port=80"
                + "&DefaultActions.member.1.Type=forward"
                + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn=arn%3Atg1"
                + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight=1"
                + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn=arn%3Atg2"
                + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight=3"
                + "&DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled=false"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(received).isEqualTo(json("""
                {"LoadBalancerArn":"arn:lb","Protocol":"HTTP","Port":80,"DefaultActions":[{"Type":"forward",
                 "ForwardConfig":{"TargetGroups":[{"TargetGroupArn":"arn:tg1","Weight":1},
                                                  {"TargetGroupArn":"arn:tg2","Weight":3}],
                                  "TargetGroupStickinessConfig":{"Enabled":false}}}]}"""));
    }

    @Test
    void listsFollowTheirNumbersNotTheOrderOfTheParameters() throws Exception {
        dispatcher.dispatch(FormRequest.post("Action=RegisterTargets&TargetGroupArn=tg"
                + "&Targets.member.10.Id=ten&Targets.member.2.Id=two&Targets.member.2.Port=8080&Targets.member.1.Id=one"));

        assertThat(received).isEqualTo(json("""
                {"TargetGroupArn":"tg","Targets":[{"Id":"one"},{"Id":"two","Port":8080},{"Id":"ten"}]}"""));
    }

    @Test
    void decodesMapsAndLongs() throws Exception {
        String oidc = "&Actions.member.1.AuthenticateOidcConfig.";
        AwsResponse response = dispatcher.dispatch(FormRequest.post("Action=CreateRule&ListenerArn=l&Priority=10"
                + "&Conditions.member.1.Field=path-pattern&Conditions.member.1.Values.member.1=%2Fapi%2F*"
                + "&Actions.member.1.Type=authenticate-oidc&Actions.member.1.Order=1"
                + oidc + "Issuer=https%3A%2F%2Fi" + oidc + "AuthorizationEndpoint=https%3A%2F%2Fa"
                + oidc + "TokenEndpoint=https%3A%2F%2Ft" + oidc + "UserInfoEndpoint=https%3A%2F%2Fu"
                + oidc + "ClientId=c" + oidc + "SessionTimeout=604800"
                + oidc + "AuthenticationRequestExtraParams.entry.1.key=prompt"
                + oidc + "AuthenticationRequestExtraParams.entry.1.value=login"
                + oidc + "AuthenticationRequestExtraParams.entry.2.key=display"
                + oidc + "AuthenticationRequestExtraParams.entry.2.value=page%20one"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(received.get("Priority").isInt()).isTrue();
        assertThat(received.at("/Actions/0/AuthenticateOidcConfig")).isEqualTo(json("""
                {"Issuer":"https://i","AuthorizationEndpoint":"https://a","TokenEndpoint":"https://t",
                 "UserInfoEndpoint":"https://u","ClientId":"c","SessionTimeout":604800,
                 "AuthenticationRequestExtraParams":{"prompt":"login","display":"page one"}}"""));
        assertThat(received.at("/Conditions/0/Values")).isEqualTo(json("[\"/api/*\"]"));
    }

    @Test
    void aBareNameIsAnEmptyListAndOtherParametersAreIgnored() throws Exception {
        dispatcher.dispatch(FormRequest.post("Action=CreateLoadBalancer&Version=2015-12-01&Name=lb&SecurityGroups="
                + "&Subnets.member.1=subnet-a&NotInTheModel=x"));

        assertThat(received).isEqualTo(json("""
                {"Name":"lb","Subnets":["subnet-a"],"SecurityGroups":[]}"""));
    }

    @Test
    void textThatIsNotANumberIsRefusedNamingTheField() {
        AwsResponse response = dispatcher.dispatch(FormRequest.post(
                "Action=CreateTargetGroup&Name=tg&HealthCheckIntervalSeconds=thirty"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(text(response)).contains("<Code>ValidationError</Code>")
                .contains("HealthCheckIntervalSeconds must be a whole number; got 'thirty'.");
    }

    @Test
    void textThatIsNotABooleanIsRefusedNamingTheField() {
        AwsResponse response = dispatcher.dispatch(FormRequest.post(
                "Action=CreateListener&LoadBalancerArn=lb&DefaultActions.member.1.Type=forward"
                + "&DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled=yes"));

        assertThat(text(response)).contains("<Code>ValidationError</Code>").contains(
                "DefaultActions[0].ForwardConfig.TargetGroupStickinessConfig.Enabled must be true or false; got 'yes'.");
    }

    @Test
    void modelRulesAreCheckedByTheValidatorWithElbsErrorCode() {
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=CreateTargetGroup&Port=80"))))
                .contains("<Code>ValidationError</Code>").contains("<Message>Name is required.</Message>");
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=RegisterTargets&TargetGroupArn=tg"
                + "&Targets.member.1.Port=80")))).contains("Targets[0].Id is required.");
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=CreateTargetGroup&Name=tg"
                + "&HealthCheckIntervalSeconds=301")))).contains("HealthCheckIntervalSeconds must be at most 300; got 301.");
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=CreateTargetGroup&Name=tg&Protocol=FOO"))))
                .contains("Protocol must be one of HTTP, HTTPS");
        assertThat(received).isNull();
    }

    @Test
    void malformedListsAndMapsAreRefusedNamingTheField() {
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=CreateLoadBalancer&Name=lb&Subnets=subnet-a"))))
                .contains("Subnets must be a list given as Subnets.member.1");
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=CreateLoadBalancer&Name=lb"
                + "&Subnets.member.0=subnet-a")))).contains("Subnets must be numbered from 1; got the position '0'.");
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=CreateLoadBalancer&Name=lb"
                + "&Subnets.item.1=subnet-a")))).contains("Subnets must be a list given as");
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=CreateListener&LoadBalancerArn=lb"
                + "&DefaultActions.member.1.Type=forward&DefaultActions.member.1.ForwardConfig=x"))))
                .contains("DefaultActions[0].ForwardConfig must be a structure");
        assertThat(received).isNull();
    }

    @Test
    void brokenEncodingAndRepeatedParametersAreRefused() {
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=CreateLoadBalancer&Name=%zz"))))
                .contains("<Code>InvalidQueryParameter</Code>");
        assertThat(text(dispatcher.dispatch(FormRequest.post("Action=CreateLoadBalancer&Name=a&Name=b"))))
                .contains("<Code>InvalidQueryParameter</Code>").contains("'Name' is given more than once");
    }

    @Test
    void theOperationGetsTheCallersRegionAndTheTime() {
        AwsResponse response = dispatcher.dispatch(FormRequest.post("Action=CreateLoadBalancer&Name=lb",
                Map.entry("Authorization", "AWS4-HMAC-SHA256 Credential=AK/20261122/ap-south-1/elasticloadbalancing/"
                        + "aws4_request, SignedHeaders=host, Signature=x")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(context.region()).isEqualTo("ap-south-1");
        assertThat(context.accessKeyId()).isEqualTo("AK");
        assertThat(context.receivedAt()).isEqualTo(CLOCK.instant());
        assertThat(context.requestId()).isEqualTo(REQUEST_ID);
        assertThat(response.headers()).containsEntry("x-amzn-RequestId", REQUEST_ID)
                .containsEntry("Content-Type", "text/xml");
        assertThat(observed).containsExactly("elasticloadbalancing CreateLoadBalancer 200");
    }

    @Test
    void anEmptyResultIsStillWrapped() {
        AwsResponse response = dispatcher.dispatch(FormRequest.post("Action=RegisterTargets&TargetGroupArn=tg"
                + "&Targets.member.1.Id=i-1"));

        assertThat(text(response)).isEqualTo("<RegisterTargetsResponse xmlns=\"" + NS + "\">"
                + "<RegisterTargetsResult></RegisterTargetsResult>"
                + "<ResponseMetadata><RequestId>" + REQUEST_ID + "</RequestId></ResponseMetadata>"
                + "</RegisterTargetsResponse>");
    }

    @Test
    void theQueryStringOfAGetIsReadLikeAForm() {
        AwsResponse response = dispatcher.dispatch(FormRequest.get("Action=CreateLoadBalancer&Version=2015-12-01"
                + "&Name=lb&Subnets.member.1=s%2D1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(received.at("/Subnets/0").asText()).isEqualTo("s-1");
    }

    @Test
    void anOperationErrorIsAnErrorResponseWithItsCodeAndStatus() {
        AwsResponse response = dispatcher.dispatch(FormRequest.post("Action=DescribeLoadBalancers&Names.member.1=a"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("Content-Type", "text/xml").containsEntry("x-amzn-RequestId", REQUEST_ID);
        assertThat(text(response)).isEqualTo("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                + "<Code>LoadBalancerNotFound</Code><Message>Load balancers '[a&lt;b&gt;&amp;c]' not found</Message>"
                + "</Error><RequestId>" + REQUEST_ID + "</RequestId></ErrorResponse>");
    }

    @Test
    void anUnexpectedFailureIsA500ThatRevealsNothingInternal() {
        AwsResponse response = dispatcher.dispatch(FormRequest.post("Action=DescribeTargetHealth&TargetGroupArn=tg"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(text(response)).contains("<Type>Receiver</Type><Code>InternalFailure</Code>")
                .contains(REQUEST_ID).doesNotContain("secret");
        assertThat(observed).containsExactly("elasticloadbalancing DescribeTargetHealth 500");
    }

    @Test
    void anActionNoModelHasIsInvalidAndNamed() {
        AwsResponse response = dispatcher.dispatch(FormRequest.post("Action=LaunchRockets&Version=2015-12-01"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(text(response)).startsWith("<ErrorResponse><Error>").contains("<Code>InvalidAction</Code>")
                .contains("The action LaunchRockets is not valid for this web service.");
        assertThat(observed).containsExactly("unknown unknown 400");
    }

    @Test
    void aRequestWithoutActionSaysSo() {
        assertThat(text(dispatcher.dispatch(FormRequest.post("Version=2015-12-01&Name=x"))))
                .contains("<Code>MissingAction</Code>");
    }

    @Test
    void actionsOfTheModelNotBuiltYetSaySo() {
        AwsResponse response = dispatcher.dispatch(FormRequest.post("Action=DescribeRules&Version=2015-12-01"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(text(response)).contains("<Code>InvalidAction</Code>")
                .contains("Berth does not implement Elastic Load Balancing v2 DescribeRules yet.");
        assertThat(observed).containsExactly("elasticloadbalancing DescribeRules 400");
    }

    @Test
    void authenticationErrorsUseTheQuerySpellingOfTheirCodes() {
        QueryDispatcher verifying = dispatcher(new SigV4Verifier(Map.of("AK", "secret"), CLOCK));

        AwsResponse response = verifying.dispatch(FormRequest.post("Action=CreateLoadBalancer&Name=lb"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(text(response)).contains("<Code>MissingAuthenticationToken</Code>");
        assertThat(received).isNull();
    }

    @Test
    void acceptsFormsAndActionQueriesOnTheRootOnly() {
        assertThat(QueryDispatcher.accepts(FormRequest.post("Action=X"))).isTrue();
        assertThat(QueryDispatcher.accepts(FormRequest.get("Version=1&Action=X"))).isTrue();
        assertThat(QueryDispatcher.accepts(FormRequest.get("Version=1"))).isFalse();
        assertThat(QueryDispatcher.accepts("POST", "/", "application/x-amz-json-1.1", "")).isFalse();
        assertThat(QueryDispatcher.accepts("POST", "/v1/agent", "application/x-www-form-urlencoded", "")).isFalse();
        assertThat(QueryDispatcher.accepts("PUT", "/", "application/x-www-form-urlencoded", "")).isFalse();
    }

    @Test
    void servicesRefuseWhatTheirModelDoesNotHave() {
        assertThatThrownBy(() -> QueryService.builder("elbv2", elbErrors()).operation("RunTask", this::capture))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RunTask");
        assertThatThrownBy(() -> QueryService.builder("ecs", elbErrors()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("json");
        assertThatThrownBy(() -> new QueryDispatcher(List.of(elbv2, elbv2), new AcceptAnyCredentials("us-east-1"),
                "0", CLOCK, () -> "0123456789abcdef0123456789abcdef", (s, o, st, n) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(elbv2.xmlNamespace()).isEqualTo(NS);
        assertThat(elbv2.apiVersion()).isEqualTo("2015-12-01");
    }

    private static JsonNode json(String text) throws Exception {
        return AwsJson.mapper().readTree(text);
    }

    private static String text(AwsResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
