package dev.berth.aws.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.error.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an operation's output, held in its awsJson form, as the query protocol's XML answer,
 * following the output shape: members in model order under their XML names, lists as
 * {@code <member>} elements, maps as {@code <entry><key/><value/></entry>}, timestamps in
 * ISO 8601 UTC with milliseconds. Members absent or null in the JSON are left out; members the
 * model does not know are ignored. JSON that does not fit the shape is an operation's bug and
 * fails with {@link IllegalStateException} (a 500), never as malformed XML. Thread-safe.
 */
final class QueryXmlEncoder {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final QueryModel model;

    QueryXmlEncoder(QueryModel model) {
        this.model = model;
    }

    /**
     * {@code <OpResponse><OpResult>…</OpResult><ResponseMetadata>…</ResponseMetadata></OpResponse>}.
     * The result element is written even when empty: botocore looks it up unconditionally.
     */
    byte[] result(String operation, JsonNode output, String requestId) {
        StringBuilder xml = new StringBuilder(512);
        xml.append('<').append(operation).append("Response xmlns=\"");
        escape(xml, model.xmlNamespace());
        xml.append("\">");
        Optional<String> shape = model.outputShape(operation);
        if (shape.isPresent()) {
            Optional<String> wrapper = model.resultWrapper(operation);
            wrapper.ifPresent(name -> xml.append('<').append(name).append('>'));
            if (output != null && !output.isNull()) {
                structureMembers(xml, model.shape(shape.get()), output, operation + " output");
            }
            wrapper.ifPresent(name -> xml.append("</").append(name).append('>'));
        }
        xml.append("<ResponseMetadata><RequestId>");
        escape(xml, requestId);
        xml.append("</RequestId></ResponseMetadata></").append(operation).append("Response>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code <ErrorResponse>} as botocore's QueryParser reads it; {@code namespace} may be null. */
    static byte[] error(String namespace, ErrorCode code, String message, String requestId) {
        StringBuilder xml = new StringBuilder(256);
        xml.append("<ErrorResponse");
        if (namespace != null) {
            xml.append(" xmlns=\"");
            escape(xml, namespace);
            xml.append('"');
        }
        xml.append("><Error><Type>").append(code.isClientError() ? "Sender" : "Receiver").append("</Type><Code>");
        escape(xml, code.type());
        xml.append("</Code><Message>");
        escape(xml, message);
        xml.append("</Message></Error><RequestId>");
        escape(xml, requestId);
        xml.append("</RequestId></ErrorResponse>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void structureMembers(StringBuilder xml, JsonNode shape, JsonNode value, String where) {
        expect(value.isObject(), where, "an object", value);
        Iterator<Map.Entry<String, JsonNode>> members = shape.path("members").fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode given = value.get(member.getKey());
            if (given != null && !given.isNull()) {
                element(xml, model.memberName(member.getKey(), member.getValue()), member.getValue(), given,
                        where + "." + member.getKey());
            }
        }
    }

    private void element(StringBuilder xml, String name, JsonNode reference, JsonNode value, String where) {
        JsonNode shape = model.target(reference);
        switch (shape.path("type").asText()) {
            case "structure" -> {
                xml.append('<').append(name).append('>');
                structureMembers(xml, shape, value, where);
                xml.append("</").append(name).append('>');
            }
            case "list" -> list(xml, name, reference, shape, value, where);
            case "map" -> map(xml, name, reference, shape, value, where);
            default -> {
                xml.append('<').append(name).append('>');
                escape(xml, scalar(shape.path("type").asText(), value, where));
                xml.append("</").append(name).append('>');
            }
        }
    }

    private void list(StringBuilder xml, String name, JsonNode reference, JsonNode shape, JsonNode value, String where) {
        expect(value.isArray(), where, "a list", value);
        JsonNode element = shape.path("member");
        boolean flattened = model.flattened(reference);
        String elementName = flattened ? name : model.xmlName(element, "member");
        if (!flattened) {
            xml.append('<').append(name).append('>');
        }
        for (int i = 0; i < value.size(); i++) {
            expect(!value.get(i).isNull(), where + "[" + i + "]", "a value", value.get(i));
            element(xml, elementName, element, value.get(i), where + "[" + i + "]");
        }
        if (!flattened) {
            xml.append("</").append(name).append('>');
        }
    }

    private void map(StringBuilder xml, String name, JsonNode reference, JsonNode shape, JsonNode value, String where) {
        expect(value.isObject(), where, "an object", value);
        boolean flattened = model.flattened(reference);
        String keyName = model.xmlName(shape.path("key"), "key");
        String valueName = model.xmlName(shape.path("value"), "value");
        String entryName = flattened ? name : "entry";
        if (!flattened) {
            xml.append('<').append(name).append('>');
        }
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String at = where + "[\"" + entry.getKey() + "\"]";
            expect(!entry.getValue().isNull(), at, "a value", entry.getValue());
            xml.append('<').append(entryName).append("><").append(keyName).append('>');
            escape(xml, entry.getKey());
            xml.append("</").append(keyName).append('>');
            element(xml, valueName, shape.path("value"), entry.getValue(), at);
            xml.append("</").append(entryName).append('>');
        }
        if (!flattened) {
            xml.append("</").append(name).append('>');
        }
    }

    private static String scalar(String type, JsonNode value, String where) {
        expect(value.isValueNode(), where, "a single value", value);
        return switch (type) {
            case "timestamp" -> TIMESTAMP.format(instant(value, where));
            case "boolean" -> {
                boolean ok = value.isBoolean() || value.asText().equals("true") || value.asText().equals("false");
                expect(ok, where, "a boolean", value);
                yield value.asText();
            }
            case "integer", "long" -> number(value, where).toBigInteger().toString();
            case "double", "float" -> number(value, where).toPlainString();
            default -> value.asText();
        };
    }

    /** A number, or text holding one: the clients parse these elements as numbers and fail on anything else. */
    private static BigDecimal number(JsonNode value, String where) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(where + " must be a number; got '" + value.asText() + "'");
        }
    }

    /** Epoch seconds (as awsJson outputs hold them) or ISO 8601 text. */
    private static Instant instant(JsonNode value, String where) {
        if (value.isNumber()) {
            return epochSeconds(value.decimalValue());
        }
        String text = value.asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notIso) {
            try {
                return epochSeconds(new BigDecimal(text));
            } catch (NumberFormatException notEpoch) {
                throw new IllegalStateException(where + " must be a timestamp; got '" + text + "'");
            }
        }
    }

    private static Instant epochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact());
    }

    private static void expect(boolean ok, String where, String expected, JsonNode value) {
        if (!ok) {
            throw new IllegalStateException(where + " must be " + expected + " to fit the model; got "
                    + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Escapes markup and replaces what XML 1.0 cannot carry at all (most control characters, lone
     * surrogates) so a stray byte in stored data can never make the whole answer unreadable.
     */
    static void escape(StringBuilder xml, String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append("&quot;");
                case '\r' -> xml.append("&#xD;"); // a parser would turn a literal CR into LF
                default -> {
                    boolean allowed = c == '\t' || c == '\n' || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
                    if (allowed) {
                        xml.appendCodePoint(c);
                    } else {
                        xml.append('\uFFFD');
                    }
                }
            }
        }
    }
}
