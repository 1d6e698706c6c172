package dev.berth.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Docker CLI, to check what Berth did from Docker's side and to break things the way a
 * person would ({@code docker kill}). A test that cannot reach Docker fails and says why.
 */
public final class DockerCli {
    private DockerCli() {
    }

    /** Runs {@code docker ARGS} and returns its standard output; fails on a non-zero exit. */
    public static String run(String... arguments) {
        Result result = attempt(arguments);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", arguments) + " exited " + result.exitCode() + ": "
                    + result.output());
        }
        return result.output().trim();
    }

    public record Result(int exitCode, String output) {
    }

    public static Result attempt(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("docker " + String.join(" ", arguments) + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the Docker CLI (is docker installed? ./berth test installs docker.io)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Go template over {@code docker inspect}, e.g. {@code {{.State.ExitCode}}}. */
    public static String inspect(String container, String template) {
        return run("inspect", "-f", template, container);
    }

    /** The ids of the containers (running or not) that carry a label. */
    public static List<String> containers(String label, String value) {
        String ids = run("ps", "-aq", "--no-trunc", "--filter", "label=" + label + "=" + value);
        return ids.isEmpty() ? List.of() : List.of(ids.split("\\s+"));
    }

    /** The container of a bridge- or host-mode task's only container, by the task id Berth labels it with. */
    public static String containerOf(String taskId) {
        List<String> ids = containers("berth.task", taskId);
        if (ids.size() != 1) {
            throw new AssertionError("task " + taskId + " has " + ids.size() + " containers, not one");
        }
        return ids.get(0);
    }

    /** Removes every container and volume carrying the label: the tests' own clean-up. */
    public static void removeLabelled(String label, String value) {
        for (String id : containers(label, value)) {
            attempt("rm", "-f", id);
        }
        String volumes = run("volume", "ls", "-q", "--filter", "label=" + label + "=" + value);
        for (String volume : volumes.isEmpty() ? new String[0] : volumes.split("\\s+")) {
            attempt("volume", "rm", "-f", volume);
        }
    }
}
