package dev.berth.agent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.runtime.RegistryLogin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {
    @TempDir
    Path directory;

    private RegistryCredentials read(String json) throws IOException {
        Path file = directory.resolve("config.json");
        Files.writeString(file, json);
        return RegistryCredentials.read(file);
    }

    @Test
    void readsWhatDockerLoginWrites() throws IOException {
        // base64("berth:pa:ss") — a password may itself hold a colon
        RegistryCredentials credentials = read("""
                {"auths": {"registry.example.com:5000": {"auth": "YmVydGg6cGE6c3M="},
                           "https://index.docker.io/v1/": {"username": "hubuser", "password": "hubpass"}}}""");

        assertThat(credentials.forImage("registry.example.com:5000/team/web:3"))
                .contains(new RegistryLogin("registry.example.com:5000", "berth", "pa:ss"));
        assertThat(credentials.forImage("library/nginx:1")).contains(new RegistryLogin("docker.io", "hubuser", "hubpass"));
        assertThat(credentials.forImage("nginx")).map(RegistryLogin::username).contains("hubuser");
        assertThat(credentials.forImage("registry.example.com/team/web:3")).as("another port is another registry").isEmpty();
        assertThat(credentials.forImage("registry.example.com:5000/x").orElseThrow().toString()).doesNotContain("pa:ss");
    }

    @Test
    void anEntryThatIsNotUserColonPasswordIsRefusedByName() {
        assertThatThrownBy(() -> read("{\"auths\": {\"r.example\": {\"auth\": \"!!\"}}}"))
                .isInstanceOf(IOException.class).hasMessageContaining("auths.r.example.auth");
        assertThatThrownBy(() -> read("{\"auths\": {\"r.example\": {\"auth\": \"bm9jb2xvbg==\"}}}"))
                .isInstanceOf(IOException.class).hasMessageContaining("username:password");
    }

    @Test
    void theRegistryOfAnImageIsItsFirstComponentWhenThatIsAHost() {
        assertThat(RegistryCredentials.registryOf("busybox")).isEqualTo("docker.io");
        assertThat(RegistryCredentials.registryOf("team/web:1")).isEqualTo("docker.io");
        assertThat(RegistryCredentials.registryOf("localhost/web:1")).isEqualTo("localhost");
        assertThat(RegistryCredentials.registryOf("127.0.0.1:5000/web@sha256:ab")).isEqualTo("127.0.0.1:5000");
        assertThat(RegistryCredentials.registryOf("123.dkr.ecr.us-east-1.amazonaws.com/web"))
                .isEqualTo("123.dkr.ecr.us-east-1.amazonaws.com");
    }
}
