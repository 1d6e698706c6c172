package dev.berth.registry.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content digest, {@code algorithm:hex}, as OCI defines it. Only {@code sha256} and
 * {@code sha512} are accepted: they are the two registered algorithms and the only ones a blob can be
 * verified with.
 *
 * @param algorithm {@code sha256} or {@code sha512}
 * @param hex the lowercase hex encoding (64 or 128 characters)
 */
public record Digest(String algorithm, String hex) {
    /** How much of a refused input a message repeats: enough to recognise it, never a whole request body. */
    private static final int SHOWN = 80;

    public Digest {
        if (algorithm == null || hex == null) {
            throw new IllegalArgumentException("a digest needs an algorithm and a hex encoding");
        }
        int length = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> throw new IllegalArgumentException("unsupported digest algorithm '" + shown(algorithm)
                    + "': use sha256 or sha512");
        };
        if (hex.length() != length) {
            throw new IllegalArgumentException("a " + algorithm + " digest is " + length
                    + " lowercase hex characters, not " + hex.length());
        }
        for (int i = 0; i < length; i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                throw new IllegalArgumentException("a " + algorithm + " digest is " + length
                        + " lowercase hex characters: '" + shown(hex) + "' has '" + c + "' at position " + i);
            }
        }
    }

    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a digest is required");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + shown(text) + "' is not a digest: expected algorithm:hex");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(messageDigest("sha256").digest(content)));
    }

    public MessageDigest newMessageDigest() {
        return messageDigest(algorithm);
    }

    static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    private static String shown(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
