package dev.berth.registry.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}, as OCI defines it. Only {@code sha256} and
 * {@code sha512} are accepted: they are the two registered algorithms and the only ones a blob can be
 * verified with.
 *
 * @param algorithm {@code sha256} or {@code sha512}
 * @param hex the lowercase hex encoding (64 or 128 characters)
 */
public record Digest(String algorithm, String hex) {
    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

    public Digest {
        int length = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> throw new IllegalArgumentException("unsupported digest algorithm '" + algorithm
                    + "': use sha256 or sha512");
        };
        if (hex.length() != length || !LOWER_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a " + algorithm + " digest is " + length
                    + " lowercase hex characters, not '" + hex + "'");
        }
    }

    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a digest is required");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a digest: expected algorithm:hex");
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

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
