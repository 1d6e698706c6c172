package dev.berth.aws.query;

import dev.berth.aws.protocol.HttpRequestView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A query-protocol request as the AWS CLI sends it, for tests. */
record FormRequest(String method, String path, String rawQuery, List<Map.Entry<String, String>> headers, byte[] body)
        implements HttpRequestView {

    /** {@code POST /} with a form body, the way botocore sends every query-protocol call. */
    @SafeVarargs
    static FormRequest post(String form, Map.Entry<String, String>... extraHeaders) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));
        headers.addAll(List.of(extraHeaders));
        return new FormRequest("POST", "/", "", headers, form.getBytes(StandardCharsets.UTF_8));
    }

    static FormRequest get(String query) {
        return new FormRequest("GET", "/", query, List.of(), new byte[0]);
    }

    @Override
    public String header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst()
                .orElse(null);
    }
}
