package dev.berth.ecr.lifecycle;

/** Lifecycle policy text for tests, built from the parts that vary. */
final class PolicyText {
    private PolicyText() {
    }

    static String policy(String... rules) {
        return "{\"rules\": [" + String.join(", ", rules) + "]}";
    }

    /** A rule whose action is expire. */
    static String rule(int priority, String selection) {
        return "{\"rulePriority\": " + priority + ", \"selection\": " + selection + ", \"action\": {\"type\": \"expire\"}}";
    }

    static String keepNewest(int count, String tagSelection) {
        return "{" + tagSelection + ", \"countType\": \"imageCountMoreThan\", \"countNumber\": " + count + "}";
    }

    static String olderThanDays(int days, String tagSelection) {
        return "{" + tagSelection + ", \"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": "
                + days + "}";
    }

    static String prefixes(String... prefixes) {
        return "\"tagStatus\": \"tagged\", \"tagPrefixList\": " + strings(prefixes);
    }

    static String patterns(String... patterns) {
        return "\"tagStatus\": \"tagged\", \"tagPatternList\": " + strings(patterns);
    }

    static String untagged() {
        return "\"tagStatus\": \"untagged\"";
    }

    static String any() {
        return "\"tagStatus\": \"any\"";
    }

    private static String strings(String... values) {
        return "[\"" + String.join("\", \"", values) + "\"]";
    }
}
