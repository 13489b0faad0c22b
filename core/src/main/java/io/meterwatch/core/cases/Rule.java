package io.meterwatch.core.cases;

import java.util.Optional;

/**
 * The rules and data verification detectors that judge data (docs/rules.md). A case key, the alerts
 * topic and InfluxDB carry the rule as its {@link #id()} string, so keys in Kafka and Flink state
 * stay readable and savepoints stay compatible; code names rules by this enum.
 */
public enum Rule {
  E1(Domain.EMISSION, "hourly concentration exceedance"),
  E2(Domain.EMISSION, "daily exceedance"),
  L1(Domain.LOAD_QUOTA, "total-load quota"),
  Q1(Domain.ENERGY_QUOTA, "energy quota"),
  Q1N(Domain.ENERGY_QUOTA, "quota month not judgeable (no output or incomplete data)"),
  D1(Domain.DATA_QUALITY, "offline"),
  D2(Domain.DATA_QUALITY, "incomplete data"),
  D3(Domain.DATA_QUALITY, "flag misuse"),
  D4(Domain.DATA_QUALITY, "flatline"),
  D5(Domain.DATA_QUALITY, "impossible values"),
  D6(Domain.DATA_QUALITY, "zero drop"),
  D7(Domain.DATA_QUALITY, "dilution"),
  D8(Domain.DATA_QUALITY, "reported versus recomputed"),
  D9(Domain.DATA_QUALITY, "clock skew and conflicting duplicates"),
  D10(Domain.DATA_QUALITY, "energy and production balance");

  private final Domain domain;
  private final String title;

  Rule(Domain domain, String title) {
    this.domain = domain;
    this.title = title;
  }

  /** The id on the wire and in case keys: {@code E1}, {@code Q1N}, {@code D10} ... */
  public String id() {
    return name();
  }

  /** The enforcement domain of the rule's cases. */
  public Domain domain() {
    return domain;
  }

  /** A few words saying what the rule checks. */
  public String title() {
    return title;
  }

  /** Whether this is one of the data verification detectors D1 … D10. */
  public boolean detector() {
    return domain == Domain.DATA_QUALITY;
  }

  /**
   * Whether the rule's findings on several parameters of one subject share one case: a data
   * verification finding is about the outlet's (or meter's) data, and one cause (an outage, a
   * stopped analyser, a maintenance period) shows on every parameter at once, so a team gets one
   * task per subject and detector listing the affected parameters. Exceedances (E1, E2), load (L1)
   * and energy quotas (Q1, Q1N) are each their own violation and keep one case per parameter (or
   * quota indicator); so does D9, whose "parameter" names the kind of finding (a skewed clock or
   * conflicting duplicates), two different problems. docs/cases.md, "One case per incident".
   */
  public boolean groupsParameters() {
    return detector() && this != D9;
  }

  /**
   * The detector's number (1 for D1 … 10 for D10).
   *
   * @throws IllegalStateException for a rule that is no detector
   */
  public int detectorNumber() {
    if (!detector()) {
      throw new IllegalStateException(this + " is not a data verification detector");
    }
    return Integer.parseInt(name().substring(1));
  }

  /** The rule with this id (exact, as on the wire), empty when there is none. */
  public static Optional<Rule> byId(String id) {
    for (Rule r : values()) {
      if (r.name().equals(id)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
