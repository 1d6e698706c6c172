package dev.berth.lb.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.lb.config.ActionSpec;
import dev.berth.lb.config.Condition;
import dev.berth.lb.config.RuleSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final RuleSpec DEFAULT = new RuleSpec("arn:default", RuleSpec.DEFAULT_PRIORITY, List.of(),
            new ActionSpec.FixedResponse(404, "text/plain", "no rule"));

    @Test
    void pathPatternIsCaseSensitiveWithWildcards() {
        Router router = router(rule(1, new Condition.PathPattern(List.of("/img/*"))));

        assertThat(matchedPriority(router, request().path("/img/picture.jpg"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().path("/img/"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().path("/IMG/x"))).isNull();
        assertThat(matchedPriority(router, request().path("/img"))).isNull();
    }

    @Test
    void pathIsMatchedAsReceived() {
        Router router = router(rule(1, new Condition.PathPattern(List.of("/a b"))));

        assertThat(matchedPriority(router, request().path("/a%20b"))).isNull();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        Router router = router(rule(1, new Condition.PathPattern(List.of("/v?/items"))));

        assertThat(matchedPriority(router, request().path("/v1/items"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().path("/v/items"))).isNull();
        assertThat(matchedPriority(router, request().path("/v12/items"))).isNull();
    }

    @Test
    void hostHeaderIsCaseInsensitiveAndNeedsTheDotBeforeTheWildcard() {
        Router router = router(rule(1, new Condition.HostHeader(List.of("*.example.com"))));

        assertThat(matchedPriority(router, request().host("test.example.com"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().host("TEST.Example.com"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().host("example.com"))).isNull();
        assertThat(matchedPriority(router, request().host(null))).isNull();
    }

    @Test
    void hostHeaderIgnoresThePort() {
        Router router = router(rule(1, new Condition.HostHeader(List.of("api.example.com"))));

        assertThat(matchedPriority(router, request().host("api.example.com:8080"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().host("api.example.com"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().host("api.example.com.evil:80"))).isNull();
    }

    @Test
    void aPathRuleBeforeTheDefault() {
        RuleSpec backend = rule(10, new Condition.PathPattern(List.of("/planscape-backend/*")));
        Router router = router(backend);

        assertThat(router.match(request().path("/planscape-backend/api/plans"))).isSameAs(backend);
        assertThat(router.match(request().path("/planscape-frontend/index.html"))).isSameAs(DEFAULT);
        assertThat(router.match(request().path("/planscape-backend"))).isSameAs(DEFAULT);
    }

    @Test
    void theFirstMatchingRuleInListOrderWins() {
        Router router = router(rule(5, new Condition.PathPattern(List.of("/api/*"))),
                rule(1, new Condition.PathPattern(List.of("/api/v1/*"))));

        // The list order is the evaluation order; priorities were sorted by whoever built it.
        assertThat(matchedPriority(router, request().path("/api/v1/x"))).isEqualTo(5);
    }

    @Test
    void conditionsAreAndedAndValuesOred() {
        Router router = router(rule(1,
                new Condition.HostHeader(List.of("a.example.com", "b.example.com")),
                new Condition.PathPattern(List.of("/x/*", "/y/*"))));

        assertThat(matchedPriority(router, request().host("a.example.com").path("/x/1"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().host("b.example.com").path("/y/1"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().host("c.example.com").path("/x/1"))).isNull();
        assertThat(matchedPriority(router, request().host("a.example.com").path("/z/1"))).isNull();
    }

    @Test
    void httpHeaderNameAndValueAreCaseInsensitiveWithWildcards() {
        Router router = router(rule(1, new Condition.HttpHeader("User-Agent", List.of("*Mobile*"))));

        assertThat(matchedPriority(router, request().header("user-agent", "Foo MOBILE Safari"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().header("USER-AGENT", "Desktop"))).isNull();
        assertThat(matchedPriority(router, request())).isNull();
    }

    @Test
    void everyOccurrenceOfARepeatedHeaderIsTried() {
        Router router = router(rule(1, new Condition.HttpHeader("X-Tag", List.of("blue"))));

        assertThat(matchedPriority(router, request().header("X-Tag", "green").header("x-tag", "Blue"))).isEqualTo(1);
    }

    @Test
    void queryStringWithAKey() {
        Router router = router(rule(1, new Condition.QueryString(List.of(new Condition.KeyValue("version", "v1*")))));

        assertThat(matchedPriority(router, request().query("a=b&Version=V1.2"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().query("version=v2"))).isNull();
        assertThat(matchedPriority(router, request().query("other=v1"))).isNull();
        assertThat(matchedPriority(router, request().query(null))).isNull();
    }

    @Test
    void queryStringWithoutAKeyMatchesAnyKey() {
        Router router = router(rule(1, new Condition.QueryString(List.of(new Condition.KeyValue(null, "example")))));

        assertThat(matchedPriority(router, request().query("x=1&anything=EXAMPLE"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().query("example"))).isNull();
        assertThat(matchedPriority(router, request().query("x=examples"))).isNull();
    }

    @Test
    void queryStringIsComparedUrlDecoded() {
        Router router = router(rule(1, new Condition.QueryString(List.of(new Condition.KeyValue("q", "hello world")))),
                rule(2, new Condition.QueryString(List.of(new Condition.KeyValue("name", "zoë")))),
                rule(3, new Condition.QueryString(List.of(new Condition.KeyValue("a&b", "c")))));

        assertThat(matchedPriority(router, request().query("q=hello+world"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().query("q=hello%20World"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().query("name=zo%C3%AB"))).isEqualTo(2);
        assertThat(matchedPriority(router, request().query("a%26b=c"))).isEqualTo(3);
        assertThat(matchedPriority(router, request().query("q=hello%2"))).isNull();
    }

    @Test
    void escapedWildcardsInAQueryStringAreLiteral() {
        Router router = router(rule(1, new Condition.QueryString(List.of(new Condition.KeyValue("f", "a\\*b\\?")))));

        assertThat(matchedPriority(router, request().query("f=a*b?"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().query("f=a%2Ab%3F"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().query("f=axxbc"))).isNull();
        assertThat(matchedPriority(router, request().query("f=a*bc"))).isNull();
    }

    @Test
    void requestMethodIsExact() {
        Router router = router(rule(1, new Condition.RequestMethod(List.of("GET", "HEAD"))));

        assertThat(matchedPriority(router, request().method("HEAD"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().method("get"))).isNull();
        assertThat(matchedPriority(router, request().method("POST"))).isNull();
    }

    @Test
    void sourceIpInIpv4Blocks() {
        Router router = router(rule(1, new Condition.SourceIp(List.of("192.0.2.7/32"))),
                rule(2, new Condition.SourceIp(List.of("198.51.100.0/24", "203.0.113.0/25"))));

        assertThat(matchedPriority(router, request().source("192.0.2.7"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().source("192.0.2.8"))).isNull();
        assertThat(matchedPriority(router, request().source("198.51.100.255"))).isEqualTo(2);
        assertThat(matchedPriority(router, request().source("203.0.113.127"))).isEqualTo(2);
        assertThat(matchedPriority(router, request().source("203.0.113.128"))).isNull();
        assertThat(matchedPriority(router, request().source("2001:db8::1"))).isNull();
    }

    @Test
    void sourceIpInIpv6Blocks() {
        Router router = router(rule(1, new Condition.SourceIp(List.of("2001:db8:1:2::/64"))),
                rule(2, new Condition.SourceIp(List.of("::/0"))));

        assertThat(matchedPriority(router, request().source("2001:db8:1:2:ffff::1"))).isEqualTo(1);
        assertThat(matchedPriority(router, request().source("2001:db8:1:3::1"))).isEqualTo(2);
        assertThat(matchedPriority(router, request().source("10.0.0.1"))).isNull();
    }

    @Test
    void hostBitsOfABlockAreIgnored() {
        Router router = router(rule(1, new Condition.SourceIp(List.of("10.1.2.3/16"))));

        assertThat(matchedPriority(router, request().source("10.1.200.9"))).isEqualTo(1);
    }

    @Test
    void malformedBlocksAreRejectedWhenCompiling() {
        for (String bad : List.of("10.0.0.0", "10.0.0/8", "10.0.0.256/32", "10.0.0.0/33", "2001:db8::/129",
                "example.com/32", "fe80::1%eth0/64", "::ffff:10.0.0.0/104")) {
            assertThatThrownBy(() -> router(rule(1, new Condition.SourceIp(List.of(bad)))))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }

    @Test
    void theDefaultRuleMatchesEverything() {
        Router router = Router.compile(List.of(DEFAULT));

        assertThat(router.match(request())).isSameAs(DEFAULT);
        assertThat(router.match(request().path("/any").host(null).method("DELETE").source("::1"))).isSameAs(DEFAULT);
    }

    @Test
    void aListWithoutTheDefaultRuleLastIsRejected() {
        assertThatThrownBy(() -> Router.compile(List.of(rule(1, new Condition.PathPattern(List.of("/"))))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Router router(RuleSpec... rules) {
        List<RuleSpec> all = new ArrayList<>(List.of(rules));
        all.add(DEFAULT);
        return Router.compile(all);
    }

    private static RuleSpec rule(int priority, Condition... conditions) {
        return new RuleSpec("arn:rule/" + priority, priority, List.of(conditions),
                ActionSpec.Forward.to("arn:tg/" + priority));
    }

    /** The matched rule's priority, null for the default rule. */
    private static Integer matchedPriority(Router router, FakeRequest request) {
        RuleSpec rule = router.match(request);
        return rule.isDefault() ? null : rule.priority();
    }

    private static FakeRequest request() {
        return new FakeRequest("GET", "/", null, "www.example.com", List.of(), address("192.0.2.1"));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private record FakeRequest(String method, String path, String rawQuery, String host,
                               List<Map.Entry<String, String>> headers, InetAddress sourceAddress)
            implements RequestFacts {
        @Override
        public List<String> headerValues(String name) {
            return headers.stream().filter(h -> h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .map(Map.Entry::getValue).toList();
        }

        FakeRequest method(String method) {
            return new FakeRequest(method, path, rawQuery, host, headers, sourceAddress);
        }

        FakeRequest path(String path) {
            return new FakeRequest(method, path, rawQuery, host, headers, sourceAddress);
        }

        FakeRequest query(String rawQuery) {
            return new FakeRequest(method, path, rawQuery, host, headers, sourceAddress);
        }

        FakeRequest host(String host) {
            return new FakeRequest(method, path, rawQuery, host, headers, sourceAddress);
        }

        FakeRequest header(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(name, value));
            return new FakeRequest(method, path, rawQuery, host, List.copyOf(more), sourceAddress);
        }

        FakeRequest source(String literal) {
            return new FakeRequest(method, path, rawQuery, host, headers, address(literal));
        }
    }
}
