package dev.berth.dist;

import picocli.CommandLine;

/** The version printed by {@code berth --version}, from the jar's manifest. */
public final class BerthVersion implements CommandLine.IVersionProvider {
    public static String current() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"berth " + current() + " (Java " + Runtime.version() + ")"};
    }
}
