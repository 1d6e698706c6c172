package dev.berth.server.edge;

import dev.berth.aws.protocol.HttpRequestView;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request read in full on the event loop and copied, so a virtual thread can work on it
 * without touching Vert.x objects. Immutable.
 */
record BufferedRequest(String method, String path, String rawQuery, List<Map.Entry<String, String>> headers,
                       byte[] body) implements HttpRequestView {
    @Override
    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
