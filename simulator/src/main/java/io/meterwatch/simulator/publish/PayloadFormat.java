package io.meterwatch.simulator.publish;

import io.meterwatch.core.model.SourceFormat;

/** The wire format devices publish in: HJ 212-2017 packets or canonical JSON readings. */
public enum PayloadFormat {
  HJ212(SourceFormat.HJ212),
  JSON(SourceFormat.JSON);

  private final SourceFormat source;

  PayloadFormat(SourceFormat source) {
    this.source = source;
  }

  /** The source format readings in this wire format are marked with. */
  public SourceFormat sourceFormat() {
    return source;
  }

  /** The format for a command-line name ({@code hj212} or {@code json}). */
  public static PayloadFormat fromName(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "hj212", "hj-212" -> HJ212;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("--format must be hj212 or json: " + name);
    };
  }
}
