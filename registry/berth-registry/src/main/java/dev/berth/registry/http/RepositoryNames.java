package dev.berth.registry.http;

import java.util.regex.Pattern;

/** The names a repository and a tag may have: the OCI grammar, within ECR's limits. */
public final class RepositoryNames {
    /** ECR's pattern (botocore's RepositoryName), which is the distribution spec's less {@code __}-free variants. */
    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private RepositoryNames() {
    }

    /** @return null when valid, otherwise why not */
    public static String repositoryProblem(String name) {
        if (name.length() < 2 || name.length() > 256) {
            return "the repository name must be 2 to 256 characters long, not " + name.length();
        }
        if (!REPOSITORY.matcher(name).matches()) {
            return "the repository name '" + name + "' must be lowercase letters and digits, separated by '.', '_', "
                    + "'__', '-' within a component and '/' between components";
        }
        return null;
    }

    public static boolean isTag(String reference) {
        return TAG.matcher(reference).matches();
    }
}
