package dev.berth.agent.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What the agent keeps on disk to resume as the same instance after a restart: the instance id
 * and its token (a secret: the file is readable by its owner only). Written atomically.
 *
 * @param server the control plane it registered with
 * @param cluster the cluster
 * @param containerInstanceId the instance
 * @param token the instance's token
 */
public record Registration(String server, String cluster, String containerInstanceId, String token) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "registration.json";

    public static Optional<Registration> load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Registration.class));
        } catch (IOException e) {
            return Optional.empty(); // unreadable: register afresh
        }
    }

    public void save(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path temporary = Files.createTempFile(dataDir, FILE, ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system has no such permissions; the data directory's own protect it
        }
        JSON.writeValue(temporary.toFile(), this);
        Files.move(temporary, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
