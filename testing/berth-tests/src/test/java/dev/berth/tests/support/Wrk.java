package dev.berth.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's wrk as a load generator that runs beside a test: started, then awaited for its
 * summary. Its counts of failures are what the zero-downtime tests assert on.
 */
public final class Wrk implements AutoCloseable {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private final Process process;

    private Wrk(Process process) {
        this.process = process;
    }

    /** Starts {@code wrk -t1 -c connections -d seconds URL}. */
    public static Wrk start(String url, int connections, int seconds) {
        String wrk = "/usr/bin/wrk";
        if (!new java.io.File(wrk).canExecute()) {
            throw new IllegalStateException("wrk is not installed at " + wrk + ": these tests load the load balancer with "
                    + "it. Run ./berth test (it installs Debian's wrk) or apt-get install wrk.");
        }
        try {
            return new Wrk(new ProcessBuilder(List.of(wrk, "-t1", "-c" + connections, "-d" + seconds + "s",
                    "--timeout", "10s", url)).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What wrk counted. */
    public record Summary(long requests, long socketErrors, long non2xx, String output) {
    }

    public Summary await() {
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not finish");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            Matcher requests = REQUESTS.matcher(text);
            if (!requests.find()) {
                throw new IllegalStateException("wrk printed no summary: " + text);
            }
            long socket = 0;
            Matcher errors = SOCKET.matcher(text);
            if (errors.find()) {
                for (int i = 1; i <= 4; i++) {
                    socket += Long.parseLong(errors.group(i));
                }
            }
            Matcher non2xx = NON_2XX.matcher(text);
            return new Summary(Long.parseLong(requests.group(1)), socket, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
                    text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
