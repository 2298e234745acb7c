package dev.eventshop.architecture;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.eventshop.platform.eventstore.OptionalField;

/**
 * The JSON Schema (2020-12) of an event or command record as the event store and Kafka carry it: Jackson writes a
 * record by its component names, so the schema follows the components. Every component is required but those marked
 * {@link OptionalField}; objects allow more properties, so a reader of an older build ignores fields added since.
 */
final class EventSchema {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EventSchema() {
    }

    static ObjectNode of(Class<?> record) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.setAll(object(record));
        return schema;
    }

    private static ObjectNode object(Class<?> record) {
        if (!record.isRecord()) {
            throw new IllegalArgumentException(record.getName() + " is not a record: events and commands are records");
        }
        ObjectNode node = JSON.objectNode().put("type", "object");
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (RecordComponent component : record.getRecordComponents()) {
            properties.set(component.getName(), value(component.getType(), component.getGenericType()));
            if (component.getType().isPrimitive() || !component.isAnnotationPresent(OptionalField.class)) {
                required.add(component.getName());
            }
        }
        node.set("required", required);
        node.put("additionalProperties", true);
        return node;
    }

    private static ObjectNode value(Class<?> type, Type generic) {
        if (type == String.class) {
            return JSON.objectNode().put("type", "string");
        }
        if (type == int.class || type == Integer.class) {
            return JSON.objectNode().put("type", "integer").put("format", "int32");
        }
        if (type == long.class || type == Long.class) {
            return JSON.objectNode().put("type", "integer").put("format", "int64");
        }
        if (type == boolean.class || type == Boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (type == java.util.UUID.class) {
            return JSON.objectNode().put("type", "string").put("format", "uuid");
        }
        if (type == Instant.class) {
            return JSON.objectNode().put("type", "string").put("format", "date-time");
        }
        if (type.isEnum()) {
            ObjectNode node = JSON.objectNode().put("type", "string");
            ArrayNode values = node.putArray("enum");
            for (Object constant : type.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return node;
        }
        if (List.class.isAssignableFrom(type) && generic instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] instanceof Class<?> element) {
            ObjectNode node = JSON.objectNode().put("type", "array");
            node.set("items", value(element, element));
            return node;
        }
        if (type.isRecord()) {
            return object(type);
        }
        throw new IllegalArgumentException("no JSON Schema for " + generic.getTypeName()
                + ": an event field is a string, number, boolean, instant, enum, list or record");
    }

    /**
     * What a reader built against {@code old} could no longer read in {@code current}, or a reader of {@code current}
     * in events written against {@code old}: a field removed, its type changed, a field now required that was not or
     * optional that was required. Adding an optional field is the one change allowed.
     */
    static List<String> breakingChanges(JsonNode old, JsonNode current) {
        List<String> changes = new ArrayList<>();
        compare("", old, current, changes);
        return changes;
    }

    private static void compare(String path, JsonNode old, JsonNode current, List<String> changes) {
        String at = path.isEmpty() ? "the payload" : "field '" + path + "'";
        // an enum's constants in any order; one added or removed is a change of type for a reader of the other build
        if (!old.path("type").equals(current.path("type")) || !old.path("format").equals(current.path("format"))
                || !new java.util.TreeSet<>(names(old.path("enum"))).equals(new java.util.TreeSet<>(
                        names(current.path("enum"))))) {
            changes.add(at + " changes its type from " + describe(old) + " to " + describe(current));
            return;
        }
        if (old.has("items")) {
            compare(path + "[]", old.get("items"), current.get("items"), changes);
        }
        if (!old.has("properties")) {
            return;
        }
        List<String> wasRequired = names(old.path("required"));
        List<String> isRequired = names(current.path("required"));
        for (Iterator<Map.Entry<String, JsonNode>> fields = old.get("properties").fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode now = current.path("properties").get(field.getKey());
            if (now == null) {
                changes.add("field '" + name + "' is removed (or renamed)");
            } else {
                compare(name, field.getValue(), now, changes);
                if (isRequired.contains(field.getKey()) && !wasRequired.contains(field.getKey())) {
                    changes.add("field '" + name + "' becomes required");
                }
                // a reader of the older build relies on it: a newer publisher could leave it out
                if (wasRequired.contains(field.getKey()) && !isRequired.contains(field.getKey())) {
                    changes.add("field '" + name + "' becomes optional");
                }
            }
        }
        for (Iterator<String> fields = current.path("properties").fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!old.get("properties").has(field) && isRequired.contains(field)) {
                changes.add("field '" + (path.isEmpty() ? field : path + "." + field)
                        + "' is added as required (only an @OptionalField may be added)");
            }
        }
    }

    /** Whether {@code path} (dotted, {@code []} for list items) names a field of the schema. */
    static boolean hasField(JsonNode schema, String path) {
        JsonNode node = schema;
        for (String part : path.split("\\.")) {
            boolean item = part.endsWith("[]");
            String name = item ? part.substring(0, part.length() - 2) : part;
            node = node.path("properties").path(name);
            if (node.isMissingNode()) {
                return false;
            }
            if (item) {
                node = node.path("items");
                if (node.isMissingNode()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String describe(JsonNode node) {
        return node.path("type").asText("?") + (node.has("format") ? " (" + node.get("format").asText() + ")" : "")
                + (node.has("enum") ? " " + new java.util.TreeSet<>(names(node.get("enum"))) : "");
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asText()));
        return names;
    }
}
