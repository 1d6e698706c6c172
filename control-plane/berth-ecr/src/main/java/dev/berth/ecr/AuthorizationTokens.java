package dev.berth.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.ecs.common.Json;
import dev.berth.store.ConflictException;
import dev.berth.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ECR's GetAuthorizationToken and the check of what {@code docker login} sends back. A token is
 * {@code b1.<expiry, epoch seconds>.<HMAC-SHA256 of both, base64url>}: nothing is stored per token,
 * any replica can check one (the key is in the store), and it has no colon, which
 * {@code aws ecr get-login-password} would split on.
 */
public final class AuthorizationTokens {
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final String KEY_ID = "token-key";
    private static final String VERSION = "b1";
    private final Store store;
    private final Registry registry;
    private volatile byte[] key;

    AuthorizationTokens(Store store, Registry registry) {
        this.store = store;
        this.registry = registry;
    }

    JsonNode getAuthorizationToken(RequestContext context, ObjectNode input) {
        Instant expires = context.receivedAt().plus(LIFETIME);
        String token = issue(expires);
        ObjectNode out = Json.object();
        ObjectNode data = out.putArray("authorizationData").addObject();
        data.put("authorizationToken", Base64.getEncoder().encodeToString(("AWS:" + token)
                .getBytes(StandardCharsets.UTF_8)));
        data.set("expiresAt", AwsJson.epochSeconds(expires));
        data.put("proxyEndpoint", "http://" + registry.host().get());
        return out;
    }

    String issue(Instant expires) {
        String payload = VERSION + "." + expires.getEpochSecond();
        return payload + "." + sign(payload);
    }

    /** Whether {@code token} was issued here and has not expired at {@code now}. */
    boolean valid(String token, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        String expected = sign(parts[0] + "." + parts[1]);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII)) && now.getEpochSecond() < expires;
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The signing key: created once, by whichever replica asks first, and shared through the store. */
    private byte[] key() {
        byte[] known = key;
        if (known != null) {
            return known;
        }
        var stored = store.get(EcrKinds.SECRET, KEY_ID);
        if (stored.isEmpty()) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            ObjectNode body = Json.object();
            body.put("key", Base64.getEncoder().encodeToString(fresh));
            try {
                store.write(tx -> tx.put(EcrKinds.SECRET, KEY_ID, Json.text(body), 0));
            } catch (ConflictException anotherReplicaWasFirst) {
                // read theirs below
            }
            stored = store.get(EcrKinds.SECRET, KEY_ID);
        }
        known = Base64.getDecoder().decode(Json.body(stored.orElseThrow()).path("key").asText());
        key = known;
        return known;
    }
}
