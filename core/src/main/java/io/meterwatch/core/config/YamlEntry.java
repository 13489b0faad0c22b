package io.meterwatch.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * One entry (a mapping) of a YAML configuration file, read field by field. Every defect (missing
 * field, wrong type, unknown field) is recorded in {@link ConfigProblems} with the entry's label
 * and the field name, and the read returns {@code null} so that reading goes on and all problems
 * are reported together.
 *
 * <p>The files are read into a Jackson tree first rather than bound to classes: binding would stop
 * at the first error and could not name the entry an error is in. Scalars stay text as written (see
 * {@link #parse}).
 */
public final class YamlEntry {
  private static final YAMLFactory YAML_FACTORY = new YAMLFactory();

  private final ConfigProblems problems;
  private final String label;
  private final JsonNode node;

  public YamlEntry(ConfigProblems problems, String label, JsonNode node) {
    this.problems = problems;
    this.label = label;
    this.node = node == null ? MissingNode.getInstance() : node;
  }

  /**
   * Reads a YAML document into a tree whose scalars keep the text as written: YAML's number rules
   * would turn the MN {@code 610902E0010003} into infinity and the password {@code 012345} into
   * 12345, so scalars stay text and {@link #number} parses them where a number is expected. A
   * syntax error or a key given twice in one mapping is a {@link ConfigException} at once (nothing
   * else can be checked in a file that does not parse).
   */
  public static JsonNode parse(InputStream in, String file) {
    try (JsonParser p = YAML_FACTORY.createParser(in)) {
      JsonToken t = p.nextToken();
      return t == null ? MissingNode.getInstance() : tree(p, t, file);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ConfigException(
          file, file + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(file, file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static JsonNode tree(JsonParser p, JsonToken t, String file) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int line = p.currentLocation().getLineNr();
          if (o.replace(key, tree(p, p.nextToken(), file)) != null) {
            throw new ConfigException(
                file,
                List.of(
                    file + ": line " + line + ": key '" + key + "' given twice in one mapping"));
          }
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
          a.add(tree(p, item, file));
        }
        return a;
      }
      case VALUE_NULL -> {
        return NullNode.getInstance();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return BooleanNode.valueOf(t == JsonToken.VALUE_TRUE);
      }
      default -> {
        return TextNode.valueOf(p.getText());
      }
    }
  }

  public String label() {
    return label;
  }

  public JsonNode node() {
    return node;
  }

  public ConfigProblems problems() {
    return problems;
  }

  /** Whether the entry is a mapping; records a problem when it is not. */
  public boolean isMapping() {
    if (!node.isObject()) {
      problems.add(label, null, "must be a mapping of fields, got " + describe(node));
      return false;
    }
    return true;
  }

  /**
   * Records every field that is not one of {@code known} (catches typos such as {@code stanard}).
   */
  public void allowOnly(String... known) {
    Set<String> k = new LinkedHashSet<>(Arrays.asList(known));
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!k.contains(f)) {
        problems.add(label, f, "unknown field (known fields: " + String.join(", ", k) + ")");
      }
    }
  }

  /** Whether the field is present and not null. */
  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  /** An optional text field: {@code null} when absent; a number is taken as written. */
  public String text(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      problems.add(label, field, "must be a text, got " + describe(v));
      return null;
    }
    String s = v.asText().trim();
    if (s.isEmpty()) {
      problems.add(label, field, "must not be empty");
      return null;
    }
    return s;
  }

  /** A required text field. */
  public String requiredText(String field) {
    if (!has(field)) {
      problems.add(label, field, "is missing");
      return null;
    }
    return text(field);
  }

  /** An optional number: {@code null} when absent. */
  public Double number(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return number(field, v);
  }

  /** A required number. */
  public Double requiredNumber(String field) {
    if (!has(field)) {
      problems.add(label, field, "is missing");
      return null;
    }
    return number(field);
  }

  /** A number node's value, recording a problem when it is not a finite number. */
  public Double number(String field, JsonNode v) {
    if (v.isTextual()) {
      try {
        double d = Double.parseDouble(v.asText().replace("_", ""));
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problems.add(label, field, "must be a number, got " + describe(v));
    return null;
  }

  /** An optional ISO local date ({@code 2025-07-01}). */
  public LocalDate date(String field) {
    String s = text(field);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      problems.add(label, field, "must be a date like 2025-07-01, got '" + s + "'");
      return null;
    }
  }

  /** An optional enum constant, written as its name. */
  public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    String s = text(field);
    if (s == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, s);
    } catch (IllegalArgumentException e) {
      problems.add(
          label,
          field,
          "must be one of " + Arrays.toString(type.getEnumConstants()) + ", got '" + s + "'");
      return null;
    }
  }

  /** A required enum constant. */
  public <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    if (!has(field)) {
      problems.add(label, field, "is missing");
      return null;
    }
    return enumValue(field, type);
  }

  /** The items of a list field; empty when absent, a problem when not a list. */
  public List<JsonNode> list(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      problems.add(label, field, "must be a list, got " + describe(v));
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    v.forEach(items::add);
    return items;
  }

  /**
   * Reads every item of a list field with {@code reader} (given the item and its index); items for
   * which it returns {@code null} (their problems recorded) are left out.
   */
  public <T> List<T> items(String field, BiFunction<JsonNode, Integer, T> reader) {
    List<JsonNode> nodes = list(field);
    List<T> out = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      T item = reader.apply(nodes.get(i), i);
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  /**
   * Reads a configuration shipped as a classpath resource of {@code owner}.
   *
   * @param file the name errors use
   * @param reader reads the stream, naming it {@code file}
   */
  public static <T> T readResource(
      Class<?> owner, String resource, String file, BiFunction<InputStream, String, T> reader) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource missing from the classpath: " + resource);
      }
      return reader.apply(in, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The members of a mapping field in file order; empty when absent. */
  public Map<String, JsonNode> mapping(String field) {
    JsonNode v = node.get(field);
    Map<String, JsonNode> m = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return m;
    }
    if (!v.isObject()) {
      problems.add(label, field, "must be a mapping, got " + describe(v));
      return m;
    }
    v.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  /** A nested entry (e.g. an outlet in an enterprise) labelled below this one. */
  public YamlEntry child(String childLabel, JsonNode child) {
    return new YamlEntry(problems, label + " > " + childLabel, child);
  }

  /** Records a problem with a field of this entry ({@code null} field: the entry as a whole). */
  public void error(String field, String message) {
    problems.add(label, field, message);
  }

  private static String describe(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    return "'" + v.asText() + "'";
  }
}
