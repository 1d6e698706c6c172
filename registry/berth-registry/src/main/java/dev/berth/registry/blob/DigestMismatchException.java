package dev.berth.registry.blob;

/** Content that does not hash to the digest it was pushed as; nothing was published. */
public final class DigestMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(Digest expected, Digest actual) {
        super("the content's digest is " + actual + ", not " + expected, null, false, false);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
