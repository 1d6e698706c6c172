package dev.berth.domain.validation;

/**
 * A path into a request, written the way error messages name fields:
 * {@code containerDefinitions[1].portMappings[0].containerPort}. Immutable.
 */
public final class FieldPath {
    private static final FieldPath ROOT = new FieldPath("");

    private final String text;

    private FieldPath(String text) {
        this.text = text;
    }

    public static FieldPath root() {
        return ROOT;
    }

    public static FieldPath of(String field) {
        return new FieldPath(field);
    }

    public FieldPath field(String name) {
        return new FieldPath(text.isEmpty() ? name : text + "." + name);
    }

    public FieldPath index(int index) {
        return new FieldPath(text + "[" + index + "]");
    }

    /** A map entry: {@code dockerLabels["com.example"]}. */
    public FieldPath key(String key) {
        return new FieldPath(text + "[\"" + key + "\"]");
    }

    public boolean isRoot() {
        return text.isEmpty();
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "request" : text;
    }
}
