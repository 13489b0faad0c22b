package io.meterwatch.core.registry;

import java.util.Locale;

/**
 * Whether the bridge takes canonical JSON uploads from a meter ({@code uploads.json} for the whole
 * registry, {@code json} on a meter; docs/registry.md). JSON carries no HJ 212 PW, so a registry
 * that relies on the PW check refuses it: then a meter can upload only HJ 212 with its password.
 */
public enum JsonUploads {
  /** JSON readings are taken (default). */
  ALLOWED,
  /** JSON readings go to the DLQ as {@code JSON_NOT_ALLOWED}. */
  REFUSED;

  /** The YAML spelling, {@code allowed} or {@code refused}. */
  public String yaml() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant for its YAML spelling, or {@code null}. */
  static JsonUploads ofYaml(String text) {
    for (JsonUploads j : values()) {
      if (j.yaml().equals(text)) {
        return j;
      }
    }
    return null;
  }
}
