package dev.berth.ecr;

import java.util.function.Supplier;

/**
 * Where the registry is: the account its repositories belong to and the {@code host:port} clients
 * push to, known only once the edge has bound its port.
 */
record Registry(String id, Supplier<String> host) {
}
