package io.meterwatch.core.model;

import java.util.Optional;

/**
 * HJ 212-2017 data flag ({@code xxx-Flag}) with its meaning and whether a value carrying it counts
 * as valid monitoring data. {@link #N} and {@link #T} are valid data: calibration, maintenance,
 * fault, stopped, manually set and communication-failure periods are excluded from validity counts
 * (HJ 212-2017 Annex D, HJ 75), as the analyser does not measure the gas then. An above-range value
 * (T) is a measurement whose true value is at least the one sent, so it is judged rather than
 * hidden as missing data (docs/rules.md, "Above the measuring range").
 */
public enum DataFlag {
  N("normal", true),
  F("instrument stopped", false),
  M("maintenance", false),
  S("manually set value", false),
  D("fault", false),
  C("calibration", false),
  T("above measuring range", true),
  B("communication failure", false);

  private final String meaning;
  private final boolean validData;

  DataFlag(String meaning, boolean validData) {
    this.meaning = meaning;
    this.validData = validData;
  }

  /** What the flag means in HJ 212-2017 words. */
  public String meaning() {
    return meaning;
  }

  /** Whether a value with this flag counts as valid data for minute, hour and day validity. */
  public boolean isValidData() {
    return validData;
  }

  /** The flag for a single-letter code, case-sensitive as the standard writes it. */
  public static Optional<DataFlag> fromCode(String code) {
    if (code == null || code.length() != 1) {
      return Optional.empty();
    }
    for (DataFlag f : values()) {
      if (f.name().equals(code)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
