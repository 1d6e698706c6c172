package dev.berth.registry.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer to a {@link RegistryRequest}: a status, headers, and either bytes or a region of a
 * blob's file, which the edge sends without copying it through the JVM.
 *
 * @param status the HTTP status
 * @param headers the headers, in order (Content-Length included: a HEAD answer states the size it does not send)
 * @param body the body bytes; empty when {@code file} is set or there is none
 * @param file the file region to send, or null
 */
public record RegistryResponse(int status, Map<String, String> headers, byte[] body, FileRegion file) {
    /** @param length bytes from {@code offset} */
    public record FileRegion(Path path, long offset, long length) {
    }

    public static Builder status(int status) {
        return new Builder(status);
    }

    /** Collects headers; the API-version header every answer carries is set first. */
    public static final class Builder {
        private final int status;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder(int status) {
            this.status = status;
            headers.put("Docker-Distribution-API-Version", "registry/2.0");
        }

        public Builder header(String name, Object value) {
            headers.put(name, String.valueOf(value));
            return this;
        }

        public RegistryResponse empty() {
            headers.putIfAbsent("Content-Length", "0");
            return new RegistryResponse(status, headers, new byte[0], null);
        }

        public RegistryResponse json(String contentType, String text) {
            return bytes(contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        public RegistryResponse bytes(String contentType, byte[] body) {
            headers.put("Content-Type", contentType);
            headers.put("Content-Length", String.valueOf(body.length));
            return new RegistryResponse(status, headers, body, null);
        }

        /** A body the answer describes but does not carry: HEAD. */
        public RegistryResponse describing(String contentType, long length) {
            headers.put("Content-Type", contentType);
            headers.put("Content-Length", String.valueOf(length));
            return new RegistryResponse(status, headers, new byte[0], null);
        }

        public RegistryResponse file(String contentType, Path path, long offset, long length) {
            headers.put("Content-Type", contentType);
            headers.put("Content-Length", String.valueOf(length));
            return new RegistryResponse(status, headers, new byte[0], new FileRegion(path, offset, length));
        }
    }
}
