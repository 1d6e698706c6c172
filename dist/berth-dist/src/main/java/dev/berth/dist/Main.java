package dev.berth.dist;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code berth} command: one executable for every role a Berth process can play. */
@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = BerthVersion.class,
        description = "A self-hosted container service with the semantics and the API of Amazon ECS.",
        subcommands = {UpCommand.class, AgentCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
