package dev.berth.domain.taskdefinition;

import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Messages;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task-level {@code cpu} and {@code memory} as ECS accepts them: a number of units ("1024", MiB
 * for memory) or a quantity with a unit ("1 vCPU", "0.5 vcpu", "2GB", "2 GiB"). Registration
 * stores them as unit numbers, the way ECS echoes them back.
 */
public final class ResourceUnits {
    private static final Pattern QUANTITY =
            Pattern.compile("\\s*(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*([a-zA-Z]*)\\s*");
    private static final BigDecimal UNITS_PER_VCPU = BigDecimal.valueOf(1024);

    private ResourceUnits() {
    }

    /** CPU units (1 vCPU = 1024). */
    public static int cpuUnits(FieldPath field, String text) {
        return parse(field, text, "vcpu", "a number of CPU units (\"1024\") or vCPUs (\"1 vCPU\")");
    }

    /** Memory in MiB (1 GB = 1024 MiB). */
    public static int memoryMiB(FieldPath field, String text) {
        return parse(field, text, "gb", "a number of MiB (\"2048\") or GB (\"2 GB\")");
    }

    private static int parse(FieldPath field, String text, String unit, String expected) {
        Matcher m = QUANTITY.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw invalid(field, text, expected);
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2).toLowerCase(Locale.ROOT);
        if (suffix.equals("gib")) {
            suffix = "gb";
        }
        if (suffix.equals(unit)) {
            number = number.multiply(UNITS_PER_VCPU);
        } else if (!suffix.isEmpty()) {
            throw invalid(field, text, expected);
        }
        try {
            return number.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException notWhole) {
            throw EcsErrors.client(field + " must come to a whole number of units; '" + Messages.abbreviate(text)
                    + "' does not.");
        }
    }

    private static RuntimeException invalid(FieldPath field, String text, String expected) {
        return EcsErrors.client(field + " must be " + expected + "; got '" + Messages.abbreviate(text) + "'.");
    }
}
