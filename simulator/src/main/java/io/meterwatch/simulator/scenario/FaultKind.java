package io.meterwatch.simulator.scenario;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The faults a scenario can inject, with the names scenario files use (docs/simulator.md). */
public enum FaultKind {
  /** Converted concentration at {@code factor} times the limit in force. */
  EXCEEDANCE("exceedance"),
  /** The analyser repeats its last value (stuck). */
  FLATLINE("flatline"),
  /** The device sends nothing; its data are lost. */
  OFFLINE("offline"),
  /** Concentrations fall to near zero while flow stays at operating level (bypass signature). */
  ZERO_DROP("zero-drop"),
  /**
   * Ambient air let into the stack: O2 rising toward 21 %, flow up, measured concentration down.
   */
  DILUTION("dilution"),
  /** Every value carries a non-normal flag (M, C, D, F or S). */
  FLAGS("flags"),
  /** The device clock is off: DataTime shifted by {@code offset}. */
  CLOCK_SKEW("clock-skew"),
  /** Every message sent twice, byte for byte. */
  DUPLICATES("duplicates"),
  /** Messages delivered in reverse order within blocks of {@code window}. */
  OUT_OF_ORDER("out-of-order"),
  /** Messages held back for the period and then sent in one burst (device catching up). */
  BACKFILL("backfill"),
  /** {@code count} packets corrupted: bad CRC, wrong length, truncated or bad JSON. */
  MALFORMED("malformed"),
  /** Another device's MN in the payload, or a publish on another device's topic. */
  SPOOFED_MN("spoofed-mn"),
  /** Energy use per tonne of product raised by {@code factor} for the period. */
  ENERGY_QUOTA_BREACH("energy-quota-breach");

  private final String label;

  FaultKind(String label) {
    this.label = label;
  }

  /** The name used in scenario files and the manifest. */
  public String label() {
    return label;
  }

  /** The kind for a scenario-file name. */
  public static FaultKind fromLabel(String label) {
    for (FaultKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown fault kind '"
            + label
            + "'; known: "
            + Arrays.stream(values()).map(FaultKind::label).collect(Collectors.joining(", ")));
  }
}
