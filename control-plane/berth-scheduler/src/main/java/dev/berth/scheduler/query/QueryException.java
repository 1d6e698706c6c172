package dev.berth.scheduler.query;

/**
 * A cluster query language expression that cannot be parsed. The message says what is wrong and
 * where, so the API layer can answer with it as an {@code InvalidParameterException} unchanged.
 */
public final class QueryException extends IllegalArgumentException {
    private final String problem;
    private final int position;

    QueryException(String problem, int position) {
        super("Invalid expression at position " + position + ": " + problem);
        this.problem = problem;
        this.position = position;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }

    /** Where, counting characters of the expression from 1; the length + 1 means "at the end". */
    public int position() {
        return position;
    }
}
