package dev.berth.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The images the tests run, built here from a statically linked busybox with {@code docker build}
 * of a {@code FROM scratch} context: no image is pulled from a public registry.
 */
public final class TestImages {
    /** busybox with every applet installed in /bin: sh, sleep, httpd, wget, nc, … */
    public static final String BUSYBOX = "berth-test/busybox:1";

    private static boolean built;

    private TestImages() {
    }

    public static synchronized String busybox() {
        if (built || DockerCli.attempt("image", "inspect", BUSYBOX).exitCode() == 0) {
            built = true;
            return BUSYBOX;
        }
        Path busybox = busyboxBinary();
        try {
            Path context = Files.createTempDirectory("berth-test-image-");
            Files.copy(busybox, context.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM scratch
                    COPY busybox /bin/busybox
                    RUN ["/bin/busybox", "--install", "-s", "/bin"]
                    CMD ["/bin/sh"]
                    """);
            DockerCli.run("build", "-q", "-t", BUSYBOX, context.toString());
            built = true;
            return BUSYBOX;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path busyboxBinary() {
        String configured = System.getenv("BERTH_TEST_BUSYBOX");
        for (String candidate : new String[] {configured, "/bin/busybox", "/usr/bin/busybox"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("No statically linked busybox to build the test images from: install "
                + "busybox-static (./berth test does on Debian) or set BERTH_TEST_BUSYBOX.");
    }
}
