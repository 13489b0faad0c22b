package io.meterwatch.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.meterwatch.core.config.YamlEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One published version of the site registry, as it travels on the {@code registry} topic: the
 * whole YAML document (so a reader needs nothing else to rebuild it), its version number, who
 * published it and when, and the document's SHA-256 (so a reader can tell a record damaged or
 * edited by another tool from a real version).
 *
 * @param version version number, 1 for the first, one more for each publication
 * @param publishedBy the operating-system user (or the name given) that published it
 * @param publishedAt wall-clock time of publication
 * @param document the registry YAML, exactly as validated
 * @param sha256 hex SHA-256 of {@code document} in UTF-8
 */
public record RegistryVersion(
    long version, String publishedBy, Instant publishedAt, String document, String sha256) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Writes documents without passwords back as YAML. Every scalar of a {@link YamlEntry#parse} tree
   * is text and is written quoted, so it reads back as the same text (an MN such as {@code
   * 610902E0010003} stays an MN, not a number).
   */
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

  /** The lists of a registry enterprise whose entries may carry a device {@code password}. */
  private static final List<String> METER_LISTS =
      List.of("outlets", "energyMeters", "productionMeters");

  public RegistryVersion {
    if (version < 1) {
      throw new IllegalArgumentException("registry version must be at least 1, got " + version);
    }
    Objects.requireNonNull(publishedBy, "publishedBy");
    Objects.requireNonNull(publishedAt, "publishedAt");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** A new version of {@code document}, its hash computed here. */
  public static RegistryVersion of(
      long version, String publishedBy, Instant publishedAt, String document) {
    return new RegistryVersion(version, publishedBy, publishedAt, document, sha256(document));
  }

  /** The Kafka record key of a version: versions never share a key, so compaction keeps each. */
  public static String key(long version) {
    return String.format("v%09d", version);
  }

  /**
   * The registry this version's document describes, validated as {@code registry check} does.
   *
   * @throws io.meterwatch.core.config.ConfigException listing every error of a document that does
   *     not validate
   */
  public SiteRegistry registry(io.meterwatch.core.standards.StandardsCatalogue standards) {
    return RegistryLoader.read(
        new java.io.ByteArrayInputStream(
            document.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "registry version " + version,
        standards);
  }

  /**
   * {@link #registry}, for readers of the topic: a document that does not validate makes the record
   * unusable, with the count and the first error as the reason.
   *
   * @throws UnreadableVersionException when the document does not validate
   */
  public SiteRegistry validRegistry(io.meterwatch.core.standards.StandardsCatalogue standards) {
    try {
      return registry(standards);
    } catch (io.meterwatch.core.config.ConfigException e) {
      throw new UnreadableVersionException(
          "document does not validate: "
              + e.errors().size()
              + " errors, first: "
              + e.errors().get(0));
    }
  }

  /**
   * This version without the devices' passwords (HJ 212 PW): the document without the {@code
   * password} field of any outlet, energy or production meter, written anew as YAML (comments and
   * layout are not kept), and its hash computed anew. What a reader that never checks passwords
   * keeps, such as the monitoring job in its state and checkpoints (docs/security.md). A document
   * without passwords is returned as it is.
   *
   * @throws io.meterwatch.core.config.ConfigException when the document is not YAML
   */
  public RegistryVersion withoutPasswords() {
    JsonNode root =
        YamlEntry.parse(
            new java.io.ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)),
            "registry version " + version);
    boolean removed = false;
    for (JsonNode enterprise : root.path("enterprises")) {
      for (String list : METER_LISTS) {
        for (JsonNode meter : enterprise.path(list)) {
          if (meter instanceof ObjectNode o && o.remove("password") != null) {
            removed = true;
          }
        }
      }
    }
    if (!removed) {
      return this;
    }
    try {
      return of(version, publishedBy, publishedAt, YAML.writeValueAsString(root));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write registry version " + version, e);
    }
  }

  /** The record value: a JSON object with the fields of this record. */
  public byte[] toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("version", version);
    o.put("publishedBy", publishedBy);
    o.put("publishedAt", publishedAt.toString());
    o.put("sha256", sha256);
    o.put("document", document);
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize registry version " + version, e);
    }
  }

  /**
   * Reads a record value written by {@link #toJson()}.
   *
   * @throws UnreadableVersionException with the reason when the value is not a whole, intact
   *     version (not JSON, a field missing or of the wrong type, a hash that does not match)
   */
  public static RegistryVersion fromJson(byte[] value) {
    if (value == null) {
      throw new UnreadableVersionException("empty record (a tombstone)");
    }
    JsonNode n;
    try {
      n = JSON.readTree(value);
    } catch (IOException e) {
      throw new UnreadableVersionException("not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new UnreadableVersionException("not a JSON object");
    }
    JsonNode v = n.get("version");
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 1) {
      throw new UnreadableVersionException("field version missing or not a positive integer");
    }
    String by = text(n, "publishedBy");
    String at = text(n, "publishedAt");
    String doc = text(n, "document");
    String hash = text(n, "sha256");
    Instant when;
    try {
      when = Instant.parse(at);
    } catch (DateTimeParseException e) {
      throw new UnreadableVersionException("field publishedAt is not an ISO instant");
    }
    if (!sha256(doc).equals(hash)) {
      throw new UnreadableVersionException("document does not match its sha256");
    }
    return new RegistryVersion(v.asLong(), by, when, doc, hash);
  }

  private static String text(JsonNode n, String field) {
    JsonNode f = n.get(field);
    if (f == null || !f.isTextual()) {
      throw new UnreadableVersionException("field " + field + " missing or not text");
    }
    return f.asText();
  }

  /** Hex SHA-256 of a text in UTF-8. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** A record on the registry topic that is not a readable version; the reason says why. */
  public static final class UnreadableVersionException extends RuntimeException {
    public UnreadableVersionException(String reason) {
      super(reason);
    }
  }
}
