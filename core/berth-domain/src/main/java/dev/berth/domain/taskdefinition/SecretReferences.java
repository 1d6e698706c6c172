package dev.berth.domain.taskdefinition;

import dev.berth.domain.arn.Arn;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import java.util.regex.Pattern;

/**
 * The forms a secret's {@code valueFrom} may take, as the ECS agent resolves them:
 * an SSM parameter name or ARN, or a Secrets Manager ARN with either nothing or exactly
 * {@code :json-key:version-stage:version-id} after the secret id.
 */
public final class SecretReferences {
    /** Where a reference points. */
    public enum Source { SSM_PARAMETER, SECRETS_MANAGER }

    private static final Pattern PARAMETER_NAME = Pattern.compile("/?[a-zA-Z0-9_.\\-]+(/[a-zA-Z0-9_.\\-]+)*");
    private static final Pattern SECRET_NAME = Pattern.compile("[a-zA-Z0-9/_+=.@\\-]{1,512}");

    private SecretReferences() {
    }

    /** Validates {@code valueFrom} and says which service will resolve it. */
    public static Source validate(FieldPath field, String valueFrom) {
        if (valueFrom == null || valueFrom.isEmpty()) {
            throw EcsErrors.client(field + " must not be empty.");
        }
        if (!Arn.looksLikeArn(valueFrom)) {
            if (valueFrom.length() <= 2048 && PARAMETER_NAME.matcher(valueFrom).matches()) {
                return Source.SSM_PARAMETER;
            }
            throw invalid(field, valueFrom);
        }
        Arn arn = Arn.parse(valueFrom).orElseThrow(() -> invalid(field, valueFrom));
        switch (arn.service()) {
            case "ssm" -> {
                if (!arn.resourceType().equals("parameter") || arn.resourcePath().isEmpty()
                        || !PARAMETER_NAME.matcher(arn.resourcePath()).matches()) {
                    throw invalid(field, valueFrom);
                }
                return Source.SSM_PARAMETER;
            }
            case "secretsmanager" -> {
                // The agent splits the resource on ':' and expects "secret" plus 1 or 4 parts:
                // NAME, or NAME:JSON-KEY:VERSION-STAGE:VERSION-ID (empty parts allowed, colons not optional).
                String[] parts = arn.resource().split(":", -1);
                if (!parts[0].equals("secret") || (parts.length != 2 && parts.length != 5)
                        || !SECRET_NAME.matcher(parts[1]).matches()) {
                    throw EcsErrors.client(field + " is not a Secrets Manager ARN of the form "
                            + "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME or "
                            + "...:secret:NAME:JSON-KEY:VERSION-STAGE:VERSION-ID; got '"
                            + Messages.abbreviate(valueFrom) + "'.");
                }
                return Source.SECRETS_MANAGER;
            }
            default -> throw invalid(field, valueFrom);
        }
    }

    private static RuntimeException invalid(FieldPath field, String valueFrom) {
        return EcsErrors.client(field + " must be an SSM parameter name, an SSM parameter ARN or a Secrets Manager "
                + "secret ARN; got '" + Messages.abbreviate(valueFrom) + "'.");
    }
}
