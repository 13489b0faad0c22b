package io.meterwatch.core.model;

import java.util.Optional;

/**
 * The period a reading describes, from its HJ 212 command number (CN). DataTime is the sampling
 * instant for real-time data and the start of the period for the aggregates.
 */
public enum ReadingKind {
  REAL_TIME("2011"),
  MINUTE("2051"),
  HOUR("2061"),
  DAY("2031");

  private final String cn;

  ReadingKind(String cn) {
    this.cn = cn;
  }

  /** The HJ 212 command number that uploads this kind of data. */
  public String cn() {
    return cn;
  }

  /** The kind a data upload command carries, empty for commands that carry no readings. */
  public static Optional<ReadingKind> fromCn(String cn) {
    for (ReadingKind k : values()) {
      if (k.cn.equals(cn)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
