package dev.berth.aws.auth;

/**
 * The caller as its credentials describe it.
 *
 * @param accessKeyId the access key of the signature, or empty when unsigned
 * @param region the region of the credential scope
 */
public record Principal(String accessKeyId, String region) {
}
