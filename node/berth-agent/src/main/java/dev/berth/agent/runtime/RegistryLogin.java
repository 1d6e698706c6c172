package dev.berth.agent.runtime;

/**
 * A username and password for the registry of an image. Its {@code toString} hides the password.
 *
 * @param registry the registry host ("registry.example.com:5000", "docker.io")
 */
public record RegistryLogin(String registry, String username, String password) {
    @Override
    public String toString() {
        return "RegistryLogin[" + registry + ", " + username + ", ***]";
    }
}
