package dev.berth.domain.validation;

/** Keeps error messages readable when they quote what the caller sent. */
public final class Messages {
    private static final int QUOTE_LIMIT = 80;

    private Messages() {
    }

    /** The text, cut to a readable length, so a megabyte of input never ends up in an error body. */
    public static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "…";
    }
}
