package io.meterwatch.core.report;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an enterprise stands in the enforcement process, as the plan's lists and the statistics
 * table name it. Derived from a case's events (docs/reports.md has the mapping) or given by an
 * imported entry.
 */
public enum ReportStatus {
  /** A finding under verification. */
  OPEN("核查中", 1),
  /** Confirmed: the enterprise must rectify within its deadline. */
  RECTIFYING("整改中", 2),
  /** The rectification deadline was extended (once, at most 3 months). */
  EXTENDED("延期整改", 3),
  /** Rectified: the rule complies again and the case was closed as rectified or accepted. */
  RECTIFIED("已整改", 0),
  /** Still failing at the rectification deadline: closure proposed. */
  CLOSURE_PROPOSED("拟关停", 4),
  /** Closed down or its equipment sealed. */
  CLOSED("已关停", 5),
  /** Verification found no violation (false alarm, device fault): not a finding. */
  DISMISSED("核查排除", -1);

  private final String nameZh;
  private final int rank;

  ReportStatus(String nameZh, int rank) {
    this.nameZh = nameZh;
    this.rank = rank;
  }

  public String nameZh() {
    return nameZh;
  }

  /**
   * How far along the enforcement process the status is; an enterprise with several cases counts
   * under its highest one.
   */
  public int rank() {
    return rank;
  }

  /** Whether the status is a finding (every status but DISMISSED). */
  public boolean finding() {
    return this != DISMISSED;
  }

  /** Whether the enterprise still has to act (open, rectifying, extended, closure proposed). */
  public boolean active() {
    return this == OPEN || this == RECTIFYING || this == EXTENDED || this == CLOSURE_PROPOSED;
  }

  /** The lower-case name used in import files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A status by its lower-case (or upper-case) name. */
  public static Optional<ReportStatus> byLabel(String text) {
    for (ReportStatus s : values()) {
      if (s.name().equalsIgnoreCase(text.trim())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
