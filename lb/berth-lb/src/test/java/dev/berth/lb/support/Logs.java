package dev.berth.lb.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Keeps Netty's and the proxy's debug logging out of test output (no logback-test.xml here), and
 * collects the leaks Netty's detector reports (the module's tests run it paranoid).
 */
public final class Logs {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        AppenderBase<ILoggingEvent> leaks = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                if (e.getFormattedMessage().contains("LEAK:")) {
                    LEAKS.add(e.getFormattedMessage());
                }
            }
        };
        leaks.setContext(root.getLoggerContext());
        leaks.start();
        ((Logger) LoggerFactory.getLogger("io.netty.util.ResourceLeakDetector")).addAppender(leaks);
    }

    private Logs() {
    }

    public static void quiet() {
        // the static initializer does it
    }

    /** Collects garbage and allocates, so that the detector reports what leaked so far. */
    public static List<String> leaks() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            for (int j = 0; j < 200; j++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
                b.release();
            }
        }
        return List.copyOf(LEAKS);
    }
}
