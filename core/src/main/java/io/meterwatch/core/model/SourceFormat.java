package io.meterwatch.core.model;

/** The wire format a reading arrived in. */
public enum SourceFormat {
  /** An HJ 212-2017 (or 2005-era) packet, starting with {@code ##}. */
  HJ212,
  /** The canonical JSON reading documented in docs/reading-schema.md. */
  JSON
}
