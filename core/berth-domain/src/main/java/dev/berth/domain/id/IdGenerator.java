package dev.berth.domain.id;

import java.util.UUID;

/**
 * Where new identifiers come from. Injected, so tests can make them predictable; the store never
 * generates one itself.
 */
@FunctionalInterface
public interface IdGenerator {
    /** A new identifier of 32 lowercase hex digits, the form ECS uses for task and instance ids. */
    String newId();

    /** A random-UUID generator, the production default. */
    static IdGenerator random() {
        return () -> UUID.randomUUID().toString().replace("-", "");
    }

    /** Formats a 32-hex id as a UUID (8-4-4-4-12), the form ECS uses for request ids. */
    static String asUuid(String hex32) {
        if (hex32.length() != 32) {
            throw new IllegalArgumentException("expected 32 hex digits: " + hex32);
        }
        return hex32.substring(0, 8) + "-" + hex32.substring(8, 12) + "-" + hex32.substring(12, 16) + "-"
                + hex32.substring(16, 20) + "-" + hex32.substring(20);
    }
}
