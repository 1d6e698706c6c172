package dev.berth.lb.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small blocking HTTP/1.1 server on a real socket, a thread per connection, that records what it
 * receives: the requests (with their headers and decoded bodies) and how many connections it
 * accepted. Handlers decide the answer, may sleep, answer chunked, or switch protocols and echo.
 */
public final class TestBackend implements AutoCloseable {
    public record Request(String method, String target, String version, Map<String, List<String>> headers,
                          byte[] body, int connection) {
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : String.join(", ", v);
        }

        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
    }

    /**
     * @param chunked send the body with chunked framing (in 64 KiB chunks)
     * @param upgrade answer 101 and echo every byte until the client closes
     */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean chunked, boolean upgrade) {
        public static Response ok(String body) {
            return new Response(200, Map.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8),
                    false, false);
        }

        public static Response chunked(byte[] body) {
            return new Response(200, Map.of("Content-Type", "application/octet-stream"), body, true, false);
        }

        public static Response switching() {
            return new Response(101, Map.of("Connection", "Upgrade", "Upgrade", "websocket"), new byte[0], false, true);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    private final String name;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backend");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Handler handler;

    public TestBackend(String name) throws IOException {
        this(name, r -> Response.ok(name));
    }

    public TestBackend(String name, Handler handler) throws IOException {
        this.name = name;
        this.handler = handler;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        threads.execute(this::accept);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getLocalPort();
    }

    public void handler(Handler h) {
        this.handler = h;
    }

    public int connectionsAccepted() {
        return connections.get();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request lastRequest() {
        return requests.getLast();
    }

    /** A port nothing listens on: connecting to it is refused. */
    public static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int n = connections.incrementAndGet();
                sockets.add(s);
                threads.execute(() -> serve(s, n));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                Request r = read(in, connection);
                if (r == null) {
                    return;
                }
                requests.add(r);
                Response resp = handler.handle(r);
                write(out, r, resp);
                if (resp.upgrade()) {
                    in.transferTo(out);
                    return;
                }
                String conn = r.header("Connection");
                boolean close = conn != null && conn.toLowerCase(Locale.ROOT).contains("close")
                        || "HTTP/1.0".equals(r.version()) && (conn == null || !conn.toLowerCase(Locale.ROOT).contains("keep-alive"));
                if (close) {
                    return;
                }
            }
        } catch (Exception e) {
            // the connection ends
        }
    }

    private static Request read(InputStream in, int connection) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1, 3 -> b == '\n' ? state + 1 : 0;
                default -> 0;
            };
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] first = lines[0].split(" ");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, c).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(c + 1).trim());
        }
        byte[] body = new byte[0];
        List<String> te = headers.get("Transfer-Encoding");
        List<String> cl = headers.get("Content-Length");
        if (te != null && String.join(",", te).toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in);
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl.getFirst()));
        }
        return new Request(first[0], first[1], first[2], headers, body, connection);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in);
            int semi = line.indexOf(';');
            int size = Integer.parseInt((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    private void write(OutputStream out, Request r, Response resp) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("HTTP/1.1 ").append(resp.status()).append(resp.status() == 101 ? " Switching Protocols" : " OK")
                .append("\r\n");
        Map<String, String> headers = new LinkedHashMap<>(resp.headers());
        headers.putIfAbsent("X-Backend", name);
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        boolean head = r.method().equals("HEAD");
        if (resp.status() != 101) {
            if (resp.chunked()) {
                h.append("Transfer-Encoding: chunked\r\n");
            } else {
                h.append("Content-Length: ").append(resp.body().length).append("\r\n");
            }
        }
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head && resp.status() != 101) {
            if (resp.chunked()) {
                byte[] b = resp.body();
                for (int off = 0; off < b.length; off += 65536) {
                    int n = Math.min(65536, b.length - off);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(b, off, n);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.write(resp.body());
            }
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
