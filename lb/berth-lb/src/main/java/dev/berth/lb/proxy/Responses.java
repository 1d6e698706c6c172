package dev.berth.lb.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** The responses the proxy writes itself: errors, fixed responses, redirects. */
final class Responses {
    static final String TEXT = "text/plain; charset=utf-8";

    private Responses() {
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status < 300 ? "OK" : status < 400 ? "Redirect" : status < 500 ? "Client Error" : "Server Error";
        };
    }

    /** An error's body: "STATUS REASON: what happened". */
    static String errorText(int status, String detail) {
        String prefix = status + " " + reason(status);
        if (detail == null || detail.isEmpty()) {
            return prefix + "\n";
        }
        return (detail.startsWith(prefix) ? detail : prefix + ": " + detail) + "\n";
    }

    /**
     * @param keepAlive whether the connection stays open after it
     * @param http10 the client spoke HTTP/1.0 (keep-alive must then be said)
     * @param headOnly the request was a HEAD: no body
     */
    static ByteBuf build(ByteBufAllocator alloc, int status, String contentType, String body, String location,
                         boolean keepAlive, boolean http10, boolean headOnly) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder(160);
        s.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        s.append("Server: berth-lb\r\n");
        if (contentType != null && b.length > 0) {
            s.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (location != null) {
            s.append("Location: ").append(location).append("\r\n");
        }
        s.append("Content-Length: ").append(b.length).append("\r\n");
        if (!keepAlive) {
            s.append("Connection: close\r\n");
        } else if (http10) {
            s.append("Connection: keep-alive\r\n");
        }
        s.append("\r\n");
        byte[] head = s.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf out = alloc.buffer(head.length + (headOnly ? 0 : b.length));
        out.writeBytes(head);
        if (!headOnly) {
            out.writeBytes(b);
        }
        return out;
    }
}
