package dev.berth.lb.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.lb.config.ActionSpec;
import org.junit.jupiter.api.Test;

class RedirectsTest {
    @Test
    void httpToHttpsKeepsEverythingElse() {
        ActionSpec.Redirect redirect = new ActionSpec.Redirect("HTTPS", null, "443", null, null, 301);

        assertThat(Redirects.location(redirect, "http", "www.example.com", 80, "/a/b", "x=1&y=2"))
                .isEqualTo("https://www.example.com/a/b?x=1&y=2");
    }

    @Test
    void nullComponentsKeepTheRequests() {
        ActionSpec.Redirect redirect = new ActionSpec.Redirect(null, "other.example.com", null, null, null, 302);

        assertThat(Redirects.location(redirect, "http", "www.example.com", 8080, "/p", null))
                .isEqualTo("http://other.example.com:8080/p");
    }

    @Test
    void keywordsAreReplaced() {
        ActionSpec.Redirect redirect = new ActionSpec.Redirect("#{protocol}", "example.#{host}", "#{port}",
                "/new/#{path}", "#{query}&value=xyz", 301);

        assertThat(Redirects.location(redirect, "https", "com", 8443, "/old/page", "a=1"))
                .isEqualTo("https://example.com:8443/new/old/page?a=1&value=xyz");
    }

    @Test
    void theProtocolIsPrintedInLowerCase() {
        ActionSpec.Redirect redirect = new ActionSpec.Redirect("HTTP", null, "80", null, null, 301);

        assertThat(Redirects.location(redirect, "https", "example.com", 443, "/", null)).isEqualTo("http://example.com/");
    }

    @Test
    void theDefaultPortOfTheNewProtocolIsLeftOut() {
        ActionSpec.Redirect toHttps = new ActionSpec.Redirect("HTTPS", null, "443", null, null, 301);
        ActionSpec.Redirect keepPort = new ActionSpec.Redirect("HTTPS", null, null, null, null, 301);

        assertThat(Redirects.location(toHttps, "http", "example.com", 80, "/", null)).isEqualTo("https://example.com/");
        assertThat(Redirects.location(keepPort, "http", "example.com", 80, "/", null))
                .isEqualTo("https://example.com:80/");
    }

    @Test
    void anEmptyQueryLeavesNoQuestionMark() {
        ActionSpec.Redirect redirect = new ActionSpec.Redirect(null, null, null, "/elsewhere", "#{query}", 302);

        assertThat(Redirects.location(redirect, "http", "example.com", 80, "/", null)).isEqualTo("http://example.com/elsewhere");
        assertThat(Redirects.location(redirect, "http", "example.com", 80, "/", "")).isEqualTo("http://example.com/elsewhere");
    }

    @Test
    void keywordsInTheRequestAreNotExpandedAgain() {
        ActionSpec.Redirect redirect = new ActionSpec.Redirect(null, "new.example.com", null, "/x/#{path}", null, 301);

        assertThat(Redirects.location(redirect, "http", "example.com", 80, "/#{host}", null))
                .isEqualTo("http://new.example.com/x/#{host}");
    }

    @Test
    void unknownKeywordsStayAsWritten() {
        ActionSpec.Redirect redirect = new ActionSpec.Redirect(null, null, null, "/#{nope}/#{path}", null, 301);

        assertThat(Redirects.location(redirect, "http", "example.com", 80, "/a", null))
                .isEqualTo("http://example.com/#{nope}/a");
    }

    @Test
    void anIpv6HostIsBracketed() {
        ActionSpec.Redirect redirect = new ActionSpec.Redirect("HTTPS", null, null, null, null, 301);

        assertThat(Redirects.location(redirect, "http", "2001:db8::1", 8080, "/", null))
                .isEqualTo("https://[2001:db8::1]:8080/");
    }
}
